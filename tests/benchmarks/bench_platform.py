"""Platform benchmark (a script, not a test): 100,000 persons on PostgreSQL.

Prints, side by side, requests/s and p50/p95 at 32 concurrent connections for
`me`, for a 50-row registration-review page and for a plain Starlette + asyncpg
endpoint returning the same 50 rows (the floor the GraphQL layer is measured
against); SQL statements per request; API RSS; and the time to fan out one
in-app message to every person. Ends with a metric / value / target / PASS-MISS
table. A miss is reported, not hidden.

    python tests/benchmarks/bench_platform.py [--persons 100000] \
        [--database-url postgres://postgres@127.0.0.1:5432/test] \
        [--redis-url redis://127.0.0.1:6379/11] [--seconds 10] [--client httpx|raw|both]

It creates a database ``zhicheng_bench_<random>`` next to --database-url and drops
it at the end (--keep-db leaves it). The plain endpoint runs as a separate process:
``python bench_platform.py --plain-server --port P --database-url URL``.

Load is generated in this process with asyncio + httpx (32 workers on a client with
max_connections=32, keep-alive). httpx costs a lot of client CPU per request, so on a
2-core box it can cap the figures, the plain endpoint's above all. ``--client raw``
(or ``both``, the default) adds a minimal keep-alive HTTP/1.1 client on raw asyncio
streams; the client CPU column shows which side saturates. The ratio target is judged
on the raw client when it ran (its floor is not capped by the client), else on httpx.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from starlette.responses import JSONResponse  # noqa: E402
from benchlib import (plain_pool_app, APP_BUG, CONCURRENCY, SECRET, WARMUP, Request, Result, copy,  # noqa: E402
                      create_database, drop_database, free_port, graphql_request, id_number, idle_check,
                      quiet_logging,
                      in_process_app, load, pg_dsn, proc_status, run_api_shim, start, stop,
                      verdict, wait_ready)

PAGE = 50
UNIT_ID = 1

ME_QUERY = "query { me { account { id } person { realName idNumber } } }"
REVIEW_QUERY = (
    "query($unitId: ID!, $first: Int!) { registrationReviews(unitId: $unitId, first: $first) {"
    " edges { node { id status createdAt person { realName idNumber mobile } unit { name } } } } }"
)
PLAIN_SQL = (
    "SELECT b.id, b.status, b.created_at, p.real_name, p.id_number, p.mobile, u.name AS unit_name "
    "FROM binding b JOIN person p ON p.id = b.person_id JOIN unit u ON u.id = b.unit_id "
    "WHERE b.unit_id = $1 ORDER BY b.id DESC LIMIT $2"
)


# --------------------------------------------------------------------------- plain server

async def _plain_reviews(pool, request):
    unit_id = int(request.query_params.get("unit", UNIT_ID))
    first = int(request.query_params.get("first", PAGE))
    async with pool.acquire() as conn:
        rows = await conn.fetch(PLAIN_SQL, unit_id, first)
    return JSONResponse([{"id": r["id"], "status": r["status"], "createdAt": r["created_at"].isoformat(),
                          "person": {"realName": r["real_name"], "idNumber": r["id_number"], "mobile": r["mobile"]},
                          "unit": {"name": r["unit_name"]}} for r in rows])


def plain_app(database_url: str):
    return plain_pool_app(database_url, "/reviews", _plain_reviews)


def run_plain_server(args) -> None:
    from benchlib import run_plain

    run_plain(plain_app(args.database_url), args.port)


# --------------------------------------------------------------------------- seeding


@dataclass
class Seeded:
    persons: int
    admin_account: int
    person_account: int
    seconds: float


async def seed(url: str, n: int) -> Seeded:
    import asyncpg

    from models.account.models import Account, Identity
    from models.account.auth import hash_password
    from models.person.binding import Binding
    from models.person.models import Person
    from models.unit.models import Unit, UnitAdmin

    started = time.perf_counter()
    pw = hash_password("Bench-Passw0rd!")
    now = datetime.now(timezone.utc)
    t0 = now - timedelta(seconds=n + 10)
    admin_id = n + 1
    conn = await asyncpg.connect(pg_dsn(url))
    try:
        async with conn.transaction():
            await copy(conn, Account, ["id", "password_hash", "is_platform_admin", "is_active", "display_name",
                                       "created_at"],
                       [(i, pw, False, True, f"人员{i}", t0) for i in range(1, n + 1)]
                       + [(admin_id, pw, False, True, "基准单位管理员", t0)])
            idents = []
            for i in range(1, n + 1):
                idents.append((2 * i - 1, i, "phone", f"139{i:08d}", t0))
                idents.append((2 * i, i, "id_number", id_number(i), t0))
            idents.append((2 * n + 1, admin_id, "phone", "13800000000", t0))
            await copy(conn, Identity, ["id", "account_id", "provider", "subject", "created_at"], idents)
            del idents
            await copy(conn, Unit, ["id", "name", "kind", "nature", "credit_code", "address", "contact_name",
                                    "contact_mobile", "email", "region_id", "created_at", "updated_at"],
                       [(UNIT_ID, "合肥基准科技有限公司", "EMPLOYER", "PRIVATE_ENTERPRISE", None, "合肥市", "联系人",
                         "13800000001", "unit@example.cn", "340100", t0, t0)])
            await copy(conn, UnitAdmin, ["id", "unit_id", "account_id", "created_at"], [(1, UNIT_ID, admin_id, t0)])
            work_start = date(2008, 7, 1)
            await copy(conn, Person,
                       ["id", "account_id", "real_name", "id_type", "id_number", "mobile", "gender", "birth_date",
                        "political_status", "ethnicity", "email", "address", "work_start_date", "highest_education",
                        "series", "created_at", "updated_at"],
                       [(i, i, f"人员{i}", "RESIDENT_ID", id_number(i), f"139{i:08d}", "MALE" if i % 2 else "FEMALE",
                         date(1960, 1, 1) + timedelta(days=i // 999), "MASSES", "汉族", f"p{i}@example.cn",
                         "安徽省合肥市", work_start, "BACHELOR", '["ENGINEERING"]', t0, t0)
                        for i in range(1, n + 1)])
            await copy(conn, Binding, ["id", "person_id", "unit_id", "status", "created_at"],
                       [(i, i, UNIT_ID, "PENDING", t0 + timedelta(seconds=i)) for i in range(1, n + 1)])
            for model in (Account, Identity, Unit, UnitAdmin, Person, Binding):
                table = model._meta.db_table
                await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT max(id) FROM {table}))")
        await conn.execute("ANALYZE")  # planner statistics, as autovacuum would have them in production
    finally:
        await conn.close()
    return Seeded(n, admin_id, 1, time.perf_counter() - started)


# --------------------------------------------------------------------------- load

def check(body: bytes, expect_rows: int | None) -> None:
    """Fails loudly when a scenario does not return what it claims to measure."""
    data = json.loads(body)
    if isinstance(data, dict) and data.get("errors"):
        raise RuntimeError(f"GraphQL errors: {data['errors']}")
    if expect_rows is not None:
        rows = data if isinstance(data, list) else data["data"]["registrationReviews"]["edges"]
        if len(rows) != expect_rows:
            raise RuntimeError(f"expected {expect_rows} rows, got {len(rows)}")


# --------------------------------------------------------------------------- in-process: SQL counts, fan-out

async def in_process(url: str, redis_url: str, var: Path, admin_account: int, person_account: int,
                     persons: int) -> dict:
    from strawberry import relay
    from tortoise import connections

    from models.account.auth import issue_access_token
    from models.core.job import Job, JobKind, JobStatus
    from tests.helpers import count_sql
    from workers.jobs import run_job

    out: dict = {"sql": {}}
    person_token = issue_access_token(person_account, SECRET, 3600)
    admin_token = issue_access_token(admin_account, SECRET, 3600)
    unit_gid = relay.to_base64("Unit", UNIT_ID)
    async with in_process_app(url, redis_url, var) as http:
        async def call(query, variables, token, rows=None) -> None:
            r = await http.post("/graphql", json={"query": query, "variables": variables},
                                headers={"authorization": f"Bearer {token}"})
            assert r.status_code == 200, r.text
            check(r.content, rows)

        await call(ME_QUERY, {}, person_token)  # warm: first request pays one-off costs
        with count_sql() as statements:
            await call(ME_QUERY, {}, person_token)
        out["sql"]["me"] = len(statements)
        for first in (1, 10, 50):
            await call(REVIEW_QUERY, {"unitId": unit_gid, "first": first}, admin_token, first)
            with count_sql() as statements:
                await call(REVIEW_QUERY, {"unitId": unit_gid, "first": first}, admin_token, first)
            out["sql"][f"reviews first={first}"] = len(statements)
            if first == 50:
                out["review_statements"] = list(statements)

        conn = connections.get("default")

        async def delivered(job_id: int) -> int:
            rows = await conn.execute_query_dict(
                "SELECT count(*) AS n FROM message WHERE dedupe_key LIKE $1", [f"job:{job_id}:%"])
            return rows[0]["n"]

        params = {"title": "系统通知", "body": "基准测试群发消息。", "region_code": None, "series": None}
        job = await Job.create(kind=JobKind.MESSAGE_BROADCAST, params=params, requester_id=admin_account)
        t = time.perf_counter()
        status = await run_job({}, job.id)
        out["fanout_seconds"] = time.perf_counter() - t
        out["fanout_status"] = status
        out["fanout_count"] = await delivered(job.id)
        t = time.perf_counter()
        await run_job({}, job.id)  # second delivery of the same job: a finished job is left alone
        out["rerun_seconds"] = time.perf_counter() - t
        out["rerun_added"] = await delivered(job.id) - out["fanout_count"]
        # A retry after a crash mid-run: the row is not finished, so fan_out runs again and the
        # dedupe keys must add nothing.
        await Job.filter(id=job.id).update(status=JobStatus.RUNNING)
        t = time.perf_counter()
        await run_job({}, job.id)
        out["retry_seconds"] = time.perf_counter() - t
        out["retry_added"] = await delivered(job.id) - out["fanout_count"]
    return out


# --------------------------------------------------------------------------- main


async def bench(args) -> int:
    from strawberry import relay

    from models.account.auth import issue_access_token
    from zhicheng.db import migrate

    quiet_logging()
    clients = ["httpx", "raw"] if args.client == "both" else [args.client]
    notes: list[str] = []
    var = Path(tempfile.mkdtemp(prefix="zhicheng_bench_"))
    busy_before = await idle_check()
    name, url = await create_database(args.database_url)
    print(f"database {name}; {args.persons:,} persons; {os.cpu_count()} CPUs; load {CONCURRENCY} connections, "
          f"{WARMUP:.0f} s warm-up + {args.seconds:.0f} s per scenario; clients: {', '.join(clients)}", flush=True)
    print(f"machine busy before start: {busy_before:.0%}", flush=True)
    if busy_before > 0.15:
        notes.append(f"the machine was {busy_before:.0%} busy before the bench started (other processes); "
                     "req/s and latencies are depressed by that load - compare 'srv ms/req' instead.")
        print("WARNING: " + notes[-1], flush=True)
    api = plain = None
    rows: list[tuple[str, str, str, str]] = []
    try:
        t = time.perf_counter()
        await migrate(url)
        print(f"migrate: {time.perf_counter() - t:.1f} s", flush=True)
        seeded = await seed(url, args.persons)
        print(f"seed (COPY, {args.persons:,} persons / accounts / bindings, {2 * args.persons:,} identities, "
              f"ANALYZE): {seeded.seconds:.1f} s", flush=True)

        api_port, plain_port = free_port(), free_port()
        env = {**os.environ, "ZHICHENG_ENV": "production", "ZHICHENG_DATABASE_URL": url,
               "ZHICHENG_REDIS_URL": args.redis_url, "ZHICHENG_SECRET_KEY": SECRET,
               "ZHICHENG_VAR_DIR": str(var), "ZHICHENG_STORAGE_DIR": str(var / "files"),
               "PYTHONUNBUFFERED": "1"}
        zhicheng = shutil.which("zhicheng", path=str(Path(sys.executable).parent)) or "zhicheng"
        me = str(Path(__file__).resolve())
        api = start([zhicheng, "api", "--host", "127.0.0.1", "--port", str(api_port)], env, var / "api.log")
        plain = start([sys.executable, me, "--plain-server", "--port", str(plain_port), "--database-url", url],
                      env, var / "plain.log")
        try:
            await wait_ready(api_port, api, var / "api.log")
        except RuntimeError as exc:
            if APP_BUG not in str(exc):
                raise
            notes.append("`zhicheng api` with ZHICHENG_ENV=production crashes at start-up: zhicheng/app.py "
                         "build_graphql does schema.extensions.append(...) but strawberry 0.341 keeps "
                         "Schema.extensions as a tuple (AttributeError). Benchmarked through a shim that "
                         "makes it a list (same app, same uvicorn settings).")
            print("NOTE: " + notes[-1], flush=True)
            api = start([sys.executable, me, "--api-shim", "--port", str(api_port)], env, var / "api.log")
            await wait_ready(api_port, api, var / "api.log")
        await wait_ready(plain_port, plain, var / "plain.log")
        rss_idle = proc_status(api.pid)

        person_token = issue_access_token(seeded.person_account, SECRET, 3600)
        admin_token = issue_access_token(seeded.admin_account, SECRET, 3600)
        unit_gid = relay.to_base64("Unit", UNIT_ID)
        scenarios = [
            ("me", api_port, api.pid, graphql_request(ME_QUERY, {}, person_token), None),
            ("review page (GraphQL)", api_port, api.pid,
             graphql_request(REVIEW_QUERY, {"unitId": unit_gid, "first": PAGE}, admin_token), PAGE),
            ("plain Starlette+asyncpg", plain_port, plain.pid,
             Request("GET", f"/reviews?unit={UNIT_ID}&first={PAGE}"), PAGE),
        ]
        import httpx

        async with httpx.AsyncClient() as http:  # one correctness check per scenario before timing
            for label, port, _, req, expect in scenarios:
                r = await http.request(req.method, f"http://127.0.0.1:{port}{req.path}", content=req.body or None,
                                       headers=req.headers)
                if r.status_code != 200:
                    raise RuntimeError(f"{label}: HTTP {r.status_code} {r.text[:500]}")
                check(r.content, expect)

        results: dict[tuple[str, str], Result] = {}
        print("\nCPU columns in cores (1.00 = one core busy); 'other' is load on the machine that is not this "
              "bench (client, server, its PostgreSQL backends). Server CPU ms/req is the contention-proof figure.")
        print(f"{'scenario':<26}{'client':<7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>7}"
              f"{'srv ms/req':>11}{'client':>8}{'server':>8}{'pg':>6}{'other':>7}{'box':>6}", flush=True)
        for client in clients:
            for label, port, pid, req, _ in scenarios:
                r = await load(label, port, req, args.seconds, pid, client, url)
                results[(label, client)] = r
                print(f"{label:<26}{client:<7}{r.rps:>8.0f}{r.p50:>9.1f}{r.p95:>9.1f}{r.errors:>7}"
                      f"{r.server_ms:>11.2f}{r.client_cpu:>8.2f}{r.server_cpu:>8.2f}{r.pg_cpu:>6.2f}"
                      f"{r.other_cpu:>7.2f}{r.machine_cpu:>6.0%}", flush=True)
        rss = proc_status(api.pid)
        stop(api)
        stop(plain)
        api = plain = None

        print("\nin-process (ASGITransport): SQL statements per request, fan-out", flush=True)
        inproc = await in_process(url, args.redis_url, var, seeded.admin_account, seeded.person_account,
                                  args.persons)
        for label, n in inproc["sql"].items():
            print(f"  SQL {label}: {n}")
        if args.show_sql:
            for s in inproc["review_statements"]:
                print(f"    {s[:300]}")
        print(f"  fan-out: {inproc['fanout_count']:,} messages in {inproc['fanout_seconds']:.2f} s "
              f"({inproc['fanout_status']}); second run_job {inproc['rerun_seconds']:.3f} s adds "
              f"{inproc['rerun_added']}; retry of an unfinished job {inproc['retry_seconds']:.2f} s adds "
              f"{inproc['retry_added']}")

        # ------------------------------------------------------------------ final table
        judge = "raw" if "raw" in clients else clients[0]
        rows.append(("seed time (COPY)", f"{seeded.seconds:.1f} s", "-", "info"))
        for client in clients:
            for label in ("me", "review page (GraphQL)", "plain Starlette+asyncpg"):
                r = results[(label, client)]
                rows.append((f"{label} [{client}]", f"{r.rps:.0f} req/s  p50 {r.p50:.1f} ms  p95 {r.p95:.1f} ms"
                             + (f"  {r.errors} errors" if r.errors else ""), "-", "info" if not r.errors else "ERR"))
        for client in clients:
            ratio = results[("review page (GraphQL)", client)].rps / results[("plain Starlette+asyncpg", client)].rps
            rows.append((f"review / plain req/s [{client}]", f"{ratio:.0%}", ">= 50%",
                         verdict(ratio >= 0.5) if client == judge else "info"))
        for client in clients[-1:]:
            cost = results[("plain Starlette+asyncpg", client)].server_ms / results[("review page (GraphQL)",
                                                                                        client)].server_ms
            rows.append(("review / plain by server CPU per request", f"{cost:.0%} "
                         f"({results[('review page (GraphQL)', client)].server_ms:.1f} vs "
                         f"{results[('plain Starlette+asyncpg', client)].server_ms:.1f} ms)",
                         "(req/s ratio if CPU-bound)", "info"))
            for label in ("me", "review page (GraphQL)", "plain Starlette+asyncpg"):
                other = results[(label, client)].other_cpu
                if other > 0.25:
                    notes.append(f"{label} [{client}]: {other:.2f} cores were used by other processes during the "
                                 "run; its req/s is depressed.")
        sql = inproc["sql"]
        review_counts = [v for k, v in sql.items() if k.startswith("reviews")]
        rows.append(("SQL per request: me", str(sql["me"]), "-", "info"))
        rows.append(("SQL per request: reviews first=1/10/50", "/".join(map(str, review_counts)), "constant",
                     verdict(len(set(review_counts)) == 1)))
        rows.append((f"fan-out {args.persons:,} messages", f"{inproc['fanout_seconds']:.2f} s "
                     f"({inproc['fanout_count']:,} delivered)", "<= 10 s, all delivered",
                     verdict(inproc["fanout_seconds"] <= 10 and inproc["fanout_count"] == args.persons)))
        rows.append(("fan-out re-run / retry adds", f"{inproc['rerun_added']} / {inproc['retry_added']} "
                     f"({inproc['retry_seconds']:.2f} s retry)", "0", verdict(inproc["rerun_added"] == 0
                                                                               and inproc["retry_added"] == 0)))
        rows.append(("API RSS idle (after start)", f"{rss_idle['VmRSS'] / 1024:.0f} MB", "-", "info"))
        rows.append(("API RSS after load (peak)", f"{rss['VmRSS'] / 1024:.0f} MB ({rss['VmHWM'] / 1024:.0f} MB)",
                     "<= 200 MB", verdict(max(rss["VmRSS"], rss["VmHWM"]) <= 200 * 1024)))
        w = max(len(r[0]) for r in rows)
        v = max(len(r[1]) for r in rows)
        print(f"\n{'metric':<{w}}  {'value':<{v}}  {'target':<28}result")
        print("-" * (w + v + 40))
        for metric, value, target, res in rows:
            print(f"{metric:<{w}}  {value:<{v}}  {target:<28}{res}")
        for note in notes:
            print(f"\nNOTE: {note}")
        if any(r[3] == "MISS" for r in rows):
            print("\nat least one target MISSED (see above)")
        return 1 if any(r[3] in ("MISS", "ERR") for r in rows) else 0
    finally:
        stop(api)
        stop(plain)
        if args.keep_db:
            print(f"kept database {url}; logs in {var}")
        else:
            await drop_database(args.database_url, name)
            shutil.rmtree(var, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--client", choices=("httpx", "raw", "both"), default="both")
    parser.add_argument("--show-sql", action="store_true", help="print the review page's statements")
    parser.add_argument("--keep-db", action="store_true", help="leave the bench database and logs")
    parser.add_argument("--plain-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-shim", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_server:
        return run_plain_server(args)
    if args.api_shim:
        return run_api_shim(args.port)
    sys.exit(asyncio.run(bench(args)))


if __name__ == "__main__":
    main()
