"""The review engine's rules: claim, decide, withdraw — one function, one transaction each.

The engine completes the task and writes the decision's one history row, under the subject type the
process registry (``models.workflow.processes``) names; the process's handler then decides what
happens next (next task, return, termination) and may still refuse, which undoes the decision.

退回补充 (SUPPLEMENT) is an HR bureau's, in the processes that have a path behind it (``Process.supplement``): the
subject goes back to the previous unit on the path, which gets a new task; it is withdrawn like a PASS.
"""
from __future__ import annotations

from datetime import datetime, timezone

from models.core import history
from models.access.task import can_decide_task
from models.access.viewer import Viewer
from models.core.errors import Collector, Forbidden, refuse
from models.core.history import OPINION_MAX
from models.unit.models import Unit, UnitKind
from models.workflow.models import PROCESS_LABELS, Decision, ProcessType, Task, TaskStatus
from models.workflow.processes import process_for
from models.workflow.protocol import DecisionOptions


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def _locked(task_id: int) -> Task:
    task = await Task.filter(id=task_id).select_for_update().first()
    if task is None:
        raise refuse("NOT_FOUND", "任务不存在", "taskId")
    return task


async def claim_task(viewer: Viewer, task_id: int) -> Task:
    """待领取 → 待处理 for this admin. A second claim loses with CONFLICT."""
    account_id = viewer.require_account()
    task = await Task.get_or_none(id=task_id)
    if task is None:
        raise refuse("NOT_FOUND", "任务不存在", "taskId")
    if not can_decide_task(viewer, task):
        raise Forbidden("只能领取本单位的任务")
    if task.status == TaskStatus.CLAIMED:
        raise refuse("CONFLICT", "该任务已被其他管理员领取", "taskId")
    if task.status != TaskStatus.READY:
        raise refuse("NOT_ACTIVE", "该任务已处理或已撤回", "taskId")
    claimed = await Task.filter(id=task.id, status=TaskStatus.READY, version=task.version).update(
        status=TaskStatus.CLAIMED, claimed_by_id=account_id, claimed_at=_now(), version=task.version + 1)
    if not claimed:
        # Lost a race: to another admin's claim, or to a withdrawal that cancelled the task.
        now = await Task.get(id=task.id)
        if now.status != TaskStatus.CLAIMED:
            raise refuse("NOT_ACTIVE", "该任务已处理或已撤回", "taskId")
        raise refuse("CONFLICT", "该任务已被其他管理员领取", "taskId")
    return await Task.get(id=task.id)


OPINION_LABELS = {Decision.RETURN: "退回意见", Decision.TERMINATE: "终止意见", Decision.SUPPLEMENT: "退回补充意见"}


def check_opinion(errors: Collector, decision: Decision, opinion: str) -> None:
    if decision in OPINION_LABELS and not opinion.strip():
        errors.add("REQUIRED", f"请填写{OPINION_LABELS[decision]}", "opinion")
    errors.max_length(opinion, "opinion", "审核意见", OPINION_MAX)


def check_supplement(task: Task, unit: Unit, options: DecisionOptions) -> None:
    """退回补充: a process that has it, decided by an HR bureau, choosing nothing a PASS would choose. Whether
    there is a previous unit is the path's to say (``models.workflow.chain.previous_step``)."""
    if not process_for(task.process_type).supplement:
        label = PROCESS_LABELS[ProcessType(task.process_type)]
        raise refuse("SUPPLEMENT_NOT_ALLOWED", f"{label}审核不能退回补充，请使用通过或退回", "decision")
    if unit.kind != UnitKind.HR_BUREAU:
        raise refuse("SUPPLEMENT_NOT_ALLOWED", "只有人社部门可以退回补充", "decision")
    chosen = [f for f, v in (("nextUnitId", options.next_unit_id), ("extraUnitIds", options.extra_unit_ids),
                             ("talentCenterId", options.talent_center_id)) if v]
    if chosen:
        raise refuse("INVALID", "退回补充时不能选择下一审核单位、其他审核单位或人事代理机构", chosen[0])


async def decide_task(viewer: Viewer, task_id: int, decision: Decision, opinion: str,
                      options: DecisionOptions | None = None) -> Task:
    account_id = viewer.require_account()
    options = options or DecisionOptions()
    errors = Collector()
    check_opinion(errors, decision, opinion)
    errors.raise_if_any()
    task = await _locked(task_id)
    if not can_decide_task(viewer, task):
        raise Forbidden("只能审核本单位的任务")
    unit = None
    if task.status == TaskStatus.READY:
        unit = await Unit.get(id=task.unit_id)
        if not unit.skip_claim:
            raise refuse("NOT_CLAIMED", "请先领取该任务再审核", "taskId")
    elif task.status == TaskStatus.CLAIMED:
        if task.claimed_by_id != account_id:
            raise refuse("CONFLICT", "该任务已被其他管理员领取", "taskId")
    else:
        raise refuse("NOT_ACTIVE", "该任务已处理或已撤回", "taskId")
    if decision == Decision.SUPPLEMENT:
        check_supplement(task, unit or await Unit.get(id=task.unit_id), options)
    done = await Task.filter(id=task.id, status=task.status, version=task.version).update(
        status=TaskStatus.COMPLETED, decision=decision, opinion=opinion.strip(), completed_by_id=account_id,
        completed_at=_now(), claimed_by_id=task.claimed_by_id or account_id, version=task.version + 1)
    if not done:
        raise refuse("CONFLICT", "该任务刚被他人处理，请刷新后重试", "taskId")
    task = await Task.get(id=task.id)
    process = process_for(task.process_type)
    await history.record(process.subject, task.subject_id, decision.value, actor_id=account_id,
                         unit_id=task.unit_id, opinion=opinion.strip())
    await process.handler.on_decided(task, decision, opinion.strip(), viewer, options)
    return task


async def withdraw_decision(viewer: Viewer, task_id: int) -> Task:
    """Undo my PASS (or 退回补充) while the task it opened is still unclaimed: that task is cancelled and mine
    reopens."""
    account_id = viewer.require_account()
    task = await _locked(task_id)
    if not can_decide_task(viewer, task):
        raise Forbidden("只能撤回本单位的审核")
    withdrawable = (Decision.PASS, Decision.SUPPLEMENT)
    if task.status != TaskStatus.COMPLETED or task.decision not in withdrawable or task.completed_by_id != account_id:
        raise refuse("NOT_WITHDRAWABLE", "只能撤回本人审核通过的任务", "taskId")
    following = await Task.filter(previous_id=task.id).exclude(status=TaskStatus.CANCELLED).first()
    if following is None or following.status != TaskStatus.READY:
        raise refuse("NOT_WITHDRAWABLE", "下一审核节点已领取或已处理，不能撤回", "taskId")
    cancelled = await Task.filter(id=following.id, status=TaskStatus.READY, version=following.version).update(
        status=TaskStatus.CANCELLED, version=following.version + 1)
    if not cancelled:
        raise refuse("CONFLICT", "下一审核节点刚刚领取了该任务，不能撤回", "taskId")
    withdrawn = Decision(task.decision)
    await Task.filter(id=task.id).update(status=TaskStatus.CLAIMED, decision=None, opinion="", completed_by_id=None,
                                         completed_at=None, claimed_by_id=account_id, version=task.version + 1)
    process = process_for(task.process_type)
    await history.record(process.subject, task.subject_id, "WITHDRAW_DECISION", actor_id=account_id,
                         unit_id=task.unit_id)
    task = await Task.get(id=task.id)
    cancelled_task = await Task.get(id=following.id)
    if withdrawn == Decision.SUPPLEMENT:
        await process.handler.on_supplement_withdrawn(task, cancelled_task)
    else:
        await process.handler.on_reopened(task, cancelled_task)
    return task
