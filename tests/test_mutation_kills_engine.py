"""The review engine's refusals and writes (models/workflow/engine.py), called directly: each refusal with
its code, message and field, and what a claim, a decision and a withdrawal leave on the task. Written for
the mutation run (tests/mutation/run.py), which found them unasserted."""
from __future__ import annotations

import pytest

from models.access.viewer import load_viewer
from models.core.errors import Forbidden, Problem, Refused
from models.core.history import OPINION_MAX
from models.core.transaction import atomic
from models.unit.models import Unit
from models.workflow.engine import claim_task, decide_task, withdraw_decision
from models.workflow.models import Decision, Task, TaskStatus
from tests.declaration_support import SUBMIT, build_world, ready_application
from tests.helpers import gql, make_account, payload_errors


async def _submitted(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    assert not payload_errors(await gql(http, SUBMIT, {"input": {"applicationId": app_id}},
                                        token=world.applicant.token), "applicationSubmit")
    return world, await Task.get(unit_id=world.employer.unit.id)


async def _refused(call) -> list[Problem]:
    with pytest.raises(Refused) as caught:
        async with atomic():
            await call
    return caught.value.problems


async def _forbidden(call) -> str:
    with pytest.raises(Forbidden) as caught:
        async with atomic():
            await call
    return str(caught.value)


async def _second_admin(world):
    from models.unit.models import UnitAdmin

    other = await make_account("第二管理员")
    await UnitAdmin.create(unit_id=world.employer.unit.id, account_id=other.account.id)
    return await load_viewer(other.account.id)


async def test_claim_refusals_say_why(http):
    world, task = await _submitted(http)
    admin = await load_viewer(world.employer.account.id)
    assert await _refused(claim_task(admin, task.id + 1000)) == [Problem("NOT_FOUND", "任务不存在", ("taskId",))]
    assert await _forbidden(claim_task(await load_viewer(world.department.account.id), task.id)) == "只能领取本单位的任务"
    async with atomic():
        claimed = await claim_task(admin, task.id)
    assert (claimed.status, claimed.claimed_by_id, claimed.version) == (TaskStatus.CLAIMED, admin.account_id,
                                                                        task.version + 1)
    assert claimed.claimed_at is not None
    assert await _refused(claim_task(await _second_admin(world), task.id)) == [
        Problem("CONFLICT", "该任务已被其他管理员领取", ("taskId",))]
    await Task.filter(id=task.id).update(status=TaskStatus.CANCELLED)
    assert await _refused(claim_task(admin, task.id)) == [Problem("NOT_ACTIVE", "该任务已处理或已撤回", ("taskId",))]


async def test_opinions_required_to_return_or_terminate_and_bounded(http):
    world, task = await _submitted(http)
    admin = await load_viewer(world.employer.account.id)
    assert await _refused(decide_task(admin, task.id, Decision.RETURN, "  ")) == [
        Problem("REQUIRED", "请填写退回意见", ("opinion",))]
    assert await _refused(decide_task(admin, task.id, Decision.TERMINATE, "")) == [
        Problem("REQUIRED", "请填写终止意见", ("opinion",))]
    assert await _refused(decide_task(admin, task.id, Decision.PASS, "好" * (OPINION_MAX + 1))) == [
        Problem("TOO_LONG", f"审核意见不能超过{OPINION_MAX}个字符", ("opinion",))]
    assert (await Task.get(id=task.id)).status == TaskStatus.READY


async def test_decide_refusals_say_why(http):
    world, task = await _submitted(http)
    admin = await load_viewer(world.employer.account.id)
    assert await _refused(decide_task(admin, task.id + 1000, Decision.PASS, "")) == [
        Problem("NOT_FOUND", "任务不存在", ("taskId",))]
    assert await _forbidden(decide_task(await load_viewer(world.department.account.id), task.id, Decision.PASS,
                                        "")) == "只能审核本单位的任务"
    assert await _refused(decide_task(admin, task.id, Decision.PASS, "")) == [
        Problem("NOT_CLAIMED", "请先领取该任务再审核", ("taskId",))]
    async with atomic():
        await claim_task(admin, task.id)
    assert await _refused(decide_task(await _second_admin(world), task.id, Decision.PASS, "")) == [
        Problem("CONFLICT", "该任务已被其他管理员领取", ("taskId",))]
    await Task.filter(id=task.id).update(status=TaskStatus.CANCELLED)
    assert await _refused(decide_task(admin, task.id, Decision.PASS, "")) == [
        Problem("NOT_ACTIVE", "该任务已处理或已撤回", ("taskId",))]


async def test_a_unit_that_skips_claiming_decides_a_ready_task_and_becomes_its_claimer(http):
    world, task = await _submitted(http)
    await Unit.filter(id=world.employer.unit.id).update(skip_claim=True)
    admin = await load_viewer(world.employer.account.id)
    async with atomic():
        done = await decide_task(admin, task.id, Decision.PASS, "  同意  ")
    assert (done.status, done.decision, done.opinion) == (TaskStatus.COMPLETED, Decision.PASS, "同意")
    assert (done.completed_by_id, done.claimed_by_id, done.version) == (admin.account_id, admin.account_id,
                                                                        task.version + 1)
    assert done.completed_at is not None


async def test_a_decision_keeps_who_claimed_and_writes_the_trimmed_opinion(http):
    world, task = await _submitted(http)
    admin = await load_viewer(world.employer.account.id)
    async with atomic():
        await claim_task(admin, task.id)
    async with atomic():
        done = await decide_task(admin, task.id, Decision.RETURN, " 材料不全 ")
    assert (done.status, done.decision, done.opinion, done.claimed_by_id) == (
        TaskStatus.COMPLETED, Decision.RETURN, "材料不全", admin.account_id)
    assert done.version == task.version + 2
    from models.core.history import HistoryEntry

    entry = await HistoryEntry.filter(subject_id=task.subject_id, action="RETURN").first()
    assert (entry.opinion, entry.actor_id, entry.unit_id) == ("材料不全", admin.account_id, task.unit_id)


async def test_withdraw_refusals_and_what_a_withdrawal_leaves(http):
    world, task = await _submitted(http)
    admin = await load_viewer(world.employer.account.id)
    assert await _refused(withdraw_decision(admin, task.id + 1000)) == [Problem("NOT_FOUND", "任务不存在", ("taskId",))]
    assert await _forbidden(withdraw_decision(await load_viewer(world.department.account.id), task.id)) == \
        "只能撤回本单位的审核"
    not_mine = [Problem("NOT_WITHDRAWABLE", "只能撤回本人审核通过的任务", ("taskId",))]
    assert await _refused(withdraw_decision(admin, task.id)) == not_mine, "not decided yet"
    async with atomic():
        await claim_task(admin, task.id)
    async with atomic():
        await decide_task(admin, task.id, Decision.PASS, "同意")
    assert await _refused(withdraw_decision(await _second_admin(world), task.id)) == not_mine, "another admin's PASS"
    following = await Task.get(previous_id=task.id)
    await Task.filter(id=following.id).update(status=TaskStatus.CLAIMED)
    assert await _refused(withdraw_decision(admin, task.id)) == [
        Problem("NOT_WITHDRAWABLE", "下一审核节点已领取或已处理，不能撤回", ("taskId",))]
    await Task.filter(id=following.id).update(status=TaskStatus.READY)
    before = await Task.get(id=task.id)
    async with atomic():
        reopened = await withdraw_decision(admin, task.id)
    assert (reopened.status, reopened.decision, reopened.opinion) == (TaskStatus.CLAIMED, None, "")
    assert (reopened.completed_by_id, reopened.completed_at, reopened.claimed_by_id) == (None, None, admin.account_id)
    assert reopened.version == before.version + 1
    cancelled = await Task.get(id=following.id)
    assert (cancelled.status, cancelled.version) == (TaskStatus.CANCELLED, following.version + 1)
    from models.core.history import HistoryEntry

    entry = await HistoryEntry.filter(subject_id=task.subject_id, action="WITHDRAW_DECISION").first()
    assert (entry.actor_id, entry.unit_id) == (admin.account_id, task.unit_id)


async def test_a_returned_decision_cannot_be_withdrawn(http):
    world, task = await _submitted(http)
    admin = await load_viewer(world.employer.account.id)
    async with atomic():
        await claim_task(admin, task.id)
    async with atomic():
        await decide_task(admin, task.id, Decision.RETURN, "退回")
    assert await _refused(withdraw_decision(admin, task.id)) == [
        Problem("NOT_WITHDRAWABLE", "只能撤回本人审核通过的任务", ("taskId",))]


async def test_a_pass_withdrawn_twice_finds_the_new_next_task_and_leaves_other_tasks_alone(http):
    world, task = await _submitted(http)
    admin = await load_viewer(world.employer.account.id)
    bystander = await Task.create(process_type=task.process_type, subject_id=task.subject_id + 1000,
                                  unit_id=world.department.unit.id, node_kind=task.node_kind, title="另一申报")
    async with atomic():
        await claim_task(admin, task.id)
    for _ in range(2):  # the second time, the task cancelled by the first withdrawal is still there
        async with atomic():
            await decide_task(admin, task.id, Decision.PASS, "同意")
        async with atomic():
            assert (await withdraw_decision(admin, task.id)).status == TaskStatus.CLAIMED
    assert await Task.filter(previous_id=task.id, status=TaskStatus.CANCELLED).count() == 2
    assert (await Task.get(id=bystander.id)).status == TaskStatus.READY


class _WriteAfterRead:
    """Stands in for ``Task`` in the engine module: after the engine has read the row named by ``read``, the
    write another request would make (``write(row)``) lands before the engine's conditional UPDATE, as in a
    real race. It runs on the engine's own connection, so the refusal rolls it back with the rest."""

    def __init__(self, read: str, write):
        self.read, self.write = read, write

    def __getattr__(self, name):
        return getattr(Task, name)

    async def get_or_none(self, **kw):
        row = await Task.get_or_none(**kw)
        if self.read == "task":
            await self.write(row)
        return row

    def filter(self, **kw):
        if self.read != "following" or "previous_id" not in kw:
            return Task.filter(**kw)
        outer = self

        class _Query:
            def exclude(self, **ex):
                async def first():
                    row = await Task.filter(**kw).exclude(**ex).first()
                    await outer.write(row)
                    return row
                return type("Q", (), {"first": staticmethod(first)})()
        return _Query()


def _claimed_by(account_id: int):
    async def write(row):
        await Task.filter(id=row.id).update(status=TaskStatus.CLAIMED, claimed_by_id=account_id,
                                            version=row.version + 1)
    return write


async def _cancelled(row):
    await Task.filter(id=row.id).update(status=TaskStatus.CANCELLED, version=row.version + 1)


async def test_a_claim_that_loses_the_race_says_to_whom(http, monkeypatch):
    from models.workflow import engine

    world, task = await _submitted(http)
    admin, other = await load_viewer(world.employer.account.id), await _second_admin(world)
    monkeypatch.setattr(engine, "Task", _WriteAfterRead("task", _claimed_by(other.account_id)))
    assert await _refused(claim_task(admin, task.id)) == [Problem("CONFLICT", "该任务已被其他管理员领取", ("taskId",))]


async def test_a_claim_that_loses_to_a_withdrawal_says_it_is_gone(http, monkeypatch):
    from models.workflow import engine

    world, task = await _submitted(http)
    monkeypatch.setattr(engine, "Task", _WriteAfterRead("task", _cancelled))
    assert await _refused(claim_task(await load_viewer(world.employer.account.id), task.id)) == [
        Problem("NOT_ACTIVE", "该任务已处理或已撤回", ("taskId",))]


async def test_a_withdrawal_that_loses_to_the_next_claim_is_refused(http, monkeypatch):
    from models.workflow import engine

    world, task = await _submitted(http)
    admin = await load_viewer(world.employer.account.id)
    async with atomic():
        await claim_task(admin, task.id)
    async with atomic():
        await decide_task(admin, task.id, Decision.PASS, "同意")
    monkeypatch.setattr(engine, "Task", _WriteAfterRead("following", _claimed_by(world.department.account.id)))
    assert await _refused(withdraw_decision(admin, task.id)) == [
        Problem("CONFLICT", "下一审核节点刚刚领取了该任务，不能撤回", ("taskId",))]
    monkeypatch.undo()
    assert (await Task.get(id=task.id)).status == TaskStatus.COMPLETED
