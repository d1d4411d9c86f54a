"""Shared machinery of the benchmark scripts (bench_*.py): a throw-away database next to the given
one, COPY seeding, the API and a plain server as separate processes, a closed-loop load generator
at 32 keep-alive connections, CPU accounting per process, in-process SQL statement counts, and
the final metric / value / target / PASS-MISS table.

Not a test module (pytest collects only test_*.py). Also runnable as
``python benchlib.py --api-shim --port P``: `zhicheng api` with a work-around, see run_api_shim.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CONCURRENCY = 32
WARMUP = 2.0
SECRET = "bench-secret-key-0123456789-abcdefghijklmnop"
PLAIN_POOL = 5  # Tortoise's asyncpg pool default (maxsize=5), so both servers get the same pool
APP_BUG = "'tuple' object has no attribute 'append'"


def pg_dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def quiet_logging() -> None:
    logging.basicConfig(level=logging.WARNING)
    for handler in logging.getLogger().handlers:  # count_sql turns tortoise.db_client to DEBUG: keep it quiet
        handler.setLevel(logging.WARNING)


# --------------------------------------------------------------------------- API start-up work-around

def run_api_shim(port: int) -> None:
    """`zhicheng api` with a work-around for a (since fixed) start-up bug in production mode:
    zhicheng/app.py build_graphql appended to ``schema.extensions``, which strawberry 0.341 stores as
    a tuple. Used only when the real command fails with exactly that error."""
    patch_app_bug()
    from zhicheng.cli import main as cli

    cli(["api", "--host", "127.0.0.1", "--port", str(port)])


def patch_app_bug() -> None:
    import schema.api as api

    original = api.build_schema

    def build_schema(*args, **kwargs):
        built = original(*args, **kwargs)
        built.extensions = list(built.extensions)
        return built

    api.build_schema = build_schema


# --------------------------------------------------------------------------- database

async def create_database(base_url: str) -> tuple[str, str]:
    import asyncpg

    name = f"zhicheng_bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(pg_dsn(base_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name, urlunparse(urlparse(base_url)._replace(path=f"/{name}"))


async def drop_database(base_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(pg_dsn(base_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def id_number(i: int) -> str:
    """Unique, valid-looking 18-digit resident IDs: 999 sequence numbers per birth day."""
    from stdnum.cn import ric

    birth = date(1960, 1, 1) + timedelta(days=i // 999)
    body = f"340104{birth:%Y%m%d}{i % 999 + 1:03d}"
    return body + ric.calc_check_digit(body + "0")


def _default_for(model, column: str):
    """The model's Python-side default for a NOT NULL column the seed does not set (the schema grows
    while the scripts do not), so COPY keeps working when a model gains a field with a default."""
    import enum

    field_ = model._meta.fields_map.get(column) or model._meta.fields_map.get(column.removesuffix("_id"))
    if field_ is None or field_.default is None:
        raise RuntimeError(f"bench seed: {model._meta.db_table}.{column} is NOT NULL without a default; "
                           "add it to the seed of the benchmark script")
    value = field_.default() if callable(field_.default) else field_.default
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    return value


_COLUMNS: dict[str, list] = {}


async def copy(conn, model, columns: list[str], records) -> None:
    """COPY ``records`` (tuples in ``columns`` order; any iterable) into the model's table, filling
    NOT NULL columns the seed does not name with the model's defaults and leaving out named columns
    the table no longer has (the schema moves while the scripts do not)."""
    table = model._meta.db_table
    if table not in _COLUMNS:
        _COLUMNS[table] = await conn.fetch(
            "SELECT column_name, is_nullable, column_default FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = $1", table)
    existing = {r["column_name"] for r in _COLUMNS[table]}
    if any(c not in existing for c in columns):
        keep = [i for i, c in enumerate(columns) if c in existing]
        columns = [columns[i] for i in keep]
        records = (tuple(r[i] for i in keep) for r in records)
    extra = [r["column_name"] for r in _COLUMNS[table]
             if r["column_name"] not in columns and r["is_nullable"] == "NO" and r["column_default"] is None]
    if extra:
        tail = tuple(_default_for(model, c) for c in extra)
        records = (r + tail for r in records)
    await conn.copy_records_to_table(table, columns=columns + extra, records=records)


async def reset_sequences(conn, models) -> None:
    for model in models:
        table = model._meta.db_table
        await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"GREATEST(1, (SELECT coalesce(max(id), 0) FROM {table})))")


UNIT_COLUMNS = ["id", "name", "kind", "nature", "credit_code", "address", "contact_name", "contact_mobile", "email",
                "region_id", "competent_department_id", "created_at", "updated_at"]


def unit_row(uid: int, name: str, kind: str, nature: str, region: str, t0, competent: int | None = None) -> tuple:
    return (uid, name, kind, nature, None, "安徽省", "联系人", "13800000001", f"unit{uid}@example.cn", region,
            competent, t0, t0)


ACCOUNT_COLUMNS = ["id", "password_hash", "is_platform_admin", "is_active", "display_name", "created_at"]
PERSON_COLUMNS = ["id", "account_id", "real_name", "id_type", "id_number", "mobile", "gender", "birth_date",
                  "political_status", "ethnicity", "email", "address", "work_start_date", "highest_education",
                  "series", "current_unit_id", "photo_id", "created_at", "updated_at"]


def person_row(i: int, t0, unit_id: int | None = None, photo_id: int | None = None, name: str | None = None) -> tuple:
    """Person ``i`` on account ``i`` (resident ID from id_number(i), mobile 139xxxxxxxx)."""
    return (i, i, name or f"人员{i}", "RESIDENT_ID", id_number(i), f"139{i:08d}", "MALE" if i % 2 else "FEMALE",
            date(1960, 1, 1) + timedelta(days=i // 999), "MASSES", "汉族", f"p{i}@example.cn", "安徽省合肥市",
            date(2008, 7, 1), "BACHELOR", '["ENGINEERING"]', unit_id, photo_id, t0, t0)


# --------------------------------------------------------------------------- processes

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    out = open(log, "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


async def wait_ready(port: int, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                r = await client.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                if r.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"server on {port} not ready after {timeout}s:\n{log.read_text()[-3000:]}")


def api_env(url: str, redis_url: str, var: Path) -> dict:
    return {**os.environ, "ZHICHENG_ENV": "production", "ZHICHENG_DATABASE_URL": url,
            "ZHICHENG_REDIS_URL": redis_url, "ZHICHENG_SECRET_KEY": SECRET,
            "ZHICHENG_VAR_DIR": str(var), "ZHICHENG_STORAGE_DIR": str(var / "files"), "PYTHONUNBUFFERED": "1"}


async def start_api(env: dict, var: Path, notes: list[str], workers: int = 1) -> tuple[subprocess.Popen, int]:
    """`zhicheng api [--workers N]` in production mode on a free port (falls back to the shim on APP_BUG
    only, single worker)."""
    port = free_port()
    zhicheng = shutil.which("zhicheng", path=str(Path(sys.executable).parent)) or "zhicheng"
    extra = ["--workers", str(workers)] if workers > 1 else []
    api = start([zhicheng, "api", "--host", "127.0.0.1", "--port", str(port), *extra], env, var / "api.log")
    try:
        await wait_ready(port, api, var / "api.log")
    except RuntimeError as exc:
        if APP_BUG not in str(exc):
            raise
        notes.append("`zhicheng api` with ZHICHENG_ENV=production crashes at start-up: zhicheng/app.py "
                     "build_graphql does schema.extensions.append(...) but strawberry 0.341 keeps "
                     "Schema.extensions as a tuple (AttributeError). Benchmarked through a shim that "
                     "makes it a list (same app, same uvicorn settings).")
        print("NOTE: " + notes[-1], flush=True)
        api = start([sys.executable, str(Path(__file__).resolve()), "--api-shim", "--port", str(port)], env,
                    var / "api.log")
        await wait_ready(port, api, var / "api.log")
    return api, port


async def start_plain(script: str, url: str, env: dict, var: Path) -> tuple[subprocess.Popen, int]:
    """``python script --plain-server --port P --database-url URL`` (the script's own plain app)."""
    port = free_port()
    plain = start([sys.executable, script, "--plain-server", "--port", str(port), "--database-url", url], env,
                  var / "plain.log")
    await wait_ready(port, plain, var / "plain.log")
    return plain, port


def run_plain(app, port: int) -> None:
    import uvicorn

    # Same server settings as `zhicheng api` (one worker, access log at info).
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its descendants (uvicorn --workers N runs the app in children)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += proc_cpu(p)
        except (FileNotFoundError, ProcessLookupError):
            pass
        todo += children.get(p, [])
    return total


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies over all cores."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


def pids_cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += proc_cpu(pid)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def postmaster_pid() -> int:
    """The PostgreSQL server's parent process: a ``postgres`` process whose parent is not one."""
    comm = {}
    parent = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except (FileNotFoundError, ProcessLookupError):
                continue
            comm[int(entry.name)] = stat[stat.index("(") + 1:stat.rindex(")")]
            parent[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    roots = [pid for pid, name in comm.items() if name == "postgres" and comm.get(parent[pid]) != "postgres"]
    if len(roots) != 1:
        raise RuntimeError(f"expected one PostgreSQL postmaster on this machine, found {roots}")
    return roots[0]


def postgres_cpu() -> float:
    """CPU seconds of the whole PostgreSQL server so far: the postmaster, its live backends and the
    backends that have already exited (the postmaster's reaped children, cutime + cstime). Monotonic,
    unlike a sum over backend PIDs, which loses a backend's CPU when a pool replaces its connection
    mid-run. It counts every database of the server: measure on a quiet machine."""
    pid = postmaster_pid()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    return tree_cpu(pid) + reaped


async def backend_pids(url: str) -> list[int]:
    import asyncpg

    conn = await asyncpg.connect(pg_dsn(url))
    try:
        rows = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                "AND pid <> pg_backend_pid()")
        return [r["pid"] for r in rows]
    finally:
        await conn.close()


async def idle_check(seconds: float = 2.0) -> float:
    """Fraction of the machine busy before the bench starts (other people's work)."""
    b0, t0 = machine_cpu()
    await asyncio.sleep(seconds)
    b1, t1 = machine_cpu()
    return (b1 - b0) / max(1, t1 - t0)


class CpuMeter:
    """CPU used by this process (the client), the server, PostgreSQL (postgres_cpu) and the rest
    of the machine between ``begin()`` and ``end()``; all in cores (1.0 = one core busy)."""

    def __init__(self, server_pid: int, db_url: str) -> None:
        self.server_pid, self.db_url = server_pid, db_url

    async def begin(self) -> None:
        self.t = time.perf_counter()
        self.client, self.server = time.process_time(), tree_cpu(self.server_pid)
        self.pg0 = postgres_cpu()
        self.busy, self.total = machine_cpu()

    async def end(self) -> dict[str, float]:
        seconds = time.perf_counter() - self.t
        client = time.process_time() - self.client
        server = tree_cpu(self.server_pid) - self.server
        pg = postgres_cpu() - self.pg0
        busy, total = machine_cpu()
        machine = (busy - self.busy) / max(1, total - self.total)
        other = machine * (os.cpu_count() or 1) * seconds - client - server - pg
        return {"seconds": seconds, "client": client / seconds, "server": server / seconds, "pg": pg / seconds,
                "other": max(0.0, other) / seconds, "machine": machine, "server_s": server, "pg_s": pg}


# --------------------------------------------------------------------------- load

@dataclass
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def graphql_request(query: str, variables: dict, token: str | None) -> Request:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return Request("POST", "/graphql", json.dumps({"query": query, "variables": variables}).encode(), headers)


@dataclass
class Result:
    name: str
    client: str
    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    client_cpu: float  # cores (1.0 = one core busy)
    server_cpu: float
    pg_cpu: float  # the bench database's backends
    other_cpu: float  # everything else on the machine: other people's processes
    machine_cpu: float  # fraction of all cores

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def server_ms(self) -> float:
        """Server CPU per request: unlike req/s, barely moved by other load on the machine."""
        return 1000 * self.server_cpu * self.seconds / max(1, self.requests)

    @property
    def pg_ms(self) -> float:
        return 1000 * self.pg_cpu * self.seconds / max(1, self.requests)


RESULT_HEADER = (f"{'scenario':<34}{'client':<7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>7}"
                 f"{'srv ms/req':>11}{'pg ms/req':>10}{'client':>8}{'server':>8}{'pg':>6}{'other':>7}{'box':>6}")


def result_line(r: Result) -> str:
    return (f"{r.name:<34}{r.client:<7}{r.rps:>8.0f}{r.p50:>9.1f}{r.p95:>9.1f}{r.errors:>7}"
            f"{r.server_ms:>11.2f}{r.pg_ms:>10.2f}{r.client_cpu:>8.2f}{r.server_cpu:>8.2f}{r.pg_cpu:>6.2f}"
            f"{r.other_cpu:>7.2f}{r.machine_cpu:>6.0%}")


CPU_NOTE = ("CPU columns in cores (1.00 = one core busy); 'other' is load on the machine that is not this "
            "bench (client, server, its PostgreSQL backends). Server CPU ms/req is the contention-proof figure.")


class RawConnection:
    """A minimal keep-alive HTTP/1.1 client (Content-Length bodies only): far less client CPU than httpx."""

    def __init__(self, port: int, req: Request | None = None) -> None:
        self.port = port
        self.payload = self.encode(req) if req is not None else b""

    def encode(self, req: Request) -> bytes:
        head = [f"{req.method} {req.path} HTTP/1.1", f"host: 127.0.0.1:{self.port}",
                f"content-length: {len(req.body)}"]
        head += [f"{k}: {v}" for k, v in req.headers.items()]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + req.body

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def send(self, payload: bytes | None = None) -> tuple[int, bytes]:
        self.writer.write(payload if payload is not None else self.payload)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = None
        for line in lines[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length is None:
            raise RuntimeError("response without content-length")
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


def quantiles(latencies: list[float]) -> tuple[float, float]:
    """(p50, p95) in ms."""
    latencies = sorted(latencies)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return q[49] * 1000, q[94] * 1000


async def load(name: str, port: int, req: Request, seconds: float, server_pid: int, client: str,
               db_url: str, concurrency: int = CONCURRENCY) -> Result:
    """``concurrency`` closed-loop workers on keep-alive connections send ``req`` for WARMUP + ``seconds``;
    only the last ``seconds`` are measured. A response is an error unless HTTP 200 without "errors"."""
    import httpx

    url = f"http://127.0.0.1:{port}{req.path}"
    latencies: list[float] = []
    errors = 0
    loop = asyncio.get_running_loop()
    begin = loop.time()
    measure_from, end = begin + WARMUP, begin + WARMUP + seconds
    marks: dict[str, float] = {}

    def mark() -> None:
        marks["client"], marks["server"] = time.process_time(), tree_cpu(server_pid)
        marks["pg"] = postgres_cpu()
        marks["busy"], marks["total"] = machine_cpu()

    async def measure_start() -> None:
        await asyncio.sleep(max(0.0, measure_from - loop.time()))
        mark()

    async def run(send) -> None:
        nonlocal errors
        while True:
            t0 = time.perf_counter()
            if loop.time() >= end:
                return
            try:
                status, body = await send()
                ok = status == 200 and b'"errors"' not in body
            except (httpx.HTTPError, OSError, asyncio.IncompleteReadError):
                ok = False
            t1 = time.perf_counter()
            now = loop.time()
            if measure_from <= now <= end:
                latencies.append(t1 - t0)
                errors += not ok

    marker = asyncio.create_task(measure_start())
    if client == "httpx":
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(limits=limits, timeout=30) as http:
            async def send_httpx():
                r = await http.request(req.method, url, content=req.body or None, headers=req.headers)
                return r.status_code, r.content

            await asyncio.gather(*(run(send_httpx) for _ in range(concurrency)))
    else:
        conns = [RawConnection(port, req) for _ in range(concurrency)]
        await asyncio.gather(*(c.open() for c in conns))
        try:
            await asyncio.gather(*(run(c.send) for c in conns))
        finally:
            for c in conns:
                c.close()
    await marker
    client_cpu = time.process_time() - marks["client"]
    server_cpu = tree_cpu(server_pid) - marks["server"]
    pg_cpu = postgres_cpu() - marks["pg"]
    busy, total = machine_cpu()
    machine = (busy - marks["busy"]) / max(1, total - marks["total"])
    other = machine * (os.cpu_count() or 1) * seconds - client_cpu - server_cpu - pg_cpu
    p50, p95 = quantiles(latencies)
    return Result(name, client, len(latencies), errors, seconds, p50, p95,
                  client_cpu / seconds, server_cpu / seconds, pg_cpu / seconds, max(0.0, other) / seconds, machine)


# --------------------------------------------------------------------------- in-process (SQL counts)

@contextlib.asynccontextmanager
async def in_process_app(url: str, redis_url: str, var: Path):
    """The real app (production settings) behind httpx's ASGITransport, lifespan started: for counting
    the SQL statements of one request with tests.helpers.count_sql, and for direct model calls."""
    import httpx

    from zhicheng.app import create_app
    from zhicheng.settings import Settings, set_settings

    settings = Settings(env="production", database_url=url, redis_url=redis_url, secret_key=SECRET,
                        var_dir=var, storage_dir=var / "files")
    set_settings(settings)
    try:
        app = create_app(settings)
    except AttributeError as exc:
        if APP_BUG not in str(exc):
            raise
        patch_app_bug()  # see run_api_shim
        app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            yield http


async def post_graphql(http, query: str, variables: dict, token: str | None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    r = await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    if r.status_code != 200:
        raise RuntimeError(f"HTTP {r.status_code}: {r.text[:500]}")
    data = r.json()
    if data.get("errors"):
        raise RuntimeError(f"GraphQL errors: {data['errors']}")
    return data


async def count_statements(http, query: str, variables: dict, token: str | None) -> tuple[dict, list[str]]:
    """Statements of one request, after a warm-up request (the first pays one-off costs)."""
    from tests.helpers import count_sql

    await post_graphql(http, query, variables, token)
    with count_sql() as statements:
        data = await post_graphql(http, query, variables, token)
    return data, list(statements)


# --------------------------------------------------------------------------- report

def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_table(rows: list[tuple[str, str, str, str]], notes: list[str]) -> int:
    """Prints the metric / value / target / result table and the notes; the exit code (1 on MISS/ERR)."""
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


def busy_note(busy_before: float, notes: list[str]) -> None:
    print(f"machine busy before start: {busy_before:.0%}", flush=True)
    if busy_before > 0.15:
        notes.append(f"the machine was {busy_before:.0%} busy before the bench started (other processes); "
                     "req/s and latencies are depressed by that load - compare 'srv ms/req' instead.")
        print("WARNING: " + notes[-1], flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--api-shim" and sys.argv[2] == "--port":
        run_api_shim(int(sys.argv[3]))
    else:
        sys.exit("usage: benchlib.py --api-shim --port P")


def global_id(type_name: str, pk: int) -> str:
    """The GraphQL global ID of a row, as the API encodes it (the plain endpoints return the same)."""
    import base64

    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def plain_pool_app(database_url: str, path: str | dict, handler=None):
    """The floor GraphQL is measured against: a bare Starlette app with an asyncpg pool, serving
    ``handler(pool, request)`` at ``path`` (or each ``{path: handler}`` of a dict) plus ``/readyz``."""
    import contextlib

    import asyncpg
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    state: dict = {}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        state["pool"] = await asyncpg.create_pool(pg_dsn(database_url), min_size=1, max_size=PLAIN_POOL)
        try:
            yield
        finally:
            await state["pool"].close()

    def serving(handler):
        async def serve(request):
            return await handler(state["pool"], request)
        return serve

    async def readyz(request):
        async with state["pool"].acquire() as conn:
            await conn.fetchval("SELECT 1")
        return JSONResponse({"ready": True})

    routes = path if isinstance(path, dict) else {path: handler}
    return Starlette(routes=[*(Route(p, serving(h)) for p, h in routes.items()), Route("/readyz", readyz)],
                     lifespan=lifespan)
