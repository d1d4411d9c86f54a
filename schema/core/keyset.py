"""Relay connections ordered by a column other than id (keyset on (column, id)).

``schema.core.pagination.paginate`` orders newest first by id; lists with a sort enum use this
variant. The cursor carries the row's sort value and id, so a page is one indexed query
however deep the client pages; ties on the sort column are broken by id in the same
direction. Same rules otherwise: ``first`` or ``last`` (1–100), ``totalCount`` counted only
when selected.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graphql import GraphQLError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from schema.core.pagination import Connection, Edge, PageInfo, page_size


@dataclass(frozen=True)
class SortKey:
    column: str
    descending: bool
    kind: type = datetime  # datetime or int: how the cursor value is read back


def _encode(key: SortKey, row: Any) -> str:
    value = getattr(row, key.column)
    raw = value.isoformat() if isinstance(value, datetime) else value
    return base64.urlsafe_b64encode(("s:" + json.dumps([raw, row.pk])).encode()).decode()


def _decode(key: SortKey, cursor: str) -> tuple[Any, int]:
    try:
        kind, payload = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
        raw, pk = json.loads(payload)
        if kind != "s" or not isinstance(pk, int):
            raise ValueError
        value = datetime.fromisoformat(raw) if key.kind is datetime else int(raw)
        return value, pk
    except (ValueError, TypeError, UnicodeDecodeError, json.JSONDecodeError):
        raise GraphQLError("分页游标无效", extensions={"code": "INVALID_CURSOR"}) from None


def _beyond(key: SortKey, cursor: str, forward: bool) -> Q:
    """Rows strictly after the cursor in the list's order (``forward``) or strictly before it."""
    value, pk = _decode(key, cursor)
    later = key.descending == forward  # later in the list means smaller values
    op = "lt" if later else "gt"
    return Q(**{f"{key.column}__{op}": value}) | Q(**{key.column: value, f"id__{op}": pk})


async def paginate_by(queryset: QuerySet, to_node: Callable, key: SortKey, *, first: int | None = None,
                      after: str | None = None, last: int | None = None, before: str | None = None) -> Connection:
    size = page_size(first, last)
    count_qs = queryset
    qs = queryset
    if after:
        qs = qs.filter(_beyond(key, after, forward=True))
    if before:
        qs = qs.filter(_beyond(key, before, forward=False))
    sign = "-" if key.descending else ""
    flip = "" if key.descending else "-"
    if first is not None:
        rows = list(await qs.order_by(f"{sign}{key.column}", f"{sign}id").limit(size + 1))
        has_next, has_prev = len(rows) > size, after is not None
        rows = rows[:size]
    else:
        rows = list(await qs.order_by(f"{flip}{key.column}", f"{flip}id").limit(size + 1))
        has_prev, has_next = len(rows) > size, before is not None
        rows = list(reversed(rows[:size]))
    edges = [Edge(cursor=_encode(key, r), node=to_node(r)) for r in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=has_next, has_previous_page=has_prev,
                           start_cursor=edges[0].cursor if edges else None,
                           end_cursor=edges[-1].cursor if edges else None),
        _count=count_qs.count,
    )
