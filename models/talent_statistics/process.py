"""Submitting and withdrawing a talent record, and what each review decision does to it: the TALENT_STATISTICS
process of the task engine (models/workflow/processes.py), a person's request on a resolved path
(models/workflow/person_request.py).

One node: the employer (the person's unit when it is submitted, whose region the record then carries).
PASS approves it — it is counted from then on (models.talent_statistics.statistics) — RETURN gives it back to
the person to change and submit again, TERMINATE ends it (never counted). Nobody passes it on: the unit is
the only reviewer, so a provincial unit cannot choose a next one.
"""
from __future__ import annotations

from typing import Any

from models.access.viewer import Viewer
from models.core.errors import Problem, Refused, refuse
from models.person.models import Person
from models.talent_statistics.check import check_items
from models.talent_statistics.codes import TalentCode as Code
from models.talent_statistics.create import KIND, NO_EMPLOYER
from models.talent_statistics.models import EDITABLE, TalentRecord
from models.unit.models import Unit
from models.workflow.models import Decision, NodeKind, Task
from models.workflow.person_request import RequestProcess
from models.workflow.protocol import DecisionOptions


async def task_title(row: TalentRecord) -> str:
    person = await Person.get(id=row.person_id)
    return f"专技人才统计-{person.real_name}【{person.id_number}】-{row.year}年度"


async def submit_record(row: TalentRecord, actor_id: int) -> TalentRecord:
    """提交: every check passes (CHECK_FAILED for each that does not), then the employer's task."""
    if row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "专技人才统计信息已提交", "talentRecordId")
    person = await Person.get(id=row.person_id)
    if person.current_unit_id is None:
        raise refuse(Code.NO_EMPLOYER, NO_EMPLOYER, "talentRecordId")
    failures = [Problem(Code.CHECK_FAILED, message, (field,) if field else None)
                for message, field, passed in check_items(row) if not passed]
    if failures:
        raise Refused(*failures)
    employer = await Unit.get(id=person.current_unit_id)
    return await KIND.start(row, employer, [(NodeKind.EMPLOYER, employer.id)], await task_title(row), actor_id,
                            region_id=employer.region_id)


async def withdraw_record(row: TalentRecord, actor_id: int) -> TalentRecord:
    return await KIND.withdraw(row, actor_id)


async def _approve(row: TalentRecord, unit: Unit, viewer: Viewer) -> tuple[dict[str, Any], str]:
    return {}, f"您{row.year}年度的专技人才统计信息已由{unit.name}审核通过，已计入专技人才统计。"


class TalentRecordProcess(RequestProcess):
    """The person's request with its one node: a PASS that names a next unit is refused."""

    async def on_decided(self, task: Task, decision: Decision, opinion: str, viewer: Viewer,
                         options: DecisionOptions) -> None:
        if decision == Decision.PASS and options.next_unit_id is not None:
            raise refuse("INVALID", "专技人才统计信息只由工作单位审核，不能选择下一审核单位", "nextUnitId")
        await super().on_decided(task, decision, opinion, viewer, options)


def talent_record_process() -> TalentRecordProcess:
    return TalentRecordProcess(KIND, task_title, _approve)
