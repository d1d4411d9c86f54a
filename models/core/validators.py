"""Checks on identifiers and contact fields shared by every entry point."""
from __future__ import annotations

import re
from datetime import date

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


EARLIEST_BIRTH = date(1900, 1, 1)


def _region_ever_assigned(code: str) -> bool:
    """The county code appears in the GB/T 2260 table of any year. An ID number carries the code of
    the office that issued it, which may postdate the birth (340102 was assigned in 1983 and is on
    IDs of people born in 1980), so the code is not tied to the birth year — python-stdnum's
    ``ric.validate`` ties them and refuses genuine IDs."""
    info = {k for _, props in numdb.get("cn/loc").info(code) for k in props}
    return "county" in info


def resident_id_facts(number: str, *, today: date | None = None) -> tuple[date, str] | None:
    """Birth date and gender ('MALE'/'FEMALE') of a valid resident ID (GB 11643), else None: the
    check digit, a real calendar date between 1900 and today, and a county code that exists."""
    # As given: no clean-up (stdnum's compact would turn full-width digits into a stored ASCII look-alike).
    number = number.upper() if isinstance(number, str) else ""
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return None
    if number[-1] != ric.calc_check_digit(number):
        return None
    try:
        birth = ric.get_birth_date(number)
    except ValidationError:
        return None
    if not EARLIEST_BIRTH <= birth <= (today or date.today()) or not _region_ever_assigned(number[:6]):
        return None
    gender = "MALE" if int(number[16]) % 2 == 1 else "FEMALE"
    return birth, gender


def is_credit_code(code: str) -> bool:
    """Unified social credit code with its GB 32100 check character."""
    return uscc.is_valid(code)


def is_mobile(value: str) -> bool:
    return bool(MOBILE.match(value))


def is_landline(value: str) -> bool:
    return bool(LANDLINE.match(value))


def is_email(value: str) -> bool:
    return len(value) <= 100 and bool(EMAIL.match(value))
