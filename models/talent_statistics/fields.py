"""The fields of a talent record (填写信息 of 002 §2.6) and how an input is checked.

Only the screenshots exist, so the fields were decided: 所在岗位, 岗位类别, 系列 / 专业 / 职称 from the catalogue
(none for a person without a title yet; the level is the title's), 取得时间, 是否聘任 and 聘任时间, 从事专业技术工作年限,
学历, 学位, 人才类别 (free text, e.g. 省学术技术带头人, at most 20 characters) and 备注. A draft may be saved half
filled — what a submission needs is the check's (``models.talent_statistics.check``) — but never with a value
that is wrong: each value on its own, then the rules between fields over the values the row will hold.
"""
from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from models.achievement.fields import today
from models.catalogue.models import Series, Specialty, TitleName
from models.core.errors import Collector
from models.person.models import Degree, Education
from models.talent_statistics.choices import PostCategory
from models.talent_statistics.codes import TalentCode as Code

FIRST_YEAR = 2000  # the statistics start with the platform's records
MAX_PROFESSIONAL_YEARS = 60
WORKING_AGE = 16  # nobody works as a professional before 16

TEXT = {"post": ("所在岗位", 50), "talent_category": ("人才类别", 20), "remarks": ("备注", 200)}
CHOICES: dict[str, tuple[str, type[Enum]]] = {"post_category": ("岗位类别", PostCategory),
                                              "education": ("学历", Education), "degree": ("学位", Degree)}
DATES = {"title_obtained_on": "取得时间", "appointed_on": "聘任时间"}
CATALOGUE = {"series_id": ("系列", Series), "specialty_id": ("专业", Specialty), "title_name_id": ("职称", TitleName)}
KEYS = (*TEXT, *CHOICES, *CATALOGUE, *DATES, "appointed", "professional_years")


def camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(p.title() for p in rest)


def check_year(errors: Collector, year: int, *field: str) -> None:
    """统计年度: from 2000 to this year (the error at ``field``, ``year`` unless told)."""
    if not FIRST_YEAR <= year <= today().year:
        errors.add(Code.INVALID_YEAR, f"统计年度须在{FIRST_YEAR}年至{today().year}年之间", *(field or ("year",)))


def full_years(since: date, until: date) -> int:
    return until.year - since.year - ((until.month, until.day) < (since.month, since.day))


def max_professional_years(birth_date: date | None) -> int:
    if birth_date is None:
        return MAX_PROFESSIONAL_YEARS
    return max(0, min(MAX_PROFESSIONAL_YEARS, full_years(birth_date, today()) - WORKING_AGE))


def _date(errors: Collector, key: str, raw: Any, birth_date: date | None) -> date | None:
    label, field = DATES[key], camel(key)
    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        day = raw
    else:
        try:
            day = date.fromisoformat(str(raw))
        except ValueError:
            errors.add(Code.INVALID_DATE, f"{label}不是有效日期", field)
            return None
    if day > today():
        errors.add(Code.FUTURE_DATE, f"{label}不能晚于今天", field)
    elif day.year < 1900:
        errors.add(Code.INVALID_DATE, f"{label}不是有效日期", field)
    elif birth_date is not None and day <= birth_date:
        errors.add(Code.DATE_ORDER, f"{label}应晚于出生日期", field)
    return day


async def _catalogue(errors: Collector, key: str, raw: Any) -> Any:
    label, model = CATALOGUE[key]
    if raw is None:
        return None
    row = await model.get_or_none(id=raw)
    if row is None:
        errors.add("NOT_FOUND", f"{label}不存在", camel(key))
    return row


async def _clean(errors: Collector, key: str, raw: Any, birth_date: date | None) -> Any:
    """One value, checked on its own: text trimmed, a choice by its value, a catalogue id as its row."""
    if key in TEXT:
        label, limit = TEXT[key]
        text = (raw or "").strip()
        if len(text) > limit:
            errors.add("TOO_LONG", f"{label}不能超过{limit}个字符", camel(key))
        return text
    if key in CHOICES:
        label, enum = CHOICES[key]
        value = getattr(raw, "value", raw) or ""
        if value and value not in enum._value2member_map_:
            errors.add(Code.INVALID_CHOICE, f"{label}的取值无效", camel(key))
        return value
    if key in DATES:
        return _date(errors, key, raw, birth_date)
    if key in CATALOGUE:
        return await _catalogue(errors, key, raw)
    if key == "appointed":
        return bool(raw)
    years = 0 if raw is None else raw
    limit = max_professional_years(birth_date)
    if not 0 <= years <= MAX_PROFESSIONAL_YEARS:
        errors.add(Code.OUT_OF_RANGE, f"从事专业技术工作年限须在0至{MAX_PROFESSIONAL_YEARS}年之间", "professionalYears")
    elif years > limit:
        errors.add(Code.OUT_OF_RANGE, f"从事专业技术工作年限不能超过{limit}年（年龄减{WORKING_AGE}）",
                   "professionalYears")
    return years


async def _current_catalogue(current: dict[str, Any]) -> dict[str, Any]:
    """The stored catalogue ids as rows, for the rules between fields."""
    out = {}
    for key, pk in current.items():
        out[key] = await CATALOGUE[key][1].get_or_none(id=pk) if pk is not None else None
    return out


def _between(errors: Collector, merged: dict[str, Any]) -> None:
    series, specialty, title = merged["series_id"], merged["specialty_id"], merged["title_name_id"]
    if series is None and (specialty is not None or title is not None):
        errors.add("REQUIRED", "请先选择系列", "seriesId")
    if series is not None and specialty is not None and specialty.series_id != series.id:
        errors.add(Code.TITLE_NOT_IN_SERIES, "专业不属于所选系列", "specialtyId")
    if series is not None and title is not None and title.series_id != series.id:
        errors.add(Code.TITLE_NOT_IN_SERIES, "职称不属于所选系列", "titleNameId")
    obtained, appointed, appointed_on = merged["title_obtained_on"], merged["appointed"], merged["appointed_on"]
    if title is None and obtained is not None:
        errors.add("INVALID", "未选择职称时不能填写取得时间", "titleObtainedOn")
    if title is None and appointed:
        errors.add("INVALID", "未选择职称时不能选择已聘任", "appointed")
    if not appointed and appointed_on is not None:
        errors.add("INVALID", "未聘任时不能填写聘任时间", "appointedOn")
    elif obtained is not None and appointed_on is not None and appointed_on < obtained:
        errors.add(Code.DATE_ORDER, "聘任时间不能早于取得时间", "appointedOn")


async def clean_fields(errors: Collector, given: dict[str, Any], current: dict[str, Any],
                       birth_date: date | None) -> dict[str, Any]:
    """The changed columns of the keys given (None clears a value), each checked, then the rules between
    fields over the values the row will hold (a value refused on its own is left out of those)."""
    cleaned = {key: await _clean(errors, key, raw, birth_date) for key, raw in given.items()}
    wrong = {p.field[-1] for p in errors.problems if p.field}
    kept = {k: current.get(k) for k in CATALOGUE if k not in given or camel(k) in wrong}
    merged = {**current, **await _current_catalogue(kept)}
    merged.update({k: v for k, v in cleaned.items() if camel(k) not in wrong})
    _between(errors, merged)
    changes = {key: (value.id if key in CATALOGUE and value is not None else value) for key, value in cleaned.items()}
    if "title_name_id" in given:
        title = cleaned["title_name_id"]
        changes["level"] = title.level.value if title is not None else ""
    return changes
