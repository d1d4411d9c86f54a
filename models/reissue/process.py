"""Submitting and withdrawing a reissue, and what each review decision does to it: the REISSUE process of the
task engine (models/workflow/processes.py).

The path is resolved at submission (models/reissue/path.py) and walked by ``models.workflow.chain``: PASS
moves on (provincial units may choose the next unit), RETURN gives it back to the person to change and submit
again (a new path then), TERMINATE ends it, and the issuer's PASS issues the new certificate. The person
hears of every decision, the next unit's admins of every task.
"""
from __future__ import annotations

from datetime import UTC, datetime

from strawberry import relay

from models.access.viewer import Viewer
from models.core import history
from models.core.errors import Problem, Refused, refuse
from models.core.history import SubjectType
from models.messaging.models import deliver
from models.person.models import Person
from models.reissue.codes import ReissueCode as Code
from models.reissue.create import bump, check_items, issuer_code_of
from models.reissue.issuing import issue_reissue
from models.reissue.models import EDITABLE, Reissue, ReissueStatus
from models.reissue.path import resolve_path
from models.unit.models import Unit, UnitAdmin
from models.workflow.chain import decoded, encoded, next_step, reopened_position
from models.workflow.models import Decision, NodeKind, ProcessType, Task, TaskStatus
from models.workflow.protocol import DecisionOptions, create_task


def _now() -> datetime:
    return datetime.now(UTC)


def task_title(row: Reissue, person: Person) -> str:
    return f"补换证-{person.real_name}【{person.id_number}】-{row.original.get('title_name', '')}"


async def _tell_person(row: Reissue, title: str, body: str, key: str) -> None:
    account = await Person.filter(id=row.person_id).values_list("account_id", flat=True)
    if account and account[0] is not None:
        await deliver([{"recipient_id": account[0], "title": title, "body": body, "link_type": "Reissue",
                        "link_id": relay.to_base64("Reissue", row.id), "dedupe_key": f"reissue:{row.id}:{key}"}])


async def _open_task(row: Reissue, kind: NodeKind, unit_id: int, previous: Task | None) -> Task:
    person = await Person.get(id=row.person_id)
    task = await create_task(ProcessType.REISSUE, row.id, unit_id, kind, task_title(row, person), row.person_id,
                             previous.id if previous else None)
    admins = await UnitAdmin.filter(unit_id=unit_id).values_list("account_id", flat=True)
    await deliver([{"recipient_id": a, "title": "新的补换证审核任务", "body": f"{task.title}，请在任务中心领取审核。",
                    "link_type": "Task", "link_id": relay.to_base64("Task", task.id),
                    "dedupe_key": f"task:{task.id}:created:{a}"} for a in admins])
    return task


async def submit_reissue(row: Reissue, actor_id: int) -> Reissue:
    """提交: every check passes (CHECK_FAILED for each that does not), then the first task of a new path."""
    if row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "补换证申请已提交", "reissueId")
    person = await Person.get(id=row.person_id)
    failures = [Problem(Code.CHECK_FAILED, message, (field,) if field else None)
                for message, field, passed in check_items(row, person.photo_id) if not passed]
    if failures:
        raise Refused(*failures)
    if person.current_unit_id is None:
        raise refuse(Code.NO_EMPLOYER, "请先绑定工作单位：补换证申请由所在单位首先审核", "reissueId")
    if await issuer_code_of(row.issuer_unit_id) is None:
        raise refuse(Code.NOT_AN_ISSUER, "所选发证机构没有有效的发证单位编码，不能在线补换证", "reissueId")
    employer = await Unit.get(id=person.current_unit_id)
    path = await resolve_path(row, employer, await Unit.get(id=row.issuer_unit_id))
    row = await bump(row, status=ReissueStatus.IN_REVIEW, unit_id=employer.id, submitted_at=_now(),
                     review_path=encoded(path), path_position=0, photo_id=row.photo_id or person.photo_id)
    await _open_task(row, path[0][0], path[0][1], None)
    await history.record(SubjectType.REISSUE, row.id, "SUBMITTED", actor_id=actor_id, unit_id=employer.id)
    return row


async def withdraw_reissue(row: Reissue, actor_id: int) -> Reissue:
    """撤回 while the employer has not claimed it: a draft again."""
    if row.status != ReissueStatus.IN_REVIEW:
        raise refuse(Code.NOT_WITHDRAWABLE, "只有审核中的补换证申请可以撤回", "reissueId")
    tasks = await Task.filter(process_type=ProcessType.REISSUE, subject_id=row.id,
                              created_at__gte=row.submitted_at).exclude(status=TaskStatus.CANCELLED)
    if len(tasks) != 1 or tasks[0].status != TaskStatus.READY:
        raise refuse(Code.NOT_WITHDRAWABLE, "单位已开始审核，不能撤回", "reissueId")
    first = tasks[0]
    if not await Task.filter(id=first.id, status=TaskStatus.READY, version=first.version).update(
            status=TaskStatus.CANCELLED, version=first.version + 1):
        raise refuse("CONFLICT", "单位刚刚领取了您的申请，不能撤回", "reissueId")
    row = await bump(row, status=ReissueStatus.DRAFT)
    await history.record(SubjectType.REISSUE, row.id, "WITHDRAWN", actor_id=actor_id, unit_id=row.unit_id)
    return row


class ReissueProcess:
    async def on_decided(self, task: Task, decision: Decision, opinion: str, viewer: Viewer,
                         options: DecisionOptions) -> None:
        row = await Reissue.filter(id=task.subject_id).select_for_update().first()
        unit = await Unit.get(id=task.unit_id)
        if row is None or row.status != ReissueStatus.IN_REVIEW:
            raise refuse("CONFLICT", "补换证申请状态已变化，请刷新后重试", "taskId")
        if decision == Decision.RETURN:
            await bump(row, status=ReissueStatus.RETURNED)
            await _tell_person(row, "补换证申请被退回", f"{unit.name}退回了您的补换证申请，请修改后重新提交。"
                               f"退回意见：{opinion}", f"{task.id}:returned")
            return
        if decision == Decision.TERMINATE:
            await bump(row, status=ReissueStatus.TERMINATED, finished_at=_now(), open_certificate_id=None)
            await _tell_person(row, "补换证申请已终止", f"{unit.name}终止了您的补换证申请。终止意见：{opinion}",
                               f"{task.id}:terminated")
            return
        if options.extra_unit_ids or options.talent_center_id is not None:
            raise refuse("INVALID", "补换证审核不能增加其他审核单位", "extraUnitIds")
        step = await next_step(decoded(row.review_path), row.path_position, task, options)
        if step.next is not None:
            row = await bump(row, review_path=encoded(step.path), path_position=step.position)
            await _open_task(row, step.next[0], step.next[1], task)
            await _tell_person(row, "补换证申请审核进度", f"{unit.name}已审核通过您的补换证申请，已提交下一节点审核。",
                               f"{task.id}:passed")
            return
        cert = await issue_reissue(row, viewer.account_id)
        await bump(row, status=ReissueStatus.APPROVED, finished_at=_now(), path_position=step.position,
                   open_certificate_id=None, new_certificate_id=cert.id)
        await _tell_person(row, "补换证申请审核通过", f"您的补换证申请已由{unit.name}审核通过，新证书编号{cert.number}，"
                           "电子证书生成后可在“我的职称”中下载。", "approved")

    async def on_reopened(self, task: Task, cancelled: Task) -> None:
        row = await Reissue.get(id=task.subject_id)
        await bump(row, path_position=reopened_position(decoded(row.review_path), row.path_position, task.unit_id))
