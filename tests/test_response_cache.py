"""The response cache of anonymous public queries (zhicheng/response_cache.py, issue 10 P4): what is kept,
for how long, and what never is."""
from __future__ import annotations

import asyncio
import contextlib

import pytest

from models.committee.models import Committee
from tests.helpers import count_sql, gql, token_for
from tests.plan_support import PLANS, hr_bureau, make_committee, make_plan, organizer
from zhicheng.app import ZhichengGraphQL
from zhicheng.response_cache import ResponseCache, cacheable

COMMITTEES = "query { committees(first: 10) { nodes { name } } }"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextlib.contextmanager
def cache_on(app, ttl: float = 1.0):
    """The session app's GraphQL view with a cache on a hand-moved clock, off again afterwards."""
    view = next(r.endpoint for r in app.routes if getattr(r, "path", None) == "/graphql"
                and isinstance(r.endpoint, ZhichengGraphQL))
    clock = Clock()
    view.response_cache = ResponseCache(ttl, clock=clock)
    try:
        yield view.response_cache, clock
    finally:
        view.response_cache = None


async def world():
    hr = await hr_bureau()
    org = await organizer()
    committee = await make_committee(hr.unit, name="合肥市工程中级评委会", regions=("340100",), organizers=(org.unit,),
                                     levels=("INTERMEDIATE",))
    await make_plan(committee, org.unit, name="2024年合肥工程中级", year=2024, opens=-5, closes=5)
    return hr, committee


async def test_an_anonymous_public_query_is_answered_from_the_cache_for_ttl_seconds(app, http):
    _, committee = await world()
    with cache_on(app) as (cache, clock):
        first = await gql(http, COMMITTEES)
        assert first["data"]["committees"]["nodes"] == [{"name": "合肥市工程中级评委会"}]
        await Committee.filter(id=committee.id).update(name="合肥市工程中级评委会（新）")
        with count_sql() as statements:
            again = await gql(http, COMMITTEES)
        assert again == first and statements == []  # no SQL at all: the bytes of the first answer
        clock.now += 0.99
        assert await gql(http, COMMITTEES) == first
        clock.now += 0.02  # past the second: the change shows
        with count_sql() as statements:
            fresh = await gql(http, COMMITTEES)
        assert fresh["data"]["committees"]["nodes"] == [{"name": "合肥市工程中级评委会（新）"}] and statements
        assert cache.hits == 2


async def test_clients_asking_at_once_wait_for_one_computation(app, http):
    await world()
    with cache_on(app) as (cache, clock):
        with count_sql() as one:
            first = await gql(http, COMMITTEES)
        clock.now += 2  # expired: the next askers find nothing kept
        with count_sql() as many:
            answers = await asyncio.gather(*(gql(http, COMMITTEES) for _ in range(6)))
        assert all(a == first for a in answers)
        assert len(many) == len(one) > 0  # one computation for the six, not six
        assert not cache._flights


async def test_variables_are_part_of_the_key(app, http):
    await world()
    with cache_on(app):
        one = await gql(http, PLANS, {"filter": {"year": 2024}, "first": 5})
        other = await gql(http, PLANS, {"filter": {"year": 2023}, "first": 5})
        assert [n["name"] for n in one["data"]["plans"]["nodes"]] == ["2024年合肥工程中级"]
        assert other["data"]["plans"]["nodes"] == []


async def test_signed_in_requests_are_never_cached(app, http):
    hr, _ = await world()
    token = token_for(hr.account.id)
    with cache_on(app) as (cache, _):
        await gql(http, COMMITTEES, token=token)
        with count_sql() as statements:
            await gql(http, COMMITTEES, token=token)
        assert statements and cache.hits == 0 and not cache._entries


@pytest.mark.parametrize("query", [
    "query { me { id } }",  # not a public root
    "query { committees(first: 10) { nodes { name } } me { id } }",  # one root is not public
    "query { plans(first: 0) { nodes { name } } }",  # refused: errors are not kept
    "query { committees(first: 10) { nodes { nope } } }",  # invalid
])
async def test_what_is_not_kept(app, http, query):
    await world()
    with cache_on(app) as (cache, _):
        await http.post("/graphql", json={"query": query})
        assert not cache._entries


def test_cacheable_operations():
    assert cacheable("{ plans(first: 1) { totalCount } }", None)
    assert cacheable("query Q($f: PlanFilter) { a: plans(filter: $f, first: 1) { totalCount } regions { code } }", "Q")
    assert not cacheable("mutation { logout { ok } }", None)
    assert not cacheable("query { ...F } fragment F on Query { plans(first: 1) { totalCount } }", None)
    assert not cacheable("query { __schema { types { name } } }", None)
    assert not cacheable("query { certificateVerify(number: \"1\", name: \"张三\") { found } }", None)
    assert not cacheable("query A { plans(first: 1) { totalCount } } query B { me { id } }", "B")
    assert not cacheable("query A { plans(first: 1) { totalCount } } query B { me { id } }", None)  # ambiguous
    assert not cacheable("{ plans(", None)


def test_entries_expire_and_the_oldest_go_first():
    clock = Clock()
    cache = ResponseCache(1.0, max_entries=2, clock=clock)
    cache.put(b"a", b"A")
    cache.put(b"b", b"B")
    cache.put(b"c", b"C")
    assert cache.get(b"a") is None and cache.get(b"b") == b"B"
    clock.now += 1.0
    assert cache.get(b"b") is None and not cache._entries.get(b"b")


def test_the_cache_is_bounded_in_bytes_too():
    cache = ResponseCache(1.0, max_bytes=100, clock=Clock())
    for n in range(5):
        cache.put(f"body{n}".encode(), b"x" * 30)  # 35 bytes each: two fit
    assert list(cache._entries) == [b"body3", b"body4"] and cache._bytes == 70
    cache.put(b"big", b"y" * 200)  # larger than the bound: kept nowhere
    assert not cache._entries and cache._bytes == 0
