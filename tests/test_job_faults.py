"""Jobs under real faults (issue 7 §2): a worker process killed with SIGKILL mid-broadcast, its database
backends terminated, its database gone for 5 s, its Redis stopped and frozen, SIGTERM mid-job.

Each test runs `zhicheng worker` as production does (separate process, PostgreSQL, Redis), with short
leases (2 s) and sweeps (1 s) so the suite stays short; production defaults are 15 s and 10 s, which
bound a killed worker's job to resume within 25 s. The worker reaches PostgreSQL through a TCP proxy of
the test's own and Redis is a redis-server of its own: the shared services are never touched. A
broadcast to 101,000 people is the job; it must end SUCCEEDED with each of them messaged exactly once.
"""
from __future__ import annotations

import asyncio
import dataclasses
import time
from urllib.parse import urlparse

import pytest
from tortoise import connections

from models.core.job import Job, JobStatus
from tests.conftest import SECRET, on_postgres
from tests.fault_support import REDIS_SERVER, RedisServer, TcpProxy, WorkerProcess
from tests.helpers import gql, make_unit, payload_errors
from tests.achievement_support import pk_of
from models.unit.models import UnitKind, UnitNature
from zhicheng.services import start_services, stop_services

pytestmark = [pytest.mark.skipif(not on_postgres(), reason="fault tests run on PostgreSQL"),
              pytest.mark.skipif(REDIS_SERVER is None, reason="no redis-server binary on PATH")]

PEOPLE = 101_000
APP_NAME = "zhicheng-fault-worker"
BROADCAST = """mutation($input: MessageBroadcastInput!) { messageBroadcast(input: $input) {
  errors { field code message } job { id status } } }"""


# ---------------------------------------------------------------- the world: 101,000 people, our services


async def seed_people(n: int) -> None:
    """n accounts with persons, set-based (the ORM would take minutes)."""
    await connections.get("default").execute_script(f"""
        WITH a AS (
          INSERT INTO account (password_hash, is_platform_admin, is_active, display_name, created_at)
          SELECT NULL, false, true, '人员' || g, now() FROM generate_series(1, {n}) g RETURNING id)
        INSERT INTO person (real_name, id_type, id_number, mobile, gender, birth_date, political_status, ethnicity,
                            email, address, work_start_date, highest_education, series, title_name, skill_level,
                            administrative_post, landline, is_freelancer, created_at, updated_at, account_id)
        SELECT '人员' || a.id, 'PASSPORT', 'F' || a.id, lpad(a.id::text, 11, '1'), 'MALE', '1980-01-01', 'MASSES',
               '汉族', '', '', '2000-01-01', 'BACHELOR', '[]', '', '', '', '', false, now(), now(), a.id FROM a;""")


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("job-faults-redis"))
    server.start()
    yield server
    server.kill()


@pytest.fixture
def proxy(settings):
    target = urlparse(settings.database_url)
    p = TcpProxy(target.hostname or "127.0.0.1", target.port or 5432)
    yield p
    p.close()


@dataclasses.dataclass
class World:
    http: object
    hr: object
    proxy: TcpProxy
    redis: RedisServer
    env: dict
    tmp: object
    workers: list

    def worker(self, name: str, **env) -> WorkerProcess:
        w = WorkerProcess({**self.env, **{k: str(v) for k, v in env.items()}}, self.tmp / f"{name}.log").start()
        self.workers.append(w)
        return w

    async def broadcast(self, title: str = "系统通知") -> int:
        result = await gql(self.http, BROADCAST, {"input": {"title": title, "body": "请及时查看。"}},
                           token=self.hr.token)
        assert payload_errors(result, "messageBroadcast") == [], result
        return pk_of(result["data"]["messageBroadcast"]["job"]["id"])


@pytest.fixture
async def world(http, settings, own_redis, proxy, tmp_path):
    own_redis.flush()
    await seed_people(PEOPLE)
    hr = await make_unit("安徽省人社厅", kind=UnitKind.HR_BUREAU, region="340000", nature=UnitNature.GOVERNMENT_AGENCY)
    hr.account.is_platform_admin = True  # a province-wide broadcast
    await hr.account.save()
    sep = "&" if "?" in settings.database_url else "?"
    env = {"ZHICHENG_ENV": "production", "ZHICHENG_SECRET_KEY": SECRET,
           "ZHICHENG_DATABASE_URL": proxy.url_for(settings.database_url) + f"{sep}application_name={APP_NAME}",
           "ZHICHENG_REDIS_URL": own_redis.url, "ZHICHENG_VAR_DIR": str(tmp_path),
           "ZHICHENG_STORAGE_DIR": str(settings.storage_dir),
           "ZHICHENG_JOB_LEASE_SECONDS": "2", "ZHICHENG_JOB_SWEEP_SECONDS": "1", "ZHICHENG_JOB_CHUNK_SIZE": "500"}
    # The API side (this process) sends its jobs to our Redis too.
    changed = dataclasses.replace(settings, redis_url=own_redis.url, redis_connect_timeout=1.0,
                                  redis_socket_timeout=1.0)
    await stop_services()
    await start_services(changed, changed.redis_url)
    w = World(http, hr, proxy, own_redis, env, tmp_path, [])
    try:
        yield w
    finally:
        for worker in w.workers:
            worker.stop()
        await stop_services()
        await start_services(settings, settings.redis_url)


# ---------------------------------------------------------------- watching the row


async def wait_for(check, timeout: float, what: str, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(step)


async def row(job_id: int) -> Job:
    return await Job.get(id=job_id)


async def mid_run(job_id: int, timeout: float = 30) -> Job:
    """Waits until the job is RUNNING with some chunks committed and most still to do."""
    async def check():
        job = await row(job_id)
        return job if job.status == JobStatus.RUNNING and 0 < job.progress < job.total * 0.6 else None

    return await wait_for(check, timeout, f"job {job_id} mid-run", step=0.005)


async def finished(job_id: int, timeout: float = 90) -> Job:
    async def check():
        job = await row(job_id)
        return job if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED) else None

    job = await wait_for(check, timeout, f"job {job_id} to finish", step=0.1)
    assert job.status == JobStatus.SUCCEEDED, job.error
    return job


async def assert_each_messaged_once(job_id: int) -> None:
    rows = await connections.get("default").execute_query_dict(
        "SELECT count(*) AS n, count(DISTINCT recipient_id) AS people FROM message WHERE dedupe_key LIKE $1",
        [f"job:{job_id}:%"])
    assert (rows[0]["n"], rows[0]["people"]) == (PEOPLE, PEOPLE), rows
    job = await row(job_id)
    assert (job.progress, job.total, job.lease_owner) == (PEOPLE, PEOPLE, "")


def report(text: str) -> None:
    print(f"\n[job faults] {text}")


# ---------------------------------------------------------------- the faults


async def test_kill9_mid_broadcast_resumes_on_another_worker(world):
    """Two replicas; the one running the broadcast is SIGKILLed. The other's sweep finds the expired lease
    and goes on from the last committed chunk."""
    first = world.worker("first")
    job_id = await world.broadcast()
    at_kill = await mid_run(job_id)
    second = world.worker("second")  # a replica, idle until the sweep hands it the job
    first.kill9()
    killed = time.monotonic()
    committed = (await row(job_id)).resume_after
    assert committed > 0

    async def resumed():
        job = await row(job_id)
        return job.attempts == 2 and job.status != JobStatus.PENDING

    await wait_for(resumed, 30, "the job to resume on the second worker", step=0.05)
    took = time.monotonic() - killed
    job = await finished(job_id)
    await assert_each_messaged_once(job_id)
    assert job.attempts == 2 and second.alive()
    report(f"kill -9 at {at_kill.progress:,}/{PEOPLE:,}: resumed {took:.1f} s later (lease 2 s, sweep 1 s, "
           f"a fresh worker start included); finished with {PEOPLE:,} messages, 0 duplicates")
    assert took < 30


async def broadcast_through(world: World, fault) -> tuple[Job, float, object]:
    """One worker, one broadcast, ``fault()`` mid-run; waits for the job to finish by itself and checks
    every person was messaged once. Returns the job, seconds from the end of the fault, and what the
    fault returned."""
    worker = world.worker("only")
    job_id = await world.broadcast()
    await mid_run(job_id)
    done = await fault()
    started = time.monotonic()
    job = await finished(job_id)
    await assert_each_messaged_once(job_id)
    assert worker.alive()
    return job, time.monotonic() - started, done


async def test_database_backends_terminated_mid_broadcast(world):
    """pg_terminate_backend on every connection of the worker: it reconnects and finishes by itself."""

    async def terminate():
        return await connections.get("default").execute_query_dict(
            "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1", [APP_NAME])

    job, took, killed = await broadcast_through(world, terminate)
    assert killed and all(r["ok"] for r in killed), killed
    report(f"pg_terminate_backend of {len(killed)} worker connections: finished {took:.1f} s later after "
           f"{job.attempts} attempt(s), 0 duplicates, 0 missing")


async def test_database_lost_for_five_seconds_mid_broadcast(world):
    """Every connection to PostgreSQL dropped and refused for 5 s: the worker waits it out and finishes."""

    async def outage():
        world.proxy.cut()
        await asyncio.sleep(5)
        world.proxy.restore()

    job, took, _ = await broadcast_through(world, outage)
    report(f"database away 5 s: finished {took:.1f} s after it came back, {job.attempts} attempt(s), "
           "0 duplicates, 0 missing")


async def test_redis_frozen_then_stopped_and_restarted(world):
    """Redis frozen (SIGSTOP) for 7 s, later stopped: the worker keeps running (a job in flight finishes on
    the database alone), reconnects when Redis is back, and the sweep sends what was committed meanwhile."""
    worker = world.worker("only")
    await wait_for(lambda: _ready(worker, world), 20, "the worker to start")
    world.redis.freeze()
    await asyncio.sleep(7)  # beyond the worker's 5 s socket timeout: its arq loop fails and reconnects
    world.redis.thaw()
    thawed = time.monotonic()
    job_id = await world.broadcast("冻结之后")
    await finished(job_id)
    await assert_each_messaged_once(job_id)
    report(f"Redis frozen 7 s: a broadcast sent after the thaw finished {time.monotonic() - thawed:.1f} s later")

    second = await world.broadcast("停止之前")
    await mid_run(second)
    world.redis.kill()
    await finished(second)  # the job in flight needs only the database
    await assert_each_messaged_once(second)
    third = await world.broadcast("停止期间")  # committed while Redis is down: PENDING, never sent
    assert (await row(third)).status == JobStatus.PENDING and (await row(third)).sent_at is None
    await asyncio.sleep(2)
    world.redis.start()
    restarted = time.monotonic()
    await finished(third)
    await assert_each_messaged_once(third)
    assert worker.alive(), worker.output()[-2000:]
    report(f"Redis stopped: the job in flight finished; one committed meanwhile finished "
           f"{time.monotonic() - restarted:.1f} s after Redis restarted (reconnect backoff + sweep)")


async def _ready(worker: WorkerProcess, world: World) -> bool:
    return "Starting worker" in worker.output()


async def sigterm_mid_job(world: World, name: str, **env) -> tuple[int, float]:
    """Starts a worker, SIGTERMs it mid-broadcast, checks it exits 0; returns the job and the exit time."""
    worker = world.worker(name, **env)
    job_id = await world.broadcast()
    await mid_run(job_id)
    worker.terminate()
    signalled = time.monotonic()
    code = await asyncio.to_thread(worker.wait, 60)
    assert code == 0, worker.output()[-2000:]
    return job_id, time.monotonic() - signalled


async def test_sigterm_lets_the_running_job_finish_and_exits_0(world):
    job_id, took = await sigterm_mid_job(world, "graceful", ZHICHENG_WORKER_GRACE_SECONDS=60)
    assert (await row(job_id)).status == JobStatus.SUCCEEDED  # finished before the process exited
    await assert_each_messaged_once(job_id)
    report(f"SIGTERM mid-job, grace 60 s: the job finished and the worker exited 0 in {took:.1f} s")


async def test_sigterm_past_the_grace_releases_the_lease(world):
    job_id, took = await sigterm_mid_job(world, "hurried", ZHICHENG_WORKER_GRACE_SECONDS=0.5,
                                         ZHICHENG_JOB_CHUNK_SIZE=100)
    left = await row(job_id)
    assert (left.status, left.lease_owner, left.attempts) == (JobStatus.PENDING, "", 0), left.error
    assert 0 < left.resume_after and left.progress < PEOPLE
    successor = world.worker("successor")
    job = await finished(job_id)
    await assert_each_messaged_once(job_id)
    assert job.attempts == 1 and successor.alive()
    report(f"SIGTERM mid-job, grace 0.5 s: exited 0 in {took:.1f} s leaving the job PENDING at "
           f"{left.progress:,}/{PEOPLE:,}; the next worker finished it from there")
