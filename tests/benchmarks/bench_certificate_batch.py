"""证书发放 batch benchmark (a script, not a test; issue 8 §9): 10,000 filed results issued by one
`zhicheng worker` process in production mode, once undisturbed and once with the worker killed (SIGKILL)
halfway and a new one started.

Each run gets a throw-away PostgreSQL database next to --database-url (created, migrated, dropped at the
end) and a redis-server of its own. The world: the test builders' scene (an HR bureau issuer with a number
range of exactly N serials) plus N filed, publicity-passed results seeded with COPY (one shared photo).
The batch is asked for the way a client does, one certificateIssue mutation (run in-process against the
same database and Redis); the worker does everything else. Prints progress over time, total seconds and
certificates/s, for the kill run the time from the kill to the next committed progress, and checks: one
certificate per result, no number twice, serials 1..N, N certificate files, each certificate its own file.

    python tests/benchmarks/bench_certificate_batch.py [--certificates 10000] [--runs plain,kill]
        [--database-url postgres://postgres@127.0.0.1:5432/test] [--render-processes 0]

Target: <= 300 s for 10,000 on a 2-core machine.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.benchlib import copy, create_database, drop_database, pg_dsn, quiet_logging  # noqa: E402
from tests.benchmarks.benchlib import backend_pids, id_number, pids_cpu, reset_sequences, tree_cpu  # noqa: E402
from tests.conftest import SECRET  # noqa: E402  (the builders' tokens are signed with it)
from tests.fault_support import RedisServer, WorkerProcess  # noqa: E402

TARGET_SECONDS = 300.0
TARGET_COUNT = 10_000


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


async def seed(http, conn, n: int) -> None:
    """The scene (GraphQL builders), an issuer with serials 1..n, and n filed results by COPY."""
    from models.account.models import Account
    from models.application.models import Application, ApplicationStatus
    from models.core.file import StoredFile
    from models.core.ports import storage
    from models.evaluation.models import (EvaluationScheme, ParticipantResult, ResultFiling, SchemeParticipant,
                                          SchemeStatus)
    from models.evaluation.results import today
    from models.person.models import Person
    from tests.certificate_support import FILING_NUMBER, make_issuer
    from tests.evaluation_support import Scene
    from tests.test_certificate_document import sample_photo

    scene = await Scene().build()
    await make_issuer(http, scene, end=n)
    t = scene.apps[0]
    scheme = await EvaluationScheme.create(plan_id=scene.plan.id, committee_id=scene.committee.id,
                                           organizer_id=scene.organizer.unit.id, name="批量发证方案",
                                           status=SchemeStatus.FILED)
    await ResultFiling.create(scheme_id=scheme.id, decision="PASS", opinion="同意", document_number=FILING_NUMBER,
                              filed_on=today(), unit_id=scene.province.unit.id)
    data = sample_photo()

    async def chunks():
        yield data

    sha, size = await storage().put(chunks(), len(data))
    photo = await StoredFile.create(sha256=sha, size=size, content_type="image/jpeg", name="证件照.jpg",
                                    purpose="photo")
    base = 1 + max([await conn.fetchval(f"SELECT coalesce(max(id), 0) FROM {m._meta.db_table}")
                    for m in (Account, Person, Application, SchemeParticipant, ParticipantResult)])
    now = datetime.now(timezone.utc)
    ids = range(base, base + n)
    await copy(conn, Account, ["id", "display_name", "is_platform_admin", "is_active", "created_at"],
               ((i, f"批量{i}", False, True, now) for i in ids))
    await copy(conn, Person, ["id", "account_id", "real_name", "id_type", "id_number", "mobile", "gender",
                              "birth_date", "political_status", "ethnicity", "email", "address", "work_start_date",
                              "highest_education", "series", "photo_id", "created_at", "updated_at"],
               ((i, i, f"批量{i - base}", "RESIDENT_ID", id_number(500_000 + i), f"137{i:08d}",
                 "MALE" if i % 2 else "FEMALE", datetime(1985, 6, 15).date(), "MASSES", "汉族", "p@example.cn",
                 "安徽省合肥市", datetime(2008, 7, 1).date(), "BACHELOR", '["ENGINEERING"]', photo.id, now, now)
                for i in ids))
    await copy(conn, Application, ["id", "person_id", "plan_id", "year", "declaration_type", "evaluation_mode",
                                   "series_id", "specialty_id", "title_name_id", "standard_id", "level",
                                   "pledge_accepted_at", "status", "unit_id", "created_at", "updated_at"],
               ((i, i, scene.plan.id, t.year, "REGULAR", "REVIEW", t.series_id, t.specialty_id, t.title_name_id,
                 t.standard_id, t.level, now, ApplicationStatus.APPROVED.value, scene.employer.unit.id, now, now)
                for i in ids))
    await copy(conn, SchemeParticipant, ["id", "scheme_id", "application_id", "sort"],
               ((i, scheme.id, i, i - base) for i in ids))
    await copy(conn, ParticipantResult, ["id", "participant_id", "members_present", "votes_for", "votes_against",
                                         "votes_abstain", "conclusion", "publicity_passed", "recorded_at"],
               ((i, i, 9, 7, 1, 1, "PASSED", True, now) for i in ids))
    await reset_sequences(conn, [Account, Person, Application, SchemeParticipant, ParticipantResult])
    await conn.execute("ANALYZE")
    return scene


async def check(conn, n: int) -> list[tuple[str, bool]]:
    certs = await conn.fetchrow("SELECT count(*) AS c, count(DISTINCT result_id) AS r, count(DISTINCT number) AS n, "
                                "count(DISTINCT document_id) AS d, count(*) FILTER (WHERE document_state = 'READY') "
                                "AS ready FROM certificate")
    serials = await conn.fetchrow("SELECT count(*) AS c, count(DISTINCT serial) AS d, min(serial) AS lo, "
                                  "max(serial) AS hi FROM certificate_number")
    files = await conn.fetchval("SELECT count(*) FROM stored_file WHERE purpose = 'certificate'")
    return [(f"{certs['c']} certificates, one per result ({certs['r']} results)", certs["c"] == certs["r"] == n),
            (f"{certs['n']} distinct numbers: 0 duplicates", certs["n"] == certs["c"]),
            (f"serials {serials['lo']}..{serials['hi']}, {serials['c']} rows, {serials['d']} distinct",
             (serials["lo"], serials["hi"], serials["c"], serials["d"]) == (1, n, n, n)),
            (f"{files} certificate files, {certs['d']} distinct attached, {certs['ready']} READY",
             files == certs["d"] == certs["ready"] == n)]


async def one_run(args, kill: bool) -> dict:
    import asyncpg
    import httpx

    from tests.certificate_support import ISSUE
    from tests.helpers import gid, gql, payload_errors
    from zhicheng.app import create_app
    from zhicheng.db import migrate
    from zhicheng.settings import Settings, set_settings

    label = "kill -9 halfway" if kill else "undisturbed"
    name, url = await create_database(args.database_url)
    var = Path(tempfile.mkdtemp(prefix="zhicheng-bench-batch-"))
    (var / "redis").mkdir()
    redis = RedisServer(var / "redis")
    redis.start()
    workers: list[WorkerProcess] = []
    try:
        await migrate(url)
        settings = Settings(env="production", database_url=url, redis_url=redis.url, secret_key=SECRET,
                            var_dir=var, storage_dir=var / "files")
        set_settings(settings)
        app = create_app(settings)
        env = {"ZHICHENG_ENV": "production", "ZHICHENG_SECRET_KEY": SECRET, "ZHICHENG_DATABASE_URL": url,
               "ZHICHENG_REDIS_URL": redis.url, "ZHICHENG_VAR_DIR": str(var),
               "ZHICHENG_STORAGE_DIR": str(var / "files")}
        if args.render_processes is not None:
            env["ZHICHENG_RENDER_PROCESSES"] = str(args.render_processes)
        conn = await asyncpg.connect(pg_dsn(url))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                t0 = time.perf_counter()
                scene = await seed(http, conn, args.certificates)
                print(f"[{label}] seeded {args.certificates} filed results in {time.perf_counter() - t0:.1f} s",
                      flush=True)
                heartbeat = var / "worker-heartbeat"
                workers.append(WorkerProcess(env, var / "worker1.log").start())
                deadline = time.monotonic() + 60
                while not heartbeat.exists() and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)
                print(f"[{label}] worker up; {machine_load()}", flush=True)
                start = time.perf_counter()
                made = await gql(http, ISSUE, {"input": {"issuerUnitId": gid("Unit", scene.province.unit.id),
                                                         "category": "01"}}, token=scene.province.token)
                assert payload_errors(made, "certificateIssue") == [], made
                job_id = int(await conn.fetchval("SELECT id FROM job WHERE kind = 'CERTIFICATE_ISSUE'"))
                print(f"[{label}] certificateIssue answered in {time.perf_counter() - start:.2f} s "
                      f"({made['data']['certificateIssue']['count']} certificates)", flush=True)
                timeline: list[tuple[float, int]] = []
                worker_cpu: dict[int, float] = {}  # worker index -> CPU s of it and its render processes
                pg_pids: set[int] = set()
                pg_cpu: dict[int, float] = {}  # the bench database's backends (the polling one included)
                killed_at = resumed_at = None
                progress_at_kill = 0
                last_print = -1e9
                while True:
                    row = await conn.fetchrow("SELECT status, progress, total, attempts, error FROM job "
                                              "WHERE id = $1", job_id)
                    now = time.perf_counter() - start
                    if not timeline or row["progress"] != timeline[-1][1]:
                        timeline.append((now, row["progress"]))
                        if killed_at is not None and resumed_at is None and row["progress"] > progress_at_kill:
                            resumed_at = now
                            print(f"[{label}] {now:6.1f} s  resumed: progress {row['progress']} "
                                  f"({resumed_at - killed_at:.1f} s after the kill)", flush=True)
                    if now - last_print >= args.every:
                        last_print = now
                        rate = row["progress"] / now if now else 0
                        print(f"[{label}] {now:6.1f} s  {row['progress']:>6}/{row['total']}  {row['status']:<9} "
                              f"{rate:5.1f}/s  {machine_load()}", flush=True)
                    if workers[-1].alive():
                        worker_cpu[len(workers) - 1] = tree_cpu(workers[-1].proc.pid)
                        pg_pids.update(await backend_pids(url))
                        pg_cpu.update({p: c for p in pg_pids if (c := pids_cpu([p]))})
                    if kill and killed_at is None and row["progress"] >= args.certificates // 2:
                        await asyncio.sleep(0.5)  # inside the next chunk: some certificates made, not committed
                        worker_cpu[0] = tree_cpu(workers[0].proc.pid)
                        workers[0].kill9()
                        killed_at = time.perf_counter() - start
                        progress_at_kill = (await conn.fetchval("SELECT progress FROM job WHERE id = $1", job_id))
                        made_at_kill = await conn.fetchval("SELECT count(*) FROM certificate")
                        print(f"[{label}] {killed_at:6.1f} s  kill -9 at progress {progress_at_kill} "
                              f"({made_at_kill} certificates made); new worker started", flush=True)
                        workers.append(WorkerProcess(env, var / "worker2.log").start())
                    if row["status"] in ("SUCCEEDED", "FAILED"):
                        break
                    await asyncio.sleep(0.25)
                total = time.perf_counter() - start
                print(f"[{label}] {total:6.1f} s  {row['progress']}/{row['total']} {row['status']} "
                      f"(attempts {row['attempts']}) {row['error'] or ''}", flush=True)
                checks = await check(conn, args.certificates)
        await conn.close()
        cpu = sum(worker_cpu.values())
        return {"label": label, "seconds": total, "worker_ms": 1000 * cpu / args.certificates,
                "pg_ms": 1000 * sum(pg_cpu.values()) / args.certificates, "rate": args.certificates / total, "status": row["status"],
                "resume": (resumed_at - killed_at) if resumed_at and killed_at else None, "checks": checks,
                "timeline": timeline, "load": machine_load()}
    finally:
        for w in workers:
            w.stop()
        redis.kill()
        from tortoise import Tortoise

        await Tortoise.close_connections()
        await drop_database(args.database_url, name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=10_000)
    parser.add_argument("--runs", default="plain,kill", help="plain, kill or both (comma-separated)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--every", type=float, default=15.0, help="seconds between progress lines")
    parser.add_argument("--render-processes", type=int, default=None,
                        help="ZHICHENG_RENDER_PROCESSES for the worker (unset: the worker's default)")
    args = parser.parse_args()
    quiet_logging()
    print(f"start: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {machine_load()}", flush=True)
    results = []
    for run in args.runs.split(","):
        results.append(asyncio.run(one_run(args, kill=run.strip() == "kill")))
    failed = False
    print()
    for r in results:
        per_10k = r["seconds"] * TARGET_COUNT / args.certificates  # the target is for 10,000
        ok = r["status"] == "SUCCEEDED" and per_10k <= TARGET_SECONDS
        print(f"{r['label']}: {args.certificates} certificates in {r['seconds']:.1f} s = {r['rate']:.1f}/s, "
              f"{per_10k:.0f} s per 10,000 (target <= {TARGET_SECONDS:.0f} s: {'PASS' if ok else 'MISS'}); "
              f"measured under {r['load']}")
        print(f"  CPU per certificate: worker {r['worker_ms']:.1f} ms (render processes included), "
              f"PostgreSQL {r['pg_ms']:.1f} ms; on {os.cpu_count()} idle cores that is at most "
              f"{1000 * (os.cpu_count() or 1) / (r['worker_ms'] + r['pg_ms']):.0f}/s "
              f"(one worker without render processes: at most {1000 / r['worker_ms']:.0f}/s, its GIL)")
        if r["resume"] is not None:
            print(f"  kill -9 -> next committed progress: {r['resume']:.1f} s")
        marks = [p for p in r["timeline"] if p[1] > 0]
        step = max(1, len(marks) // 10)
        print("  progress: " + ", ".join(f"{s:.0f}s:{p}" for s, p in marks[::step]))
        for text, good in r["checks"]:
            print(f"  {'ok  ' if good else 'FAIL'} {text}")
            failed |= not good
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
