"""Loading a page's related rows before graphql-core walks it, so nested fields resolve synchronously.

An ``async`` resolver costs a coroutine, and every object holding one a gather and tasks, in graphql-core:
on a 50-row page that was most of the CPU (STACK_NOTES 18, issue 10). So a relation field is a plain
function returning ``when_loaded(loader.load(key), build)``: the built value at once when the request's
DataLoader already holds the row, else an awaitable (batched as before). A list resolver then calls
``prefetch_page``: each node type's ``prefetch`` loads, in one batch per relation, what the client's
selection asks for, through the same DataLoaders the fields use. Prefetching only warms the loaders:
every field still applies its own policy, and a field the prefetch missed is merely awaited.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode

T = TypeVar("T")
R = TypeVar("R")


def when_loaded(future: Awaitable[T], build: Callable[[T], R]) -> R | Awaitable[R]:
    """``build(value)`` now when the DataLoader future is settled, else an awaitable of it."""
    if isinstance(future, asyncio.Future) and future.done():
        return build(future.result())
    return _later(future, build)


async def _later(future: Awaitable[Any], build: Callable[[Any], R]) -> R:
    return build(await future)


class Selection:
    """The fields a client selected under one field, fragments flattened (type conditions ignored:
    prefetching a little more is harmless), keyed by field name (aliases merged)."""

    __slots__ = ("_children", "_fragments", "_nodes")

    def __init__(self, nodes: Iterable[FieldNode], fragments: dict) -> None:
        self._nodes, self._fragments = list(nodes), fragments
        self._children: dict[str, list[FieldNode]] | None = None

    def _collect(self) -> dict[str, list[FieldNode]]:
        if self._children is None:
            children: dict[str, list[FieldNode]] = {}
            todo = [n.selection_set for n in self._nodes if n.selection_set]
            seen: set[str] = set()
            while todo:
                for sel in todo.pop().selections:
                    if isinstance(sel, FieldNode):
                        children.setdefault(sel.name.value, []).append(sel)
                    elif isinstance(sel, InlineFragmentNode):
                        todo.append(sel.selection_set)
                    elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
                        seen.add(sel.name.value)
                        fragment = self._fragments.get(sel.name.value)
                        if fragment is not None:
                            todo.append(fragment.selection_set)
            self._children = children
        return self._children

    def __contains__(self, name: str) -> bool:
        return name in self._collect()

    def get(self, name: str) -> Selection | None:
        nodes = self._collect().get(name)
        return Selection(nodes, self._fragments) if nodes else None

    def __or__(self, other: Selection | None) -> Selection:
        return self if other is None else Selection([*self._nodes, *other._nodes], self._fragments)


def selection(info: Any) -> Selection:
    raw = getattr(info, "_raw_info", info)  # a Strawberry Info or graphql-core's
    return Selection(raw.field_nodes, raw.fragments)


def connection_nodes(sel: Selection) -> Selection | None:
    """What is selected on a Connection's nodes, through ``edges { node }`` and ``nodes``."""
    edges = sel.get("edges")
    node = edges.get("node") if edges else None
    nodes = sel.get("nodes")
    return node | nodes if node else nodes


async def settle(*loads: Awaitable[Any]) -> None:
    """Waits for loads at once; a failure stays in its future, raised by the field that reads it."""
    if loads:
        await asyncio.gather(*loads, return_exceptions=True)


async def prefetch_rows(context: Any, type_: type, rows: Iterable[Any], sel: Selection | None) -> None:
    """Runs ``type_.prefetch(context, rows, sel)`` (rows distinct, no None) when the type has one."""
    hook = getattr(type_, "prefetch", None)
    if hook is None or sel is None:
        return
    distinct = list({id(r): r for r in rows if r is not None}.values())
    if distinct:
        await hook(context, distinct, sel)


async def prefetch_related(context: Any, loader: Any, keys: Iterable[Any], sel: Selection | None,
                           type_: type | None = None) -> None:
    """Loads ``keys`` through ``loader`` (a request's DataLoader, or its class), then what ``sel`` asks of
    the loaded rows' type."""
    if isinstance(loader, type):
        loader = context.loader(loader)
    rows = await loader.load_many([k for k in dict.fromkeys(keys) if k is not None])
    if type_ is not None:
        await prefetch_rows(context, type_, rows, sel)


async def prefetch_nodes(context: Any, nodes: list, sel: Selection | None) -> None:
    """Runs the node type's ``prefetch`` over the nodes' rows."""
    if nodes:
        await prefetch_rows(context, type(nodes[0]), [n.row for n in nodes], sel)


async def prefetch_page(info: Any, connection: T) -> T:
    """Prefetches the nodes of a Connection a list resolver returns; returns it."""
    await prefetch_nodes(info.context, [e.node for e in connection.edges],  # type: ignore[attr-defined]
                         connection_nodes(selection(info)))
    return connection
