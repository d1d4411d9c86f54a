"""How much of a person a viewer sees: whole, with ID and phone numbers masked, or not at all."""
from __future__ import annotations

import re
from enum import Enum


class PersonAccess(int, Enum):
    NONE = 0
    MASKED = 1  # may see the person, with ID and phone numbers masked
    FULL = 2


def mask_id_number(value: str) -> str:
    """34**************73, as the manuals show."""
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def mask_mobile(value: str) -> str:
    return value[:3] + "****" + value[-4:] if len(value) >= 7 else "*" * len(value)


_BRACKETED_ID = re.compile(r"【([0-9A-Za-z]{8,})】")


def mask_ids_in_label(text: str) -> str:
    """Labels carry the ID number in 【】 (职称申报-张三【3401…】-高级工程师). A label travels to task lists,
    messages and exports where no per-viewer rule runs, so it is masked for every reader; the whole number
    is one field away (``Person.idNumber``) for those the person policy allows."""
    return _BRACKETED_ID.sub(lambda m: f"【{mask_id_number(m.group(1))}】", text)
