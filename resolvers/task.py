"""The task centre: four boxes per unit, claim, decide, withdraw."""
from __future__ import annotations

import strawberry
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from models.access.task import can_view_task
from models.core.errors import Forbidden
from models.workflow.engine import DecisionOptions, claim_task, decide_task, withdraw_decision
from models.workflow.tracking import tracked
from models.unit.models import Unit as UnitRow
from models.workflow.models import PROCESS_LABELS, Decision, ProcessType, TaskStatus
from models.workflow.models import Task as TaskRow
from resolvers.core.mutation import payload_mutation
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.pagination import Connection, paginate
from schema.core.prefetch import prefetch_page
from schema.core.permissions import IsSignedIn
from schema.task import ProcessType as ProcessTypeGql
from schema.task import (Task, TaskBox, TaskClaimInput, TaskCounts, TaskDecideInput, TaskFilter, TaskPayload,
                         TaskProcessCounts, TaskWithdrawInput)
from schema.tracking import ProcessTrace
from schema.unit import Unit


async def _unit(info: Info, unit_id: strawberry.ID) -> UnitRow:
    viewer = info.context.viewer
    try:
        pk = decode_id(unit_id, Unit, "unitId")
        # An admin's own units came with the viewer: no query, and `unit { name }` on each task is primed.
        row = viewer.admin_units.get(pk) or await UnitRow.get_or_none(id=pk)
    except Exception:
        row = None
    if row is None or not (viewer.is_platform_admin or viewer.administers(row.id)):
        raise Forbidden("只能查看本单位的任务")
    info.context.units.prime(row.id, row)
    return row


COUNTED_BOXES = (("pending_mine", TaskBox.PENDING_MINE), ("to_claim", TaskBox.TO_CLAIM),
                 ("handled_by_me", TaskBox.HANDLED_BY_ME), ("handled_by_unit", TaskBox.HANDLED_BY_UNIT))
BOX_NAMES = tuple(name for name, _ in COUNTED_BOXES)


def _box(unit: UnitRow, box: TaskBox, account_id: int) -> QuerySet:
    qs = TaskRow.filter(unit_id=unit.id)
    if box == TaskBox.PENDING_MINE:
        if unit.skip_claim:
            return qs.filter(status__in=[TaskStatus.READY, TaskStatus.CLAIMED])
        return qs.filter(status=TaskStatus.CLAIMED, claimed_by_id=account_id)
    if box == TaskBox.TO_CLAIM:
        return qs.filter(status=TaskStatus.READY) if not unit.skip_claim else qs.filter(id__lt=0)
    if box == TaskBox.HANDLED_BY_ME:
        return qs.filter(status=TaskStatus.COMPLETED, completed_by_id=account_id)
    return qs.filter(status=TaskStatus.COMPLETED)


@strawberry.type
class TaskQueries:
    @strawberry.field(description="任务中心: one box of a unit's tasks, newest first, filterable.",
                      permission_classes=[IsSignedIn])
    async def tasks(self, info: Info, unit_id: strawberry.ID, box: TaskBox, filter: TaskFilter | None = None,
                    first: int | None = None, after: str | None = None, last: int | None = None,
                    before: str | None = None) -> Connection[Task]:
        unit = await _unit(info, unit_id)
        qs = _box(unit, box, info.context.viewer.account_id)
        if filter:
            if filter.process_type:
                qs = qs.filter(process_type=filter.process_type.value)
            if filter.title_contains:
                qs = qs.filter(title__icontains=filter.title_contains.strip())
            if filter.created_from:
                qs = qs.filter(created_at__gte=filter.created_from)
            if filter.created_to:
                qs = qs.filter(created_at__lte=filter.created_to)
        return await prefetch_page(info, await paginate(qs, Task.of, first=first, after=after, last=last,
                                                        before=before))

    @strawberry.field(description="How many tasks each box holds (待处理, 待领取, 我已处理, 所有已处理), in all and per "
                                  "process type (流程类型).", permission_classes=[IsSignedIn])
    async def task_counts(self, info: Info, unit_id: strawberry.ID) -> TaskCounts:
        unit = await _unit(info, unit_id)
        account_id = info.context.viewer.account_id
        per_type: dict[str, dict[str, int]] = {}
        for name, box in COUNTED_BOXES:  # one grouped statement per box
            rows = await _box(unit, box, account_id).annotate(n=Count("id")).group_by(
                "process_type").values_list("process_type", "n")
            for process_type, n in rows:
                per_type.setdefault(process_type, dict.fromkeys(BOX_NAMES, 0))[name] = n
        by_type = [TaskProcessCounts(process_type=t, process_label=PROCESS_LABELS[t], **per_type[t.value])
                   for t in ProcessType if t.value in per_type]
        totals = {name: sum(c[name] for c in per_type.values()) for name in BOX_NAMES}
        return TaskCounts(**totals, by_process_type=by_type)


    @strawberry.field(description="审核流程查询: the processes that passed through a unit of your HR bureau's region "
                                  "and below, newest first, each with its steps (过程跟踪). HR bureaus and platform "
                                  "admins.", permission_classes=[IsSignedIn])
    async def process_tracking(self, info: Info, process_type: ProcessTypeGql | None = None,
                               title_contains: str | None = None, first: int | None = None,
                               after: str | None = None, last: int | None = None,
                               before: str | None = None) -> Connection[ProcessTrace]:
        qs = tracked(info.context.viewer, ProcessType(process_type.value) if process_type else None, title_contains)
        return await paginate(qs, ProcessTrace.of, first=first, after=after, last=last, before=before)


@strawberry.type
class TaskMutations:
    @strawberry.mutation(description="领取: take a task of your unit; a second claim fails with CONFLICT.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(TaskPayload)
    async def task_claim(self, info: Info, input: TaskClaimInput) -> dict:
        return {"task": Task.of(await claim_task(info.context.viewer, decode_id(input.task_id, Task, "taskId")))}

    @strawberry.mutation(description="审核: PASS / RETURN / TERMINATE a task you claimed, with an opinion; an HR "
                                     "bureau may also SUPPLEMENT (退回补充: back to the previous unit on the path, with "
                                     "退回补充意见, choosing no next unit).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(TaskPayload)
    async def task_decide(self, info: Info, input: TaskDecideInput) -> dict:
        options = DecisionOptions(
            next_unit_id=decode_id(input.next_unit_id, Unit, "nextUnitId") if input.next_unit_id else None,
            extra_unit_ids=[decode_id(u, Unit, "extraUnitIds") for u in input.extra_unit_ids or []],
            talent_center_id=(decode_id(input.talent_center_id, Unit, "talentCenterId")
                              if input.talent_center_id else None))
        task = await decide_task(info.context.viewer, decode_id(input.task_id, Task, "taskId"),
                                 Decision(input.decision.value), input.opinion, options)
        return {"task": Task.of(task)}

    @strawberry.mutation(description="撤回: undo your PASS or SUPPLEMENT while the unit it went to has not claimed "
                                     "the new task.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(TaskPayload)
    async def task_withdraw(self, info: Info, input: TaskWithdrawInput) -> dict:
        return {"task": Task.of(await withdraw_decision(info.context.viewer, decode_id(input.task_id, Task, "taskId")))}


async def resolve_task_node(info: Info, pk: int) -> Task | None:
    row = await TaskRow.get_or_none(id=pk)
    return Task.of(row) if row and can_view_task(info.context.viewer, row) else None
