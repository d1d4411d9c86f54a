"""Turning GraphQL inputs into the plain dicts domain services take."""
from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

import strawberry


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return value.strip()
    return value


def input_fields(obj: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Fields the client sent (UNSET ones are left out), enums as their values, text trimmed."""
    return {
        f.name: _plain(getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if f.name not in skip and getattr(obj, f.name) is not strawberry.UNSET
    }
