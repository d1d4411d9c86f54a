"""Turning GraphQL inputs into the plain dicts domain services take."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
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


def sent_fields(data: Any, keys: Iterable[str]) -> dict[str, Any]:
    """Of ``keys``, the fields the client sent (left-out ones are UNSET), enums as their values; text as sent
    (the domain's field rules trim it). ``data`` None: nothing sent."""
    if data is None:
        return {}
    sent = {}
    for key in keys:
        value = getattr(data, key)
        if value is not strawberry.UNSET:
            sent[key] = getattr(value, "value", value)
    return sent


def title_choice(series_id: strawberry.ID, specialty_id: strawberry.ID,
                 title_name_id: strawberry.ID) -> tuple[int, int, int]:
    """A title from the tree, as (series, specialty, title name) primary keys."""
    from schema.catalogue import Series, Specialty, TitleName
    from schema.core.ids import decode_id

    return (decode_id(series_id, Series, "seriesId"), decode_id(specialty_id, Specialty, "specialtyId"),
            decode_id(title_name_id, TitleName, "titleNameId"))
