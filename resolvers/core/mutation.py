"""Running a mutation: one transaction, refused inputs become payload errors, jobs sent after commit."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

from models.core.errors import Refused
from models.core.transaction import atomic
from schema.core.errors import to_user_errors


async def run(payload_cls: Any, error_cls: Any, codes: type[Enum], work: Callable[[], Awaitable[dict]]) -> Any:
    """``work`` returns the payload's fields; anything it wrote is rolled back when it refuses."""
    try:
        async with atomic():
            fields = await work()
    except Refused as refused:
        return payload_cls(errors=to_user_errors(error_cls, codes, refused.problems))
    return payload_cls(errors=[], **fields)
