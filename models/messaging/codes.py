"""Error codes of messages and broadcasts: only the common ones so far."""
from __future__ import annotations

from models.core.codes import Codes


class MessageCode(Codes):
    pass
