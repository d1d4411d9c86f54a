"""A short-lived cache of anonymous public queries (issue 10, P4): plan search, committees, the catalogue
and regions, the deadline surge's busiest reads.

An anonymous answer depends only on the request body, the data and the clock, never on who asks, so a
body seen in the last ``ttl`` seconds gets the bytes computed for it then, without parsing, validating or
querying anything. Entries live ``ttl`` seconds (1 s by default), so every change, whether a mutation, a
worker, an import or a plan's window opening with time, shows within that second; no invalidation
protocol is needed, and each API process keeps its own cache (nothing to keep coherent across
processes). When an entry expires under load, one request recomputes it while the others asking the same
wait for that answer. Only queries whose every root field is in PUBLIC_ROOTS are kept, only answers without
errors, and only for requests without credentials. Throttled fields (certificateVerify*) are not public
roots here: a cached answer would bypass the per-address throttle.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

import orjson
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse

PUBLIC_ROOTS = frozenset({"plans", "committees", "seriesList", "series", "regions", "region"})
MAX_BODY = 16 * 1024  # public queries are small; a larger body is not worth keeping
MAX_ENTRIES = 2048
MAX_BYTES = 16 * 1024 * 1024  # bodies and answers together: a flood of distinct bodies cannot grow the process


@lru_cache(maxsize=512)
def cacheable(query: str, operation_name: str | None) -> bool:
    """True when the operation run is a query of public root fields only (aliases, variables and
    @skip / @include allowed; fragments at the root, introspection and everything else not)."""
    try:
        document = parse(query, no_location=True)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return False
    return all(isinstance(s, FieldNode) and s.name.value in PUBLIC_ROOTS
               for s in operations[0].selection_set.selections)


def cacheable_body(body: bytes) -> bool:
    try:
        data = json.loads(body)
    except ValueError:
        return False
    if not isinstance(data, dict) or not isinstance(data.get("query"), str):
        return False
    name = data.get("operationName")
    return (name is None or isinstance(name, str)) and cacheable(data["query"], name)


def clean_answer(content: bytes) -> bool:
    """An answer with data and no errors (a refused or failed query is not kept)."""
    try:
        answer = orjson.loads(content)
    except orjson.JSONDecodeError:
        return False
    return isinstance(answer, dict) and "errors" not in answer and answer.get("data") is not None


class ResponseCache:
    """Request body -> answer bytes, each kept ``ttl`` seconds, at most ``max_entries`` and ``max_bytes``
    (oldest out first)."""

    def __init__(self, ttl: float = 1.0, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.max_entries, self.max_bytes, self.clock = ttl, max_entries, max_bytes, clock
        self._bytes = 0
        self._entries: OrderedDict[bytes, tuple[float, bytes]] = OrderedDict()
        self._flights: dict[bytes, asyncio.Future[bytes | None]] = {}
        self.hits = self.misses = 0

    def get(self, body: bytes) -> bytes | None:
        entry = self._entries.get(body)
        if entry is not None:
            if entry[0] > self.clock():
                self.hits += 1
                return entry[1]
            self._drop(body)
        self.misses += 1
        return None

    def flight(self, body: bytes) -> asyncio.Future[bytes | None] | None:
        """The answer being computed for ``body`` by another request, if one is."""
        return self._flights.get(body)

    def lead(self, body: bytes) -> None:
        """This request computes ``body``'s answer; others wait for it (``flight``) until ``land``."""
        self._flights[body] = asyncio.get_running_loop().create_future()

    def land(self, body: bytes, content: bytes | None) -> None:
        """The leader's answer (None: not kept, the waiters compute their own)."""
        future = self._flights.pop(body, None)
        if future is not None and not future.done():
            future.set_result(content)

    def put(self, body: bytes, content: bytes) -> None:
        self._drop(body)
        self._entries[body] = (self.clock() + self.ttl, content)
        self._bytes += len(body) + len(content)
        while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
            self._drop(next(iter(self._entries)))

    def _drop(self, body: bytes) -> None:
        entry = self._entries.pop(body, None)
        if entry is not None:
            self._bytes -= len(body) + len(entry[1])
