"""Declaring 初定 / 认定 (新增申报, 评价方式 职称初定 or 职称认定): unit, year, series, level, specialty and title, no
plan and no committee; then the basic information and the photo. Each call checks its whole input and refuses it
whole; the row changes with a version check."""
from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from models.access.viewer import Viewer
from models.application.models import EvaluationMode
from models.blacklist.rules import active_blacklisting
from models.catalogue.models import TitleName
from models.catalogue.title_choice import check_title_choice
from models.core import history
from models.core.errors import Collector, refuse
from models.core.history import SubjectType
from models.core.storage import Storage
from models.core.upload import PHOTO_TYPES, receive_upload
from models.determination.acceptance import acceptance_for
from models.determination.codes import DeterminationCode as Code
from models.determination.fields import BASIC, clean_basic
from models.determination.models import (
    EDITABLE,
    Determination,
    DeterminationRecord,
    DeterminationStatus,
)
from models.evaluation.results import today
from models.person.binding import require_approved_binding
from models.person.models import Person
from models.unit.models import Unit
from models.workflow.models import NodeKind, ProcessType
from models.workflow.person_request import RequestKind

MODES = {EvaluationMode.INITIAL_DETERMINATION.value: "职称初定", EvaluationMode.RECOGNITION.value: "职称认定"}
PROCESS_OF = {EvaluationMode.INITIAL_DETERMINATION.value: ProcessType.INITIAL_DETERMINATION,
              EvaluationMode.RECOGNITION.value: ProcessType.ACCREDITATION}

KINDS = {
    mode: RequestKind(process, SubjectType.DETERMINATION, Determination, DeterminationStatus, f"{label}申报", label,
                      "determinationId")
    for mode, (process, label) in ((m, (PROCESS_OF[m], MODES[m])) for m in MODES)
}


def kind_of(row: Determination) -> RequestKind:
    return KINDS[row.evaluation_mode]


async def check_title(errors: Collector, series_id: int, specialty_id: int, title_name_id: int) -> TitleName | None:
    return await check_title_choice(errors, series_id, specialty_id, title_name_id, noun="申报")


async def require_acceptance(mode: str, level: str, employer: Unit, field: str) -> None:
    """符合政策条件的层级: a unit must accept (and issue) this level's 初定 / 认定 for the employer's region."""
    if await acceptance_for(mode, level, NodeKind.ISSUER.value, employer.region_id) is None:
        raise refuse(Code.NO_ACCEPTANCE_BODY, f"您单位所在地区暂无受理该层级{MODES[mode]}的机构，请咨询当地人社部门",
                     field)


async def create_determination(viewer: Viewer, mode: str, year: int, series_id: int, specialty_id: int,
                               title_name_id: int) -> Determination:
    """立即申报: refused for a mode that is not 初定 / 认定, another year than this one, a title off the tree, a
    level no unit accepts for the employer's region, a blacklisted person, a second one this year."""
    person_id = viewer.require_person()
    errors = Collector()
    if mode not in MODES:
        errors.add(Code.INVALID_MODE, "评价方式须为职称初定或职称认定（评审类申报请选择评委会的评审计划）",
                   "evaluationMode")
    if year != today().year:
        errors.add(Code.INVALID_YEAR, f"申报年度应为{today().year}年", "year")
    title = await check_title(errors, series_id, specialty_id, title_name_id)
    errors.raise_if_any()
    person = await Person.get(id=person_id)
    await require_approved_binding(person)
    if await active_blacklisting(person.id):
        raise refuse(Code.BLACKLISTED, "您在黑名单期限内，暂不能申报职称", "evaluationMode")
    employer = await Unit.get(id=person.current_unit_id)
    await require_acceptance(mode, title.level.value, employer, "titleNameId")
    exists = f"您{year}年度已有一份{MODES[mode]}申报" if mode in MODES else ""
    if await Determination.filter(person_id=person.id, year=year, evaluation_mode=mode).exists():
        raise refuse(Code.DETERMINATION_EXISTS, exists, "evaluationMode")
    try:
        row = await Determination.create(
            person_id=person.id, unit_id=employer.id, year=year, evaluation_mode=mode, series_id=series_id,
            specialty_id=specialty_id, title_name_id=title.id, level=title.level.value, photo_id=person.photo_id,
            # 个人信息 prefilled from the profile (kept up to date there, 002 §2.3), editable here
            work_started_on=person.work_start_date, political_status=getattr(person.political_status, "value", ""),
            email=person.email if len(person.email) <= 50 else "", phone=person.landline,
            administrative_post=person.administrative_post)
    except IntegrityError:  # lost a race with another creation: the constraint decided
        raise refuse(Code.DETERMINATION_EXISTS, exists, "evaluationMode") from None
    await history.record(SubjectType.DETERMINATION, row.id, "CREATED", actor_id=viewer.account_id, unit_id=employer.id)
    return row


async def own_determination(viewer: Viewer, determination_id: int, *, editable: bool = True) -> Determination:
    """The viewer's own declaration, locked; NOT_FOUND for anyone else's (no hint that it exists)."""
    person_id = viewer.require_person()
    row = await Determination.filter(id=determination_id).select_for_update().first()
    if row is None or row.person_id != person_id:
        raise refuse("NOT_FOUND", "申报不存在", "determinationId")
    if editable and row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "申报已提交，撤回或被退回后才能修改", "determinationId")
    return row


async def bump(row: Determination, **changes: Any) -> Determination:
    return await kind_of(row).bump(row, **changes)


async def update_determination(viewer: Viewer, determination_id: int, title: tuple[int, int, int] | None,
                               basic: dict[str, Any]) -> Determination:
    """Changes what is given: the series, specialty and title (all three; the level follows the title and must
    still be accepted), and any basic-information field."""
    row = await own_determination(viewer, determination_id)
    person = await Person.get(id=row.person_id)
    errors = Collector()
    changes: dict[str, Any] = {}
    if title is not None:
        chosen = await check_title(errors, *title)
        if chosen is not None:
            changes.update(series_id=title[0], specialty_id=title[1], title_name_id=chosen.id,
                           level=chosen.level.value)
    current = {f.key: getattr(row, f.key) for f in BASIC}
    changes.update(clean_basic(errors, basic, current, person.birth_date))
    errors.raise_if_any()
    if "level" in changes and changes["level"] != row.level:
        await require_acceptance(row.evaluation_mode, changes["level"], await Unit.get(id=row.unit_id),
                                 "titleNameId")
    return await bump(row, **changes) if changes else row


async def delete_determination(viewer: Viewer, determination_id: int) -> int:
    """作废: a draft never submitted goes with its imported records; one with a review history stays."""
    row = await own_determination(viewer, determination_id, editable=False)  # the refusal below says why
    if row.submitted_at is not None or row.status != DeterminationStatus.DRAFT:
        raise refuse(Code.NOT_EDITABLE, "已提交过的申报不能作废", "determinationId")
    await DeterminationRecord.filter(determination_id=row.id).delete()
    await Determination.filter(id=row.id).delete()
    return row.id


async def upload_photo(viewer: Viewer, storage: Storage, determination_id: int, upload,
                       max_photo_bytes: int) -> Determination:
    """上传照片 (近期1寸白底免冠证件照): the certificate's photo; defaults to the profile photo."""
    row = await own_determination(viewer, determination_id)
    stored = await receive_upload(storage, upload, purpose="determination_photo", allowed_types=PHOTO_TYPES,
                                  max_bytes=max_photo_bytes, owner_id=viewer.account_id, field="file")
    return await bump(row, photo_id=stored.id)
