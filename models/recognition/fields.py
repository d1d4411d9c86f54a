"""The basic information of a recognition (申报信息): each field's label, kind and limit, and how an input is
checked. What a province requires is checked at 开始检测 (``models.recognition.check``), not here: a draft
may be saved half filled, but never with a value that is wrong."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from models.achievement.fields import today
from models.core.errors import Collector
from models.person.models import Education, PoliticalStatus
from models.recognition.codes import RecognitionCode as Code
from models.recognition.models import Recognition


@dataclass(frozen=True)
class BasicField:
    key: str  # the Recognition column, snake_case; the GraphQL name is its camelCase
    label: str
    kind: str  # TEXT, DATE or CHOICE
    choices: type[Enum] | None = None

    @property
    def camel(self) -> str:
        head, *rest = self.key.split("_")
        return head + "".join(p.title() for p in rest)

    @property
    def limit(self) -> int:
        return Recognition._meta.fields_map[self.key].max_length if self.kind == "TEXT" else 0


def _text(key: str, label: str) -> BasicField:
    return BasicField(key, label, "TEXT")


BASIC = (
    BasicField("work_started_on", "参加工作时间", "DATE"), _text("previous_unit", "原工作单位"),
    BasicField("transferred_on", "调入/转业时间", "DATE"),
    BasicField("political_status", "政治面貌", "CHOICE", PoliticalStatus),
    _text("original_title", "原专业技术资格"), _text("original_committee", "原专业技术资格评审委员会"),
    BasicField("original_acquired_on", "原专业技术资格取得时间", "DATE"),
    _text("original_issuer", "原专业技术资格发证单位"), _text("original_approval_number", "原专业技术资格批准文号"),
    _text("original_number", "原证书编号"), _text("work_history", "主要工作经历"), _text("remarks", "备注"),
    BasicField("highest_education", "最高学历", "CHOICE", Education), _text("graduated_from", "最高学历毕业院校"),
    _text("major", "所学专业"), _text("expertise", "业务专长"), _text("current_work", "到现工作单位后主要专业技术工作情况"),
)
BY_KEY = {f.key: f for f in BASIC}


def _clean(errors: Collector, f: BasicField, raw: Any) -> Any:
    if f.kind == "TEXT":
        text = (raw or "").strip()
        if len(text) > f.limit:
            errors.add("TOO_LONG", f"{f.label}不能超过{f.limit}个字符", "basic", f.camel)
        return text
    if raw is None or raw == "":
        return None if f.kind == "DATE" else ""
    if f.kind == "CHOICE":
        value = raw.value if isinstance(raw, Enum) else str(raw)
        if value not in f.choices._value2member_map_:
            errors.add(Code.INVALID_VALUE, f"{f.label}的取值无效", "basic", f.camel)
        return value
    if isinstance(raw, date):
        day = raw
    else:
        try:
            day = date.fromisoformat(str(raw))
        except ValueError:
            errors.add(Code.INVALID_DATE, f"{f.label}不是有效日期", "basic", f.camel)
            return None
    if day > today():
        errors.add("FUTURE_DATE", f"{f.label}不能晚于今天", "basic", f.camel)
    elif day.year < 1900:
        errors.add(Code.INVALID_DATE, f"{f.label}不是有效日期", "basic", f.camel)
    return day


def clean_basic(errors: Collector, given: dict[str, Any], current: dict[str, Any], birth_date: date | None) -> dict:
    """The changed columns: only the keys given (None clears a date or a choice). Dates are checked against one
    another over the values the row will hold."""
    changes = {key: _clean(errors, BY_KEY[key], raw) for key, raw in given.items()}
    wrong = {p.field[-1] for p in errors.problems if p.field}
    merged = {**current, **{k: v for k, v in changes.items() if BY_KEY[k].camel not in wrong}}
    started, moved, acquired = (merged.get(k) for k in ("work_started_on", "transferred_on", "original_acquired_on"))
    if started and moved and moved < started:
        errors.add(Code.INVALID_DATE, "调入/转业时间不能早于参加工作时间", "basic", "transferredOn")
    if started and birth_date and started <= birth_date:
        errors.add(Code.INVALID_DATE, "参加工作时间应晚于出生日期", "basic", "workStartedOn")
    if acquired and birth_date and acquired <= birth_date:
        errors.add(Code.INVALID_DATE, "原专业技术资格取得时间应晚于出生日期", "basic", "originalAcquiredOn")
    return changes


def filled(row: Recognition, key: str) -> bool:
    value = getattr(row, key)
    return value is not None and value != ""
