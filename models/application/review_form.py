"""The review form's data (专业技术资格评审表): everything the template prints, read from the database.

Pure data and deterministic: rows in a fixed order, dates as YYYY-MM-DD (China time), Chinese
labels, and nothing that depends on when the form is rendered — the same application gives the
same context, hence the same file. Images are named, not embedded: ``images`` maps a name to the
sha256 of a stored file, and the worker turns each name into a picture (workers/review_form.py).

Context keys: the 申报情况 fields (name, gender, …, photo), ``personal_rows`` (label/value pairs),
``titles``, ``work``, ``education``, ``continuing`` (+ ``continuing_hours``), ``assessments``,
``achievement_groups`` (other categories by label), ``special`` (破格 / 转评, or None),
``attachments`` (names only), ``nodes`` (审核意见: label, unit, decision, opinion, date, seal),
``committee_result`` (评委会评审意见: members_present, votes_for, votes_against, votes_abstain, conclusion,
date, seal — blank to fill by hand until the organizer records a result) and ``no`` (the numbers of the
sections after 八, which depend on whether ``special`` is there).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from models.achievement.models import CATEGORY_LABELS, AchievementCategory
from models.achievement.fields import CATEGORY_ORDER, CHINA, SPECS, display
from models.application.models import (Application, ApplicationAttachment, ApplicationRecord, ApplicationStatus,
                                ApplicationTitle)
from models.application.forms import COMMON_TEXT, HEALTH_TEXT, SPECIAL_TEXT, TEACHER_TEXT
from models.catalogue.models import LEVEL_LABELS, EvaluationStandard, Level, Series, Specialty, TitleName
from models.committee.models import Committee
from models.core.file import StoredFile
from models.evaluation.models import EvaluationScheme, ParticipantResult, SchemeParticipant
from models.person.models import Person
from models.plan.models import Plan, PlanAttachmentSlot
from models.unit.models import NATURE_LABELS, Unit, UnitNature
from models.workflow.models import NODE_LABELS, NodeKind, ProcessType, Task, TaskStatus

ID_TYPE_LABELS = {"RESIDENT_ID": "居民身份证", "OFFICER_ID": "军官证", "PASSPORT": "护照",
                  "HK_MACAO_PERMIT": "港澳居民来往内地通行证", "TAIWAN_PERMIT": "台湾居民来往大陆通行证",
                  "FOREIGN_PERMANENT_RESIDENT": "外国人永久居留身份证"}
GENDER_LABELS = {"MALE": "男", "FEMALE": "女"}
POLITICAL_LABELS = {"CPC_MEMBER": "中共党员", "CPC_PROBATIONARY_MEMBER": "中共预备党员", "CYL_MEMBER": "共青团员",
                    "DEMOCRATIC_PARTY_MEMBER": "民主党派", "NON_PARTISAN": "无党派人士", "MASSES": "群众"}
EDUCATION_LABELS = {"DOCTORAL": "博士研究生", "MASTER": "硕士研究生", "BACHELOR": "大学本科", "JUNIOR_COLLEGE": "大学专科",
                    "SECONDARY_VOCATIONAL": "中专", "HIGH_SCHOOL": "高中", "JUNIOR_HIGH_OR_BELOW": "初中及以下"}
DEGREE_LABELS = {"DOCTOR": "博士", "MASTER": "硕士", "BACHELOR": "学士", "NONE": "无"}
DECLARATION_LABELS = {"REGULAR": "常规申请", "EXCEPTIONAL": "破格申请", "TRANSFER": "转评申请"}
MODE_LABELS = {"REVIEW": "评审", "INITIAL_DETERMINATION": "初定", "RECOGNITION": "认定", "COMMISSIONED_REVIEW": "委托评审"}
SPECIAL_HEADINGS = {"EXCEPTIONAL": "破格申报情况", "TRANSFER": "转评申报情况"}
DECISION_LABELS = {"PASS": "通过", "RETURN": "退回", "TERMINATE": "终止", "SUPPLEMENT": "退回补充"}
PENDING_LABEL = "待审核"
CONCLUSION_LABELS = {"PASSED": "通过", "FAILED": "不通过"}
BLANK_DATE = "　　　　年　　月　　日"  # for a hand-written date
VOTES = ("members_present", "votes_for", "votes_against", "votes_abstain")
BLANK_RESULT = {**dict.fromkeys(VOTES, ""), "conclusion": "", "date": BLANK_DATE, "seal": None}
NUMERALS = "一二三四五六七八九十"
# Categories with a section of their own; every other category is listed under 业绩情况.
OWN_SECTIONS = {AchievementCategory.WORK_EXPERIENCE, AchievementCategory.EDUCATION,
                AchievementCategory.CONTINUING_EDUCATION, AchievementCategory.ANNUAL_ASSESSMENT}
PHOTO = "photo"


@dataclass
class ReviewForm:
    context: dict[str, Any]
    images: dict[str, str] = field(default_factory=dict)  # image name → sha256 of the stored file
    file_name: str = ""


def _v(value: Any) -> str:
    """An enum member's value, or the stored string."""
    return value.value if isinstance(value, Enum) else str(value or "")


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 22 → 二十二 (1–99)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else NUMERALS[tens - 1] + "十") + (NUMERALS[ones - 1] if ones else "")


def day(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.astimezone(CHINA).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def period(start: Any, end: Any, open_end: str = "至今") -> str:
    if not start and not end:
        return ""
    if not end:
        return f"{day(start)} {open_end}".strip()
    return f"{day(start)} 至 {day(end)}"


def _fields(category: AchievementCategory, data: dict) -> dict[str, str]:
    """Every filled field of a record as the manuals print it, keyed by the stored key."""
    keys = {f.camel: f.key for f in SPECS[category].fields}
    try:
        return {keys[camel]: text for camel, _, text in display(category, data)}
    except (ValueError, KeyError):  # a snapshot older than today's choices: print what was stored
        return {k: str(v) for k, v in data.items() if v not in (None, "")}


def _details(category: AchievementCategory, data: dict) -> str:
    try:
        rows = display(category, data)
    except (ValueError, KeyError):
        rows = [(k, k, str(v)) for k, v in sorted(data.items()) if v not in (None, "")]
    return "；".join(f"{label}：{text}" for _, label, text in rows)


def _pairs(items: list[tuple[str, str]]) -> list[list[str]]:
    """label/value items two to a row."""
    if len(items) % 2:
        items = items + [("", "")]
    return [[a, av, b, bv] for (a, av), (b, bv) in zip(items[0::2], items[1::2])]


def _years(value: Any) -> str:
    return f"{value}年" if value not in (None, "") else ""


def personal_rows(person: Person, info: dict) -> list[list[str]]:
    items = [
        (COMMON_TEXT["former_name"][0], info.get("former_name", "")),
        (COMMON_TEXT["birthplace"][0], info.get("birthplace", "")),
        ("参加工作时间", day(person.work_start_date)),
        ("工作年限", _years(info.get("working_years"))),
        ("专业年限", _years(info.get("professional_years"))),
        ("最高学历", EDUCATION_LABELS.get(_v(person.highest_education), "")),
        ("学位", DEGREE_LABELS.get(_v(person.degree), "")),
        (COMMON_TEXT["salary_grade"][0], info.get("salary_grade", "")),
        (COMMON_TEXT["party_post"][0], info.get("party_post", "")),
        (COMMON_TEXT["health_status"][0], info.get("health_status", "")),
        (COMMON_TEXT["academic_posts"][0], info.get("academic_posts", "")),
        ("是否自由职业者", "是" if person.is_freelancer else "否"),
    ]
    teacher = info.get("teacher") or {}
    if teacher:
        items += [(label, teacher.get(key, "")) for key, (label, _) in TEACHER_TEXT.items()]
        items += [("任教起始时间", day(teacher.get("teaching_since"))), ("教龄", _years(teacher.get("teaching_years"))),
                  ("农村任教年限", _years(teacher.get("rural_teaching_years")))]
    health = info.get("health") or {}
    if health:
        items += [(label, health.get(key, "")) for key, (label, _) in HEALTH_TEXT.items()]
    return _pairs([(label, str(value or "")) for label, value in items])


def _sum_hours(rows: list[dict]) -> str:
    total = Decimal(0)
    for row in rows:
        try:
            total += Decimal(str(row["hours"] or 0))
        except InvalidOperation:
            continue
    return str(total.normalize()) if total else "0"


def record_sections(records: list[ApplicationRecord]) -> dict[str, Any]:
    by_category: dict[AchievementCategory, list[ApplicationRecord]] = {}
    for r in sorted(records, key=lambda r: (r.position, r.id)):
        by_category.setdefault(AchievementCategory(r.category), []).append(r)

    def rows(category: AchievementCategory) -> list[tuple[int, ApplicationRecord, dict[str, str]]]:
        return [(i, r, _fields(category, r.data or {}))
                for i, r in enumerate(by_category.get(category, []), start=1)]

    work = [{"no": i, "period": period(r.data.get("start_date"), r.data.get("end_date")),
             "work_unit": f.get("work_unit", r.title), "specialty": f.get("specialty", ""),
             "administrative_post": f.get("administrative_post", ""), "technical_post": f.get("technical_post", ""),
             "content": f.get("content", "")} for i, r, f in rows(AchievementCategory.WORK_EXPERIENCE)]
    education = [{"no": i, "period": period(r.data.get("start_date"), r.data.get("end_date"), ""),
                  "school": f.get("school", r.title), "major": f.get("major", ""),
                  "education": f.get("education", ""), "degree": f.get("degree", ""),
                  "qualifying": "√" if r.is_qualifying_education else ""}
                 for i, r, f in rows(AchievementCategory.EDUCATION)]
    continuing = [{"no": i, "name": f.get("name", r.title), "organizer": f.get("organizer", ""),
                   "period": period(r.data.get("start_date"), r.data.get("end_date"), ""),
                   "form": f.get("form", ""), "hours": f.get("hours", ""), "credits": f.get("credits", "")}
                  for i, r, f in rows(AchievementCategory.CONTINUING_EDUCATION)]
    assessments = [{"no": i, "year": f.get("year", ""), "result": f.get("result", ""),
                    "assessing_unit": f.get("assessing_unit", ""), "remarks": f.get("remarks", "")}
                   for i, r, f in rows(AchievementCategory.ANNUAL_ASSESSMENT)]
    groups = []
    for category in CATEGORY_ORDER:
        if category in OWN_SECTIONS or category not in by_category:
            continue
        groups.append({"no": numeral(len(groups) + 1),
                       "label": CATEGORY_LABELS[category],
                       "records": [{"no": i, "title": r.title, "details": _details(category, r.data or {})}
                                   for i, r in enumerate(by_category[category], start=1)]})
    return {"work": work, "education": education, "continuing": continuing,
            "continuing_hours": _sum_hours(continuing), "assessments": assessments, "achievement_groups": groups}


def special_section(app: Application) -> dict | None:
    form = app.special_form or {}
    if app.declaration_type not in SPECIAL_HEADINGS or not form:
        return None
    items = [(label, str(form.get(key) or "")) for key, (label, _) in SPECIAL_TEXT.items()]
    return {"heading": SPECIAL_HEADINGS[app.declaration_type], "rows": _pairs(items)}


async def review_nodes(app: Application, units: dict[int, Unit], images: dict[str, str],
                       seals: dict[int, StoredFile]) -> list[dict]:
    """审核意见: each decided node of the current round, then the nodes still to come (blank, for
    offline stamping). A node that passed carries its unit's seal when the unit has one."""
    tasks: list[Task] = []
    if app.submitted_at is not None:
        tasks = list(await Task.filter(process_type=ProcessType.APPLICATION, subject_id=app.id,
                                       created_at__gte=app.submitted_at).order_by("id"))
    nodes: list[dict] = []
    for t in tasks:
        if t.status != TaskStatus.COMPLETED:
            continue
        seal = None
        if _v(t.decision) == "PASS" and t.unit_id in seals:
            seal = f"seal-{t.unit_id}"
            images[seal] = seals[t.unit_id].sha256
        nodes.append({"label": NODE_LABELS[NodeKind(t.node_kind)], "unit": units[t.unit_id].name,
                      "decision": DECISION_LABELS.get(_v(t.decision), ""), "opinion": t.opinion,
                      "date": day(t.completed_at), "seal": seal})
    if app.status == ApplicationStatus.IN_REVIEW:
        pending = [(NodeKind(t.node_kind), t.unit_id) for t in tasks
                   if t.status in (TaskStatus.READY, TaskStatus.CLAIMED)]
        pending += [(NodeKind(k), u) for k, u in (app.review_path or [])[app.path_position + 1:]]
        nodes += [{"label": NODE_LABELS[kind], "unit": units[unit_id].name if unit_id in units else "",
                   "decision": PENDING_LABEL, "opinion": "", "date": "", "seal": None} for kind, unit_id in pending]
    for i, node in enumerate(nodes, start=1):
        node["no"] = i
    return nodes


async def committee_result(app: Application, images: dict[str, str]) -> dict:
    """评委会评审意见: the vote the organizer recorded for this application, or blank lines to fill by hand.

    The date is the day the committee sat: the scheme's meeting date (拟评审日期) when set and not after
    the day the result was recorded (a vote cannot be recorded before it is taken), else that day. The
    seal is the committee's managing unit's (the HR bureau that set it up), as on the e-certificate: a
    committee has no seal of its own, and its organizer (评委会组建单位) stamps its own node under 审核意见."""
    participant = await SchemeParticipant.get_or_none(application_id=app.id)
    if participant is None:
        return dict(BLANK_RESULT)
    rows = await ParticipantResult.filter(participant_id=participant.id).values(*VOTES, "conclusion", "recorded_at")
    if not rows:
        return dict(BLANK_RESULT)
    result = rows[0]
    scheme = await EvaluationScheme.get(id=participant.scheme_id)
    recorded_on = day(result["recorded_at"])
    meeting_on = day(scheme.meeting_date)
    committee = await Committee.get(id=scheme.committee_id)
    managing = await Unit.get(id=committee.managing_unit_id)
    seal_file = await StoredFile.get_or_none(id=managing.seal_id) if managing.seal_id else None
    seal = None
    if seal_file is not None:
        seal = f"seal-{managing.id}"  # the name its node seal has: one picture in the file
        images[seal] = seal_file.sha256
    return {**{k: str(result[k]) for k in VOTES}, "conclusion": CONCLUSION_LABELS[_v(result["conclusion"])],
            "date": min(meeting_on, recorded_on) if meeting_on else recorded_on, "seal": seal}


async def _attachments(app: Application) -> list[dict]:
    rows = await ApplicationAttachment.filter(application_id=app.id).order_by("id")
    slots = {s.id: s for s in await PlanAttachmentSlot.filter(id__in={r.slot_id for r in rows})}
    files = {f.id: f for f in await StoredFile.filter(id__in={r.file_id for r in rows})}
    rows.sort(key=lambda r: (slots[r.slot_id].sort, r.slot_id, r.id))
    return [{"no": i, "slot": slots[r.slot_id].name, "name": files[r.file_id].name if r.file_id in files else ""}
            for i, r in enumerate(rows, start=1)]


async def review_form_data(application_id: int) -> ReviewForm:
    app = await Application.get(id=application_id)
    person = await Person.get(id=app.person_id)
    plan = await Plan.get(id=app.plan_id)
    committee = await Committee.get(id=plan.committee_id)
    series = await Series.get(id=app.series_id)
    specialty = await Specialty.get(id=app.specialty_id)
    title = await TitleName.get(id=app.title_name_id)
    standard = await EvaluationStandard.get(id=app.standard_id)
    titles = await ApplicationTitle.filter(application_id=app.id).order_by("position", "id")
    records = await ApplicationRecord.filter(application_id=app.id)

    task_units = await Task.filter(process_type=ProcessType.APPLICATION, subject_id=app.id).values_list(
        "unit_id", flat=True)
    unit_ids = {app.unit_id, *task_units, *(u for _, u in (app.review_path or []))}
    units = {u.id: u for u in await Unit.filter(id__in=unit_ids)}
    seal_files = {f.id: f for f in await StoredFile.filter(id__in={u.seal_id for u in units.values() if u.seal_id})}
    seals = {u.id: seal_files[u.seal_id] for u in units.values() if u.seal_id in seal_files}
    images: dict[str, str] = {}
    if person.photo_id is not None:
        photo = await StoredFile.get_or_none(id=person.photo_id)
        if photo is not None:
            images[PHOTO] = photo.sha256
    employer = units[app.unit_id]

    context: dict[str, Any] = {
        "committee": committee.name, "plan_name": plan.name, "year": str(app.year),
        "name": person.real_name, "gender": GENDER_LABELS.get(_v(person.gender), ""),
        "birth_date": day(person.birth_date), "ethnicity": person.ethnicity,
        "id_type": ID_TYPE_LABELS.get(_v(person.id_type), ""), "id_number": person.id_number,
        "mobile": person.mobile, "political_status": POLITICAL_LABELS.get(_v(person.political_status), ""),
        "submitted_on": day(app.submitted_at), "unit_name": employer.name,
        "unit_nature": NATURE_LABELS.get(UnitNature(employer.nature), ""), "series": series.name,
        "level": LEVEL_LABELS.get(Level(app.level), ""), "title": title.name, "specialty": specialty.name,
        "declaration_type": DECLARATION_LABELS.get(app.declaration_type, ""),
        "evaluation_mode": MODE_LABELS.get(app.evaluation_mode, ""), "standard": standard.name,
        "has_interview": "需要" if plan.has_interview else "不需要",
        "current_title": titles[0].title_name if titles else "无",
        "photo": PHOTO if PHOTO in images else None,
        "personal_rows": personal_rows(person, app.personal_info or {}),
        "titles": [{"no": i, "title_name": t.title_name, "series_name": t.series_name,
                    "obtained_on": day(t.obtained_on), "certificate_number": t.certificate_number,
                    "appointed_on": day(t.appointed_on), "appointment_unit": t.appointment_unit}
                   for i, t in enumerate(titles, start=1)],
        **record_sections(list(records)),
        "special": special_section(app),
        "attachments": await _attachments(app),
        "nodes": await review_nodes(app, units, images, seals),
        "committee_result": await committee_result(app, images),
    }
    after = 9 if context["special"] else 8
    context["no"] = {"special": numeral(9), "attachments": numeral(after + 1), "opinions": numeral(after + 2),
                     "committee_result": numeral(after + 3)}
    return ReviewForm(context=context, images=images, file_name=f"专业技术资格评审表-{person.real_name}.docx")
