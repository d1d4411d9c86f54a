"""What every request a person submits into a resolved review path shares (a reissue, a recognition): the
task that opens at each node and its notice to the unit's admins, the person's notices, 撤回 while the first
task is unclaimed, and what RETURN, TERMINATE, SUPPLEMENT (退回补充) and PASS do. A process states its own part in a
``RequestKind`` and its approval (the issuer's new certificate, the recognised title) in ``approve``.

The row is locked for the decision and changed with a version check (``bump``); PASS moves along the path
with ``models.workflow.chain`` (provincial units may choose the next unit) and the last PASS approves.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from strawberry import relay
from tortoise.models import Model

from models.access.viewer import Viewer
from models.core import history
from models.core.errors import refuse
from models.core.history import SubjectType
from models.messaging.models import deliver
from models.person.models import Person
from models.unit.models import Unit, UnitAdmin
from models.workflow.chain import (
    Path,
    decoded,
    encoded,
    next_step,
    previous_step,
    reopened_position,
    supplement_withdrawn_position,
)
from models.workflow.models import Decision, NodeKind, ProcessType, Task
from models.workflow.protocol import DecisionOptions, create_task
from models.workflow.withdrawal import cancel_unclaimed_first_task


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RequestKind:
    process_type: ProcessType
    subject: SubjectType  # its history rows, and the link type of its notices
    model: type[Model]
    status: type[Enum]  # with DRAFT, IN_REVIEW, RETURNED, TERMINATED, APPROVED
    noun: str  # 补换证申请: how the person's notices name it
    task_noun: str  # 补换证: how a unit's task notice names it
    field: str  # the input field errors point at, e.g. reissueId

    async def bump(self, row: Any, **changes: Any) -> Any:
        if not await self.model.filter(id=row.id, version=row.version).update(
                version=row.version + 1, updated_at=now(), **changes):
            raise refuse("CONFLICT", f"{self.noun}刚被修改，请刷新后重试", self.field)
        return await self.model.get(id=row.id)

    async def tell_person(self, row: Any, title: str, body: str, key: str) -> None:
        account = await Person.filter(id=row.person_id).values_list("account_id", flat=True)
        if account and account[0] is not None:
            await deliver([{"recipient_id": account[0], "title": title, "body": body,
                            "link_type": self.subject.value, "link_id": relay.to_base64(self.subject.value, row.id),
                            "dedupe_key": f"{self.subject.value.lower()}:{row.id}:{key}"}])

    async def open_task(self, row: Any, kind: NodeKind, unit_id: int, title: str, previous: Task | None) -> Task:
        task = await create_task(self.process_type, row.id, unit_id, kind, title, row.person_id,
                                 previous.id if previous else None)
        admins = await UnitAdmin.filter(unit_id=unit_id).values_list("account_id", flat=True)
        await deliver([{"recipient_id": a, "title": f"新的{self.task_noun}审核任务",
                        "body": f"{task.title}，请在任务中心领取审核。", "link_type": "Task",
                        "link_id": relay.to_base64("Task", task.id), "dedupe_key": f"task:{task.id}:created:{a}"}
                       for a in admins])
        return task

    async def start(self, row: Any, employer: Unit, path: Path, title: str, actor_id: int, **changes: Any) -> Any:
        """The submission's writes, once every check passed: in review on a new path, its first task open."""
        row = await self.bump(row, status=self.status.IN_REVIEW, unit_id=employer.id, submitted_at=now(),
                              review_path=encoded(path), path_position=0, **changes)
        await self.open_task(row, path[0][0], path[0][1], title, None)
        await history.record(self.subject, row.id, "SUBMITTED", actor_id=actor_id, unit_id=employer.id)
        return row

    async def withdraw(self, row: Any, actor_id: int) -> Any:
        """撤回 while the employer has not claimed it: a draft again."""
        if row.status != self.status.IN_REVIEW:
            raise refuse("NOT_WITHDRAWABLE", f"只有审核中的{self.noun}可以撤回", self.field)
        await cancel_unclaimed_first_task(self.process_type, row.id, row.submitted_at, self.field, "申请")
        row = await self.bump(row, status=self.status.DRAFT)
        await history.record(self.subject, row.id, "WITHDRAWN", actor_id=actor_id, unit_id=row.unit_id)
        return row


# The last PASS: the changes it makes to the row and the body of the person's notice.
Approve = Callable[[Any, Unit, Viewer], Awaitable[tuple[dict[str, Any], str]]]


class RequestProcess:
    """The task engine's handler of a ``RequestKind``."""

    def __init__(self, kind: RequestKind, task_title: Callable[[Any], Awaitable[str]], approve: Approve,
                 terminated: dict[str, Any] | None = None) -> None:
        self.kind, self.task_title, self.approve = kind, task_title, approve
        self.terminated = terminated or {}  # what else a termination clears (the reissue's open certificate)

    async def on_decided(self, task: Task, decision: Decision, opinion: str, viewer: Viewer,
                         options: DecisionOptions) -> None:
        k = self.kind
        row = await k.model.filter(id=task.subject_id).select_for_update().first()
        unit = await Unit.get(id=task.unit_id)
        if row is None or row.status != k.status.IN_REVIEW:
            raise refuse("CONFLICT", f"{k.noun}状态已变化，请刷新后重试", "taskId")
        if decision == Decision.RETURN:
            await k.bump(row, status=k.status.RETURNED)
            await k.tell_person(row, f"{k.noun}被退回", f"{unit.name}退回了您的{k.noun}，请修改后重新提交。"
                                f"退回意见：{opinion}", f"{task.id}:returned")
            return
        if decision == Decision.TERMINATE:
            await k.bump(row, status=k.status.TERMINATED, finished_at=now(), **self.terminated)
            await k.tell_person(row, f"{k.noun}已终止", f"{unit.name}终止了您的{k.noun}。终止意见：{opinion}",
                                f"{task.id}:terminated")
            return
        if decision == Decision.SUPPLEMENT:  # back to the previous node, which passes it up again or returns it
            step = previous_step(decoded(row.review_path), row.path_position, task.unit_id)
            row = await k.bump(row, path_position=step.position)
            await k.open_task(row, step.next[0], step.next[1], await self.task_title(row), task)
            previous = await Unit.get(id=step.next[1])
            await k.tell_person(row, f"{k.noun}退回补充", f"{unit.name}将您的{k.noun}退回{previous.name}补充材料。"
                                f"退回补充意见：{opinion}", f"{task.id}:supplemented")
            return
        if options.extra_unit_ids or options.talent_center_id is not None:
            raise refuse("INVALID", f"{k.task_noun}审核不能增加其他审核单位", "extraUnitIds")
        step = await next_step(decoded(row.review_path), row.path_position, task, options)
        if step.next is not None:
            row = await k.bump(row, review_path=encoded(step.path), path_position=step.position)
            await k.open_task(row, step.next[0], step.next[1], await self.task_title(row), task)
            await k.tell_person(row, f"{k.noun}审核进度", f"{unit.name}已审核通过您的{k.noun}，已提交下一节点审核。",
                                f"{task.id}:passed")
            return
        changes, body = await self.approve(row, unit, viewer)
        await k.bump(row, status=k.status.APPROVED, finished_at=now(), path_position=step.position, **changes)
        await k.tell_person(row, f"{k.noun}审核通过", body, "approved")

    async def on_reopened(self, task: Task, cancelled: Task) -> None:
        row = await self.kind.model.get(id=task.subject_id)
        await self.kind.bump(row, path_position=reopened_position(decoded(row.review_path), row.path_position,
                                                                  task.unit_id))

    async def on_supplement_withdrawn(self, task: Task, cancelled: Task) -> None:
        row = await self.kind.model.get(id=task.subject_id)
        await self.kind.bump(row, path_position=supplement_withdrawn_position(
            decoded(row.review_path), row.path_position, task.unit_id))
