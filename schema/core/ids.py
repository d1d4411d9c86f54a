"""Helpers every domain's types share: global IDs and building types from rows."""
from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, TypeVar

from strawberry import relay

from models.core.errors import refuse

N = TypeVar("N")


def decode_id(value: str | relay.GlobalID, expected: type, field: str | tuple[str, ...]) -> int:
    """The primary key inside a global ID, refusing IDs of another type (INVALID_ID)."""
    fields = (field,) if isinstance(field, str) else field
    name = expected.__strawberry_definition__.name
    try:
        gid = value if isinstance(value, relay.GlobalID) else relay.GlobalID.from_id(str(value))
        if gid.type_name != name:
            raise ValueError
        return int(gid.node_id)
    except (ValueError, TypeError, relay.GlobalIDValueError):
        raise refuse("INVALID_ID", f"ID 无效或不是{name}类型", *fields) from None


def encode_id(type_: type, pk: int) -> str:
    return relay.to_base64(type_.__strawberry_definition__.name, pk)


@lru_cache(maxsize=None)
def _init_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)  # type: ignore[arg-type]


def from_row(cls: type[N], row: Any, **extra: Any) -> N:
    """Builds a Strawberry type from an ORM row: plain fields are copied by name, ``row`` is kept."""
    values: dict[str, Any] = {}
    for name in _init_fields(cls):
        if name in extra:
            continue
        if name == "row":
            values["row"] = row
        elif name == "id":
            values["id"] = row.pk
        elif hasattr(row, name):
            values[name] = getattr(row, name)
    values.update(extra)
    return cls(**values)
