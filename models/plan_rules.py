"""Plan services (评审计划): draft, edit, publish, close — and who may do it.

Organizer admins (admins of a unit that is an organizer of the plan's committee) and platform
admins manage plans. A plan is DRAFT → PUBLISHED → CLOSED; transitions are conditional updates
on ``version`` (a lost race answers CONFLICT). Publishing sends the batch notification job
(models/plan_notice.py).

Times: clients send ISO 8601 date-times with an offset; a time without one is read as
Asia/Shanghai (北京时间), the zone every deadline in the manuals is given in. Everything is
stored in UTC.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from models.access import Viewer
from models.achievement import AchievementCategory
from models.catalogue import Specialty
from models.committee import Committee, CommitteeOrganizer, CommitteeStatus
from models.errors import Collector, Forbidden, refuse
from models.job import Job, JobKind
from models.plan import (DeclarationType, Plan, PlanAchievementRule, PlanAttachmentSlot, PlanFile, PlanSpecialty,
                         PlanStatus,
                         PlanType)
from models.transaction import create_job
from models.validators import is_landline, is_mobile

SHANGHAI = ZoneInfo("Asia/Shanghai")
ATTACHMENT_TYPES = {
    "PDF": "application/pdf",
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "BMP": "image/bmp",
    "DOC": "application/msword",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLS": "application/vnd.ms-excel",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MIME_TO_TYPE = {v: k for k, v in ATTACHMENT_TYPES.items()}
DEADLINES = (("personal_first_submit_deadline", "personalFirstSubmitDeadline", "个人初次提交截止时间"),
             ("personal_modify_deadline", "personalModifyDeadline", "个人修改提交截止时间"),
             ("unit_submit_deadline", "unitSubmitDeadline", "各单位提交截止时间"))
TEXTS = (("name", "name", "计划名称", 150, True), ("office", "office", "办事机构", 100, False),
         ("contact_name", "contactName", "联系人", 50, False), ("contact_phone", "contactPhone", "联系电话", 20, False),
         ("address", "address", "联系地址", 200, False), ("scope_text", "scopeText", "评审范围对象", 5000, False),
         ("content", "content", "计划内容", 20000, False))
COLUMNS = ("name", "year", "plan_type", "levels", "declaration_types", "office", "contact_name", "contact_phone",
           "address", "opens_at", "closes_at", "personal_first_submit_deadline", "personal_modify_deadline",
           "unit_submit_deadline", "scope_text", "content", "has_interview", "requires_recommendation",
           "exam_specialty_ids")
TEXT_COLUMNS = ("office", "contact_name", "contact_phone", "address", "scope_text", "content")


def now() -> datetime:
    return datetime.now(timezone.utc)


def to_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(timezone.utc)


def is_open(plan: Plan, at: datetime | None = None) -> bool:
    at = at or now()
    return plan.status == PlanStatus.PUBLISHED and plan.opens_at <= at < plan.closes_at


# ---------------------------------------------------------------- who may


async def organizer_ids(committee_id: int) -> list[int]:
    return list(await CommitteeOrganizer.filter(committee_id=committee_id).values_list("unit_id", flat=True))


async def require_edits_plan(viewer: Viewer, plan: Plan) -> None:
    viewer.require_account()
    if viewer.is_platform_admin or viewer.administers(plan.organizer_id):
        return
    if any(viewer.administers(u) for u in await organizer_ids(plan.committee_id)):
        return
    raise Forbidden("只有评委会组建单位的管理员可以管理评审计划")


async def may_view_draft(viewer: Viewer, plan: Plan) -> bool:
    """Drafts: the committee's organizer admins and committee admins, the HR bureaus above the
    managing bureau, and platform admins."""
    if not viewer.authenticated:
        return False
    if viewer.is_platform_admin or viewer.administers(plan.organizer_id):
        return True
    if any(viewer.administers(u) for u in await organizer_ids(plan.committee_id)):
        return True
    from models.committee_rules import committee_admin_ids, may_manage
    from models.unit import Unit

    if viewer.account_id in await committee_admin_ids(plan.committee_id):
        return True
    committee = await Committee.get(id=plan.committee_id)
    unit = await Unit.get(id=committee.managing_unit_id)
    return may_manage(viewer, unit.region_id)


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


# ---------------------------------------------------------------- validation


def _check_slots(errors: Collector, slots: list[dict], own_ids: set[int]) -> None:
    if len(slots) > 30:
        errors.add("TOO_MANY", "附件项最多30个", "attachmentSlots")
    names: set[str] = set()
    for i, slot in enumerate(slots):
        at = ("attachmentSlots", str(i))
        name = (slot.get("name") or "").strip()
        if not name:
            errors.add("REQUIRED", "请填写附件名称", *at, "name")
        elif len(name) > 60:
            errors.add("TOO_LONG", "附件名称不能超过60个字符", *at, "name")
        elif name in names:
            errors.add("DUPLICATE", "附件名称重复", *at, "name")
        names.add(name)
        if len(slot.get("description") or "") > 300:
            errors.add("TOO_LONG", "附件说明不能超过300个字符", *at, "description")
        types = slot.get("allowed_types") or []
        if not types:
            errors.add("REQUIRED", "请选择允许的文件类型", *at, "allowedTypes")
        elif any(t not in ATTACHMENT_TYPES for t in types):
            errors.add("INVALID", "文件类型须为 pdf/jpeg/png/bmp/doc/docx/xls/xlsx", *at, "allowedTypes")
        if not 1 <= (slot.get("max_size_mb") or 0) <= 50:
            errors.add("OUT_OF_RANGE", "单个文件大小上限须在1到50MB之间", *at, "maxSizeMb")
        if not 1 <= (slot.get("max_count") or 0) <= 20:
            errors.add("OUT_OF_RANGE", "文件数量上限须在1到20之间", *at, "maxCount")
        if slot.get("id") is not None and slot["id"] not in own_ids:
            errors.add("NOT_FOUND", "附件项不存在或不属于本计划", *at, "id")


def _check_rules(errors: Collector, rules: list[dict], levels: list[str], given: bool) -> None:
    seen: set[tuple[str, str]] = set()
    for i, rule in enumerate(rules):
        at = ("achievementRules", str(i))
        if rule["level"] not in levels:
            if given:
                errors.add("LEVEL_NOT_IN_PLAN", "业绩要求的级别须为本计划的评审级别", *at, "level")
            else:
                errors.add("LEVEL_NOT_IN_PLAN", "已配置业绩要求的级别不能从计划中移除，请同时修改业绩要求", "levels")
        if rule["category"] not in {c.value for c in AchievementCategory}:
            errors.add("INVALID", "业绩类别不正确", *at, "category")
        low, high = rule.get("min_count", 0), rule.get("max_count", 0)
        if not (0 <= low <= 50 and 0 <= high <= 50):
            errors.add("OUT_OF_RANGE", "业绩数量须在0到50之间", *at, "minCount" if not 0 <= low <= 50 else "maxCount")
        elif low > high:
            errors.add("MIN_EXCEEDS_MAX", "最少数量不能大于最多数量", *at, "minCount")
        key = (rule["level"], rule["category"])
        if key in seen:
            errors.add("DUPLICATE", "同一级别的业绩类别重复", *at, "category")
        seen.add(key)


def _check_state(errors: Collector, s: dict[str, Any], committee: Committee) -> None:
    """Every rule over the plan as it would be after the change."""
    for name, field, label, limit, required in TEXTS:
        value = s.get(name)
        if required and not errors.require(value, field, label):
            continue
        errors.max_length(value, field, label, limit)
    if s.get("contact_phone") and not (is_mobile(s["contact_phone"]) or is_landline(s["contact_phone"])):
        errors.add("INVALID_PHONE", "联系电话格式不正确（手机号或固定电话）", "contactPhone")
    this_year = now().astimezone(SHANGHAI).year
    if s.get("year") is None:
        errors.add("REQUIRED", "请填写计划年度", "year")
    elif not 2000 <= s["year"] <= this_year + 1:
        errors.add("PLAN_YEAR_INVALID", f"计划年度须在2000年到{this_year + 1}年之间", "year")
    if s.get("plan_type") not in {t.value for t in PlanType}:
        errors.add("REQUIRED", "请选择计划类型", "planType")
    levels = s.get("levels") or []
    if not levels:
        errors.add("REQUIRED", "请选择评审级别", "levels")
    for i, level in enumerate(levels):
        if level not in committee.levels:
            errors.add("LEVEL_NOT_IN_COMMITTEE", "评审级别须在评委会的评审级别之内", "levels", str(i))
    types = s.get("declaration_types") or []
    if not types:
        errors.add("REQUIRED", "请选择申报类型", "declarationTypes")
    elif any(t not in {d.value for d in DeclarationType} for t in types):
        errors.add("INVALID", "申报类型不正确", "declarationTypes")
    opens, closes = s.get("opens_at"), s.get("closes_at")
    if opens is None:
        errors.add("REQUIRED", "请填写申报开始时间", "opensAt")
    if closes is None:
        errors.add("REQUIRED", "请填写申报截止时间", "closesAt")
    if opens is not None and closes is not None:
        if closes <= opens:
            errors.add("PLAN_WINDOW_INVALID", "申报截止时间须晚于开始时间", "closesAt")
        previous = None
        for name, field, label in DEADLINES:
            value = s.get(name)
            if value is None:
                continue
            if not opens <= value <= closes:
                errors.add("PLAN_DEADLINE_INVALID", f"{label}须在申报起止时间之内", field)
            elif previous is not None and value < previous[0]:
                errors.add("PLAN_DEADLINE_INVALID", f"{label}不能早于{previous[1]}", field)
            previous = (value, label)
    exam = s.get("exam_specialty_ids") or []
    specialties = set(s.get("specialty_ids") or [])
    for i, sid in enumerate(exam):
        if sid not in specialties:
            errors.add("INVALID", "需笔试的专业须为本计划的可评审专业", "examSpecialtyIds", str(i))
    _check_slots(errors, s.get("attachment_slots") or [], s.get("_own_slot_ids", set()))
    _check_rules(errors, s.get("achievement_rules") or [], levels, s.get("_rules_given", True))


async def _check_specialties(errors: Collector, ids: list[int], series_id: int) -> None:
    rows = {r.id: r for r in await Specialty.filter(id__in=list(set(ids)))}
    for i, sid in enumerate(ids):
        row = rows.get(sid)
        if row is None or not row.is_active:
            errors.add("NOT_FOUND", "专业不存在或已停用", "specialtyIds", str(i))
        elif row.series_id != series_id:
            errors.add("SPECIALTY_NOT_IN_SERIES", f"专业“{row.name}”不属于评委会的评审系列", "specialtyIds", str(i))
    if len(ids) != len(set(ids)):
        errors.add("DUPLICATE", "专业重复", "specialtyIds")


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
    _check_state(errors, state, committee)
    if specialties_changed:
        await _check_specialties(errors, state.get("specialty_ids") or [], committee.series_id)
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
        raise refuse("TOO_MANY", f"每个评审计划最多{MAX_PLAN_FILES}个附件", "file")


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
