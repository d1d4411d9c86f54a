"""Anonymous certificate verification benchmark (a script, not a test; issue 8 §9): requests/s at 32
connections with wrk, GraphQL certificateVerifyByToken and the /verify/{token} page of a `zhicheng api`
production process, side by side with a plain Starlette + asyncpg endpoint reading the same row.

A throw-away PostgreSQL database next to --database-url (created, migrated, dropped at the end) and a
redis-server of its own (the per-IP throttle counts in Redis: ZHICHENG_VERIFY_PER_MINUTE is raised so it
counts but never refuses). The world: the test builders' scene, --certificates filed results issued with the
domain's issue_result (no files: verification never reads them). Both servers run under uvicorn with the
same settings, one process each. The three targets are measured in turn, --rounds times, after waiting
(up to --max-wait seconds) for the machine's load to drop below --max-load; the load each was measured
under is printed. Target: each API figure >= 50% of the plain endpoint's req/s.

    python tests/benchmarks/bench_certificate_verify.py [--seconds 10] [--rounds 3] [--certificates 200]
        [--database-url postgres://postgres@127.0.0.1:5432/test] [--max-load 2.5] [--max-wait 600]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.benchlib import (CONCURRENCY, create_database, drop_database, pg_dsn, plain_pool_app,  # noqa: E402
                                       quiet_logging, run_plain, start, start_api, start_plain, stop)
from tests.conftest import SECRET  # noqa: E402

TARGET = 0.5
QUERY = """query($token: String!) { certificateVerifyByToken(token: $token) { errors { field code message } found
  certificate { number name gender idType idNumberMasked seriesName specialtyName titleName level levelName year
  acquiredOn acquisitionMethod approvalNumber issuerName committeeName issueDate unitName status revokedAt
  replacedByNumber } } }"""
# The plain endpoint reads what verify_by_token reads and answers the same fields, masked the same way.
PLAIN_SQL = ("SELECT number, name, gender, id_type, id_number, series_name, specialty_name, title_name, level, year, "
             "acquired_on, acquisition_method, approval_number, issuer_name, committee_name, issue_date, unit_name, "
             "status, revoked_at FROM certificate WHERE token = $1")


def plain_app(database_url: str):
    from starlette.responses import JSONResponse

    async def handler(pool, request):
        async with pool.acquire() as conn:
            row = await conn.fetchrow(PLAIN_SQL, request.path_params["token"])
        if row is None:
            return JSONResponse({"found": False, "certificate": None}, status_code=404)
        cert = dict(row)
        cert["id_number"] = cert["id_number"][:2] + "*" * (len(cert["id_number"]) - 4) + cert["id_number"][-2:]
        for key in ("acquired_on", "issue_date", "revoked_at"):
            cert[key] = cert[key].isoformat() if cert[key] else None
        return JSONResponse({"found": True, "certificate": cert})

    return plain_pool_app(database_url, "/plain/{token}", handler)


def load_now() -> float:
    return os.getloadavg()[0]


async def wait_for_quiet(max_load: float, max_wait: float) -> str:
    """Waits until the 1-minute load average is under ``max_load`` (or ``max_wait`` passed)."""
    waited, t0 = False, time.monotonic()
    while load_now() >= max_load and time.monotonic() - t0 < max_wait:
        if not waited:
            print(f"load average {load_now():.1f} >= {max_load:g}: waiting (up to {max_wait:.0f} s)", flush=True)
            waited = True
        await asyncio.sleep(10)
    quiet = load_now() < max_load
    note = "" if quiet else f" (still >= {max_load:g} after {max_wait:.0f} s: measured anyway)"
    return f"{load_now():.1f}{note}"


async def seed(url: str, redis_url: str, var: Path, n: int) -> str:
    """n certificates issued by the domain function; returns the token of one of them."""
    import httpx

    from models.certificate.issuing import issue_result
    from tests.benchmarks.bench_certificate_batch import seed as seed_filed
    from tests.certificate_support import issuer_code_row
    from zhicheng.app import create_app
    from zhicheng.settings import Settings, set_settings
    import asyncpg

    settings = Settings(env="production", database_url=url, redis_url=redis_url, secret_key=SECRET, var_dir=var,
                        storage_dir=var / "files")
    set_settings(settings)
    app = create_app(settings)
    conn = await asyncpg.connect(pg_dsn(url))
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                await seed_filed(http, conn, n)
                code = await issuer_code_row()
                ids = [r["id"] for r in await conn.fetch("SELECT id FROM participant_result WHERE publicity_passed "
                                                         "ORDER BY id")]
                certs = [await issue_result(rid, code, "01", datetime.now(timezone.utc).date(), None)
                         for rid in ids[:n]]
        await conn.execute("ANALYZE certificate")
    finally:
        await conn.close()
        from tortoise import Tortoise

        await Tortoise.close_connections()
    return certs[len(certs) // 2].token


def wrk(url: str, seconds: float, lua: Path | None) -> dict:
    cmd = ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    if lua is not None:
        cmd += ["-s", str(lua)]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "non2xx": int(bad.group(1)) if bad else 0,
            "socket": errors.group(0) if errors else ""}


def lua_post(path: Path, body: str) -> Path:
    path.write_text('wrk.method = "POST"\n'
                    f"wrk.body = {json.dumps(body)}\n"
                    'wrk.headers["Content-Type"] = "application/json"\n')
    return path


async def check_answers(api: int, plain: int, token: str) -> None:
    import httpx

    async with httpx.AsyncClient(base_url="http://127.0.0.1") as http:
        g = (await http.post(f"http://127.0.0.1:{api}/graphql",
                             json={"query": QUERY, "variables": {"token": token}})).json()
        cert = g["data"]["certificateVerifyByToken"]["certificate"]
        page = await http.get(f"http://127.0.0.1:{api}/verify/{token}")
        p = (await http.get(f"http://127.0.0.1:{plain}/plain/{token}")).json()["certificate"]
    assert g["data"]["certificateVerifyByToken"]["found"] and cert["number"] == p["number"], (g, p)
    assert cert["idNumberMasked"] == p["id_number"], (cert, p)
    assert page.status_code == 200 and cert["number"] in page.text, page.status_code


async def run(args) -> int:
    from tests.fault_support import RedisServer

    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    name, url = await create_database(args.database_url)
    var = Path(tempfile.mkdtemp(prefix="zhicheng-bench-verify-"))
    (var / "redis").mkdir()
    redis = RedisServer(var / "redis")
    redis.start()
    api = plain = None
    try:
        from zhicheng.db import migrate

        await migrate(url)
        token = await seed(url, redis.url, var, args.certificates)
        env = {**os.environ, "ZHICHENG_ENV": "production", "ZHICHENG_DATABASE_URL": url,
               "ZHICHENG_REDIS_URL": redis.url, "ZHICHENG_SECRET_KEY": SECRET, "ZHICHENG_VAR_DIR": str(var),
               "ZHICHENG_STORAGE_DIR": str(var / "files"), "ZHICHENG_VERIFY_PER_MINUTE": "1000000000",
               "PYTHONUNBUFFERED": "1"}
        api, api_port = await start_api(env, var, [])
        plain, plain_port = await start_plain(str(Path(__file__).resolve()), url, env, var)
        await check_answers(api_port, plain_port, token)
        graphql_lua = lua_post(var / "graphql.lua", json.dumps({"query": QUERY, "variables": {"token": token}}))
        targets = [("GraphQL certificateVerifyByToken", f"http://127.0.0.1:{api_port}/graphql", graphql_lua),
                   ("page GET /verify/{token}", f"http://127.0.0.1:{api_port}/verify/{token}", None),
                   ("plain Starlette + asyncpg", f"http://127.0.0.1:{plain_port}/plain/{token}", None)]
        for label, target, lua in targets:  # warm-up: caches, pools, the first-request costs
            wrk(target, 2, lua)
        results: dict[str, list[dict]] = {label: [] for label, _, _ in targets}
        loads = []
        for r in range(args.rounds):
            load = await wait_for_quiet(args.max_load, args.max_wait if r == 0 else args.max_wait / 3)
            loads.append(load)
            for label, target, lua in targets:
                m = wrk(target, args.seconds, lua)
                m["load"] = load_now()
                results[label].append(m)
                print(f"round {r + 1}  {label:<34} {m['rps']:8.0f} req/s  p50 {m['p50']:7.1f} ms  "
                      f"p99 {m['p99']:7.1f} ms  non-2xx {m['non2xx']}  load {m['load']:.1f} {m['socket']}",
                      flush=True)
        plain_rps = statistics.median(m["rps"] for m in results[targets[2][0]])
        print(f"\n{'target':<34}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'of plain':>10}  result")
        failed = False
        for label, _, _ in targets:
            ms = results[label]
            rps = statistics.median(m["rps"] for m in ms)
            ratio = rps / plain_rps
            verdict = "" if label == targets[2][0] else ("PASS" if ratio >= TARGET else "MISS")
            failed |= verdict == "MISS" or any(m["non2xx"] for m in ms)
            print(f"{label:<34}{rps:>8.0f}{statistics.median(m['p50'] for m in ms):>9.1f}"
                  f"{statistics.median(m['p99'] for m in ms):>9.1f}{ratio:>10.0%}  {verdict}")
        print(f"medians of {args.rounds} rounds of {args.seconds:g} s at {CONCURRENCY} connections (wrk -t2); "
              f"load average at the start of each round: {', '.join(loads)} on {os.cpu_count()} cores; "
              f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
        return 1 if failed else 0
    finally:
        stop(api)
        stop(plain)
        redis.kill()
        await drop_database(args.database_url, name)


def main() -> int:
    if len(sys.argv) >= 2 and sys.argv[1] == "--plain-server":
        parser = argparse.ArgumentParser()
        parser.add_argument("--plain-server", action="store_true")
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--database-url", required=True)
        a = parser.parse_args()
        run_plain(plain_app(a.database_url), a.port)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--certificates", type=int, default=200)
    parser.add_argument("--max-load", type=float, default=2.5, help="1-minute load average to wait for")
    parser.add_argument("--max-wait", type=float, default=600.0, help="seconds to wait for it, then measure")
    args = parser.parse_args()
    quiet_logging()
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
