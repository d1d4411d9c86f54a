"""撤回 of a submitted request while its first task is unclaimed: the one rule every person-submitted process
shares. Only this round's tasks count (an earlier round, before a return, is history); the cancellation is
conditional on the task still being READY at its version, so a claim that lands first wins."""
from __future__ import annotations

from datetime import datetime

from models.core.errors import refuse
from models.workflow.models import ProcessType, Task, TaskStatus


async def cancel_unclaimed_first_task(process_type: ProcessType, subject_id: int, submitted_at: datetime,
                                      field: str, noun: str) -> Task:
    tasks = await Task.filter(process_type=process_type, subject_id=subject_id,
                              created_at__gte=submitted_at).exclude(status=TaskStatus.CANCELLED)
    if len(tasks) != 1 or tasks[0].status != TaskStatus.READY:
        raise refuse("NOT_WITHDRAWABLE", "单位已开始审核，不能撤回", field)
    first = tasks[0]
    if not await Task.filter(id=first.id, status=TaskStatus.READY, version=first.version).update(
            status=TaskStatus.CANCELLED, version=first.version + 1):
        raise refuse("CONFLICT", f"单位刚刚领取了您的{noun}，不能撤回", field)
    return first
