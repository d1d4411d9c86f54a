"""Plan-search benchmark (a script, not a test; issue 3 §8): 2,000 plans, 300 committees and 100,000
achievement records on PostgreSQL.

Prints requests/s and p50/p95 at 32 concurrent keep-alive connections for a 50-result plan search
(`plans(first: 50, filter: {...})` with committee { name series { name } }, levels and
specialties { name }), anonymous and signed in, and for a plain Starlette + asyncpg endpoint
returning the same data (one hand-written SQL statement, the region scope as an InitPlan array so a
generic plan stays fast: the floor the GraphQL layer is measured against); server and PostgreSQL CPU per request (the figures other load on a shared machine does not
move); SQL statements per request for page sizes 1/10/50. Ends with a metric / value / target /
PASS-MISS table. Targets: plan search >= 50% of the plain endpoint's req/s, p95 <= 50 ms, <= 4 SQL
statements per request whatever the page size. Runs in well under two minutes.

    python tests/benchmarks/bench_plans.py [--seconds 10] [--client raw|httpx|both] \
        [--database-url postgres://postgres@127.0.0.1:5432/test] [--redis-url redis://127.0.0.1:6379/1]

It creates a database ``zhicheng_bench_<random>`` next to --database-url and drops it at the end
(--keep-db leaves it). The plain endpoint runs as ``python bench_plans.py --plain-server --port P
--database-url URL``.
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
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from starlette.responses import JSONResponse  # noqa: E402

from models.region.models import region_chain  # noqa: E402 - pure; the plain endpoint scopes as the app does
from benchlib import (global_id, plain_pool_app, ACCOUNT_COLUMNS, CONCURRENCY, CPU_NOTE, PERSON_COLUMNS, RESULT_HEADER,  # noqa: E402
                      SECRET, UNIT_COLUMNS, WARMUP, Request, Result, api_env, busy_note, copy, count_statements,
                      create_database, drop_database, graphql_request, idle_check, in_process_app, load,
                      person_row, pg_dsn, print_table, proc_status, quiet_logging, reset_sequences, result_line,
                      run_api_shim, run_plain, start_api, start_plain, stop, unit_row, verdict)

PLANS, COMMITTEES, RECORDS, PERSONS = 2_000, 300, 100_000, 10_000
PAGE = 50
REGION = "340102"  # 合肥市瑶海区: the searcher's region; its chain is 340102 → 340100 → 340000
LEVEL = "INTERMEDIATE"
FILTER = {"regionCode": REGION, "level": LEVEL, "openNow": True}
SEARCH_QUERY = (
    "query($filter: PlanFilter, $first: Int!) { plans(filter: $filter, first: $first) {"
    " edges { node { id name year opensAt closesAt levels"
    " committee { name series { name } } specialties { name } } } } }"
)
PLAIN_SQL = """
SELECT p.id, p.name, p.year, p.opens_at, p.closes_at, p.levels::text AS levels,
       c.name AS committee_name, s.name AS series_name,
       (SELECT coalesce(json_agg(sp.name ORDER BY ps.id), '[]')::text
          FROM plan_specialty ps JOIN specialty sp ON sp.id = ps.specialty_id
         WHERE ps.plan_id = p.id) AS specialties
  FROM plan p
  JOIN committee c ON c.id = p.committee_id
  JOIN series s ON s.id = c.series_id
 WHERE p.status = 'PUBLISHED' AND p.opens_at <= $1 AND p.closes_at > $1
   AND p.levels @> $2::jsonb
   AND p.committee_id = ANY(ARRAY(SELECT committee_id FROM committee_region WHERE region_id = ANY($3::text[])))
 ORDER BY p.opens_at DESC, p.id DESC
 LIMIT $4
"""




# --------------------------------------------------------------------------- plain server

async def _plain_plans(pool, request):
    q = request.query_params
    first = int(q.get("first", PAGE))
    now = datetime.now(timezone.utc)
    async with pool.acquire() as conn:
        rows = await conn.fetch(PLAIN_SQL, now, json.dumps([q.get("level", LEVEL)]),
                                region_chain(q.get("region", REGION)), first + 1)
    rows = rows[:first]
    return JSONResponse({"edges": [{"node": {
        "id": global_id("Plan", r["id"]), "name": r["name"], "year": r["year"],
        "opensAt": r["opens_at"].isoformat(), "closesAt": r["closes_at"].isoformat(),
        "levels": json.loads(r["levels"]),
        "committee": {"name": r["committee_name"], "series": {"name": r["series_name"]}},
        "specialties": [{"name": n} for n in json.loads(r["specialties"])]}} for r in rows]})


def plain_app(database_url: str):
    return plain_pool_app(database_url, "/plans", _plain_plans)


# --------------------------------------------------------------------------- seeding

@dataclass
class Seeded:
    person_account: int
    seconds: float
    counts: dict


async def seed(url: str) -> Seeded:
    """Units (HR bureaus of the province and its cities, organizers, employers), 300 committees over every
    series with scopes spread over the province and its cities, 2,000 plans (drafts, open now, upcoming,
    closed) with specialties, attachment slots and achievement rules, and 10,000 persons with 10
    achievement records each. COPY, then ANALYZE."""
    import asyncpg

    from models.account.models import Account
    from models.achievement.models import AchievementCategory, AchievementRecord
    from models.account.auth import hash_password
    from models.committee.models import Committee, CommitteeOrganizer, CommitteeRegion, CommitteeSpecialty
    from models.person.models import Person
    from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot, PlanSpecialty
    from models.unit.models import Unit

    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    t0 = now - timedelta(days=400)
    conn = await asyncpg.connect(pg_dsn(url))
    try:
        cities = [r["code"] for r in await conn.fetch(
            "SELECT code FROM region WHERE code LIKE '34__00' AND code <> '340000' ORDER BY code")]
        series = [r["id"] for r in await conn.fetch("SELECT id FROM series ORDER BY sort, id")]
        specialties: dict[int, list[int]] = {s: [] for s in series}
        for r in await conn.fetch("SELECT id, series_id FROM specialty ORDER BY sort, id"):
            specialties[r["series_id"]].append(r["id"])
        async with conn.transaction():
            units, uid = [], 0
            hr: dict[str, int] = {}
            for code in ["340000", *cities]:
                uid += 1
                hr[code] = uid
                units.append(unit_row(uid, f"{code}人力资源和社会保障局", "HR_BUREAU", "GOVERNMENT_AGENCY", code, t0))
            organizers = []
            for k in range(30):
                uid += 1
                organizers.append(uid)
                units.append(unit_row(uid, f"基准评委会组建单位{k}", "ORGANIZER", "PUBLIC_INSTITUTION",
                                      "340000" if k % 3 == 0 else cities[k % len(cities)], t0))
            employers = []
            for k in range(50):
                uid += 1
                employers.append(uid)
                units.append(unit_row(uid, f"基准用人单位{k}", "EMPLOYER", "PRIVATE_ENTERPRISE",
                                      cities[k % len(cities)], t0))
            await copy(conn, Unit, UNIT_COLUMNS, units)

            tiers = ["JUNIOR", "INTERMEDIATE", "SENIOR"]
            levels_of = {"JUNIOR": ["PRIMARY", "INTERMEDIATE"], "INTERMEDIATE": ["INTERMEDIATE"],
                         "SENIOR": ["ASSOCIATE_SENIOR", "SENIOR"]}
            committees, c_regions, c_orgs, c_specs = [], [], [], []
            committee_series, committee_org, committee_levels = {}, {}, {}
            for c in range(1, COMMITTEES + 1):
                tier = tiers[c % 3]
                s = series[c % len(series)]
                region = "340000" if c % 4 == 0 else cities[c % len(cities)]
                committee_series[c], committee_org[c], committee_levels[c] = s, organizers[c % 30], levels_of[tier]
                committees.append((c, f"基准评委会{c:03d}", tier, s, json.dumps(levels_of[tier]), hr[region],
                                   '[{"item": "评审费", "amount": "300.00"}]', "联系人", "0551-62817147", "ACTIVE",
                                   "", 0, t0, t0))
                c_regions.append((c, c, region))
                c_orgs.append((c, c, committee_org[c]))
                for k, sp in enumerate(specialties[s][:3]):
                    c_specs.append((len(c_specs) + 1, c, sp))
            await copy(conn, Committee, ["id", "name", "tier", "series_id", "levels", "managing_unit_id",
                                         "fee_standards", "contact_name", "contact_phone", "status", "cancel_reason",
                                         "version", "created_at", "updated_at"], committees)
            await copy(conn, CommitteeRegion, ["id", "committee_id", "region_id"], c_regions)
            await copy(conn, CommitteeOrganizer, ["id", "committee_id", "unit_id"], c_orgs)
            await copy(conn, CommitteeSpecialty, ["id", "committee_id", "specialty_id"], c_specs)

            plans, p_specs, slots, rules = [], [], [], []
            for j in range(1, PLANS + 1):
                c = j % COMMITTEES + 1
                k = j % 20
                if k == 0:
                    status, opens, closes = "DRAFT", now + timedelta(days=10), now + timedelta(days=40)
                elif k <= 8:  # 40 %: open now
                    status, opens, closes = "PUBLISHED", now - timedelta(days=j % 29 + 1), now + timedelta(days=20)
                elif k <= 10:
                    status, opens, closes = "PUBLISHED", now + timedelta(days=5), now + timedelta(days=35)
                else:
                    status, opens, closes = "CLOSED", now - timedelta(days=400 - j % 300), now - timedelta(days=30)
                year = opens.year
                levels = committee_levels[c]
                plans.append((j, f"{year}年—基准评审计划{j:04d}（{'、'.join(levels)}）", year, c, committee_org[c],
                              "NORMAL" if j % 7 else "GREEN_CHANNEL", json.dumps(levels), '["REGULAR", "EXCEPTIONAL"]',
                              "评审办公室", "周源", "0551-62817147", "合肥市包河区", opens, closes,
                              "全省专业技术人员", "计划内容" * 50, False, "[]", status,
                              None if status == "DRAFT" else opens, 0, t0, t0))
                pool = specialties[committee_series[c]]
                for n in range(min(4, len(pool))):
                    p_specs.append((len(p_specs) + 1, j, pool[(j + n) % len(pool)]))
                for n in range(2):
                    slots.append((len(slots) + 1, j, f"附件{n}", "", n == 0, '["application/pdf"]', 10, 5, n))
                for n, cat in enumerate(("PAPER", "PROJECT")):
                    rules.append((len(rules) + 1, j, levels[0], cat, n, 5))
            await copy(conn, Plan, ["id", "name", "year", "committee_id", "organizer_id", "plan_type", "levels",
                                    "declaration_types", "office", "contact_name", "contact_phone", "address",
                                    "opens_at", "closes_at", "scope_text", "content", "has_interview",
                                    "exam_specialty_ids", "status", "published_at", "version", "created_at",
                                    "updated_at"], plans)
            await copy(conn, PlanSpecialty, ["id", "plan_id", "specialty_id"], p_specs)
            await copy(conn, PlanAttachmentSlot, ["id", "plan_id", "name", "description", "required",
                                                  "allowed_types", "max_size_mb", "max_count", "sort"], slots)
            await copy(conn, PlanAchievementRule, ["id", "plan_id", "level", "category", "min_count", "max_count"],
                       rules)

            pw = hash_password("Bench-Passw0rd!")
            await copy(conn, Account, ACCOUNT_COLUMNS,
                       [(i, pw, False, True, f"人员{i}", t0) for i in range(1, PERSONS + 1)])
            await copy(conn, Person, PERSON_COLUMNS,
                       (person_row(i, t0, employers[i % len(employers)]) for i in range(1, PERSONS + 1)))
            categories = [c.value for c in AchievementCategory]
            statuses = ["APPROVED"] * 5 + ["PENDING"] * 2 + ["DRAFT"] * 2 + ["RETURNED"]

            def records():
                for i in range(1, RECORDS + 1):
                    person = (i - 1) // (RECORDS // PERSONS) + 1
                    cat, st = categories[i % len(categories)], statuses[i % len(statuses)]
                    submitted = None if st == "DRAFT" else t0 + timedelta(minutes=i)
                    decided = t0 + timedelta(minutes=i + 60) if st in ("APPROVED", "RETURNED") else None
                    yield (i, person, cat, f"业绩记录{i}", json.dumps({"name": f"业绩记录{i}", "note": "基准"}),
                           f"基准用人单位{person % 50}", st, employers[person % len(employers)], submitted, decided,
                           "", 0, t0, t0)

            await copy(conn, AchievementRecord, ["id", "person_id", "category", "title", "data", "work_unit",
                                                 "status", "unit_id", "submitted_at", "decided_at", "opinion",
                                                 "version", "created_at", "updated_at"], records())
            await reset_sequences(conn, (Unit, Committee, CommitteeRegion, CommitteeOrganizer, CommitteeSpecialty,
                                         Plan, PlanSpecialty, PlanAttachmentSlot, PlanAchievementRule, Account,
                                         Person, AchievementRecord))
        await conn.execute("ANALYZE")  # planner statistics, as autovacuum would have them in production
        counts = {t: await conn.fetchval(f"SELECT count(*) FROM {t}")
                  for t in ("committee", "plan", "plan_specialty", "achievement_record", "person")}
    finally:
        await conn.close()
    return Seeded(1, time.perf_counter() - started, counts)


# --------------------------------------------------------------------------- checks

def nodes_of(body: bytes) -> list[dict]:
    data = json.loads(body)
    if "data" in data or "errors" in data:
        if data.get("errors"):
            raise RuntimeError(f"GraphQL errors: {data['errors']}")
        return [e["node"] for e in data["data"]["plans"]["edges"]]
    return [e["node"] for e in data["edges"]]


def same_page(graphql: list[dict], plain: list[dict]) -> None:
    """Both endpoints return the same 50 plans with the same nested data."""
    def norm(n: dict) -> tuple:
        return (n["id"], n["name"], n["year"], datetime.fromisoformat(n["opensAt"]),
                datetime.fromisoformat(n["closesAt"]), tuple(n["levels"]), n["committee"]["name"],
                n["committee"]["series"]["name"], tuple(s["name"] for s in n["specialties"]))

    if len(graphql) != PAGE or len(plain) != PAGE:
        raise RuntimeError(f"expected {PAGE} plans, got GraphQL {len(graphql)} / plain {len(plain)}: widen the seed "
                           "or the filter")
    a, b = [norm(n) for n in graphql], [norm(n) for n in plain]
    if a != b:
        diff = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
        raise RuntimeError(f"GraphQL and plain pages differ at row {diff}:\n  {a[diff]}\n  {b[diff]}")


# --------------------------------------------------------------------------- main

async def bench(args) -> int:
    import httpx

    from models.account.auth import issue_access_token
    from zhicheng.db import migrate

    quiet_logging()
    clients = ["httpx", "raw"] if args.client == "both" else [args.client]
    notes: list[str] = []
    var = Path(tempfile.mkdtemp(prefix="zhicheng_bench_"))
    wall = time.perf_counter()
    busy_before = await idle_check(1.0)
    name, url = await create_database(args.database_url)
    print(f"database {name}; {PLANS:,} plans, {COMMITTEES} committees, {RECORDS:,} achievement records; "
          f"{os.cpu_count()} CPUs; load {CONCURRENCY} connections, {WARMUP:.0f} s warm-up + {args.seconds:.0f} s "
          f"per scenario; clients: {', '.join(clients)}; API workers: {args.api_workers}", flush=True)
    busy_note(busy_before, notes)
    api = plain = None
    rows: list[tuple[str, str, str, str]] = []
    try:
        t = time.perf_counter()
        await migrate(url)
        print(f"migrate: {time.perf_counter() - t:.1f} s", flush=True)
        seeded = await seed(url)
        print(f"seed (COPY + ANALYZE): {seeded.seconds:.1f} s; rows: "
              + ", ".join(f"{k} {v:,}" for k, v in seeded.counts.items()), flush=True)

        env = api_env(url, args.redis_url, var)
        api, api_port = await start_api(env, var, notes, args.api_workers)
        plain, plain_port = await start_plain(str(Path(__file__).resolve()), url, env, var)
        rss_idle = proc_status(api.pid)

        token = issue_access_token(seeded.person_account, SECRET, 3600)
        variables = {"filter": FILTER, "first": PAGE}
        scenarios = [
            ("plan search (anonymous)", api_port, api.pid, graphql_request(SEARCH_QUERY, variables, None)),
            ("plan search (signed in)", api_port, api.pid, graphql_request(SEARCH_QUERY, variables, token)),
            ("plain Starlette+asyncpg", plain_port, plain.pid,
             Request("GET", f"/plans?region={REGION}&level={LEVEL}&first={PAGE}")),
        ]
        pages = {}
        async with httpx.AsyncClient() as http:  # one correctness check per scenario before timing
            for label, port, _, req in scenarios:
                r = await http.request(req.method, f"http://127.0.0.1:{port}{req.path}", content=req.body or None,
                                       headers=req.headers)
                if r.status_code != 200:
                    raise RuntimeError(f"{label}: HTTP {r.status_code} {r.text[:500]}")
                pages[label] = nodes_of(r.content)
        same_page(pages["plan search (anonymous)"], pages["plain Starlette+asyncpg"])
        same_page(pages["plan search (signed in)"], pages["plain Starlette+asyncpg"])
        print(f"check: GraphQL and plain return the same {PAGE} plans for filter {json.dumps(FILTER)}", flush=True)

        results: dict[tuple[str, str], Result] = {}
        print("\n" + CPU_NOTE)
        print(RESULT_HEADER, flush=True)
        for client in clients:
            for label, port, pid, req in scenarios:
                r = await load(label, port, req, args.seconds, pid, client, url)
                results[(label, client)] = r
                print(result_line(r), flush=True)
        low: dict[str, Result] = {}
        if args.latency_connections:
            print(f"\nlatency at {args.latency_connections} connection(s): the service time without queueing",
                  flush=True)
            print(RESULT_HEADER, flush=True)
            for label, port, pid, req in scenarios:
                r = await load(label, port, req, args.seconds / 2, pid, "raw", url, args.latency_connections)
                low[label] = r
                print(result_line(r), flush=True)
        rss = proc_status(api.pid)
        stop(api)
        stop(plain)
        api = plain = None

        print("\nin-process (ASGITransport): SQL statements per request", flush=True)
        sql: dict[str, list[int]] = {"anonymous": [], "signed in": []}
        shown: dict[str, list[str]] = {}
        async with in_process_app(url, args.redis_url, var) as http:
            for who, tok in (("anonymous", None), ("signed in", token)):
                for first in (1, 10, 50):
                    data, statements = await count_statements(http, SEARCH_QUERY, {"filter": FILTER, "first": first},
                                                              tok)
                    assert len(data["data"]["plans"]["edges"]) == first
                    sql[who].append(len(statements))
                    shown[who] = statements
                print(f"  plan search, {who}, first=1/10/50: {'/'.join(map(str, sql[who]))}")
                if args.show_sql:
                    for s in shown[who]:
                        print(f"    {s[:400]}")

        # ------------------------------------------------------------------ final table
        judge = "raw" if "raw" in clients else clients[0]
        rows.append(("seed time (COPY + ANALYZE)", f"{seeded.seconds:.1f} s", "-", "info"))
        for client in clients:
            floor = results[("plain Starlette+asyncpg", client)]
            rows.append((f"plain Starlette+asyncpg [{client}]", f"{floor.rps:.0f} req/s  p50 {floor.p50:.1f} ms  "
                         f"p95 {floor.p95:.1f} ms  srv {floor.server_ms:.2f} pg {floor.pg_ms:.2f} ms/req", "-", "info"))
            if "plain Starlette+asyncpg" in low and client == judge:
                lo = low["plain Starlette+asyncpg"]
                rows.append((f"  plain at {args.latency_connections} connection(s) [raw]",
                             f"{lo.rps:.0f} req/s  p50 {lo.p50:.1f} ms  p95 {lo.p95:.1f} ms", "-", "info"))
            for who in ("anonymous", "signed in"):
                r = results[(f"plan search ({who})", client)]
                judged = client == judge
                rows.append((f"plan search {who} [{client}]", f"{r.rps:.0f} req/s  p50 {r.p50:.1f} ms  "
                             f"p95 {r.p95:.1f} ms  srv {r.server_ms:.2f} pg {r.pg_ms:.2f} ms/req"
                             + (f"  {r.errors} errors" if r.errors else ""), "-",
                             "ERR" if r.errors else "info"))
                ratio = r.rps / floor.rps
                rows.append((f"  {who} / plain req/s [{client}]", f"{ratio:.0%}", ">= 50%",
                             verdict(ratio >= 0.5) if judged else "info"))
                rows.append((f"  {who} p95 [{client}]", f"{r.p95:.1f} ms", "<= 50 ms",
                             verdict(0 < r.requests and r.p95 <= 50) if judged else "info"))
                if f"plan search ({who})" in low and client == judge:
                    lo = low[f"plan search ({who})"]
                    rows.append((f"  {who} at {args.latency_connections} connection(s) [raw]",
                                 f"{lo.rps:.0f} req/s  p50 {lo.p50:.1f} ms  p95 {lo.p95:.1f} ms", "-", "info"))
                cost = floor.server_ms / r.server_ms
                rows.append((f"  {who} / plain by server CPU per request", f"{cost:.0%} ({r.server_ms:.2f} vs "
                             f"{floor.server_ms:.2f} ms)", "(req/s ratio if CPU-bound)", "info"))
                if r.other_cpu > 0.25:
                    notes.append(f"plan search {who} [{client}]: {r.other_cpu:.2f} cores were used by other "
                                 "processes during the run; its req/s and latencies are depressed.")
        for who in ("anonymous", "signed in"):
            counts = sql[who]
            rows.append((f"SQL per request, {who}, first=1/10/50", "/".join(map(str, counts)), "<= 4, flat",
                         verdict(max(counts) <= 4 and len(set(counts)) == 1)))
        rows.append(("API RSS idle / after load (peak)" + (" [supervisor only]" if args.api_workers > 1 else ""),
                     f"{rss_idle['VmRSS'] / 1024:.0f} MB / "
                     f"{rss['VmRSS'] / 1024:.0f} MB ({rss['VmHWM'] / 1024:.0f} MB)", "-", "info"))
        rows.append(("total run time", f"{time.perf_counter() - wall:.0f} s", "< 120 s",
                     verdict(time.perf_counter() - wall < 120)))
        return print_table(rows, notes)
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
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/1")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--client", choices=("httpx", "raw", "both"), default="raw")
    parser.add_argument("--api-workers", type=int, default=1,
                        help="`zhicheng api --workers N` (server CPU is summed over its processes)")
    parser.add_argument("--latency-connections", type=int, default=1,
                        help="also measure each scenario at this many connections (0: skip)")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one search")
    parser.add_argument("--keep-db", action="store_true", help="leave the bench database and logs")
    parser.add_argument("--plain-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-shim", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_server:
        return run_plain(plain_app(args.database_url), args.port)
    if args.api_shim:
        return run_api_shim(args.port)
    sys.exit(asyncio.run(bench(args)))


if __name__ == "__main__":
    main()
