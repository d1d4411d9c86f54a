"""Record reviews in the task centre: each submitted record is a task for its unit.

The library's own review (achievementRecordDecide, batch) and the task centre
(taskDecide) are two doors to one rule, ``decide_records``; whichever is used, the
record's task is completed with the same decision and the person gets the rule's notice,
and withdrawing a record cancels the task.
"""
from __future__ import annotations

from datetime import datetime, timezone

from models.access.viewer import Viewer
from models.achievement.models import CATEGORY_LABELS, AchievementCategory, AchievementRecord
from models.core.errors import refuse
from models.person.models import Person
from models.workflow.models import Decision, NodeKind, ProcessType, Task, TaskStatus
from models.workflow.protocol import DecisionOptions, create_task

OPEN = (TaskStatus.READY, TaskStatus.CLAIMED)


async def open_record_task(row: AchievementRecord) -> Task:
    person = await Person.get(id=row.person_id)
    label = CATEGORY_LABELS[AchievementCategory(row.category)]
    title = f"{person.real_name}-业绩库-{label}({row.title})"[:200]
    return await create_task(ProcessType.ACHIEVEMENT_RECORD, row.id, row.unit_id, NodeKind.EMPLOYER, title,
                             person.id)


async def cancel_record_tasks(record_id: int) -> None:
    await Task.filter(process_type=ProcessType.ACHIEVEMENT_RECORD, subject_id=record_id,
                      status__in=list(OPEN)).update(status=TaskStatus.CANCELLED)


async def complete_record_tasks(record_ids: list[int], decision: str, opinion: str, account_id: int) -> None:
    """Called by the library's batch review: the tasks end with the same decision."""
    await Task.filter(process_type=ProcessType.ACHIEVEMENT_RECORD, subject_id__in=record_ids,
                      status__in=list(OPEN)).update(
        status=TaskStatus.COMPLETED, decision=decision, opinion=opinion, completed_by_id=account_id,
        completed_at=datetime.now(timezone.utc))


class RecordReviewProcess:
    async def on_decided(self, task: Task, decision: Decision, opinion: str, viewer: Viewer,
                         options: DecisionOptions) -> None:
        from models.achievement.rules import ReviewDecision, decide_records  # rules import this module's helpers

        if decision == Decision.TERMINATE:
            raise refuse("INVALID", "业绩审核只能通过或退回", "decision")
        await decide_records(viewer, [task.subject_id], ReviewDecision(decision.value), opinion, from_task=True)

    async def on_reopened(self, task: Task, cancelled: Task) -> None:
        raise refuse("NOT_WITHDRAWABLE", "业绩审核没有下一节点，不能撤回", "taskId")
