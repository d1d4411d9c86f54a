"""Zhicheng, a plain Starlette + asyncpg endpoint and PostGraphile v5 side by side on the same tables
(a script, not a test; issue 10 "The benchmark").

Pages (50 rows each):
- P1 plan search with committee and levels (anonymous; bench_plans.py's seed: 2,000 plans);
- P2 the task-centre page of a provincial HR bureau (~100,000 handled tasks; bench_declarations.py's
  seed: 1,000,000 tasks);
- P3 applicationSubmit, each request another applicant's ready draft (the tasks dataset seeds enough for
  every round; Zhicheng only; statements per submission counted in-process, statements.py);
- P4 P1 answered by a second `zhicheng api` with the response cache on (A runs with it off).
Each page's dataset is its own throw-away database (the two seeders number their rows from 1, so they
cannot share one); the three servers of a dataset run over that same database:
A `zhicheng api` in production mode (1 uvicorn worker), B the plain endpoint (this script with
--plain-server: bench_plans' and bench_declarations' handlers behind one asyncpg pool), C PostGraphile 5
(npm `postgraphile@5` run by the Node 22 of npm `node@22`, both in tests/benchmarks/.node, installed on
first use; SQL helper functions give it the page's filter and the computed fields, see PG_SQL_*).

It first checks that the three answer the same rows (refusing to go on when the row identities differ)
and fields (differences are reported), printing one row of each and the body sizes; then waits until the
1-minute load average is at most --max-load (up to --wait seconds) and drives each server with wrk at 32
connections, alternating A, B, C --rounds times, --duration seconds each after a --warmup; prints
requests/s, p50, p99, server CPU per request (the server's process tree, from /proc), PostgreSQL CPU per
request, the API's peak RSS, and the ratios Zhicheng / PostGraphile and Zhicheng / plain as Markdown
tables (medians of the rounds), with the issue's targets as PASS / MISS.

    python tests/benchmarks/bench_pages.py [--small] [--duration 12] [--rounds 3] [--max-load 1.0] \
        [--wait 900] [--pages P1,P2,P3,P4] [--database-url postgres://postgres@127.0.0.1:5432/test] \
        [--redis-url redis://127.0.0.1:6379/1] [--keep-db]

A new page is one more ``Page`` in PAGES (tests/benchmarks/pages.py): its dataset, and per server the
request and how to read the rows out of the answer (requests that can be sent once only, such as P3's
submissions, give their Target a wrk script per round instead).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_declarations
import bench_plans
from benchlib import (
    CONCURRENCY,
    PLAIN_POOL,
    SECRET,
    api_env,
    create_database,
    drop_database,
    machine_cpu,
    pg_dsn,
    postgres_cpu,
    plain_pool_app,
    quiet_logging,
    run_plain,
    start_api,
    start_plain,
    stop,
    tree_cpu,
)
from postgraphile import PG_SQL_PLANS, ensure_node, pg_sql_tasks, start_postgraphile
from pages import CACHED, PAGE, PAGES, Page, p3_targets
from statements import count_statements
from wrk import ensure_wrk, lua_script, wrk_run

SERVERS = {"zhicheng": "Zhicheng", "plain": "plain Starlette + asyncpg", "postgraphile": "PostGraphile 5"}
SMALL = {"plans": {"PLANS": 1_000, "RECORDS": 1_000, "PERSONS": 100},  # ≥ 50 plans still match P1's filter
         "tasks": {"APPLICATIONS": 2_000}}  # 20,000 tasks, ~2,000 of them handled by the provincial bureau


# --------------------------------------------------------------------------- plain server

def plain_app(database_url: str):
    """The existing plain endpoints of bench_plans and bench_declarations behind one pool: both pages."""
    return plain_pool_app(database_url, {"/plans": bench_plans._plain_plans, "/tasks": bench_declarations._plain_tasks})


# --------------------------------------------------------------------------- datasets

@dataclass
class Dataset:
    """One throw-away database, seeded by a project seeder; ``facts`` are what its pages' requests need."""
    name: str
    seed: Callable[[str], Awaitable[dict]]
    postgraphile_sql: Callable[[], str]
    db_name: str = ""
    url: str = ""
    facts: dict = field(default_factory=dict)
    servers: dict[str, tuple[subprocess.Popen, int]] = field(default_factory=dict)
    var: Path | None = None


async def seed_plans(url: str) -> dict:
    seeded = await bench_plans.seed(url)
    print(f"  plans: seed {seeded.seconds:.1f} s; " + ", ".join(f"{k} {v:,}" for k, v in seeded.counts.items()),
          flush=True)
    return {"rows": f"{seeded.counts['plan']:,} plans"}


async def seed_tasks(url: str, ready: int = 0) -> dict:
    from models.account.auth import issue_access_token

    seeded = await bench_declarations.seed(url, ready)
    tasks = bench_declarations.APPLICATIONS * bench_declarations.TASKS_PER_APPLICATION
    return {"unit": seeded.province_unit, "unit_tasks": seeded.province_tasks, "tasks": tasks,
            "token": issue_access_token(seeded.province_admin, SECRET, 6 * 3600), "ready": seeded.ready,
            "rows": f"{tasks:,} tasks, {seeded.province_tasks:,} handled by the provincial bureau"
                    + (f", {len(seeded.ready):,} ready DRAFT applications" if ready else "")}


DATASETS = {"plans": lambda: Dataset("plans", seed_plans, lambda: PG_SQL_PLANS),
            "tasks": lambda: Dataset("tasks", seed_tasks, pg_sql_tasks)}
SUBMITS_PER_SECOND = 250  # ready drafts seeded per second of a P3 run: more than Zhicheng submits


# --------------------------------------------------------------------------- checks

def check_page(page: Page, answers: dict[str, tuple[bytes, Any]], notes: list[str]) -> dict[str, int]:
    """Same rows (by identity: refuses otherwise) and fields (differences are reported) from every server;
    prints one row of each and the body sizes. Returns the body sizes."""
    rows = {server: page.rows(server, answer) for server, (_, answer) in answers.items()}
    sizes = {server: len(body) for server, (body, _) in answers.items()}
    print(f"\n{page.title}: body bytes " + ", ".join(f"{SERVERS[s]} {n:,}" for s, n in sizes.items()), flush=True)
    for server, (_, answer) in answers.items():
        first = first_node(answer)
        print(f"  {SERVERS[server]}: {json.dumps(first, ensure_ascii=False)[:400]}", flush=True)
    ids = {server: [r["id"] for r in r_] for server, r_ in rows.items()}
    reference = ids["plain"]
    if len(reference) != PAGE:
        raise SystemExit(f"{page.key}: the plain endpoint returned {len(reference)} rows, not {PAGE}: widen the seed")
    for server, got in ids.items():
        if got != reference:
            where = next((i for i, (a, b) in enumerate(zip(got, reference)) if a != b), min(len(got), len(reference)))
            raise SystemExit(f"{page.key}: {SERVERS[server]} answers other rows than the plain endpoint "
                             f"({len(got)} vs {len(reference)} rows, first difference at row {where}: "
                             f"{got[where:where + 3]} vs {reference[where:where + 3]}); not measuring")
    differing: dict[str, set[str]] = {}
    for server, r_ in rows.items():
        for a, b in zip(r_, rows["plain"]):
            for key in b:
                if a.get(key) != b[key]:
                    differing.setdefault(server, set()).add(key)
    for server, keys in differing.items():
        example = next(i for i, (a, b) in enumerate(zip(rows[server], rows["plain"]))
                       if any(a.get(k) != b[k] for k in keys))
        notes.append(f"{page.key}: {SERVERS[server]} differs from the plain endpoint in {', '.join(sorted(keys))} "
                     f"(row {example}: " + "; ".join(f"{k} {rows[server][example].get(k)!r} vs "
                                                      f"{rows['plain'][example][k]!r}" for k in sorted(keys)) + ")")
        print("  WARNING: " + notes[-1], flush=True)
    print(f"  check: the three answer the same {PAGE} rows (ids {reference[0]}…{reference[-1]})"
          + ("" if differing else " with the same fields"), flush=True)
    return sizes


def first_node(answer: Any) -> Any:
    """The first row of an answer, whatever its envelope."""
    node = answer
    for _ in range(6):
        if isinstance(node, dict):
            if "node" in node:
                return node["node"]
            key = next((k for k in ("data", "edges", "nodes") if k in node), None)
            node = node[key] if key else next(iter(node.values()), None)
        elif isinstance(node, list):
            node = node[0] if node else None
        else:
            break
    return node


async def fetch_answers(page: Page, dataset: Dataset) -> dict[str, tuple[bytes, Any]]:
    import httpx

    out = {}
    async with httpx.AsyncClient(timeout=60) as http:
        for server, target in page.targets(dataset.facts).items():
            _, port = dataset.servers[target.server or server]
            req = target.request
            r = await http.request(req.method, f"http://127.0.0.1:{port}{req.path}", content=req.body or None,
                                   headers=req.headers)
            if r.status_code != 200:
                raise SystemExit(f"{page.key} {SERVERS[server]}: HTTP {r.status_code} {r.text[:800]}")
            out[server] = (r.content, r.json())
    return out


# --------------------------------------------------------------------------- wrk

@dataclass
class Run:
    page: str
    server: str
    round: int
    requests: int
    seconds: float
    p50: float  # ms
    p99: float
    errors: int
    server_cpu: float  # seconds
    pg_cpu: float
    other: float  # cores used by other processes meanwhile
    load: float  # 1-minute load average at the start
    peak_mb: float  # the server's peak resident memory so far (VmHWM)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def server_ms(self) -> float:
        return 1000 * self.server_cpu / max(1, self.requests)

    @property
    def pg_ms(self) -> float:
        return 1000 * self.pg_cpu / max(1, self.requests)


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB; 0 when it is gone."""
    try:
        line = next(ln for ln in Path(f"/proc/{pid}/status").read_text().splitlines() if ln.startswith("VmHWM:"))
    except (FileNotFoundError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


async def measure(page: Page, server: str, round_: int, dataset: Dataset, script: Path, wrk: str,
                  args, serve: str | None = None, warmup: bool = True) -> Run:
    proc, port = dataset.servers[serve or server]
    if warmup and args.warmup > 0:
        await wrk_run(wrk, script, port, args.warmup, args.connections)
    load = os.getloadavg()[0]
    t0, own0, kids0 = time.perf_counter(), time.process_time(), children_cpu()
    srv0, pg0 = tree_cpu(proc.pid), postgres_cpu()
    busy0, total0 = machine_cpu()
    requests, micros, p50, p99, bad, sock = (float(x) for x in await wrk_run(wrk, script, port, args.duration,
                                                                             args.connections))
    wall = time.perf_counter() - t0
    busy1, total1 = machine_cpu()
    server_cpu = tree_cpu(proc.pid) - srv0
    pg_cpu = postgres_cpu() - pg0
    mine = (time.process_time() - own0) + (children_cpu() - kids0)  # this script and wrk
    machine = (busy1 - busy0) / max(1, total1 - total0) * (os.cpu_count() or 1) * wall
    other = max(0.0, machine - server_cpu - pg_cpu - mine) / wall
    return Run(page.key, server, round_, int(requests), micros / 1e6, p50 / 1000, p99 / 1000, int(bad + sock),
               server_cpu, pg_cpu, other, load, peak_rss_mb(proc.pid))


async def wait_for_quiet(max_load: float, wait: float) -> float:
    """The 1-minute load average once it is at most ``max_load``; refuses after ``wait`` seconds."""
    deadline = time.monotonic() + wait
    load = os.getloadavg()[0]
    said = False
    while load > max_load:
        if time.monotonic() >= deadline:
            raise SystemExit(f"the 1-minute load average is {load:.2f} > --max-load {max_load} after waiting "
                             f"{wait:.0f} s: not measuring on a busy machine")
        if not said:
            print(f"load average {load:.2f} > {max_load}: waiting (up to {wait:.0f} s)", flush=True)
            said = True
        await asyncio.sleep(5)
        load = os.getloadavg()[0]
    return load


# --------------------------------------------------------------------------- report

def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(pages: list[Page], runs: list[Run], sizes: dict[str, dict[str, int]], notes: list[str], header: str,
           facts: dict[str, str], statements: dict[str, int]) -> None:
    print(f"\n{header}\n")
    print("| page (50 rows) | server | req/s (median; min–max) | p50 ms | p99 ms | server CPU ms / req "
          "| PostgreSQL CPU ms / req | body bytes | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    by: dict[tuple[str, str], list[Run]] = {}
    for r in runs:
        by.setdefault((r.page, r.server), []).append(r)
    for page in pages:
        for server, label in SERVERS.items():
            rs = by.get((page.key, server), [])
            if not rs:
                continue
            rps = [r.rps for r in rs]
            print(f"| {page.title} ({facts.get(page.key, '')}) | {label} | {med(rps):.0f}; "
                  f"{min(rps):.0f}–{max(rps):.0f} | {med([r.p50 for r in rs]):.1f} | {med([r.p99 for r in rs]):.1f} "
                  f"| {med([r.server_ms for r in rs]):.2f} | {med([r.pg_ms for r in rs]):.2f} "
                  f"| {sizes[page.key][server]:,} | {sum(r.errors for r in rs)} |")
    print("\n| page | Zhicheng / PostGraphile req/s (target ≥ 50%) | Zhicheng / plain req/s | PostGraphile / plain "
          "req/s | server CPU / req: Zhicheng (target ≤ 6 ms), ÷ PostGraphile, ÷ plain |")
    print("| --- | --- | --- | --- | --- |")
    for page in pages:
        got = {s: by.get((page.key, s), []) for s in SERVERS}
        if not page.ratios or not all(got.values()):
            continue
        rps = {s: med([r.rps for r in rs]) for s, rs in got.items()}
        cpu = {s: med([r.server_ms for r in rs]) for s, rs in got.items()}
        zp = rps["zhicheng"] / rps["postgraphile"]
        print(f"| {page.key} | {zp:.0%} **{'PASS' if zp >= 0.5 else 'MISS'}** | {rps['zhicheng'] / rps['plain']:.0%} "
              f"| {rps['postgraphile'] / rps['plain']:.0%} | {cpu['zhicheng']:.2f} ms "
              f"**{'PASS' if cpu['zhicheng'] <= 6 else 'MISS'}**, {cpu['zhicheng'] / cpu['postgraphile']:.1f}×, "
              f"{cpu['zhicheng'] / cpu['plain']:.1f}× |")
    p3, p4 = by.get(("P3", "zhicheng"), []), {s: by.get(("P4", s), []) for s in SERVERS}
    if p3 or all(p4.values()) or by.get(("P1", "zhicheng")):
        print("\n| page | target | measured | |\n| --- | --- | --- | --- |")
    if p3:
        rps, errors = med([r.rps for r in p3]), sum(r.errors for r in p3)
        print(f"| P3 | ≥ 100 submissions/s at {CONCURRENCY} clients, 0 errors | {rps:.0f}/s, {errors} errors | "
              f"**{'PASS' if rps >= 100 and not errors else 'MISS'}** |")
        if "P3" in statements:
            print(f"| P3 | ≤ 15 statements per submission | {statements['P3']} | "
                  f"**{'PASS' if statements['P3'] <= 15 else 'MISS'}** |")
    p1 = by.get(("P1", "zhicheng"), [])
    if p1:
        peak = max(r.peak_mb for r in p1)
        print(f"| P1 | API peak RSS ≤ 200 MB under the P1 load | {peak:.0f} MB | **{'PASS' if peak <= 200 else 'MISS'}** |")
    if all(p4.values()):
        cached, plain = med([r.rps for r in p4["zhicheng"]]), med([r.rps for r in p4["plain"]])
        uncached = med([r.rps for r in by.get(("P1", "zhicheng"), [])])
        print(f"| P4 | cached ≥ the plain endpoint's req/s | {cached:.0f} vs {plain:.0f} ({cached / plain:.0%}); "
              f"uncached (P1) {uncached:.0f} | **{'PASS' if cached >= plain else 'MISS'}** |")
    busy = [r for r in runs if r.other > 0.25]
    if busy:
        notes.append(f"{len(busy)} of {len(runs)} runs shared the machine with > 0.25 cores of other work ("
                     + ", ".join(f"{r.page} {SERVERS[r.server]} round {r.round}: {r.other:.2f}" for r in busy[:6])
                     + "): their req/s and latencies are depressed; CPU per request is the steadier figure.")
    for note in notes:
        print(f"\nNOTE: {note}")


# --------------------------------------------------------------------------- main

async def prepare(dataset: Dataset, args, var: Path) -> None:
    import asyncpg

    from zhicheng.db import migrate

    dataset.db_name, dataset.url = await create_database(args.database_url)
    dataset.var = var / dataset.name
    dataset.var.mkdir()
    t = time.perf_counter()
    print(f"dataset {dataset.name}: database {dataset.db_name}", flush=True)
    await migrate(dataset.url)
    dataset.facts = await dataset.seed(dataset.url)
    conn = await asyncpg.connect(pg_dsn(dataset.url))
    try:
        await conn.execute(dataset.postgraphile_sql())
    finally:
        await conn.close()
    print(f"  ready in {time.perf_counter() - t:.1f} s ({dataset.facts['rows']})", flush=True)


async def count_p3(dataset: Dataset, args) -> int:
    """Statements of one submission (the first ready draft, kept out of the rounds), in this process."""
    target = p3_targets(dataset.facts)["zhicheng"]
    var = dataset.var / "count"
    var.mkdir(exist_ok=True)
    n, answer = await count_statements(dataset.url, args.redis_url, var, SECRET, target.request.body,
                                       target.request.headers["authorization"][7:])
    if b'"IN_REVIEW"' not in answer:
        raise SystemExit(f"P3: the counted submission failed: {answer[:600]!r}")
    print(f"  P3: one applicationSubmit costs {n} SQL statements (target ≤ 15)", flush=True)
    return n


async def start_servers(dataset: Dataset, args, notes: list[str], cached: bool) -> None:
    env = api_env(dataset.url, args.redis_url, dataset.var)
    # Production turns the response cache on by default: P1 and P2 measure the work itself, P4 the cache.
    dataset.servers["zhicheng"] = await start_api({**env, "ZHICHENG_RESPONSE_CACHE_SECONDS": "0"}, dataset.var,
                                                  notes, 1)
    if cached:
        var = dataset.var / "cached"
        var.mkdir(exist_ok=True)
        dataset.servers[CACHED] = await start_api({**env, "ZHICHENG_RESPONSE_CACHE_SECONDS": "1"}, var, notes, 1)
    dataset.servers["plain"] = await start_plain(str(Path(__file__).resolve()), dataset.url, env, dataset.var)
    dataset.servers["postgraphile"] = await start_postgraphile(dataset.url, dataset.var)


async def bench(args) -> int:
    quiet_logging()
    if args.small:
        for name, values in SMALL.items():
            module = bench_plans if name == "plans" else bench_declarations
            for key, value in values.items():
                setattr(module, key, value)
    pages = [PAGES[k.strip()] for k in args.pages.split(",")]
    wrk = ensure_wrk()
    _, pg_version = ensure_node()
    notes: list[str] = []
    var = Path(tempfile.mkdtemp(prefix="zhicheng_bench_pages_"))
    datasets = {name: DATASETS[name]() for name in dict.fromkeys(p.dataset for p in pages)}
    if "tasks" in datasets and any(p.submits for p in pages):
        ready = 1 + args.rounds * int(args.duration * SUBMITS_PER_SECOND)
        datasets["tasks"].seed = lambda url: seed_tasks(url, ready)
    wall = time.perf_counter()
    try:
        for dataset in datasets.values():
            await prepare(dataset, args, var)
        statements: dict[str, int] = {}
        for dataset in datasets.values():
            dataset.facts["rounds"] = args.rounds
            if dataset.name == "tasks" and any(p.submits for p in pages):
                statements["P3"] = await count_p3(dataset, args)
        for dataset in datasets.values():
            await start_servers(dataset, args, notes, cached=any(p.dataset == dataset.name and p.key == "P4"
                                                                 for p in pages))
        sizes, facts = {}, {}
        scripts: dict[tuple, Path] = {}
        for page in pages:
            dataset = datasets[page.dataset]
            facts[page.key] = page.scale(dataset.facts)
            targets = page.targets(dataset.facts)
            sizes[page.key] = ({s: len(t.request.body) for s, t in targets.items()} if page.submits
                               else check_page(page, await fetch_answers(page, dataset), notes))
            for server, target in targets.items():
                if target.rounds is not None:
                    for round_ in range(1, args.rounds + 1):
                        scripts[page.key, server, round_] = var / f"{page.key}-{server}-{round_}.lua"
                        scripts[page.key, server, round_].write_text(target.rounds(round_))
                else:
                    scripts[page.key, server] = var / f"{page.key}-{server}.lua"
                    scripts[page.key, server].write_text(lua_script(target.request))

        load = await wait_for_quiet(args.max_load, args.wait)
        print(f"\nmeasuring under a 1-minute load average of {load:.2f} (--max-load {args.max_load}); wrk, "
              f"{args.connections} connections, {args.warmup:g} s warm-up + {args.duration:g} s per run, "
              f"A B C x {args.rounds}", flush=True)
        runs: list[Run] = []
        for page in pages:
            dataset = datasets[page.dataset]
            targets = page.targets(dataset.facts)
            for round_ in range(1, args.rounds + 1):
                for server, label in SERVERS.items():
                    if server not in targets:
                        continue
                    once = (page.key, server, round_) in scripts  # requests that can be sent once: no warm-up
                    script = scripts[page.key, server, round_] if once else scripts[page.key, server]
                    r = await measure(page, server, round_, dataset, script, wrk, args,
                                      serve=targets[server].server, warmup=not once)
                    runs.append(r)
                    print(f"  {page.key} round {round_} {label:<26} {r.rps:>7.0f} req/s  p50 {r.p50:7.1f} ms"
                          f"  p99 {r.p99:7.1f} ms  server {r.server_ms:6.2f} ms/req  pg {r.pg_ms:5.2f} ms/req  "
                          f"errors {r.errors}  load {r.load:.2f}  other {r.other:.2f} cores", flush=True)
        loads = [r.load for r in runs]
        header = (f"{os.cpu_count()} CPUs; 1-minute load average {load:.2f} when measuring began "
                  f"({min(loads):.2f}–{max(loads):.2f} at the runs' starts, including this bench's own); "
                  f"{'--small seed; ' if args.small else ''}wrk {args.connections} connections, {args.rounds} "
                  f"rounds A B C of {args.duration:g} s, medians; Zhicheng `zhicheng api` production, 1 worker; "
                  f"{pg_version}; all pools {PLAIN_POOL} connections; {time.perf_counter() - wall:.0f} s in all")
        errors = sum(r.errors for r in runs)
        if errors:
            notes.append(f"{errors} answers were errors (not HTTP 200, GraphQL errors, or socket errors)")
        report(pages, runs, sizes, notes, header, facts, statements)
        return 1 if errors else 0
    finally:
        for dataset in datasets.values():
            for proc, _ in dataset.servers.values():
                stop(proc)
        for dataset in datasets.values():
            if not dataset.db_name:
                continue
            if args.keep_db:
                print(f"kept database {dataset.url}")
            else:
                await drop_database(args.database_url, dataset.db_name)
        if args.keep_db:
            print(f"logs in {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("ZHICHENG_BENCH_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/test"),
                        help="admin connection; the bench databases are created next to it (default: "
                             "$ZHICHENG_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/1")
    parser.add_argument("--small", action="store_true",
                        help="a quick smoke: 1,000 plans and 20,000 tasks instead of 2,000 and 1,000,000")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--duration", type=float, default=12.0, help="seconds per measured run (10-15)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load before each run")
    parser.add_argument("--rounds", type=int, default=3, help="how many times A, B, C alternate")
    parser.add_argument("--connections", type=int, default=CONCURRENCY)
    parser.add_argument("--max-load", type=float, default=1.0,
                        help="wait until the 1-minute load average is at most this before measuring")
    parser.add_argument("--wait", type=float, default=900.0, help="seconds to wait for --max-load, then refuse")
    parser.add_argument("--keep-db", action="store_true", help="leave the bench databases and logs")
    parser.add_argument("--plain-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_server:
        return run_plain(plain_app(args.database_url), args.port)
    sys.exit(asyncio.run(bench(args)))


if __name__ == "__main__":
    main()
