"""证书发放 under a real fault (issue 8 §4): the worker running a batch is killed with SIGKILL after its first
committed chunk, a second worker resumes it. Afterwards every result has exactly one certificate, the numbers
are consecutive with none skipped or repeated, and each certificate points at one signed file, with no
second file row made for any of them.

PostgreSQL only (as tests/test_job_faults.py): `zhicheng worker` processes as production runs them, with a
Redis server of the test's own and a 2 s lease.
"""
from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest

from models.certificate.models import Certificate, CertificateNumber, DocumentState, NumberRange
from models.certificate.signing import local_ca, validate
from models.core.file import StoredFile
from models.core.job import Job, JobKind, JobStatus
from models.core.storage import read_all
from models.core.ports import storage
from tests.certificate_support import ISSUE, bulk_filed, make_issuer
from tests.conftest import SECRET, on_postgres
from tests.evaluation_support import Scene
from tests.fault_support import REDIS_SERVER, RedisServer, WorkerProcess
from tests.helpers import gid, gql, payload_errors
from zhicheng.services import start_services, stop_services

pytestmark = [pytest.mark.skipif(not on_postgres(), reason="fault tests run on PostgreSQL"),
              pytest.mark.skipif(REDIS_SERVER is None, reason="no redis-server binary on PATH")]

BATCH = 100


@pytest.fixture
async def workers(http, settings, tmp_path):
    """Our Redis for this process's job sender and for the workers started with ``start``."""
    (tmp_path / "redis").mkdir()
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    env = {"ZHICHENG_ENV": "production", "ZHICHENG_SECRET_KEY": SECRET, "ZHICHENG_DATABASE_URL": settings.database_url,
           "ZHICHENG_REDIS_URL": redis.url, "ZHICHENG_VAR_DIR": str(tmp_path),
           "ZHICHENG_STORAGE_DIR": str(settings.storage_dir),
           "ZHICHENG_JOB_LEASE_SECONDS": "2", "ZHICHENG_JOB_SWEEP_SECONDS": "1"}
    changed = dataclasses.replace(settings, redis_url=redis.url)
    await stop_services()
    await start_services(changed, changed.redis_url)
    started: list[WorkerProcess] = []

    def start(name: str) -> WorkerProcess:
        w = WorkerProcess(env, tmp_path / f"{name}.log").start()
        started.append(w)
        return w

    try:
        yield start, tmp_path
    finally:
        for w in started:
            w.stop()
        redis.kill()
        await stop_services()
        await start_services(settings, settings.redis_url)


async def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.02)


async def test_kill9_mid_batch_resumes_with_no_number_twice_and_no_file_twice(http, workers):
    start, var = workers
    scene = await Scene().build()
    await bulk_filed(scene, BATCH)
    await make_issuer(http, scene)
    first = start("first")
    result = await gql(http, ISSUE, {"input": {"issuerUnitId": gid("Unit", scene.province.unit.id),
                                               "category": "01"}}, token=scene.province.token)
    assert payload_errors(result, "certificateIssue") == []
    job = await Job.get(kind=JobKind.CERTIFICATE_ISSUE)

    async def mid_run():
        row = await Job.get(id=job.id)
        return row if row.status == JobStatus.RUNNING and 0 < row.progress < BATCH * 0.6 else None

    at_kill = await wait_for(mid_run, 120, "the batch to commit its first chunk")
    # Killed while rendering the next chunk: some certificates of it are made and maybe rendered.
    await asyncio.sleep(0.3)
    first.kill9()
    killed = time.monotonic()
    made_at_kill = await Certificate.all().count()
    start("second")

    async def done():
        row = await Job.get(id=job.id)
        return row if row.status in (JobStatus.SUCCEEDED, JobStatus.FAILED) else None

    finished = await wait_for(done, 180, "the batch to finish on the second worker")
    took = time.monotonic() - killed
    assert finished.status == JobStatus.SUCCEEDED, finished.error
    assert (finished.progress, finished.total, finished.attempts) == (BATCH, BATCH, 2)

    certs = await Certificate.all().order_by("id")
    assert len(certs) == BATCH + 0 and len({c.result_id for c in certs}) == BATCH
    serials = sorted(await CertificateNumber.all().values_list("serial", flat=True))
    assert serials == list(range(1, BATCH + 1))  # none skipped, none twice
    assert (await NumberRange.get()).next_serial == BATCH + 1
    assert all(c.document_state == DocumentState.READY and c.document_id for c in certs)
    assert len({c.document_id for c in certs}) == BATCH
    assert await StoredFile.filter(purpose="certificate").count() == BATCH  # no second file row for any
    roots = [local_ca(var / "ca").root_pem]
    sample = await StoredFile.get(id=certs[made_at_kill - 1].document_id)
    check = await asyncio.to_thread(validate, await read_all(storage(), sample.sha256), roots)
    assert check.valid
    print(f"\n[certificate faults] kill -9 at {at_kill.progress}/{BATCH} ({made_at_kill} certificates made): "
          f"the second worker finished {took:.1f} s later; {BATCH} numbers 1…{BATCH}, {BATCH} files")
