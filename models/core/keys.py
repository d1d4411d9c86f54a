"""Primary keys as clients send them (inside global IDs, in token subjects).

Every table's key is a 64-bit integer; a longer number reaches the database as an overflow (a 500),
so anything that is not a positive int64 is read as "no such key" before any query.
"""
from __future__ import annotations

import re

MAX_KEY = 2**63 - 1
_DIGITS = re.compile(r"[1-9][0-9]{0,18}")


def parse_key(text: object) -> int | None:
    """The key written in ``text`` (decimal digits, 1 … 2⁶³−1), else None."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if 0 < text <= MAX_KEY else None
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        return None
    key = int(text)
    return key if key <= MAX_KEY else None
