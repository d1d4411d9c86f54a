"""The achievement library's rules: a person's drafts, submission to the unit, withdrawal, the
unit's review (PASS / RETURN, single or batch) and the statistics of 001 §3.

Statuses: DRAFT → PENDING (submitted) → APPROVED | RETURNED; PENDING / APPROVED → WITHDRAWN
by the person. A person edits, attaches to and deletes only DRAFT, RETURNED and WITHDRAWN
records. Every change is a conditional update on ``version``: a lost race answers CONFLICT.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from enum import Enum

from tortoise.functions import Count

from models.core import history
from models.achievement.models import AchievementAttachment, AchievementCategory, AchievementRecord, OpinionTemplate, \
    RecordStatus
from models.achievement.fields import SPECS, validate
from models.achievement.tasks import cancel_record_tasks, complete_record_tasks, open_record_task
from models.application.create import locked_records as held_by_applications
from models.person.binding import require_approved_binding
from models.core.errors import Collector, Forbidden, Problem, Refused, refuse
from models.core.history import OPINION_MAX, SubjectType
from models.core.job import JobKind
from models.core.transaction import create_job
from models.person.models import Person
from models.unit.models import Unit

EDITABLE = (RecordStatus.DRAFT, RecordStatus.RETURNED, RecordStatus.WITHDRAWN)
WITHDRAWABLE = (RecordStatus.PENDING, RecordStatus.APPROVED)
MAX_BATCH = 100
DEFAULT_PASS_OPINION = "同意"
HISTORY_SUBJECT = SubjectType.ACHIEVEMENT_RECORD


class ReviewDecision(str, Enum):
    PASS = "PASS"
    RETURN = "RETURN"


# ----------------------------------------------------------------- record locks

# Features that hold library records: ``holder(record_ids)`` returns the ids it holds, which cannot be withdrawn
# or deleted. Listed here, not registered by the holders, so the lock holds wherever the rules run.
LockChecker = Callable[[list[int]], Awaitable[set[int]]]
RECORD_HOLDERS: tuple[LockChecker, ...] = (held_by_applications,)


async def locked_record_ids(record_ids: list[int]) -> set[int]:
    locked: set[int] = set()
    for holder in RECORD_HOLDERS:
        locked |= set(await holder(list(record_ids)))
    return locked & set(record_ids)


# ----------------------------------------------------------------- the person's records


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def own_record(person_id: int, record_id: int) -> AchievementRecord:
    """The person's record; another person's is forbidden, not merely absent."""
    row = await AchievementRecord.get_or_none(id=record_id)
    if row is None:
        raise refuse("NOT_FOUND", "业绩记录不存在", "recordId")
    if row.person_id != person_id:
        raise Forbidden("只能操作本人的业绩")
    return row


def require_editable(row: AchievementRecord) -> None:
    if row.status not in EDITABLE:
        raise refuse("NOT_EDITABLE", "审核中或已通过的业绩不能修改，如需修改请先撤回", "recordId")


async def _transition(row: AchievementRecord, allowed: tuple[RecordStatus, ...], **changes) -> AchievementRecord:
    """Applies ``changes`` only if nobody changed the record since it was read."""
    updated = await AchievementRecord.filter(id=row.id, version=row.version, status__in=list(allowed)).update(
        version=row.version + 1, updated_at=_now(), **changes)
    if not updated:
        raise refuse("CONFLICT", "该业绩刚被修改或审核，请刷新后重试", "recordId")
    return await AchievementRecord.get(id=row.id)


async def touch_editable(row: AchievementRecord) -> AchievementRecord:
    """Claims an editable record for a change of its attachments (bumps the version)."""
    require_editable(row)
    return await _transition(row, EDITABLE)


async def create_record(person_id: int, category: AchievementCategory, raw: dict,
                        path: tuple[str, ...] = ()) -> AchievementRecord:
    """A new DRAFT. Needs no approved binding: a person may fill the library before joining a unit."""
    valid = validate(category, raw, path)
    row = await AchievementRecord.create(person_id=person_id, category=category, title=valid.title,
                                         data=valid.data, work_unit=valid.work_unit)
    await history.record(HISTORY_SUBJECT, row.id, "CREATED", actor_id=await _account(person_id))
    return row


async def update_record(person_id: int, record_id: int, category: AchievementCategory, raw: dict,
                        path: tuple[str, ...] = ()) -> AchievementRecord:
    row = await own_record(person_id, record_id)
    if row.category != category:
        raise refuse("CATEGORY_MISMATCH", "业绩类别不能修改，请填写与原记录相同类别的内容", *path)
    require_editable(row)
    valid = validate(category, raw, path)
    work_unit = valid.work_unit if SPECS[category].work_unit_key else row.work_unit
    return await _transition(row, EDITABLE, title=valid.title, data=valid.data, work_unit=work_unit)


async def delete_record(person_id: int, record_id: int) -> AchievementRecord:
    """Deletes an editable record and its attachment rows; the files go with the orphan sweep."""
    row = await own_record(person_id, record_id)
    require_editable(row)
    if await locked_record_ids([row.id]):
        raise refuse("RECORD_LOCKED", "该业绩已被已提交的职称申报引用，不能删除", "recordId")
    await _transition(row, EDITABLE)  # wins against a concurrent edit or submission
    await AchievementAttachment.filter(record_id=row.id).delete()
    await AchievementRecord.filter(id=row.id).delete()
    await history.record(HISTORY_SUBJECT, row.id, "DELETED", actor_id=await _account(person_id))
    return row


async def submit_record(person_id: int, record_id: int) -> AchievementRecord:
    """Sends the record to the unit that approved the person's binding (提交审核)."""
    row = await own_record(person_id, record_id)
    require_editable(row)
    person = await Person.get(id=person_id)
    await require_approved_binding(person)
    from models.achievement.attachments import limits_for  # the attachment rules import this module

    limits = limits_for(AchievementCategory(row.category))
    if limits.min_count and await AchievementAttachment.filter(record_id=row.id).count() < limits.min_count:
        raise refuse("ATTACHMENT_REQUIRED", f"请至少上传{limits.min_count}个佐证材料后再提交", "recordId")
    unit = await Unit.get(id=person.current_unit_id)
    work_unit = row.work_unit if SPECS[AchievementCategory(row.category)].work_unit_key else unit.name[:100]
    row = await _transition(row, EDITABLE, status=RecordStatus.PENDING, unit_id=unit.id, work_unit=work_unit,
                            submitted_at=_now(), decided_at=None, decided_by_id=None, opinion="")
    await history.record(HISTORY_SUBJECT, row.id, "SUBMITTED", actor_id=person.account_id, unit_id=unit.id)
    await open_record_task(row)
    return row


async def withdraw_record(person_id: int, record_id: int) -> AchievementRecord:
    """撤回: a pending or approved record becomes editable again, unless an application holds it."""
    row = await own_record(person_id, record_id)
    if row.status not in WITHDRAWABLE:
        raise refuse("NOT_WITHDRAWABLE", "只有审核中或已通过的业绩可以撤回", "recordId")
    if await locked_record_ids([row.id]):
        raise refuse("RECORD_LOCKED", "该业绩已被已提交的职称申报引用，请先在申报中移除后再撤回", "recordId")
    row = await _transition(row, WITHDRAWABLE, status=RecordStatus.WITHDRAWN)
    await cancel_record_tasks(row.id)
    await history.record(HISTORY_SUBJECT, row.id, "WITHDRAWN", actor_id=await _account(person_id),
                         unit_id=row.unit_id)
    return row


async def _account(person_id: int) -> int:
    return (await Person.filter(id=person_id).values_list("account_id", flat=True))[0]


# ----------------------------------------------------------------- the unit's review


async def decide_records(viewer, record_ids: list[int], decision: ReviewDecision, opinion: str, *,
                         from_task: bool = False) -> list[AchievementRecord]:
    """PASS or RETURN pending records of the viewer's unit: all are decided or none is. The persons are told by
    one notice job per call, created here (inside the caller's ``atomic()``) whichever entry point decides.

    ``from_task``: the task engine is deciding the record's task and has written the decision's history row."""
    opinion = opinion.strip()
    errors = Collector()
    if not record_ids:
        errors.add("REQUIRED", "请选择要审核的业绩", "recordIds")
    if len(record_ids) > MAX_BATCH:
        errors.add("TOO_MANY", f"一次最多审核{MAX_BATCH}条", "recordIds")
    if decision == ReviewDecision.RETURN:
        errors.require(opinion or None, "opinion", "退回意见")
    errors.max_length(opinion, "opinion", "审核意见", OPINION_MAX)
    errors.raise_if_any()
    opinion = opinion or DEFAULT_PASS_OPINION
    # Locked in id order, so batches listing the same records in another order queue up instead of deadlocking.
    rows = {r.id: r for r in await AchievementRecord.filter(id__in=record_ids).order_by("id").select_for_update()}
    problems: list[Problem] = []
    for index, record_id in enumerate(record_ids):
        row = rows.get(record_id)
        if row is None:
            problems.append(Problem("NOT_FOUND", "业绩记录不存在", ("recordIds", str(index))))
        elif not (viewer.is_platform_admin or (row.unit_id is not None and viewer.administers(row.unit_id))):
            raise Forbidden("只能审核提交给本单位的业绩")
        elif row.status != RecordStatus.PENDING:
            problems.append(Problem("NOT_PENDING", "该业绩不在审核中（可能已被处理或撤回）", ("recordIds", str(index))))
    if problems:
        raise Refused(*problems)
    status = RecordStatus.APPROVED if decision == ReviewDecision.PASS else RecordStatus.RETURNED
    decided_at = _now()
    for record_id in sorted(rows):
        row = rows[record_id]
        await _transition(row, (RecordStatus.PENDING,), status=status, opinion=opinion, decided_at=decided_at,
                          decided_by_id=viewer.account_id)
        if not from_task:
            await history.record(HISTORY_SUBJECT, row.id, decision.value, actor_id=viewer.account_id,
                                 unit_id=row.unit_id, opinion=opinion)
    await complete_record_tasks(sorted(rows), decision.value, opinion, viewer.account_id)
    decided = list(await AchievementRecord.filter(id__in=list(rows)).order_by("id"))
    await create_job(JobKind.ACHIEVEMENT_DECISION_NOTICE, {"record_ids": [r.id for r in decided],
                                                           "decision": decision.value, "opinion": decided[0].opinion},
                     viewer.account_id)
    return decided


# ----------------------------------------------------------------- opinion templates


async def create_template(viewer, text: str, public: bool) -> OpinionTemplate:
    viewer.require_account()
    if public and not viewer.is_platform_admin:
        raise Forbidden("只有平台管理员可以添加公共意见")
    if not public and not (viewer.admin_units or viewer.is_platform_admin):
        raise Forbidden("只有单位管理员可以添加审核意见模板")
    text = text.strip()
    errors = Collector()
    errors.require(text or None, "text", "意见内容")
    errors.max_length(text, "text", "意见内容", OPINION_MAX)  # a template becomes an opinion
    errors.raise_if_any()
    if await OpinionTemplate.filter(owner_id=None if public else viewer.account_id, text=text).exists():
        raise refuse("DUPLICATE", "已有相同的意见", "text")
    return await OpinionTemplate.create(owner_id=None if public else viewer.account_id, text=text)


async def delete_template(viewer, template_id: int) -> OpinionTemplate:
    viewer.require_account()
    row = await OpinionTemplate.get_or_none(id=template_id)
    if row is None:
        raise refuse("NOT_FOUND", "意见模板不存在", "templateId")
    if row.owner_id is None and not viewer.is_platform_admin:
        raise Forbidden("只有平台管理员可以删除公共意见")
    if row.owner_id is not None and row.owner_id != viewer.account_id:
        raise Forbidden("只能删除自己的意见模板")
    await OpinionTemplate.filter(id=row.id).delete()
    return row


# ----------------------------------------------------------------- statistics


async def _grouped(qs) -> list[dict]:
    return await qs.annotate(n=Count("id")).group_by("category", "status").values("category", "status", "n")


async def person_statistics(person_id: int) -> dict:
    """我的业绩库数据统计: total, per status and per category (every category listed, zeros included)."""
    by_status = {s: 0 for s in RecordStatus}
    by_category = {c: 0 for c in AchievementCategory}
    for row in await _grouped(AchievementRecord.filter(person_id=person_id)):
        by_status[RecordStatus(row["status"])] += row["n"]
        by_category[AchievementCategory(row["category"])] += row["n"]
    return {"total": sum(by_status.values()), "by_status": by_status, "by_category": by_category}


async def unit_counts(unit_id: int, category: AchievementCategory | None = None) -> dict[AchievementCategory, dict]:
    """Records submitted to the unit, per category and status (drafts never reach a unit)."""
    qs = AchievementRecord.filter(unit_id=unit_id).exclude(status=RecordStatus.DRAFT)
    if category is not None:
        qs = qs.filter(category=category)
    counts = {c: {s: 0 for s in RecordStatus} for c in AchievementCategory}
    for row in await _grouped(qs):
        counts[AchievementCategory(row["category"])][RecordStatus(row["status"])] += row["n"]
    return counts
