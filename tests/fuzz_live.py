"""Fuzz every root query and mutation field of a running server, as an attacker would.

    python tests/fuzz_live.py --url http://127.0.0.1:8000/graphql --requests 10000 \
        --login 14400000000:Demo@2026 --login <mobile>:<password>

Queries come from schemathesis (hypothesis-graphql) over the committed schema.graphql, round-robin
over the fields, sent anonymously and with each signed-in login's token. Every query that carries an ID
is sent twice: as generated (random IDs, which the input layer refuses) and with each ID replaced by a
well-formed global ID of the type its name suggests and a small key (`planId` → Plan:7), so that the
rules behind the ID checks are reached on the demo data too. Prints the number of requests,
INTERNAL_SERVER_ERROR answers, 5xx answers and timeouts; exits 1 if any of those is not 0.
tests/test_fuzz.py runs the same generator in the suite against the app in-process.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA = Path(__file__).resolve().parents[1] / "schema.graphql"


def _register_scalars() -> None:
    from hypothesis import strategies as st
    from schemathesis.graphql import nodes, scalar

    def strings(*values: str):
        return st.one_of(st.sampled_from(values), st.text(max_size=30)).map(nodes.String)

    # Valid and broken values of the custom scalars; an Upload in a JSON body can only be null.
    scalar("Upload", st.just(nodes.Null))
    scalar("JSON", st.just(nodes.Null))
    scalar("Date", strings("2024-01-01", "2024-02-30", "0000-01-01", "9999-12-31"))
    scalar("DateTime", strings("2024-01-01T00:00:00Z", "2024-13-01T00:00:00", "2024-01-01T25:00:00+08:00"))
    scalar("Decimal", strings("1.5", "NaN", "-Infinity", "1e999999", "0.0000000000001"))


def generate(per_field: int, seed: int = 0) -> list[tuple[str, str]]:
    """(field label, query) pairs: ``per_field`` per root field, the same for the same seed."""
    import hypothesis
    import schemathesis.graphql

    _register_scalars()
    schema = schemathesis.graphql.from_file(SCHEMA.read_text(encoding="utf-8"))
    out: list[tuple[str, str]] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        label = getattr(operation, "label", str(operation))

        @hypothesis.seed(seed)
        @hypothesis.settings(max_examples=per_field, database=None, deadline=None, derandomize=False,
                             phases=[hypothesis.Phase.generate], suppress_health_check=list(hypothesis.HealthCheck))
        @hypothesis.given(operation.as_strategy())
        def collect(case) -> None:
            out.append((label, case.body))

        collect()
    return out


# ID names whose type is not the name itself; a bare `id` (or `parentId`) takes the type the root field
# starts with (`planPublish` → Plan).
ID_ALIASES = {"standard": "EvaluationStandard", "record": "AchievementRecord", "entry": "BlacklistEntry",
              "snapshot": "ApplicationRecordSnapshot", "template": "OpinionTemplate", "department": "Unit",
              "center": "Unit", "attachment": "AchievementAttachment", "message": "Message"}


def with_real_ids(query: str, rng: random.Random) -> str | None:
    """``query`` with every ID literal replaced by a global ID that decodes, or None if it has no ID."""
    from graphql import (GraphQLID, StringValueNode, TypeInfo, TypeInfoVisitor, Visitor,
                         get_named_type, parse, print_ast, visit)
    from strawberry import relay

    schema = _graphql_schema()
    nodes = _node_types()
    document = parse(query)
    info = TypeInfo(schema)
    root: list[str] = []
    names: list[str] = []
    changed = False

    def type_for(name: str) -> str:
        stem = (name[:-3] if name.endswith("Ids") else name.removesuffix("Id")).lower()
        guesses = [t for t in nodes if stem and stem.endswith(t.lower())]
        guesses += [t for key, t in ID_ALIASES.items() if stem.endswith(key)]
        if not guesses and root:
            guesses = [t for t in nodes if root[0].lower().startswith(t.lower())]
        if not guesses or rng.random() < 0.1:
            guesses = nodes
        return max(guesses, key=len) if rng.random() < 0.8 else rng.choice(guesses)

    class Replace(Visitor):
        def enter_field(self, node, *_):
            if not root:
                root.append(node.name.value)

        def enter_argument(self, node, *_):
            names.append(node.name.value)

        def leave_argument(self, *_):
            names.pop()

        def enter_object_field(self, node, *_):
            names.append(node.name.value)

        def leave_object_field(self, *_):
            names.pop()

        def _value(self, node):
            nonlocal changed
            kind = info.get_input_type()
            if kind is None or get_named_type(kind) is not GraphQLID:
                return None
            changed = True
            pk = rng.randint(1, 60) if rng.random() < 0.8 else rng.randint(1, 1500)
            return StringValueNode(value=relay.to_base64(type_for(names[-1] if names else "id"), pk))

        def enter_string_value(self, node, *_):
            return self._value(node)

        def enter_int_value(self, node, *_):
            return self._value(node)

    result = visit(document, TypeInfoVisitor(info, Replace()))
    return print_ast(result) if changed else None


def _graphql_schema():
    global _SCHEMA
    if _SCHEMA is None:
        from graphql import build_schema

        _SCHEMA = build_schema(SCHEMA.read_text(encoding="utf-8"))
    return _SCHEMA


def _node_types() -> list[str]:
    from graphql import GraphQLObjectType

    schema = _graphql_schema()
    return sorted(name for name, t in schema.type_map.items()
                  if isinstance(t, GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces))


_SCHEMA = None


def cases_for(total: int, tokens: int, seed: int) -> list[tuple[str, str]]:
    """At least ``total / tokens`` cases, round-robin over the fields (the first example of every field,
    then the second, …) so that cutting the list at ``total`` drops late examples, never whole fields."""
    rng = random.Random(seed)
    per_field = max(1, -(-total // (tokens * len(generate(1, seed)))))
    by_field: dict[str, list[str]] = {}
    for label, query in generate(per_field, seed):
        variants = by_field.setdefault(label, [])
        variants.append(query)
        real = with_real_ids(query, rng)
        if real is not None:
            variants.append(real)
    longest = max(len(v) for v in by_field.values())
    return [(label, queries[i]) for i in range(longest) for label, queries in by_field.items() if i < len(queries)]


@dataclass
class Tally:
    requests: int = 0
    internal_errors: int = 0
    server_errors: int = 0
    timeouts: int = 0
    failures: list[str] = field(default_factory=list)

    def record(self, label: str, query: str, status: int | None, body: bytes) -> None:
        self.requests += 1
        bad = None
        if status is None:
            self.timeouts += 1
            bad = "timeout"
        elif status >= 500:
            self.server_errors += 1
            bad = f"HTTP {status}"
        elif internal(body):
            self.internal_errors += 1
            bad = "INTERNAL_SERVER_ERROR"
        if bad and len(self.failures) < 50:
            self.failures.append(f"{bad} {label}: {query[:2000]}")

    @property
    def clean(self) -> bool:
        return self.internal_errors == self.server_errors == self.timeouts == 0


def internal(body: bytes) -> bool:
    try:
        errors = json.loads(body).get("errors") or []
    except (ValueError, AttributeError):
        return False
    return any((e.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR" for e in errors)


async def login(client, url: str, spec: str) -> str:
    name, _, password = spec.partition(":")
    query = "mutation($i: AuthLoginInput!) { authLogin(input: $i) { accessToken errors { code message } } }"
    response = await client.post(url, json={"query": query, "variables": {"i": {"login": name, "password": password}}})
    token = (response.json().get("data") or {}).get("authLogin", {}).get("accessToken")
    if not token:
        raise SystemExit(f"login {name} failed: {response.text[:300]}")
    return token


async def run(url: str, total: int, logins: list[str], seed: int, concurrency: int, timeout: float) -> Tally:
    import httpx

    async with httpx.AsyncClient(timeout=timeout) as client:
        tokens: list[str | None] = [None, *[await login(client, url, spec) for spec in logins]]
        cases = cases_for(total, len(tokens), seed)
        jobs = [(label, query, token) for label, query in cases for token in tokens][:total]
        tally = Tally()
        queue: asyncio.Queue = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)

        async def worker() -> None:
            while not queue.empty():
                label, query, token = queue.get_nowait()
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                try:
                    response = await client.post(url, json={"query": query}, headers=headers)
                    tally.record(label, query, response.status_code, response.content)
                except httpx.TimeoutException:
                    tally.record(label, query, None, b"")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the /graphql endpoint")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--login", action="append", default=[], help="login:password; repeat for more roles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    args = parser.parse_args()
    started = time.monotonic()
    tally = asyncio.run(run(args.url, args.requests, args.login, args.seed, args.concurrency, args.timeout))
    for line in tally.failures:
        print(line, file=sys.stderr)
    print(f"requests={tally.requests} internal_server_error={tally.internal_errors} http_5xx={tally.server_errors} "
          f"timeouts={tally.timeouts} seconds={time.monotonic() - started:.0f}")
    sys.exit(0 if tally.clean else 1)


if __name__ == "__main__":
    main()
