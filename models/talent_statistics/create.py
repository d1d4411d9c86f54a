"""Filling in a talent record: 新增 for a statistics year (one per person and year), 修改 while it is a draft or
returned, 删除 of a draft never submitted. Each call checks its whole input and refuses it whole; the row is
changed with a version check, so two tabs saving at once never lose one another's change silently."""
from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.access.viewer import Viewer
from models.core.errors import Collector, refuse
from models.core.history import SubjectType
from models.person.models import Person
from models.talent_statistics.codes import TalentCode as Code
from models.talent_statistics.fields import KEYS, check_year, clean_fields
from models.talent_statistics.models import EDITABLE, TalentRecord, TalentRecordStatus
from models.unit.models import Unit
from models.workflow.models import ProcessType
from models.workflow.person_request import RequestKind

KIND = RequestKind(ProcessType.TALENT_STATISTICS, SubjectType.TALENT_RECORD, TalentRecord, TalentRecordStatus,
                   "专技人才统计信息", "专技人才统计", "talentRecordId")
BLANK: dict[str, Any] = {"post": "", "post_category": "", "series_id": None, "specialty_id": None,
                         "title_name_id": None, "title_obtained_on": None, "appointed": False, "appointed_on": None,
                         "professional_years": 0, "education": "", "degree": "", "talent_category": "", "remarks": ""}
NO_EMPLOYER = "请先绑定工作单位并通过单位审核：专技人才统计信息由所在单位审核"


def _exists(year: int) -> Any:
    return refuse(Code.RECORD_EXISTS, f"您已填报{year}年度的专技人才统计信息，请在原记录中修改", "year")


async def create_record(viewer: Viewer, year: int, given: dict[str, Any]) -> TalentRecord:
    """新增: the statistics year and any of the fields; the rest is filled in afterwards."""
    person_id = viewer.require_person()
    person = await Person.get(id=person_id)
    if person.current_unit_id is None:
        raise refuse(Code.NO_EMPLOYER, NO_EMPLOYER)
    errors = Collector()
    check_year(errors, year)
    changes = await clean_fields(errors, given, BLANK, person.birth_date)
    errors.raise_if_any()
    if await TalentRecord.filter(person_id=person_id, year=year).exists():
        raise _exists(year)
    unit = await Unit.get(id=person.current_unit_id)
    try:
        async with in_transaction():  # a savepoint: a twin request's insert must not abort the mutation
            return await TalentRecord.create(person_id=person_id, unit_id=unit.id, region_id=unit.region_id,
                                             year=year, **changes)
    except IntegrityError:  # the twin won the (person, year) unique constraint
        raise _exists(year) from None


async def own_record(viewer: Viewer, record_id: int, *, editable: bool = True) -> TalentRecord:
    """The viewer's own record, locked; NOT_FOUND for anyone else's (no hint that it exists)."""
    person_id = viewer.require_person()
    row = await TalentRecord.filter(id=record_id).select_for_update().first()
    if row is None or row.person_id != person_id:
        raise refuse("NOT_FOUND", "专技人才统计信息不存在", "talentRecordId")
    if editable and row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "专技人才统计信息已提交，撤回或被退回后才能修改", "talentRecordId")
    return row


async def update_record(viewer: Viewer, record_id: int, given: dict[str, Any]) -> TalentRecord:
    """修改: the fields given (None clears one); the year stays (a record is the year's)."""
    row = await own_record(viewer, record_id)
    person = await Person.get(id=row.person_id)
    errors = Collector()
    changes = await clean_fields(errors, given, {key: getattr(row, key) for key in KEYS}, person.birth_date)
    errors.raise_if_any()
    return await KIND.bump(row, **changes) if changes else row


async def delete_record(viewer: Viewer, record_id: int) -> int:
    """A draft never submitted goes; one with a review history stays."""
    row = await own_record(viewer, record_id)
    if row.submitted_at is not None or row.status != TalentRecordStatus.DRAFT:
        raise refuse(Code.NOT_EDITABLE, "已提交过的专技人才统计信息不能删除", "talentRecordId")
    await TalentRecord.filter(id=row.id).delete()
    return row.id
