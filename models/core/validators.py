"""Checks on identifiers and contact fields shared by every entry point."""
from __future__ import annotations

import re
from datetime import date

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def resident_id_facts(number: str) -> tuple[date, str] | None:
    """Birth date and gender ('MALE'/'FEMALE') of a valid resident ID (GB 11643), else None."""
    try:
        valid = ric.validate(number)
    except ValidationError:
        return None
    birth = ric.get_birth_date(valid)
    gender = "MALE" if int(valid[16]) % 2 == 1 else "FEMALE"
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
