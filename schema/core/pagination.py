"""Relay connections: ``first`` or ``last`` required and at most 100, keyset cursors, totalCount.

Lists are ordered newest first by id; cursors carry the id, so a page costs one
indexed query however deep the client pages, and ``totalCount`` is counted only
when selected.
"""
from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry
from graphql import GraphQLError
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


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"k:{pk}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
        if kind != "k":
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise GraphQLError("分页游标无效", extensions={"code": "INVALID_CURSOR"}) from None


def page_size(first: int | None, last: int | None) -> int:
    if (first is None) == (last is None):
        raise GraphQLError("请提供 first 或 last 之一（1–100）", extensions={"code": "INVALID_PAGINATION"})
    size = first if first is not None else last
    assert size is not None
    if not 1 <= size <= MAX_PAGE:
        raise GraphQLError(f"每页数量须在 1 到 {MAX_PAGE} 之间", extensions={"code": "INVALID_PAGINATION"})
    return size


async def paginate(
    queryset: QuerySet,
    to_node: Callable,
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Connection:
    """Newest first. ``to_node`` turns a row into its GraphQL type."""
    size = page_size(first, last)
    count_qs = queryset
    if first is not None:
        qs = queryset.order_by("-id")
        if after:
            qs = qs.filter(id__lt=decode_cursor(after))
        if before:
            qs = qs.filter(id__gt=decode_cursor(before))
        rows = list(await qs.limit(size + 1))
        has_next, has_prev = len(rows) > size, after is not None
        rows = rows[:size]
    else:
        qs = queryset.order_by("id")
        if before:
            qs = qs.filter(id__gt=decode_cursor(before))
        if after:
            qs = qs.filter(id__lt=decode_cursor(after))
        rows = list(await qs.limit(size + 1))
        has_prev, has_next = len(rows) > size, before is not None
        rows = list(reversed(rows[:size]))
    edges = [Edge(cursor=encode_cursor(r.id), node=to_node(r)) for r in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_prev,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count_qs.count,
    )
