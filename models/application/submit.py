"""Submitting, withdrawing, and what each review decision does to an application.

``ApplicationProcess`` is the APPLICATION process of the review engine's registry (models/workflow/processes.py).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone

from models.core import history
from models.access.viewer import Viewer
from models.application.models import Application, ApplicationStatus
from models.application.check import check_application
from models.application.path import resolve_path
from models.application.create import EDITABLE, bump
from models.core.errors import Problem, Refused, refuse
from models.core.rows import as_written
from models.core.history import SubjectType
from models.core.job import JobKind
from models.person.models import Person
from models.plan.models import Plan
from models.workflow.chain import decoded, previous_step, supplement_withdrawn_position
from models.workflow.protocol import DecisionOptions, create_task
from models.core.transaction import create_job
from models.unit.models import Unit, UnitKind
from models.workflow.models import Decision, NodeKind, ProcessType, Task, TaskStatus

PROVINCIAL_PICK_KINDS = {UnitKind.HR_BUREAU: NodeKind.HR_BUREAU_PROVINCE, UnitKind.ORGANIZER: NodeKind.ORGANIZER,
                         UnitKind.COMPETENT_DEPARTMENT: NodeKind.COMPETENT_DEPARTMENT,
                         UnitKind.TALENT_CENTER: NodeKind.TALENT_CENTER}


# A check an employer's PASS must satisfy first (post quotas, recommendation files):
# ``async guard(application, task, options)`` raising Refused. The registry hands them to ApplicationProcess.
EmployerPassGuard = Callable[[Application, Task, DecisionOptions], Awaitable[None]]


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def task_title(app: Application, person: Person | None = None) -> str:
    person = person or await Person.get(id=app.person_id)
    from models.catalogue.models import TitleName

    title = await TitleName.get(id=app.title_name_id)
    return f"职称申报-{person.real_name}【{person.id_number}】-{title.name}"


async def _notify(app: Application, event: str, task: Task | None = None, actor_id: int | None = None) -> None:
    await create_job(JobKind.APPLICATION_NOTICE, {"application_id": app.id, "event": event,
                                                  "task_id": task.id if task else None}, actor_id)


async def _open_task(app: Application, kind: NodeKind, unit_id: int, previous: Task | None,
                     person: Person | None = None) -> Task:
    task = await create_task(ProcessType.APPLICATION, app.id, unit_id, kind, await task_title(app, person),
                             app.person_id, previous.id if previous else None)
    await _notify(app, "TASK_CREATED", task)
    return task


async def submit_application(app: Application, actor_id: int) -> Application:
    if app.status not in EDITABLE:
        raise refuse("NOT_EDITABLE", "申报已提交", "applicationId")
    # Each row read once and handed on: the check, the path and the task title need the same ones.
    plan = await Plan.filter(id=app.plan_id).select_related("committee").get()
    person = await Person.filter(id=app.person_id).select_related("current_unit").get()
    failures = [r for r in await check_application(app, plan=plan, person=person) if not r.passed]
    if failures:
        raise Refused(*[Problem("CHECK_FAILED", r.message, (r.field,) if r.field else None) for r in failures])
    # The employer is the person's unit at the time of submission: the path is resolved for it.
    submitted = as_written(app, {"unit_id": person.current_unit_id})
    path = await resolve_path(submitted, plan=plan, committee=plan.committee, employer=person.current_unit)
    app = await bump(app, unit_id=person.current_unit_id, status=ApplicationStatus.IN_REVIEW, submitted_at=_now(),
                     review_path=[[k.value, u] for k, u in path], path_position=0, pending_extra_unit_ids=[])
    await _open_task(app, path[0][0], path[0][1], None, person)
    await history.record(SubjectType.APPLICATION, app.id, "SUBMITTED", actor_id=actor_id, unit_id=app.unit_id)
    return app


async def withdraw_submission(app: Application, actor_id: int) -> Application:
    """The person takes a submission back while the first unit has not claimed it."""
    if app.status != ApplicationStatus.IN_REVIEW:
        raise refuse("NOT_WITHDRAWABLE", "只有审核中的申报可以撤回", "applicationId")
    # Only this round's tasks count: an earlier round (before a return) is history.
    tasks = await Task.filter(process_type=ProcessType.APPLICATION, subject_id=app.id,
                              created_at__gte=app.submitted_at).exclude(status=TaskStatus.CANCELLED)
    if len(tasks) != 1 or tasks[0].status != TaskStatus.READY:
        raise refuse("NOT_WITHDRAWABLE", "单位已开始审核，不能撤回", "applicationId")
    first = tasks[0]
    cancelled = await Task.filter(id=first.id, status=TaskStatus.READY, version=first.version).update(
        status=TaskStatus.CANCELLED, version=first.version + 1)
    if not cancelled:
        raise refuse("CONFLICT", "单位刚刚领取了您的申报，不能撤回", "applicationId")
    app = await bump(app, status=ApplicationStatus.DRAFT)
    await history.record(SubjectType.APPLICATION, app.id, "WITHDRAWN", actor_id=actor_id, unit_id=app.unit_id)
    return app


class ApplicationProcess:
    def __init__(self, *, employer_pass_guards: Sequence[EmployerPassGuard]) -> None:
        self.employer_pass_guards = tuple(employer_pass_guards)

    async def on_decided(self, task: Task, decision: Decision, opinion: str, viewer: Viewer,
                         options: DecisionOptions) -> None:
        app = await Application.filter(id=task.subject_id).select_for_update().first()
        if decision == Decision.RETURN:
            await bump(app, status=ApplicationStatus.RETURNED)
            await _notify(app, "RETURNED", task)
            return
        if decision == Decision.TERMINATE:
            await bump(app, status=ApplicationStatus.TERMINATED, finished_at=_now())
            await _notify(app, "TERMINATED", task)
            return
        if decision == Decision.SUPPLEMENT:
            await self._supplement(app, task)
            return
        await self._pass(app, task, options)

    async def _supplement(self, app: Application, task: Task) -> None:
        """退回补充: the node before the bureau's on the review path (a bureau, the competent department, the talent
        centre or the employer) reviews again. Extra units the employer consulted are no node of the path, so
        their tasks have nothing to send back to (``previous_step`` refuses)."""
        step = previous_step(decoded(app.review_path), app.path_position, task.unit_id)
        app = await bump(app, path_position=step.position)
        await _open_task(app, step.next[0], step.next[1], task)
        await _notify(app, "SUPPLEMENTED", task)

    async def _pass(self, app: Application, task: Task, options: DecisionOptions) -> None:
        kind = NodeKind(task.node_kind)
        if kind == NodeKind.EMPLOYER:
            for guard in self.employer_pass_guards:
                await guard(app, task, options)
        if kind == NodeKind.EMPLOYER and options.talent_center_id is not None:
            center = await Unit.get_or_none(id=options.talent_center_id)
            if center is None or center.kind != UnitKind.TALENT_CENTER:
                raise refuse("INVALID", "请选择人事代理机构（人才服务中心）", "talentCenterId")
            app = await bump(app, talent_center_id=center.id)
            path = await resolve_path(app)
            app = await bump(app, review_path=[[k.value, u] for k, u in path])
        if options.extra_unit_ids:
            if kind != NodeKind.EMPLOYER:
                raise refuse("INVALID", "只有用人单位可以增加其他审核单位", "extraUnitIds")
            if len(set(options.extra_unit_ids)) != len(options.extra_unit_ids) or task.unit_id in options.extra_unit_ids:
                raise refuse("INVALID", "其他审核单位不能重复，也不能是本单位", "extraUnitIds")
            if await Unit.filter(id__in=options.extra_unit_ids).count() != len(options.extra_unit_ids):
                raise refuse("NOT_FOUND", "所选审核单位不存在", "extraUnitIds")
            first, *rest = options.extra_unit_ids
            app = await bump(app, pending_extra_unit_ids=rest)
            await _open_task(app, NodeKind.EXTRA_UNIT, first, task)
            await _notify(app, "NODE_PASSED", task)
            return
        if kind == NodeKind.EXTRA_UNIT:
            pending = list(app.pending_extra_unit_ids or [])
            if pending:
                await bump(app, pending_extra_unit_ids=pending[1:])
                await _open_task(app, NodeKind.EXTRA_UNIT, pending[0], task)
            else:  # extra units pass back to the employer
                await _open_task(app, NodeKind.EMPLOYER, app.unit_id, task)
            await _notify(app, "NODE_PASSED", task)
            return
        await self._advance(app, task, options)

    async def _advance(self, app: Application, task: Task, options: DecisionOptions) -> None:
        path = [(NodeKind(k), u) for k, u in app.review_path]
        here = next((i for i, (k, u) in enumerate(path) if u == task.unit_id and i >= app.path_position),
                    app.path_position)
        unit = await Unit.get(id=task.unit_id)
        provincial = unit.region_id.endswith("0000")
        if options.next_unit_id is not None:
            if not provincial:
                raise refuse("NEXT_NODE_NOT_ALLOWED", "只有省级单位可以自选下一审核节点", "nextUnitId")
            chosen = await Unit.get_or_none(id=options.next_unit_id)
            if chosen is None or chosen.id == unit.id:
                raise refuse("NOT_FOUND", "所选下一审核单位不存在", "nextUnitId")
            later = next((i for i, (_, u) in enumerate(path) if u == chosen.id and i > here), None)
            if later is not None:  # skip ahead: the nodes passed over leave the path (the flow shows no fake DONE)
                kind, path = path[later][0], path[:here + 1] + path[later:]
            else:  # a unit off the path reviews next, then the path resumes
                kind = PROVINCIAL_PICK_KINDS.get(UnitKind(chosen.kind), NodeKind.EXTRA_UNIT)
                path = path[:here + 1] + [(kind, chosen.id)] + path[here + 1:]
            app = await bump(app, review_path=[[k.value, u] for k, u in path], path_position=here + 1)
            await _open_task(app, kind, chosen.id, task)
            await _notify(app, "NODE_PASSED", task)
            return
        if here + 1 < len(path):
            kind, unit_id = path[here + 1]
            app = await bump(app, path_position=here + 1)
            await _open_task(app, kind, unit_id, task)
            await _notify(app, "NODE_PASSED", task)
            return
        await bump(app, status=ApplicationStatus.APPROVED, finished_at=_now(), path_position=here)
        await _notify(app, "APPROVED", task)

    async def on_reopened(self, task: Task, cancelled: Task) -> None:
        app = await Application.get(id=task.subject_id)
        here = max((i for i, (_, u) in enumerate(app.review_path) if u == task.unit_id and i <= app.path_position),
                   default=app.path_position)
        pending = list(app.pending_extra_unit_ids or [])
        if NodeKind(task.node_kind) == NodeKind.EXTRA_UNIT and NodeKind(cancelled.node_kind) == NodeKind.EXTRA_UNIT:
            pending = [cancelled.unit_id, *pending]  # the extra unit that was next is still to come
        elif NodeKind(task.node_kind) == NodeKind.EMPLOYER:
            pending = []  # the employer decides again, extra units and talent centre included
            if app.talent_center_id is not None:
                app = await bump(app, talent_center_id=None)
                app = await bump(app, review_path=[[k.value, u] for k, u in await resolve_path(app)])
        await bump(app, path_position=here, pending_extra_unit_ids=pending)

    async def on_supplement_withdrawn(self, task: Task, cancelled: Task) -> None:
        app = await Application.get(id=task.subject_id)
        await bump(app, path_position=supplement_withdrawn_position(decoded(app.review_path), app.path_position,
                                                                    task.unit_id))
