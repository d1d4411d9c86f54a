"""Drafting a recognition: the title asked for, the basic information, the education records, the
attachments and the photo. Each call checks its whole input and refuses it whole; the row is changed with a
version check, so two tabs saving at once never lose one another's change silently."""
from __future__ import annotations

from typing import Any

from models.access.viewer import Viewer
from models.achievement.fields import validate
from models.achievement.models import AchievementCategory
from models.catalogue.models import TitleName
from models.catalogue.title_choice import check_title_choice
from models.core.errors import Collector, refuse
from models.core.history import SubjectType
from models.core.slots import add_slot_file, delete_slot_file
from models.core.storage import Storage
from models.core.upload import PHOTO_TYPES, receive_upload
from models.person.models import Person
from models.recognition.codes import RecognitionCode as Code
from models.recognition.config import form_for
from models.recognition.fields import BASIC, clean_basic
from models.recognition.models import (
    EDITABLE,
    Recognition,
    RecognitionAttachment,
    RecognitionEducation,
    RecognitionStatus,
)
from models.unit.models import Unit
from models.workflow.models import ProcessType
from models.workflow.person_request import RequestKind

MAX_EDUCATIONS = 2  # 教育经历需录入最高学历和第一学历，可以为同一条，最多两条 [000 二（三）3(2)]


async def check_title(errors: Collector, series_id: int, specialty_id: int, title_name_id: int) -> TitleName | None:
    return await check_title_choice(errors, series_id, specialty_id, title_name_id, noun="申请确认")


OPEN_MESSAGE = "该资格已有进行中的异地职称确认，请在原记录中填报"


async def _open_for(person_id: int, title_id: int, but: int | None = None) -> bool:
    """Whether the person has a recognition of this title under way (another than ``but``)."""
    return await Recognition.filter(person_id=person_id, title_name_id=title_id, status__in=(
        *EDITABLE, RecognitionStatus.IN_REVIEW)).exclude(id=but or 0).exists()


async def create_recognition(viewer: Viewer, series_id: int, specialty_id: int, title_name_id: int) -> Recognition:
    """新增: the level, series, specialty and title; the rest is filled in afterwards (填报)."""
    person_id = viewer.require_person()
    errors = Collector()
    title = await check_title(errors, series_id, specialty_id, title_name_id)
    errors.raise_if_any()
    if await _open_for(person_id, title.id):
        raise refuse(Code.RECOGNITION_OPEN, OPEN_MESSAGE, "titleNameId")
    person = await Person.get(id=person_id)
    return await Recognition.create(person_id=person_id, unit_id=person.current_unit_id, series_id=series_id,
                                    specialty_id=specialty_id, title_name_id=title.id, level=title.level.value,
                                    photo_id=person.photo_id)


async def own_recognition(viewer: Viewer, recognition_id: int, *, editable: bool = True) -> Recognition:
    """The viewer's own recognition, locked; NOT_FOUND for anyone else's (no hint that it exists)."""
    person_id = viewer.require_person()
    row = await Recognition.filter(id=recognition_id).select_for_update().first()
    if row is None or row.person_id != person_id:
        raise refuse("NOT_FOUND", "异地职称确认记录不存在", "recognitionId")
    if editable and row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "异地职称确认已提交，撤回或被退回后才能修改", "recognitionId")
    return row


KIND = RequestKind(ProcessType.RECOGNITION, SubjectType.RECOGNITION, Recognition, RecognitionStatus, "异地职称确认",
                   "异地职称确认", "recognitionId")
bump = KIND.bump


async def update_recognition(viewer: Viewer, recognition_id: int, title: tuple[int, int, int] | None,
                             basic: dict[str, Any]) -> Recognition:
    """Changes what is given: the title asked for (all three), and any of the basic-information fields."""
    row = await own_recognition(viewer, recognition_id)
    person = await Person.get(id=row.person_id)
    errors = Collector()
    changes: dict[str, Any] = {}
    if title is not None:
        chosen = await check_title(errors, *title)
        if chosen is not None and await _open_for(row.person_id, chosen.id, but=row.id):
            errors.add(Code.RECOGNITION_OPEN, OPEN_MESSAGE, "titleNameId")
        elif chosen is not None:
            changes.update(series_id=title[0], specialty_id=title[1], title_name_id=chosen.id,
                           level=chosen.level.value)
    current = {f.key: getattr(row, f.key) for f in BASIC}
    changes.update(clean_basic(errors, basic, current, person.birth_date))
    errors.raise_if_any()
    return await bump(row, **changes) if changes else row


async def delete_recognition(viewer: Viewer, recognition_id: int) -> int:
    """A draft never submitted goes with its records and files; one with a review history stays."""
    row = await own_recognition(viewer, recognition_id)
    if row.submitted_at is not None or row.status != RecognitionStatus.DRAFT:
        raise refuse(Code.NOT_EDITABLE, "已提交过的异地职称确认不能删除", "recognitionId")
    await RecognitionEducation.filter(recognition_id=row.id).delete()
    await RecognitionAttachment.filter(recognition_id=row.id).delete()
    await Recognition.filter(id=row.id).delete()
    return row.id


# ----------------------------------------------------------------------------------- education

def _education_rules(errors: Collector, records: list[dict]) -> None:
    """At most two, and no two marked highest; that one is highest and one is first is checked at submission."""
    if len(records) > MAX_EDUCATIONS:
        errors.add(Code.TOO_MANY_EDUCATIONS, "教育经历最多两条：最高学历和第一学历（可以为同一条）", "data")
    if sum(1 for r in records if r.get("is_highest")) > 1:
        errors.add(Code.DUPLICATE_HIGHEST, "只能设置一个最高学历", "data", "isHighest")


async def save_education(viewer: Viewer, recognition_id: int, education_id: int | None,
                         raw: dict) -> Recognition:
    """新增 (no id) or 编辑 an education record: the achievement library's education fields and checks."""
    row = await own_recognition(viewer, recognition_id)
    data = validate(AchievementCategory.EDUCATION, raw, ("data",)).data
    others = await RecognitionEducation.filter(recognition_id=row.id).order_by("id")
    if education_id is not None and not any(e.id == education_id for e in others):
        raise refuse("NOT_FOUND", "教育经历不存在", "educationId")
    errors = Collector()
    _education_rules(errors, [e.data for e in others if e.id != education_id] + [data])
    errors.raise_if_any()
    if education_id is None:
        await RecognitionEducation.create(recognition_id=row.id, data=data)
    else:
        await RecognitionEducation.filter(id=education_id).update(data=data)
    return await bump(row)


async def delete_education(viewer: Viewer, recognition_id: int, education_id: int) -> Recognition:
    row = await own_recognition(viewer, recognition_id)
    if not await RecognitionEducation.filter(id=education_id, recognition_id=row.id).delete():
        raise refuse("NOT_FOUND", "教育经历不存在", "educationId")
    return await bump(row)


# ----------------------------------------------------------------------------------- files

async def province_of(row: Recognition) -> str | None:
    """The province whose form applies: the employer's (the current one while it is a draft)."""
    unit_id = row.unit_id
    if row.status in EDITABLE:
        unit_id = (await Person.filter(id=row.person_id).values_list("current_unit_id", flat=True))[0] or unit_id
    if unit_id is None:
        return None
    region = await Unit.filter(id=unit_id).values_list("region_id", flat=True)
    return region[0] if region else None


async def add_attachment(viewer: Viewer, storage: Storage, recognition_id: int, slot_key: str,
                         upload) -> Recognition:
    """One file into a slot of the province's form, within the slot's types (by content), size and count."""
    row = await own_recognition(viewer, recognition_id)
    await add_slot_file(RecognitionAttachment, "recognition_id", row.id, form_for(await province_of(row)).slots,
                        slot_key, storage, upload, purpose="recognition", account_id=viewer.account_id)
    return await bump(row)


async def delete_attachment(viewer: Viewer, recognition_id: int, attachment_id: int) -> Recognition:
    row = await own_recognition(viewer, recognition_id)
    await delete_slot_file(RecognitionAttachment, "recognition_id", row.id, attachment_id)
    return await bump(row)


async def upload_photo(viewer: Viewer, storage: Storage, recognition_id: int, upload,
                       max_photo_bytes: int) -> Recognition:
    """上传照片: shown on the 异地职称确认表; defaults to the profile photo."""
    row = await own_recognition(viewer, recognition_id)
    stored = await receive_upload(storage, upload, purpose="recognition_photo", allowed_types=PHOTO_TYPES,
                                  max_bytes=max_photo_bytes, owner_id=viewer.account_id, field="file")
    return await bump(row, photo_id=stored.id)
