"""The application's forms: personal info (with series-specific professional info) and the
exceptional-promotion (破格) / transfer (转评) form [001 §4.4.1, 002 §2.2.1.1.2 13–14]."""
from __future__ import annotations

from datetime import date
from typing import Any

from models.core.errors import Collector

TEACHER_SERIES = ("SCHOOL_TEACHER", "VOCATIONAL_SCHOOL_TEACHER", "TECHNICAL_SCHOOL_TEACHER")
HEALTH_SERIES = ("HEALTH",)

COMMON_TEXT = {"former_name": ("曾用名", 50), "birthplace": ("出生地", 50), "salary_grade": ("工资级别", 30),
               "party_post": ("党政职务", 50), "academic_posts": ("参加学术团体任何职务", 200),
               "health_status": ("身体状况", 20)}
TEACHER_TEXT = {"teacher_category": ("教师类别", 30), "staffing_type": ("编制类型", 30),
                "qualification": ("教师资格", 60), "grade_taught": ("任教学段/年级", 30)}
HEALTH_TEXT = {"practice_category": ("执业类别", 30), "practice_scope": ("执业范围", 60),
               "practice_certificate_number": ("执业证书编号", 40),
               "qualification_certificate_number": ("资格证书编号", 40)}
SPECIAL_TEXT = {"reason": ("申请理由", 2000), "achievements_summary": ("主要业绩", 4000),
                "original_series": ("原系列", 50), "original_title": ("原职称", 50)}


def working_years(work_start: date, on: date | None = None) -> int:
    on = on or date.today()
    years = on.year - work_start.year - ((on.month, on.day) < (work_start.month, work_start.day))
    return max(years, 0)


def input_name(key: str) -> str:
    """The input field's name as clients send it: teaching_since → teachingSince."""
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def _texts(errors: Collector, data: dict[str, Any], spec: dict, prefix: str) -> dict[str, str]:
    out = {}
    for key, (label, limit) in spec.items():
        value = data.get(key)
        if value is None:
            continue
        value = str(value).strip()
        if len(value) > limit:
            errors.add("TOO_LONG", f"{label}不能超过{limit}个字符", *([prefix] if prefix else []), input_name(key))
        out[key] = value
    return out


def clean_personal_info(errors: Collector, data: dict[str, Any], series_code: str, work_start: date) -> dict:
    """Validates and normalises; professional years are clamped to working years (never more)."""
    info: dict[str, Any] = _texts(errors, data, COMMON_TEXT, "")
    worked = working_years(work_start)
    info["working_years"] = worked
    years = data.get("professional_years")
    if years is not None:
        if years < 0:
            errors.add("INVALID", "专业年限不能为负数", "professionalYears")
        info["professional_years"] = min(max(years, 0), worked)
    teacher, health = data.get("teacher"), data.get("health")
    if teacher is not None:
        if series_code not in TEACHER_SERIES:
            errors.add("INVALID", "只有教师系列填写教师信息", "teacher")
        t = _texts(errors, teacher, TEACHER_TEXT, "teacher")
        for key, label in (("teaching_years", "教龄"), ("rural_teaching_years", "农村任教年限")):
            value = teacher.get(key)
            if value is not None:
                if value < 0:
                    errors.add("INVALID", f"{label}不能为负数", "teacher", input_name(key))
                t[key] = min(max(value, 0), worked)
        if t.get("rural_teaching_years", 0) > t.get("teaching_years", worked):
            errors.add("INVALID", "农村任教年限不能超过教龄", "teacher", "ruralTeachingYears")
        since = teacher.get("teaching_since")
        if since is not None:
            if since < work_start or since > date.today():
                errors.add("INVALID_DATE", "任教起始时间须在参加工作之后且不晚于今天", "teacher", "teachingSince")
            t["teaching_since"] = since.isoformat()
        info["teacher"] = t
    if health is not None:
        if series_code not in HEALTH_SERIES:
            errors.add("INVALID", "只有卫生系列填写执业信息", "health")
        info["health"] = _texts(errors, health, HEALTH_TEXT, "health")
    return info


def clean_special_form(errors: Collector, data: dict[str, Any], declaration_type: str) -> dict:
    if declaration_type == "REGULAR":
        errors.add("NOT_APPLICABLE", "常规申报无需填写破格或转评表", "specialForm")
        return {}
    form = _texts(errors, data, SPECIAL_TEXT, "")
    return form


def special_form_problems(declaration_type: str, form: dict) -> list[str]:
    """What an exceptional or transfer form still lacks (checked before submission)."""
    missing = []
    if declaration_type in ("EXCEPTIONAL", "TRANSFER") and not form.get("reason"):
        missing.append("申请理由")
    if declaration_type == "EXCEPTIONAL" and not form.get("achievements_summary"):
        missing.append("主要业绩")
    if declaration_type == "TRANSFER" and not (form.get("original_series") and form.get("original_title")):
        missing.append("原系列和原职称")
    return missing
