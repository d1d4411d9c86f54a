"""Error codes of the blacklist."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes


class BlacklistCode(Codes):
    INVALID_DATE = auto()
    ALREADY_LIFTED = auto()
