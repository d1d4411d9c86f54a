"""Relay connections: ``first`` or ``last`` required and at most 100, keyset cursors, totalCount.

Lists are ordered newest first by id unless they take a sort enum, whose ``SortKey`` orders by a
column with ties broken by id in the same direction. Either way the cursor carries the row's
place in that order (its id; or its sort value and id), so a page costs one indexed query however
deep the client pages, and ``totalCount`` is counted only when selected.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import strawberry
from graphql import GraphQLError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

T = TypeVar("T")
MAX_PAGE = 100


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list. Page with `first`/`after` or `last`/`before`.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list (all pages) holds.")
    async def total_count(self) -> int:
        return await self._count()

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]


def _invalid_cursor() -> GraphQLError:
    return GraphQLError("分页游标无效", extensions={"code": "INVALID_CURSOR"})


def page_size(first: int | None, last: int | None) -> int:
    if (first is None) == (last is None):
        raise GraphQLError("请提供 first 或 last 之一（1–100）", extensions={"code": "INVALID_PAGINATION"})
    size = first if first is not None else last
    assert size is not None
    if not 1 <= size <= MAX_PAGE:
        raise GraphQLError(f"每页数量须在 1 到 {MAX_PAGE} 之间", extensions={"code": "INVALID_PAGINATION"})
    return size


class Order(Protocol):
    """A list's order as paging needs it; ``forward`` is the list's own direction (paging with first)."""

    def order_by(self, forward: bool) -> tuple[str, ...]: ...

    def beyond(self, cursor: str, forward: bool) -> Q:
        """Rows strictly after the cursor in the list's order (``forward``), or strictly before it."""

    def cursor(self, row: Any) -> str: ...


class NewestFirst:
    """By id, newest first; the cursor carries the id."""

    def order_by(self, forward: bool) -> tuple[str, ...]:
        return ("-id",) if forward else ("id",)

    def beyond(self, cursor: str, forward: bool) -> Q:
        pk = self._decode(cursor)
        return Q(id__lt=pk) if forward else Q(id__gt=pk)

    def cursor(self, row: Any) -> str:
        return base64.urlsafe_b64encode(f"k:{row.id}".encode()).decode()

    @staticmethod
    def _decode(cursor: str) -> int:
        try:
            kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
            if kind != "k":
                raise ValueError
            return int(value)
        except (ValueError, UnicodeDecodeError):
            raise _invalid_cursor() from None


NEWEST_FIRST = NewestFirst()


@dataclass(frozen=True)
class SortKey:
    """By ``column`` then id, both in one direction; the cursor carries the row's value and id."""

    column: str
    descending: bool
    kind: type = datetime  # datetime or int: how the cursor value is read back

    def order_by(self, forward: bool) -> tuple[str, ...]:
        sign = "-" if self.descending == forward else ""
        return f"{sign}{self.column}", f"{sign}id"

    def beyond(self, cursor: str, forward: bool) -> Q:
        value, pk = self._decode(cursor)
        later = self.descending == forward  # later in the list means smaller values
        op = "lt" if later else "gt"
        return Q(**{f"{self.column}__{op}": value}) | Q(**{self.column: value, f"id__{op}": pk})

    def cursor(self, row: Any) -> str:
        value = getattr(row, self.column)
        raw = value.isoformat() if isinstance(value, datetime) else value
        return base64.urlsafe_b64encode(("s:" + json.dumps([raw, row.pk])).encode()).decode()

    def _decode(self, cursor: str) -> tuple[Any, int]:
        try:
            kind, payload = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
            raw, pk = json.loads(payload)
            if kind != "s" or not isinstance(pk, int):
                raise ValueError
            value = datetime.fromisoformat(raw) if self.kind is datetime else int(raw)
            return value, pk
        except (ValueError, TypeError, UnicodeDecodeError, json.JSONDecodeError):
            raise _invalid_cursor() from None


async def paginate(
    queryset: QuerySet,
    to_node: Callable,
    order: Order = NEWEST_FIRST,
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Connection:
    """One page of ``queryset`` in ``order``. ``to_node`` turns a row into its GraphQL type."""
    size = page_size(first, last)
    qs = queryset
    if after:
        qs = qs.filter(order.beyond(after, forward=True))
    if before:
        qs = qs.filter(order.beyond(before, forward=False))
    if first is not None:
        rows = list(await qs.order_by(*order.order_by(forward=True)).limit(size + 1))
        has_next, has_prev = len(rows) > size, after is not None
        rows = rows[:size]
    else:
        # Paging back: read the rows before `before` nearest first, then show them in the list's order.
        rows = list(await qs.order_by(*order.order_by(forward=False)).limit(size + 1))
        has_prev, has_next = len(rows) > size, before is not None
        rows = list(reversed(rows[:size]))
    edges = [Edge(cursor=order.cursor(r), node=to_node(r)) for r in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_prev,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=queryset.count,
    )
