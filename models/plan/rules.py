"""Plan services (评审计划): draft, edit, publish, close.

Organizer admins (admins of a unit that is an organizer of the plan's committee) and platform
admins manage plans (models/access/plan.py). A plan is DRAFT → PUBLISHED → CLOSED; transitions
are conditional updates on ``version`` (a lost race answers CONFLICT). Publishing sends the batch
notification job (models/plan_notice.py).

Times: clients send ISO 8601 date-times with an offset; a time without one is read as
Asia/Shanghai (北京时间), the zone every deadline in the manuals is given in. Everything is
stored in UTC.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from models.access.plan import organizer_ids, require_edits_plan
from models.access.viewer import Viewer
from models.committee.models import Committee, CommitteeStatus
from models.core.errors import Collector, Forbidden, refuse
from models.core.job import Job, JobKind
from models.plan.models import (Plan, PlanAchievementRule, PlanAttachmentSlot, PlanFile, PlanSpecialty,
                         PlanStatus,
                         PlanType)
from models.core.transaction import create_job
from models.plan.validation import (ATTACHMENT_TYPES, DEADLINES, MIME_TO_TYPE, SHANGHAI, TEXTS,  # noqa: F401
                                    check_rules, check_slots, check_specialties, check_state, now)

COLUMNS = ("name", "year", "plan_type", "levels", "declaration_types", "office", "contact_name", "contact_phone",
           "address", "opens_at", "closes_at", "personal_first_submit_deadline", "personal_modify_deadline",
           "unit_submit_deadline", "scope_text", "content", "has_interview", "requires_recommendation",
           "exam_specialty_ids")
TEXT_COLUMNS = ("office", "contact_name", "contact_phone", "address", "scope_text", "content")


def to_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(timezone.utc)


def is_open(plan: Plan, at: datetime | None = None) -> bool:
    at = at or now()
    return plan.status == PlanStatus.PUBLISHED and plan.opens_at <= at < plan.closes_at


async def _organizer_for(viewer: Viewer, committee: Committee, unit_id: int | None) -> int:
    organizers = await organizer_ids(committee.id)
    if unit_id is not None:
        if not (viewer.is_platform_admin or viewer.administers(unit_id)):
            raise Forbidden("只能以您管理的组建单位发布评审计划")
        if unit_id not in organizers:
            raise refuse("NOT_ORGANIZER", "该单位不是此评委会的组建单位", "organizerUnitId")
        return unit_id
    mine = [u for u in organizers if viewer.administers(u)] or (organizers if viewer.is_platform_admin else [])
    if not mine:
        if viewer.is_platform_admin:
            raise refuse("NOT_ORGANIZER", "该评委会尚未设置组建单位", "committeeId")
        raise Forbidden("只有评委会组建单位的管理员可以发布评审计划")
    if len(mine) > 1:
        raise refuse("REQUIRED", "请选择以哪个组建单位发布", "organizerUnitId")
    return mine[0]


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for name in ("opens_at", "closes_at") + tuple(d[0] for d in DEADLINES):
        if name in out:
            out[name] = to_utc(out[name])
    for name in TEXT_COLUMNS:
        if name in out and out[name] is None:
            out[name] = ""
    for name in ("has_interview", "requires_recommendation"):
        if name in out and out[name] is None:
            del out[name]  # a null flag leaves it as it is
    return out


async def _current_state(plan: Plan) -> dict[str, Any]:
    state = {c: getattr(plan, c) for c in COLUMNS}
    state["specialty_ids"] = list(await PlanSpecialty.filter(plan_id=plan.id).values_list("specialty_id", flat=True))
    state["attachment_slots"] = [
        {"id": r.id, "name": r.name, "description": r.description, "required": r.required,
         "allowed_types": [MIME_TO_TYPE.get(t, t) for t in r.allowed_types], "max_size_mb": r.max_size_mb,
         "max_count": r.max_count} for r in await PlanAttachmentSlot.filter(plan_id=plan.id).order_by("sort", "id")]
    state["achievement_rules"] = [
        {"level": r.level, "category": r.category, "min_count": r.min_count, "max_count": r.max_count}
        for r in await PlanAchievementRule.filter(plan_id=plan.id).order_by("id")]
    state["_own_slot_ids"] = {s["id"] for s in state["attachment_slots"]}
    return state


async def _validate(state: dict[str, Any], committee: Committee, specialties_changed: bool) -> None:
    errors = Collector()
    if committee.status != CommitteeStatus.ACTIVE:
        errors.add("COMMITTEE_NOT_ACTIVE", "评委会已注销，不能发布或修改评审计划", "committeeId")
    check_state(errors, state, committee)
    if specialties_changed:
        await check_specialties(errors, state.get("specialty_ids") or [], committee.series_id)
    errors.raise_if_any()


async def _write_children(plan_id: int, data: dict[str, Any]) -> None:
    if "specialty_ids" in data:
        await PlanSpecialty.filter(plan_id=plan_id).delete()
        await PlanSpecialty.bulk_create([PlanSpecialty(plan_id=plan_id, specialty_id=s)
                                         for s in dict.fromkeys(data["specialty_ids"])])
    if "attachment_slots" in data:
        keep = [s["id"] for s in data["attachment_slots"] if s.get("id") is not None]
        await PlanAttachmentSlot.filter(plan_id=plan_id).exclude(id__in=keep).delete()
        for sort, slot in enumerate(data["attachment_slots"]):
            values = {"name": slot["name"].strip(), "description": (slot.get("description") or "").strip(),
                      "required": bool(slot.get("required")), "max_size_mb": slot["max_size_mb"],
                      "max_count": slot["max_count"], "sort": sort,
                      "allowed_types": [ATTACHMENT_TYPES[t] for t in dict.fromkeys(slot["allowed_types"])]}
            if slot.get("id") is not None:
                await PlanAttachmentSlot.filter(id=slot["id"], plan_id=plan_id).update(**values)
            else:
                await PlanAttachmentSlot.create(plan_id=plan_id, **values)
    if "achievement_rules" in data:
        await PlanAchievementRule.filter(plan_id=plan_id).delete()
        await PlanAchievementRule.bulk_create([PlanAchievementRule(plan_id=plan_id, **r)
                                               for r in data["achievement_rules"]])


# ---------------------------------------------------------------- services


async def create_plan(viewer: Viewer, data: dict[str, Any]) -> Plan:
    """A new DRAFT plan of ``data['committee_id']``."""
    viewer.require_account()
    if not data.get("committee_id"):  # every entry point, not only the GraphQL one, may leave it out
        raise refuse("REQUIRED", "请选择评委会", "committeeId")
    committee = await Committee.get_or_none(id=data["committee_id"])
    if committee is None:
        raise refuse("NOT_FOUND", "评委会不存在", "committeeId")
    organizer_id = await _organizer_for(viewer, committee, data.get("organizer_unit_id"))
    data = _normalise(data)
    state = {"plan_type": PlanType.NORMAL.value, "has_interview": False, "specialty_ids": [],
             "attachment_slots": [], "achievement_rules": [], "exam_specialty_ids": [], **data}
    await _validate(state, committee, specialties_changed=True)
    values = {c: ("" if state[c] is None and c in TEXT_COLUMNS else state[c]) for c in COLUMNS if c in state}
    values["name"] = state["name"].strip()
    plan = await Plan.create(**values, committee_id=committee.id, organizer_id=organizer_id)
    await _write_children(plan.id, state)
    return plan


async def update_plan(viewer: Viewer, plan: Plan, data: dict[str, Any]) -> Plan:
    """Partial update of a DRAFT or PUBLISHED plan; lists given replace the current ones (attachment
    slots sent with their ``id`` are kept and edited in place)."""
    await require_edits_plan(viewer, plan)
    if plan.status == PlanStatus.CLOSED:
        raise refuse("PLAN_CLOSED", "评审计划已关闭，不能修改")
    _check_version(plan, data.get("version"))
    committee = await Committee.get(id=plan.committee_id)
    data = _normalise({k: v for k, v in data.items() if k != "version"})
    state = {**await _current_state(plan), **data, "_rules_given": "achievement_rules" in data}
    await _validate(state, committee, specialties_changed="specialty_ids" in data)
    values = {c: data[c] for c in COLUMNS if c in data}
    if "name" in values:
        values["name"] = values["name"].strip()
    updated = await Plan.filter(id=plan.id, version=plan.version, status=plan.status).update(
        **values, version=plan.version + 1, updated_at=now())
    if not updated:
        raise refuse("CONFLICT", "评审计划已被他人修改，请刷新后重试")
    await _write_children(plan.id, data)
    return await Plan.get(id=plan.id)


def _check_version(plan: Plan, version: int | None) -> None:
    if version is not None and version != plan.version:
        raise refuse("CONFLICT", "评审计划已被他人修改，请刷新后重试", "version")


async def publish_plan(viewer: Viewer, plan: Plan, version: int | None = None) -> tuple[Plan, Job]:
    """DRAFT → PUBLISHED, then the notification job (sent once the transaction commits)."""
    await require_edits_plan(viewer, plan)
    _check_version(plan, version)
    if plan.status != PlanStatus.DRAFT:
        raise refuse("NOT_DRAFT", "只有草稿状态的评审计划可以发布")
    committee = await Committee.get(id=plan.committee_id)
    await _validate({**await _current_state(plan), "_rules_given": True}, committee, specialties_changed=False)
    if plan.closes_at <= now():
        raise refuse("PLAN_WINDOW_PAST", "申报截止时间已过，请先修改申报起止时间", "closesAt")
    updated = await Plan.filter(id=plan.id, status=PlanStatus.DRAFT, version=plan.version).update(
        status=PlanStatus.PUBLISHED, published_at=now(), version=plan.version + 1, updated_at=now())
    if not updated:
        raise refuse("CONFLICT", "评审计划已被他人修改或发布，请刷新后重试")
    job = await create_job(JobKind.PLAN_PUBLISHED_NOTICE, {"plan_id": plan.id}, viewer.account_id)
    return await Plan.get(id=plan.id), job


async def close_plan(viewer: Viewer, plan: Plan, version: int | None = None) -> Plan:
    """PUBLISHED → CLOSED: no more applications are taken."""
    await require_edits_plan(viewer, plan)
    _check_version(plan, version)
    if plan.status != PlanStatus.PUBLISHED:
        raise refuse("NOT_PUBLISHED", "只有已发布的评审计划可以关闭")
    updated = await Plan.filter(id=plan.id, status=PlanStatus.PUBLISHED, version=plan.version).update(
        status=PlanStatus.CLOSED, version=plan.version + 1, updated_at=now())
    if not updated:
        raise refuse("CONFLICT", "评审计划已被他人修改，请刷新后重试")
    return await Plan.get(id=plan.id)


# ---------------------------------------------------------------- downloadable files (相关附件)

MAX_PLAN_FILES = 20
PLAN_FILE_TYPES = tuple(ATTACHMENT_TYPES.values())
PLAN_FILE_MAX_BYTES = 20 * 1024 * 1024


async def check_plan_file_slot(viewer: Viewer, plan: Plan) -> None:
    """Before anything is stored: may the viewer attach another file to this plan?"""
    await require_edits_plan(viewer, plan)
    if plan.status == PlanStatus.CLOSED:
        raise refuse("PLAN_CLOSED", "评审计划已关闭，不能修改")
    if await PlanFile.filter(plan_id=plan.id).count() >= MAX_PLAN_FILES:
        raise refuse("TOO_MANY_FILES", f"每个评审计划最多{MAX_PLAN_FILES}个附件", "file")


async def add_plan_file(viewer: Viewer, plan: Plan, file_id: int) -> PlanFile:
    await check_plan_file_slot(viewer, plan)
    count = await PlanFile.filter(plan_id=plan.id).count()
    return await PlanFile.create(plan_id=plan.id, file_id=file_id, sort=count)


async def remove_plan_file(viewer: Viewer, plan: Plan, plan_file_id: int) -> None:
    await require_edits_plan(viewer, plan)
    if plan.status == PlanStatus.CLOSED:
        raise refuse("PLAN_CLOSED", "评审计划已关闭，不能修改")
    if not await PlanFile.filter(id=plan_file_id, plan_id=plan.id).delete():
        raise refuse("NOT_FOUND", "该附件不属于此评审计划", "planFileId")
