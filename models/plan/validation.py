"""What makes a plan valid: fields, deadlines inside the window, attachment slots, achievement rules,
specialties of the committee's series. Pure checks; models/plan/rules.py writes."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from models.achievement.models import AchievementCategory
from models.catalogue.models import Specialty
from models.committee.models import Committee
from models.core.errors import Collector
from models.plan.models import DeclarationType, PlanType
from models.core.validators import is_landline, is_mobile

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(timezone.utc)


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

def check_slots(errors: Collector, slots: list[dict], own_ids: set[int]) -> None:
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


def check_rules(errors: Collector, rules: list[dict], levels: list[str], given: bool) -> None:
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


def check_state(errors: Collector, s: dict[str, Any], committee: Committee) -> None:
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
    check_slots(errors, s.get("attachment_slots") or [], s.get("_own_slot_ids", set()))
    check_rules(errors, s.get("achievement_rules") or [], levels, s.get("_rules_given", True))


async def check_specialties(errors: Collector, ids: list[int], series_id: int) -> None:
    rows = {r.id: r for r in await Specialty.filter(id__in=list(set(ids)))}
    for i, sid in enumerate(ids):
        row = rows.get(sid)
        if row is None or not row.is_active:
            errors.add("NOT_FOUND", "专业不存在或已停用", "specialtyIds", str(i))
        elif row.series_id != series_id:
            errors.add("SPECIALTY_NOT_IN_SERIES", f"专业“{row.name}”不属于评委会的评审系列", "specialtyIds", str(i))
    if len(ids) != len(set(ids)):
        errors.add("DUPLICATE", "专业重复", "specialtyIds")
