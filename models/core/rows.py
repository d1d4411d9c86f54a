"""Rows as a write left them, without reading them back."""
from __future__ import annotations

import copy
from typing import Any, TypeVar

from tortoise.models import Model

M = TypeVar("M", bound=Model)


def as_written(row: M, changes: dict[str, Any]) -> M:
    """A copy of ``row`` with ``changes`` as the database now holds them: each value through its field's
    conversion to the database and back (an aware datetime in the configured time zone, an enum as its
    member, JSON as plain lists and dicts), what reading the row again would give. For a write whose
    version check proved that nobody else wrote the row in between."""
    written = copy.copy(row)
    fields = row._meta.fields_map
    for name, value in changes.items():
        field = fields[name]
        setattr(written, name, field.to_python_value(field.to_db_value(value, None)))
    return written
