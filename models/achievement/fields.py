"""The typed fields of every achievement category, and how a record's input is validated.

One spec per category [001 §3 table, 002 §2.2.1.1.2, 001 employer manual §3 and §6 图 2]:
keys are what ``AchievementRecord.data`` stores (dates as ISO strings, amounts as
decimal strings, choices as their English value), labels are what the manuals print.
The GraphQL types and inputs are generated from these specs, so validation, storage
and the schema can never disagree.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from models.achievement.models import AchievementCategory as C
from models.achievement.choices import (LABELS, AdoptionKind, AidKind, AssessmentResult, AuthorRank, AwardLevel,
                                        BookKind, BookRole, CaseRole, PaperKind, ParticipationRole, PatentKind,
                                        ResearchStatus, StandardKind, TrainingForm, WorkKind)
from models.core.errors import Collector
from models.person.models import Degree, Education

CHINA = ZoneInfo("Asia/Shanghai")
MAX_AMOUNT = Decimal("100000000")  # 万元: far above any real project


def today() -> date:
    return datetime.now(CHINA).date()


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(p.title() for p in rest)


class Kind(str, Enum):
    TEXT = "TEXT"
    DATE = "DATE"
    CHOICE = "CHOICE"
    INT = "INT"
    AMOUNT = "AMOUNT"  # non-negative decimal, two places
    FLAG = "FLAG"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind
    required: bool = False
    max_length: int = 0  # TEXT
    choices: type[Enum] | None = None  # CHOICE
    past: bool = False  # DATE: may not lie in the future
    minimum: int | None = None  # INT
    maximum: int | None = None  # INT
    help: str = ""

    @property
    def camel(self) -> str:
        return _camel(self.key)


def text(key: str, label: str, limit: int, required: bool = False, help: str = "") -> FieldSpec:
    return FieldSpec(key, label, Kind.TEXT, required, max_length=limit, help=help)


def day(key: str, label: str, required: bool = True, past: bool = True, help: str = "") -> FieldSpec:
    return FieldSpec(key, label, Kind.DATE, required, past=past, help=help)


def pick(key: str, label: str, enum: type[Enum], required: bool = True) -> FieldSpec:
    return FieldSpec(key, label, Kind.CHOICE, required, choices=enum)


def number(key: str, label: str, minimum: int, maximum: int, required: bool = False, help: str = "") -> FieldSpec:
    return FieldSpec(key, label, Kind.INT, required, minimum=minimum, maximum=maximum, help=help)


def amount(key: str, label: str, required: bool = False, help: str = "") -> FieldSpec:
    return FieldSpec(key, label, Kind.AMOUNT, required, help=help)


def flag(key: str, label: str) -> FieldSpec:
    return FieldSpec(key, label, Kind.FLAG)


Check = Callable[[dict, Collector, tuple[str, ...]], None]


def period(start: str, end: str, end_label: str = "结束日期", start_label: str = "开始日期") -> Check:
    """The end may be empty (至今) but never before the start."""

    def check(data: dict, errors: Collector, path: tuple[str, ...]) -> None:
        s, e = data.get(start), data.get(end)
        if s and e and e < s:
            errors.add("DATE_ORDER", f"{end_label}不能早于{start_label}", *path, _camel(end))

    return check


def degree_when_obtained(data: dict, errors: Collector, path: tuple[str, ...]) -> None:
    if data.get("degree_obtained") and data.get("degree") in (None, Degree.NONE):
        errors.add("REQUIRED", "已勾选“是否获得学位”，请选择学位", *path, "degree")


@dataclass(frozen=True)
class CategorySpec:
    category: C
    member: str  # the AchievementDataInput member and GraphQL type stem, e.g. "workExperience"
    fields: tuple[FieldSpec, ...]
    title: Callable[[dict], str]  # the record's headline, shown in lists
    checks: tuple[Check, ...] = ()
    work_unit_key: str | None = None  # the 工作单位 the review list shows, when the record names one
    description: str = ""

    @property
    def type_stem(self) -> str:
        return self.member[0].upper() + self.member[1:]


def _label(value: Any) -> str:
    return LABELS.get(value, str(value)) if isinstance(value, Enum) else str(value)


SPECS: dict[C, CategorySpec] = {s.category: s for s in (
    CategorySpec(C.REPRESENTATIVE_WORK, "representativeWork", (
        text("name", "成果名称", 100, True), pick("kind", "成果类型", WorkKind), day("completed_on", "完成(发表)时间"),
        text("role", "本人角色", 50, help="主持、独立承担或参加的名次"),
        text("description", "成果简介", 1000, True)),
        title=lambda d: d["name"]),
    CategorySpec(C.WORK_EXPERIENCE, "workExperience", (
        day("start_date", "开始日期"), day("end_date", "结束日期", required=False, help="不填即为“至今”"),
        text("work_unit", "工作单位", 50, True), text("specialty", "从事专业", 50),
        text("administrative_post", "行政职务", 20, help="单位内部职务，如职员、经理、部长"),
        text("technical_post", "专业技术职务", 20, help="受聘的专业技术资格，如工程师"),
        text("employed_post", "聘用岗位", 20), text("content", "工作内容", 500, True)),
        title=lambda d: d["work_unit"], checks=(period("start_date", "end_date"),), work_unit_key="work_unit"),
    CategorySpec(C.EDUCATION, "education", (
        day("start_date", "入学时间"), day("end_date", "毕业时间"), text("school", "毕业院校", 50, True),
        text("major", "所学专业", 50, True), pick("education", "学历", Education),
        number("schooling_years", "学制(年)", 1, 10, True), flag("degree_obtained", "是否获得学位"),
        pick("degree", "学位", Degree, required=False), flag("is_highest", "是否最高学历"),
        flag("is_first", "是否第一学历"), flag("before_work", "是否工作前学历"),
        text("certificate_number", "证书编号", 50), text("remarks", "备注", 200)),
        title=lambda d: f"{d['school']} {d['major']}",
        checks=(period("start_date", "end_date", "毕业时间", "入学时间"), degree_when_obtained)),
    CategorySpec(C.PROJECT, "project", (
        text("name", "项目名称", 100, True), day("start_date", "开始日期"),
        day("end_date", "结束日期", required=False, past=False), amount("amount", "项目金额(万元)"),
        text("kind", "项目类别", 50), pick("role", "参与形式", ParticipationRole), text("members", "项目参与人员", 200),
        text("scale", "项目规模", 100), text("description", "项目描述", 1000), text("duties", "本人职责", 500)),
        title=lambda d: d["name"], checks=(period("start_date", "end_date"),)),
    CategorySpec(C.PAPER, "paper", (
        text("name", "名称", 100, True), day("published_on", "发表时间"), pick("kind", "类别", PaperKind),
        text("journal", "刊物名称", 50, True), text("issue_number", "刊号", 50, True, help="ISSN / CN 号及期次"),
        pick("author_rank", "作者排名", AuthorRank), amount("words_thousand", "本人完成字数(千字)", True),
        text("exchange", "出版、登载获奖或在学术会议上交流情况", 200)),
        title=lambda d: d["name"]),
    CategorySpec(C.CONTINUING_EDUCATION, "continuingEducation", (
        text("name", "培训(学习)内容", 100, True), text("organizer", "主办单位", 50, True),
        day("start_date", "开始日期"), day("end_date", "结束日期"), pick("form", "培训形式", TrainingForm, False),
        number("hours", "学时", 0, 10000, True), amount("credits", "学分"), text("certificate_number", "证书编号", 50)),
        title=lambda d: d["name"], checks=(period("start_date", "end_date"),)),
    CategorySpec(C.ACADEMIC_POST, "academicPost", (
        text("organization", "社会团体名称", 50, True), text("post", "担任职务", 30, True),
        day("start_date", "开始时间"), day("end_date", "结束时间", required=False, help="不填即为“至今”")),
        title=lambda d: f"{d['organization']} {d['post']}", checks=(period("start_date", "end_date"),)),
    CategorySpec(C.ANNUAL_ASSESSMENT, "annualAssessment", (
        number("year", "考核年度", 1950, 2100, True), pick("result", "考核结果", AssessmentResult),
        text("assessing_unit", "考核单位", 50), text("remarks", "备注", 200)),
        title=lambda d: f"{d['year']}年度考核 {_label(d['result'])}"),
    CategorySpec(C.WORK_REPORT, "workReport", (
        text("name", "报告题目", 100, True), day("finished_on", "完成时间"),
        number("word_count", "字数", 0, 1_000_000), text("summary", "报告内容摘要", 2000, True)),
        title=lambda d: d["name"]),
    CategorySpec(C.PROJECT_AWARD, "projectAward", (
        text("project_name", "获奖项目名称", 100, True), text("award_name", "奖项名称", 100, True),
        pick("level", "奖项级别", AwardLevel), text("grade", "获奖等次", 20, help="特等奖、一等奖……"),
        text("issuer", "授奖单位", 50, True), day("awarded_on", "获奖时间"),
        number("rank", "本人排名", 1, 100)),
        title=lambda d: f"{d['project_name']}（{d['award_name']}）"),
    CategorySpec(C.RESULT_ADOPTION, "resultAdoption", (
        text("name", "成果名称", 100, True), pick("kind", "批示采纳类型", AdoptionKind),
        text("adopted_by", "批示(采纳)单位", 50, True), day("adopted_on", "批示(采纳)时间"),
        pick("role", "参与形式", ParticipationRole), text("description", "运用推广情况", 1000)),
        title=lambda d: d["name"]),
    CategorySpec(C.BOOK, "book", (
        text("name", "著作(教材)名称", 100, True), pick("kind", "类别", BookKind), text("publisher", "出版社", 50, True),
        day("published_on", "出版时间"), text("isbn", "书号(ISBN)", 30, True), pick("role", "本人角色", BookRole),
        amount("words_thousand", "本人完成字数(千字)", True)),
        title=lambda d: d["name"]),
    CategorySpec(C.HONOR, "honor", (
        text("name", "表彰奖励名称", 100, True), pick("level", "级别", AwardLevel), text("issuer", "授予单位", 50, True),
        day("awarded_on", "获得时间"), text("document_number", "表彰文号", 50)),
        title=lambda d: d["name"]),
    CategorySpec(C.STANDARD, "standard", (
        text("name", "标准名称", 100, True), text("number", "标准编号", 50, True), pick("kind", "标准类别", StandardKind),
        pick("role", "参与形式", ParticipationRole), number("rank", "本人排名", 1, 100),
        day("published_on", "发布时间")),
        title=lambda d: f"{d['name']}（{d['number']}）"),
    CategorySpec(C.PATENT, "patent", (
        text("name", "专利(著作权)名称", 100, True), pick("kind", "类别", PatentKind),
        text("number", "专利号(登记号)", 50, True), text("holder", "专利权人(著作权人)", 100),
        day("authorized_on", "授权(登记)时间"), number("rank", "本人排名", 1, 100)),
        title=lambda d: d["name"]),
    CategorySpec(C.RESEARCH_PROJECT, "researchProject", (
        text("name", "课题名称", 100, True), text("source", "项目来源", 100, True), pick("level", "项目级别", AwardLevel),
        text("number", "项目编号", 50), pick("role", "参与形式", ParticipationRole), day("start_date", "开始日期"),
        day("end_date", "结束日期", required=False, past=False), amount("funding", "项目经费(万元)"),
        pick("status", "项目状态", ResearchStatus), text("description", "研究内容及本人承担工作", 1000)),
        title=lambda d: d["name"], checks=(period("start_date", "end_date"),)),
    CategorySpec(C.AID_EXPERIENCE, "aidExperience", (
        pick("kind", "援助类型", AidKind), text("aided_unit", "受援单位", 50, True), text("region", "受援地区", 50, True),
        day("start_date", "开始时间"), day("end_date", "结束时间"), text("post", "担任职务", 30),
        text("content", "援助工作内容", 500, True)),
        title=lambda d: f"{_label(d['kind'])}：{d['aided_unit']}", checks=(period("start_date", "end_date"),)),
    CategorySpec(C.COMPREHENSIVE_PERFORMANCE, "comprehensivePerformance", (
        text("name", "业绩名称", 100, True), day("occurred_on", "取得时间"),
        text("description", "业绩能力情况", 2000, True)),
        title=lambda d: d["name"]),
    CategorySpec(C.HEALTH_CASE_RECORD, "healthCaseRecord", (
        text("case_number", "病案号", 50, True), text("diagnosis", "疾病诊断", 100, True),
        day("admitted_on", "入院(就诊)日期"), day("discharged_on", "出院日期", required=False),
        pick("role", "本人角色", CaseRole), text("summary", "诊疗经过及体会", 2000, True)),
        title=lambda d: f"{d['diagnosis']}（{d['case_number']}）",
        checks=(period("admitted_on", "discharged_on", "出院日期", "入院(就诊)日期"),)),
    CategorySpec(C.HEALTH_TOPIC, "healthTopic", (
        text("name", "专题名称", 100, True), day("finished_on", "完成时间"), text("summary", "专题内容", 2000, True)),
        title=lambda d: d["name"]),
    CategorySpec(C.HEALTH_PAPER, "healthPaper", (
        text("name", "论文题目", 100, True), day("published_on", "发表时间"), text("journal", "刊物名称", 50, True),
        text("issue_number", "刊号", 50, True), pick("author_rank", "作者排名", AuthorRank),
        pick("kind", "类别", PaperKind, required=False)),
        title=lambda d: d["name"]),
    CategorySpec(C.HEALTH_REVIEW, "healthReview", (
        text("name", "综述题目", 100, True), day("finished_on", "完成时间"), number("word_count", "字数", 0, 1_000_000),
        text("summary", "综述内容", 2000, True)),
        title=lambda d: d["name"]),
)}

# The order of 001 §3's statistics table.
CATEGORY_ORDER: tuple[C, ...] = tuple(C)
assert set(SPECS) == set(C), "every category needs a field spec"


# ----------------------------------------------------------------- validation and storage


@dataclass
class Validated:
    data: dict  # what the row stores
    title: str
    work_unit: str = ""
    values: dict = field(default_factory=dict)  # typed values (date, Decimal, Enum)


def _clean(spec: FieldSpec, raw: Any, errors: Collector, path: tuple[str, ...]) -> Any:
    where = (*path, spec.camel)
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        if spec.required and spec.kind != Kind.FLAG:
            verb = "选择" if spec.kind in (Kind.CHOICE, Kind.DATE) else "填写"
            errors.add("REQUIRED", f"请{verb}{spec.label}", *where)
        return False if spec.kind == Kind.FLAG else None
    if spec.kind == Kind.TEXT:
        if len(str(raw)) > spec.max_length:
            errors.add("TOO_LONG", f"{spec.label}不能超过{spec.max_length}个字符", *where)
        return str(raw)
    if spec.kind == Kind.DATE:
        if not isinstance(raw, date):
            try:
                raw = date.fromisoformat(str(raw))
            except ValueError:
                errors.add("INVALID_DATE", f"{spec.label}不是有效日期", *where)
                return None
        if spec.past and raw > today():
            errors.add("FUTURE_DATE", f"{spec.label}不能晚于今天", *where)
        elif raw.year < 1900:
            errors.add("INVALID_DATE", f"{spec.label}不是有效日期", *where)
        return raw
    if spec.kind == Kind.CHOICE:
        assert spec.choices is not None
        try:
            return spec.choices(raw.value if isinstance(raw, Enum) else raw)
        except ValueError:
            errors.add("INVALID_CHOICE", f"{spec.label}的取值无效", *where)
            return None
    if spec.kind == Kind.INT:
        if isinstance(raw, bool) or not isinstance(raw, int):
            errors.add("INVALID", f"{spec.label}须为整数", *where)
            return None
        if not spec.minimum <= raw <= spec.maximum:  # type: ignore[operator]
            errors.add("OUT_OF_RANGE", f"{spec.label}须在{spec.minimum}到{spec.maximum}之间", *where)
        return raw
    if spec.kind == Kind.AMOUNT:
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            errors.add("INVALID", f"{spec.label}须为数字", *where)
            return None
        if value < 0 or value > MAX_AMOUNT:
            errors.add("OUT_OF_RANGE", f"{spec.label}不能为负数或超过{MAX_AMOUNT}", *where)
        elif value != value.quantize(Decimal("0.01")):
            errors.add("INVALID", f"{spec.label}最多保留两位小数", *where)
        return value.quantize(Decimal("0.01")) if value.is_finite() else None
    return bool(raw)


def _store(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def validate(category: C, raw: dict, path: tuple[str, ...] = ()) -> Validated:
    """Checks every field of ``raw`` (snake_case keys; unknown keys ignored) and refuses once with
    every problem found. ``path`` prefixes the field paths of the problems."""
    spec = SPECS[category]
    errors = Collector()
    values = {f.key: _clean(f, raw.get(f.key), errors, path) for f in spec.fields}
    for check in spec.checks:
        check(values, errors, path)
    if category == C.ANNUAL_ASSESSMENT and values.get("year") and values["year"] > today().year:
        errors.add("OUT_OF_RANGE", "考核年度不能晚于今年", *path, "year")
    errors.raise_if_any()
    work_unit = values.get(spec.work_unit_key, "") if spec.work_unit_key else ""
    return Validated(data={k: _store(v) for k, v in values.items()}, title=spec.title(values)[:200],
                     work_unit=work_unit or "", values=values)


def load(category: C, data: dict) -> dict:
    """The stored ``data`` as typed values (dates, Decimals, enum members); missing keys are None."""
    out: dict[str, Any] = {}
    for f in SPECS[category].fields:
        raw = data.get(f.key)
        if raw is None or raw == "":
            out[f.key] = False if f.kind == Kind.FLAG else None
        elif f.kind == Kind.DATE:
            out[f.key] = date.fromisoformat(raw)
        elif f.kind == Kind.AMOUNT:
            out[f.key] = Decimal(raw)
        elif f.kind == Kind.CHOICE:
            assert f.choices is not None
            out[f.key] = f.choices(raw)
        else:
            out[f.key] = raw
    return out


def display(category: C, data: dict) -> list[tuple[str, str, str]]:
    """(key, label, text as the manuals print it) for every filled field; 至今 for an open end date."""
    rows = []
    for f in SPECS[category].fields:
        value = _display_value(f, data.get(f.key))
        if value is not None:
            rows.append((f.camel, f.label, value))
    return rows


def _display_value(f: FieldSpec, raw: Any) -> str | None:
    if raw is None or raw == "":
        return "至今" if f.kind == Kind.DATE and f.key == "end_date" and "至今" in f.help else None
    if f.kind == Kind.CHOICE:
        assert f.choices is not None
        return LABELS.get(f.choices(raw), raw)
    if f.kind == Kind.FLAG:
        return "是" if raw else "否"
    return str(raw)
