"""Race tests over real connections: `zhicheng api` in production mode as subprocesses (two replicas), on the
suite's own PostgreSQL database and a redis-server of their own, driven by many HTTP requests at once over TCP.

In-process (httpx's ASGITransport) the requests of a gather mostly run one after another before they reach
the guarded statement, so a race test there passes with or without its guard. Here each request is parsed,
authenticated and executed by uvicorn while the others are in flight, by two processes on two connection
pools, and the transactions really interleave (tests/race_mutants.py shows it, guard by guard). One replica
alone catches much less: its requests reach the guarded statement one CPU slice apart. Data is seeded
in-process with the usual builders; the servers read the same database. Tokens are made with
tests.conftest.SECRET, which the servers are given as their secret key.
"""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path

import httpx

from models.account.auth import start_session
from models.account.models import Account
from tests.conftest import SECRET
from tests.declaration_support import World
from tests.fault_support import ApiProcess, RedisServer
from tests.helpers import gql
from tests.quota_support import another_applicant, claimed, submitted

BINDING_DECIDE = """mutation($input: BindingDecideInput!) { bindingDecide(input: $input) {
  errors { field code message } bindings { id status } } }"""
REFRESH = """mutation($input: AuthRefreshInput!) { authRefresh(input: $input) {
  errors { field code message } accessToken refreshToken } }"""
MAX_BURST = 100  # connections per replica
# infra/k8s/api-deployment.yaml runs two replicas (docker compose: --workers 2): requests of one burst are
# then also executed in parallel by two processes.
REPLICAS = 2
# Importing the app takes 15 s of a busy 2-core machine, and more under nice: 30 s was too short there.
READY_TIMEOUT = 90.0


@contextlib.contextmanager
def running_api(settings, workdir: Path, replicas: int = REPLICAS) -> Iterator[list[ApiProcess]]:
    """The API as production runs it, ``replicas`` processes on ``settings``' database (migrated by the
    ``app`` fixture) and one Redis."""
    redis = RedisServer(workdir)
    redis.start()
    env = {"ZHICHENG_ENV": "production", "ZHICHENG_SECRET_KEY": SECRET, "ZHICHENG_DATABASE_URL": settings.database_url,
           "ZHICHENG_REDIS_URL": redis.url, "ZHICHENG_VAR_DIR": str(workdir),
           "ZHICHENG_STORAGE_DIR": str(settings.storage_dir)}
    apis = [ApiProcess(env, workdir / f"api-{i}.log").start() for i in range(replicas)]
    try:
        for api in apis:
            api.wait_ready(READY_TIMEOUT)
        yield apis
    finally:
        for api in apis:
            api.stop()
        redis.kill()


class Wire:
    """HTTP clients to the replicas over TCP; a burst's requests go to the replicas in turn, as a load balancer
    would send them."""

    def __init__(self, clients: list[httpx.AsyncClient]):
        self.clients = clients

    async def at_once(self, calls: list[tuple[str, dict, str | None]],
                      delays: list[float] | None = None) -> list[dict]:
        """Sends every (document, variables, token) at the same time, or each ``delays[i]`` seconds later; the
        results in the same order. A keep-alive connection per request is opened first, so the burst's
        requests leave together instead of queueing behind TCP handshakes."""
        n, delays = len(self.clients), delays or [0.0] * len(calls)
        await asyncio.gather(*(self.clients[i % n].get("/healthz") for i in range(len(calls))))

        async def send(i: int, doc: str, variables: dict, token: str | None) -> dict:
            if delays[i]:
                await asyncio.sleep(delays[i])
            return await gql(self.clients[i % n], doc, variables, token=token)

        return list(await asyncio.gather(*(send(i, *call) for i, call in enumerate(calls))))


@contextlib.asynccontextmanager
async def wire_client(apis: list[ApiProcess]):
    # Idle connections are dropped by the client before uvicorn's 5 s keep-alive timeout closes them under
    # a request that reuses one.
    limits = httpx.Limits(max_connections=MAX_BURST, max_keepalive_connections=MAX_BURST, keepalive_expiry=2.0)
    async with contextlib.AsyncExitStack() as stack:
        yield Wire([await stack.enter_async_context(httpx.AsyncClient(base_url=api.url, limits=limits, timeout=60))
                    for api in apis])


async def at_once(wire: Wire, calls: list[tuple[str, dict, str | None]],
                  delays: list[float] | None = None) -> list[dict]:
    return await wire.at_once(calls, delays)


def outcome(result: dict, name: str) -> str:
    """``ok`` or the single error code of a payload; a GraphQL-level error fails the test."""
    assert not result.get("errors"), result
    errors = result["data"][name]["errors"]
    if not errors:
        return "ok"
    assert len(errors) == 1, errors
    return errors[0]["code"]


async def applicants(world: World, count: int) -> list[World]:
    """``world`` and count - 1 more applicants of the same employer, each with approved records."""
    return [world] + [await another_applicant(world, f"申报人{i}") for i in range(1, count)]


async def claimed_applications(http, worlds: list[World]) -> list[tuple[World, str, str]]:
    """Each applicant's application submitted and its employer task claimed by the employer's admin:
    (world, application ID, task ID)."""
    out = []
    for world in worlds:
        app_id = await submitted(http, world)
        out.append((world, app_id, await claimed(http, world, app_id)))
    return out


async def refresh_token_for(account_id: int) -> str:
    """A fresh sign-in's refresh token (what authLogin returns), made in-process."""
    account = await Account.get(id=account_id)
    return (await start_session(account, SECRET, 900, 3600)).refresh_token
