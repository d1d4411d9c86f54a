"""Submitting, withdrawing and what each decision does to a declaration (models/application/submit.py),
called directly: every refusal with its code, message and field, and every column and notice a step
writes. Written for the mutation run (tests/mutation/run.py), which found them unasserted."""
from __future__ import annotations

import pytest
from strawberry import relay

from models.access.viewer import load_viewer
from models.application.models import Application, ApplicationStatus
from models.application.submit import submit_application, withdraw_submission
from models.core.errors import Problem, Refused
from models.core.history import HistoryEntry
from models.core.job import Job, JobKind
from models.core.transaction import atomic
from models.person.models import Person
from models.unit.models import UnitKind, UnitNature
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import Decision, NodeKind, ProcessType, Task, TaskStatus
from models.workflow.protocol import DecisionOptions
from tests.declaration_support import build_world, ready_application
from tests.helpers import make_unit


async def _ready(http, **world_options):
    world = await build_world(**world_options)
    app_id = int(relay.from_base64(await ready_application(http, world))[1])
    return world, app_id


async def _submit(world, app_id: int) -> Application:
    async with atomic():
        return await submit_application(await Application.get(id=app_id), world.applicant.account.id)


async def _refused(call) -> list[Problem]:
    with pytest.raises(Refused) as caught:
        async with atomic():
            await call
    return caught.value.problems


async def _notices(app_id: int) -> list[tuple]:
    jobs = await Job.filter(kind=JobKind.APPLICATION_NOTICE).order_by("id")
    return [(j.params["event"], j.params["task_id"]) for j in jobs if j.params["application_id"] == app_id]


async def _decide(actor, decision=Decision.PASS, opinion="同意", **options) -> Task:
    viewer = await load_viewer(actor.account.id)
    task = await Task.get(unit_id=actor.unit.id, status=TaskStatus.READY)
    async with atomic():
        await claim_task(viewer, task.id)
    async with atomic():
        return await decide_task(viewer, task.id, decision, opinion, DecisionOptions(**options))


async def _decide_refused(actor, **options) -> list[Problem]:
    viewer = await load_viewer(actor.account.id)
    task = await Task.get(unit_id=actor.unit.id, status__in=[TaskStatus.READY, TaskStatus.CLAIMED])
    if task.status == TaskStatus.READY:
        async with atomic():
            await claim_task(viewer, task.id)
    return await _refused(decide_task(viewer, task.id, Decision.PASS, "同意", DecisionOptions(**options)))


async def test_submitting_writes_the_round_and_opens_the_first_task(http):
    world, app_id = await _ready(http)
    moved = await make_unit("合肥新单位", region="340102")
    await Person.filter(id=world.applicant.person.id).update(current_unit_id=moved.unit.id)
    app = await _submit(world, app_id)
    assert (app.status, app.path_position, app.pending_extra_unit_ids) == (ApplicationStatus.IN_REVIEW, 0, [])
    assert app.unit_id == moved.unit.id, "the employer at the time of submission"
    assert app.submitted_at is not None
    assert app.review_path[0] == ["EMPLOYER", moved.unit.id]
    task = await Task.get(subject_id=app_id)
    person = world.applicant.person
    assert (task.unit_id, task.node_kind, task.person_id, task.previous_id) == (
        moved.unit.id, NodeKind.EMPLOYER, person.id, None)
    assert task.title == f"职称申报-{person.real_name}【{person.id_number}】-高级工程师"
    assert await _notices(app_id) == [("TASK_CREATED", task.id)]
    entry = await HistoryEntry.get(subject_id=app_id, action="SUBMITTED")
    assert (entry.actor_id, entry.unit_id) == (world.applicant.account.id, moved.unit.id)


async def test_a_submitted_application_cannot_be_submitted_again(http):
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    assert await _refused(submit_application(await Application.get(id=app_id), world.applicant.account.id)) == [
        Problem("NOT_EDITABLE", "申报已提交", ("applicationId",))]


async def test_failed_checks_are_refused_each_with_its_field_or_none(http):
    world, app_id = await _ready(http)
    await Person.filter(id=world.applicant.person.id).update(current_unit_id=None, photo_id=None)
    assert await _refused(submit_application(await Application.get(id=app_id), world.applicant.account.id)) == [
        Problem("CHECK_FAILED", "所在单位尚未审核通过您的注册", None),
        Problem("CHECK_FAILED", "请先在个人中心上传照片", ("photo",))]
    assert (await Application.get(id=app_id)).status == ApplicationStatus.DRAFT


async def test_withdrawing_a_submission(http):
    world, app_id = await _ready(http)
    actor_id = world.applicant.account.id
    assert await _refused(withdraw_submission(await Application.get(id=app_id), actor_id)) == [
        Problem("NOT_WITHDRAWABLE", "只有审核中的申报可以撤回", ("applicationId",))]
    await _submit(world, app_id)
    task = await Task.get(subject_id=app_id)
    async with atomic():
        app = await withdraw_submission(await Application.get(id=app_id), actor_id)
    assert app.status == ApplicationStatus.DRAFT
    cancelled = await Task.get(id=task.id)
    assert (cancelled.status, cancelled.version) == (TaskStatus.CANCELLED, task.version + 1)
    entry = await HistoryEntry.get(subject_id=app_id, action="WITHDRAWN")
    assert (entry.actor_id, entry.unit_id) == (actor_id, world.employer.unit.id)
    # Submitted again: the cancelled task of the first round does not block a second withdrawal.
    await _submit(world, app_id)
    async with atomic():
        assert (await withdraw_submission(await Application.get(id=app_id), actor_id)).status == \
            ApplicationStatus.DRAFT


async def test_no_withdrawal_once_the_employer_claimed(http):
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    async with atomic():
        await claim_task(await load_viewer(world.employer.account.id), (await Task.get(subject_id=app_id)).id)
    assert await _refused(withdraw_submission(await Application.get(id=app_id), world.applicant.account.id)) == [
        Problem("NOT_WITHDRAWABLE", "单位已开始审核，不能撤回", ("applicationId",))]


async def test_return_and_terminate_set_the_status_and_send_their_notice(http):
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    task = await _decide(world.employer, Decision.RETURN, "补充材料")
    app = await Application.get(id=app_id)
    assert (app.status, app.finished_at) == (ApplicationStatus.RETURNED, None)
    assert (await _notices(app_id))[-1] == ("RETURNED", task.id)
    await _submit(world, app_id)
    task = await _decide(world.employer, Decision.TERMINATE, "材料造假")
    app = await Application.get(id=app_id)
    assert app.status == ApplicationStatus.TERMINATED and app.finished_at is not None
    assert (await _notices(app_id))[-1] == ("TERMINATED", task.id)


async def test_passing_down_the_path_to_approval(http):
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    actors = [world.employer, world.department, world.city_hr, world.province_hr, world.organizer]
    for position, actor in enumerate(actors[:-1], start=1):
        task = await _decide(actor)
        app = await Application.get(id=app_id)
        assert (app.status, app.path_position) == (ApplicationStatus.IN_REVIEW, position)
        following = await Task.get(previous_id=task.id)
        assert following.unit_id == actors[position].unit.id
        assert (await _notices(app_id))[-2:] == [("TASK_CREATED", following.id), ("NODE_PASSED", task.id)]
    task = await _decide(world.organizer)
    app = await Application.get(id=app_id)
    assert (app.status, app.path_position) == (ApplicationStatus.APPROVED, 4)
    assert app.finished_at is not None
    assert (await _notices(app_id))[-1] == ("APPROVED", task.id)


async def test_talent_centre_refusal_says_what_to_choose(http):
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    assert await _decide_refused(world.employer, talent_center_id=world.department.unit.id) == [
        Problem("INVALID", "请选择人事代理机构（人才服务中心）", ("talentCenterId",))]
    assert await _decide_refused(world.employer, talent_center_id=10 ** 9) == [
        Problem("INVALID", "请选择人事代理机构（人才服务中心）", ("talentCenterId",))]
    centre = await make_unit("合肥市人才服务中心", kind=UnitKind.TALENT_CENTER, region="340100",
                             nature=UnitNature.PUBLIC_INSTITUTION)
    task = await _decide_refused_or_pass(world.employer, talent_center_id=centre.unit.id)
    app = await Application.get(id=app_id)
    assert app.talent_center_id == centre.unit.id
    assert app.review_path[1] == ["TALENT_CENTER", centre.unit.id]
    assert (await Task.get(previous_id=task.id)).unit_id == centre.unit.id


async def _decide_refused_or_pass(actor, **options) -> Task:
    viewer = await load_viewer(actor.account.id)
    task = await Task.get(unit_id=actor.unit.id, status=TaskStatus.CLAIMED)
    async with atomic():
        return await decide_task(viewer, task.id, Decision.PASS, "同意", DecisionOptions(**options))


async def test_extra_unit_refusals_say_why(http):
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    other = await make_unit("合肥市建筑设计研究院", region="340100", nature=UnitNature.PUBLIC_INSTITUTION)
    distinct = [Problem("INVALID", "其他审核单位不能重复，也不能是本单位", ("extraUnitIds",))]
    assert await _decide_refused(world.employer, extra_unit_ids=[other.unit.id, other.unit.id]) == distinct
    assert await _decide_refused(world.employer, extra_unit_ids=[world.employer.unit.id]) == distinct
    assert await _decide_refused(world.employer, extra_unit_ids=[other.unit.id, 10 ** 9]) == [
        Problem("NOT_FOUND", "所选审核单位不存在", ("extraUnitIds",))]
    task = await _decide_refused_or_pass(world.employer, extra_unit_ids=[other.unit.id])
    app = await Application.get(id=app_id)
    assert app.pending_extra_unit_ids == []
    following = await Task.get(previous_id=task.id)
    assert (following.unit_id, following.node_kind) == (other.unit.id, NodeKind.EXTRA_UNIT)
    assert (await _notices(app_id))[-2:] == [("TASK_CREATED", following.id), ("NODE_PASSED", task.id)]
    back = await _decide(other)
    assert (await Task.get(previous_id=back.id)).node_kind == NodeKind.EMPLOYER
    assert (await _notices(app_id))[-1] == ("NODE_PASSED", back.id)
    await _decide(world.employer)
    assert await _decide_refused(world.department, extra_unit_ids=[other.unit.id]) == [
        Problem("INVALID", "只有用人单位可以增加其他审核单位", ("extraUnitIds",))]


async def test_next_unit_refusals_say_why(http):
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    assert await _decide_refused(world.employer, next_unit_id=world.province_hr.unit.id) == [
        Problem("NEXT_NODE_NOT_ALLOWED", "只有省级单位可以自选下一审核节点", ("nextUnitId",))]


async def test_a_provincial_unit_cannot_choose_itself_or_nothing(http):
    world, app_id = await _ready(http, employer_region="340000")
    await _submit(world, app_id)
    missing = [Problem("NOT_FOUND", "所选下一审核单位不存在", ("nextUnitId",))]
    assert await _decide_refused(world.employer, next_unit_id=world.employer.unit.id) == missing
    assert await _decide_refused(world.employer, next_unit_id=10 ** 9) == missing
    task = await _decide_refused_or_pass(world.employer, next_unit_id=world.organizer.unit.id)
    app = await Application.get(id=app_id)
    assert [k for k, _ in app.review_path] == ["EMPLOYER", "ORGANIZER"]
    assert app.path_position == 1
    assert (await _notices(app_id))[-1] == ("NODE_PASSED", task.id)
    await _decide(world.organizer)
    app = await Application.get(id=app_id)
    assert (app.status, app.path_position) == (ApplicationStatus.APPROVED, 1)


# ---------------------------------------------------------------- withdrawing: which tasks count, and the race

async def test_a_withdrawal_counts_only_this_rounds_tasks_of_this_application(http):
    """Tasks of another process or another application, and a returned round's completed task, do not
    block the withdrawal, and the conditional UPDATE cancels only the application's own task."""
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    await _decide(world.employer, Decision.RETURN, "补充材料")  # round one ends COMPLETED, not CANCELLED
    await _submit(world, app_id)
    mine = await Task.get(subject_id=app_id, status=TaskStatus.READY)
    others = [await Task.create(process_type=process, subject_id=subject, unit_id=world.employer.unit.id,
                                node_kind=NodeKind.EMPLOYER, title="另一审核", version=mine.version)
              for process, subject in ((ProcessType.EVALUATION_SCHEME, app_id),
                                       (ProcessType.APPLICATION, app_id + 1000))]
    async with atomic():
        app = await withdraw_submission(await Application.get(id=app_id), world.applicant.account.id)
    assert app.status == ApplicationStatus.DRAFT
    assert (await Task.get(id=mine.id)).status == TaskStatus.CANCELLED
    for other in others:
        assert (await Task.get(id=other.id)).status == TaskStatus.READY


class _ClaimedAfterRead:
    """Stands in for ``Task`` in the submit module: right after withdraw_submission has read the round's
    tasks, the employer's admin claims the first one (another request's write landing before the conditional
    UPDATE, as in a real race)."""

    def __init__(self, account_id: int):
        self.account_id = account_id

    def __getattr__(self, name):
        return getattr(Task, name)

    def filter(self, **kw):
        if "process_type" not in kw:
            return Task.filter(**kw)
        account_id = self.account_id

        class _Round:
            def exclude(self, **ex):
                async def read():
                    rows = await Task.filter(**kw).exclude(**ex)
                    await Task.filter(id=rows[0].id).update(status=TaskStatus.CLAIMED, claimed_by_id=account_id,
                                                            version=rows[0].version + 1)
                    return rows
                return read()
        return type("Q", (), {"exclude": _Round().exclude})()


async def test_a_withdrawal_that_loses_to_the_claim_is_refused(http, monkeypatch):
    from models.application import submit

    world, app_id = await _ready(http)
    await _submit(world, app_id)
    monkeypatch.setattr(submit, "Task", _ClaimedAfterRead(world.employer.account.id))
    assert await _refused(withdraw_submission(await Application.get(id=app_id), world.applicant.account.id)) == [
        Problem("CONFLICT", "单位刚刚领取了您的申报，不能撤回", ("applicationId",))]
    monkeypatch.undo()
    assert (await Application.get(id=app_id)).status == ApplicationStatus.IN_REVIEW
    assert (await Task.get(subject_id=app_id)).status == TaskStatus.READY  # the claim rolled back with it


# ---------------------------------------------------------------- the registry's guards, built here

async def test_a_process_runs_the_employer_pass_guards_it_was_built_with(http):
    from models.application.submit import ApplicationProcess

    world, app_id = await _ready(http)
    await _submit(world, app_id)
    task = await Task.get(subject_id=app_id)
    seen = []

    async def guard(app, task, options):
        seen.append((app.id, task.id))
        raise Refused(Problem("QUOTA_EXCEEDED", "名额已满", None))

    process = ApplicationProcess(employer_pass_guards=[guard])
    assert process.employer_pass_guards == (guard,)
    with pytest.raises(Refused):
        await process.on_decided(task, Decision.PASS, "同意", await load_viewer(world.employer.account.id),
                                 DecisionOptions())
    assert seen == [(app_id, task.id)]


# ---------------------------------------------------------------- a unit twice on the path

async def _to_province_picking(http, pick):
    """Employer, department and city pass; the provincial bureau passes choosing ``pick`` (already on the
    path before it) as the next unit, which is then on the path twice."""
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    for actor in (world.employer, world.department, world.city_hr):
        await _decide(actor)
    await _decide(world.province_hr, next_unit_id=pick(world).unit.id)
    return world, app_id


async def test_a_unit_on_the_path_twice_advances_from_where_it_is_now(http):
    world, app_id = await _to_province_picking(http, lambda w: w.city_hr)
    app = await Application.get(id=app_id)
    assert [u for _, u in app.review_path][2:5] == [world.city_hr.unit.id, world.province_hr.unit.id,
                                                   world.city_hr.unit.id]
    assert app.path_position == 4
    task = await _decide(world.city_hr)  # its second task, at position 4: the organizer is next
    assert (await Task.get(previous_id=task.id)).unit_id == world.organizer.unit.id
    assert (await Application.get(id=app_id)).path_position == 5


async def test_a_reopened_task_keeps_the_position_of_its_own_occurrence(http):
    """The employer chosen again reviews as an extra unit at position 4 and passes back to itself as the
    employer; withdrawing that pass reopens it at 4, not at its first occurrence, 0."""
    from models.workflow.engine import withdraw_decision

    world, app_id = await _to_province_picking(http, lambda w: w.employer)
    assert (await Application.get(id=app_id)).path_position == 4
    extra = await _decide(world.employer)
    assert (extra.node_kind, (await Task.get(previous_id=extra.id)).node_kind) == (NodeKind.EXTRA_UNIT,
                                                                                 NodeKind.EMPLOYER)
    async with atomic():
        await withdraw_decision(await load_viewer(world.employer.account.id), extra.id)
    app = await Application.get(id=app_id)
    assert (app.path_position, app.pending_extra_unit_ids) == (4, [])


async def _extra_units(n: int) -> list:
    return [await make_unit(f"合肥审核单位{i}", region="340100", nature=UnitNature.PUBLIC_INSTITUTION)
            for i in range(n)]


async def test_withdrawing_an_extra_units_pass_puts_the_next_one_back_in_the_queue(http):
    from models.workflow.engine import withdraw_decision

    world, app_id = await _ready(http)
    await _submit(world, app_id)
    x1, x2, x3 = await _extra_units(3)
    await _decide(world.employer, extra_unit_ids=[x1.unit.id, x2.unit.id, x3.unit.id])
    task = await _decide(x1)
    assert (await Application.get(id=app_id)).pending_extra_unit_ids == [x3.unit.id]
    async with atomic():
        await withdraw_decision(await load_viewer(x1.account.id), task.id)
    assert (await Application.get(id=app_id)).pending_extra_unit_ids == [x2.unit.id, x3.unit.id]


async def test_withdrawing_the_employers_pass_forgets_the_extra_units(http):
    from models.workflow.engine import withdraw_decision

    world, app_id = await _ready(http)
    await _submit(world, app_id)
    x1, x2 = await _extra_units(2)
    task = await _decide(world.employer, extra_unit_ids=[x1.unit.id, x2.unit.id])
    assert (await Application.get(id=app_id)).pending_extra_unit_ids == [x2.unit.id]
    async with atomic():
        await withdraw_decision(await load_viewer(world.employer.account.id), task.id)
    app = await Application.get(id=app_id)
    assert (app.pending_extra_unit_ids, app.path_position) == ([], 0)


async def test_a_city_bureau_that_also_organizes_reviews_twice_in_path_order(http):
    """A city bureau that is also the committee's organizer is on the path twice, apart: its first pass
    goes on to the provincial bureau (not to its own later node), its second approves."""
    world, app_id = await _ready(http)
    await _submit(world, app_id)
    app = await Application.get(id=app_id)
    path = app.review_path[:4] + [["ORGANIZER", world.city_hr.unit.id]]
    await Application.filter(id=app_id).update(review_path=path)
    for actor in (world.employer, world.department):
        await _decide(actor)
    task = await _decide(world.city_hr)
    following = await Task.get(previous_id=task.id)
    assert (following.unit_id, (await Application.get(id=app_id)).path_position) == (world.province_hr.unit.id, 3)
    await _decide(world.province_hr)
    task = await _decide(world.city_hr)
    assert task.node_kind == NodeKind.ORGANIZER
    app = await Application.get(id=app_id)
    assert (app.status, app.path_position) == (ApplicationStatus.APPROVED, 4)


async def test_the_unit_a_provincial_bureau_chose_has_its_task_chained_to_the_choice(http):
    """The chosen unit's task names the provincial task as its previous one, so the bureau can withdraw its
    pass while the chosen unit has not claimed (withdraw_decision follows previous_id)."""
    world, _ = await _to_province_picking(http, lambda w: w.city_hr)
    chosen = await Task.get(unit_id=world.city_hr.unit.id, status=TaskStatus.READY)
    province = await Task.get(unit_id=world.province_hr.unit.id, status=TaskStatus.COMPLETED)
    assert chosen.previous_id == province.id
