"""开始检测: every rule a submission must pass, each with pass/fail and a message.

``applicationCheck`` shows the list; ``applicationSubmit`` runs the same function in its
transaction and refuses while any rule fails.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models.achievement.models import CATEGORY_LABELS, AchievementCategory
from models.application.models import Application, ApplicationAttachment, ApplicationRecord
from models.application.forms import special_form_problems
from models.blacklist.rules import active_blacklisting
from models.person.models import Person
from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot
from models.plan.rules import is_open


@dataclass
class CheckResult:
    rule: str
    passed: bool
    message: str
    field: str | None = None


async def check_application(app: Application, *, plan: Plan | None = None,
                            person: Person | None = None) -> list[CheckResult]:
    """``plan`` and ``person``: the application's, when the caller has loaded them already."""
    plan = plan or await Plan.get(id=app.plan_id)
    person = person or await Person.get(id=app.person_id)
    out: list[CheckResult] = []

    def add(rule: str, ok: bool, good: str, bad: str, field: str | None = None) -> None:
        out.append(CheckResult(rule, ok, good if ok else bad, field))

    add("PLAN_OPEN", is_open(plan), "计划在申报时间内", "该评审计划不在申报时间内，不能提交", "planId")
    add("BINDING_APPROVED", person.current_unit_id is not None, "所在单位已审核通过",
        "所在单位尚未审核通过您的注册")
    add("NOT_BLACKLISTED", await active_blacklisting(person.id) is None, "未列入黑名单", "您在黑名单期限内")
    add("PHOTO", person.photo_id is not None, "已上传照片", "请先在个人中心上传照片", "photo")
    info = app.personal_info or {}
    add("PERSONAL_INFO", "professional_years" in info, "个人信息已填写", "请填写个人信息（专业年限等）",
        "personalInfo")
    missing = special_form_problems(app.declaration_type, app.special_form or {})
    label = "破格申报表" if app.declaration_type == "EXCEPTIONAL" else "转评申报表"
    add("SPECIAL_FORM", not missing, "申报表已填写" if app.declaration_type != "REGULAR" else "常规申报",
        f"请填写{label}：{'、'.join(missing)}", "specialForm")

    records = await ApplicationRecord.filter(application_id=app.id)
    educations = [r for r in records if r.category == AchievementCategory.EDUCATION.value]
    qualifying = [r for r in educations if r.is_qualifying_education]
    add("QUALIFYING_EDUCATION", len(qualifying) == 1, "已标记合格学历",
        "请导入教育经历并标记一条合格学历" if not educations else "请在教育经历中标记一条合格学历",
        "records")
    counts = Counter(r.category for r in records)
    for rule in await PlanAchievementRule.filter(plan_id=plan.id, level=app.level):
        n = counts.get(rule.category, 0)
        name = CATEGORY_LABELS.get(AchievementCategory(rule.category), rule.category)
        ok = rule.min_count <= n <= rule.max_count
        bad = (f"{name}至少需要{rule.min_count}条，当前{n}条" if n < rule.min_count
               else f"{name}最多{rule.max_count}条，当前{n}条")
        add(f"ACHIEVEMENT_{rule.category}", ok, f"{name}{n}条，符合要求", bad, "records")

    attached = Counter(await ApplicationAttachment.filter(application_id=app.id).values_list("slot_id", flat=True))
    for slot in await PlanAttachmentSlot.filter(plan_id=plan.id).order_by("sort", "id"):
        n = attached.get(slot.id, 0)
        if slot.required and n == 0:
            add(f"ATTACHMENT_{slot.id}", False, "", f"请上传附件：{slot.name}", "attachments")
        elif n > slot.max_count:
            add(f"ATTACHMENT_{slot.id}", False, "", f"附件“{slot.name}”最多{slot.max_count}个", "attachments")
        elif slot.required:
            add(f"ATTACHMENT_{slot.id}", True, f"已上传附件：{slot.name}", "", "attachments")
    return out
