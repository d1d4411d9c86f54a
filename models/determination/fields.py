"""个人基本信息 of a 初定 / 认定 declaration [002 §2.2.1.2.2 1]: each field's label, kind and limit, how an input
is checked, and which fields 开始检测 requires. A draft may be saved half filled, never with a wrong value.

Name, ID, gender, birth date and mobile are the person's own (registration data, not editable here)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from models.achievement.fields import today
from models.core.errors import Collector
from models.determination.codes import DeterminationCode as Code
from models.determination.models import Determination
from models.person.models import PoliticalStatus


@dataclass(frozen=True)
class BasicField:
    key: str  # the Determination column; the GraphQL name is its camelCase
    label: str
    kind: str  # TEXT, DATE or CHOICE
    choices: type[Enum] | None = None
    pattern: re.Pattern | None = None  # what a non-empty TEXT must look like
    pattern_hint: str = ""

    @property
    def camel(self) -> str:
        head, *rest = self.key.split("_")
        return head + "".join(p.title() for p in rest)

    @property
    def limit(self) -> int:
        return Determination._meta.fields_map[self.key].max_length if self.kind == "TEXT" else 0


def _text(key: str, label: str, pattern: str | None = None, hint: str = "") -> BasicField:
    return BasicField(key, label, "TEXT", pattern=re.compile(pattern) if pattern else None, pattern_hint=hint)


BASIC = (
    _text("former_name", "曾用名"), _text("nationality", "国籍"),
    _text("phone", "联系电话", r"^[0-9\-+ ()]{5,20}$", "只能包含数字、空格和 -+()"),
    _text("household_address", "户籍地址"), _text("birthplace", "出生地"), _text("residence", "常住地"),
    _text("email", "电子邮箱", r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "格式不正确"),
    _text("postal_code", "邮政编码", r"^[0-9]{6}$", "应为6位数字"),
    _text("administrative_post", "行政职务"), _text("administrative_level", "行政职务级别"),
    BasicField("administrative_since", "行政职务任职时间", "DATE"),
    BasicField("work_started_on", "参加工作时间", "DATE"),
    BasicField("political_status", "政治面貌", "CHOICE", PoliticalStatus),
    _text("party_post", "现任共产党(共青团)职务"), BasicField("party_joined_on", "加入共产党(共青团)时间", "DATE"),
    _text("foreign_language", "职称外语情况"), _text("computer_skill", "职称计算机情况"),
    _text("performance_summary", "业绩综述"),
)
BY_KEY = {f.key: f for f in BASIC}
# What 开始检测 requires of the basic information (the rest is filled where it applies).
REQUIRED = ("nationality", "household_address", "birthplace", "residence", "work_started_on", "political_status",
            "performance_summary")


def _clean(errors: Collector, f: BasicField, raw: Any) -> Any:
    if f.kind == "TEXT":
        text = (raw or "").strip()
        if len(text) > f.limit:
            errors.add("TOO_LONG", f"{f.label}不能超过{f.limit}个字符", "basic", f.camel)
        elif text and f.pattern is not None and not f.pattern.match(text):
            errors.add(Code.INVALID_VALUE, f"{f.label}{f.pattern_hint}", "basic", f.camel)
        return text
    if raw is None or raw == "":
        return None if f.kind == "DATE" else ""
    if f.kind == "CHOICE":
        value = raw.value if isinstance(raw, Enum) else str(raw)
        if value not in f.choices._value2member_map_:
            errors.add(Code.INVALID_VALUE, f"{f.label}的取值无效", "basic", f.camel)
        return value
    day = raw if isinstance(raw, date) else None
    if day is None:
        try:
            day = date.fromisoformat(str(raw))
        except ValueError:
            errors.add(Code.INVALID_DATE, f"{f.label}不是有效日期", "basic", f.camel)
            return None
    if day > today():
        errors.add(Code.FUTURE_DATE, f"{f.label}不能晚于今天", "basic", f.camel)
    elif day.year < 1900:
        errors.add(Code.INVALID_DATE, f"{f.label}不是有效日期", "basic", f.camel)
    return day


def clean_basic(errors: Collector, given: dict[str, Any], current: dict[str, Any], birth_date: date | None) -> dict:
    """The changed columns: only the keys given (None clears). Dates are checked against one another over the
    values the row will hold."""
    changes = {key: _clean(errors, BY_KEY[key], raw) for key, raw in given.items()}
    wrong = {p.field[-1] for p in errors.problems if p.field}
    merged = {**current, **{k: v for k, v in changes.items() if BY_KEY[k].camel not in wrong}}
    for key in ("work_started_on", "administrative_since", "party_joined_on"):
        day = merged.get(key)
        if day and birth_date and day <= birth_date and BY_KEY[key].camel not in wrong:
            errors.add(Code.INVALID_DATE, f"{BY_KEY[key].label}应晚于出生日期", "basic", BY_KEY[key].camel)
    wrong = {p.field[-1] for p in errors.problems if p.field}  # one problem a field: the order needs both right
    started, since = merged.get("work_started_on"), merged.get("administrative_since")
    if started and since and since < started and not wrong & {"workStartedOn", "administrativeSince"}:
        errors.add(Code.INVALID_DATE, "行政职务任职时间不能早于参加工作时间", "basic", "administrativeSince")
    return changes


def filled(row: Determination, key: str) -> bool:
    value = getattr(row, key)
    return value is not None and value != ""
