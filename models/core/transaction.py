"""One mutation, one transaction; background jobs are enqueued only once it has committed."""
from __future__ import annotations

import logging
import re
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import datetime

from tortoise import timezone as tz
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.core import ports
from models.core.codes import CommonCode, JobCode
from models.core.errors import refuse
from models.core.job import Job, JobKind

log = logging.getLogger("zhicheng.jobs")
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_after_commit: ContextVar[list[Job] | None] = ContextVar("zhicheng_after_commit", default=None)


@asynccontextmanager
async def atomic():
    """Everything inside commits together; jobs created with ``create_job`` are sent after."""
    outer = _after_commit.get()
    if outer is not None:  # nested: the outermost block owns commit and enqueue
        async with in_transaction():
            yield
        return
    jobs: list[Job] = []
    token = _after_commit.set(jobs)
    try:
        async with in_transaction():
            yield
    finally:
        _after_commit.reset(token)
    # Reached only when the block committed.
    for job in jobs:
        await enqueue(job)


async def create_job(kind: JobKind, params: dict, requester_id: int | None) -> Job:
    """A job row, sent once the mutation commits."""
    pending = _after_commit.get()
    if pending is None:
        raise RuntimeError("create_job must run inside atomic()")
    job = await Job.create(kind=kind, params=params, requester_id=requester_id)
    pending.append(job)
    return job


async def create_job_once(kind: JobKind, params: dict, requester_id: int | None, idempotency_key: str | None) -> Job:
    """``create_job`` for a mutation a client may send again after a lost reply: with
    ``idempotency_key`` (the client's name for this request) a repeat returns the job the first one
    created and nothing is sent twice; the same key with other parameters is refused."""
    if idempotency_key is None:
        return await create_job(kind, params, requester_id)
    if not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        raise refuse(CommonCode.INVALID_INPUT, "幂等键应为 1–64 个字母、数字或 . _ : -", "idempotencyKey")
    earlier = await _earlier(kind, params, requester_id, idempotency_key)
    if earlier is not None:
        return earlier
    pending = _after_commit.get()
    if pending is None:
        raise RuntimeError("create_job_once must run inside atomic()")
    try:
        async with in_transaction():  # a savepoint: a racing twin's insert must not abort the mutation
            job = await Job.create(kind=kind, params=params, requester_id=requester_id,
                                   idempotency_key=idempotency_key)
    except IntegrityError:
        earlier = await _earlier(kind, params, requester_id, idempotency_key)
        if earlier is None:
            raise
        return earlier
    pending.append(job)
    return job


async def earlier_job(kind: JobKind, requester_id: int | None, key: str | None, request: dict) -> Job | None:
    """The job an earlier request with this idempotency key started, for mutations whose job parameters are
    worked out from the request (so they cannot be compared): ``request`` is kept as ``params["request"]``
    and compared instead. None without a (well-formed) key or an earlier job."""
    if key is None or not IDEMPOTENCY_KEY.fullmatch(key):
        return None
    job = await Job.get_or_none(kind=kind, requester_id=requester_id, idempotency_key=key)
    if job is not None and job.params.get("request") != request:
        raise refuse(JobCode.IDEMPOTENCY_KEY_REUSED, "该幂等键已用于内容不同的另一请求，请换一个键", "idempotencyKey")
    return job


async def _earlier(kind: JobKind, params: dict, requester_id: int | None, key: str) -> Job | None:
    job = await Job.get_or_none(kind=kind, requester_id=requester_id, idempotency_key=key)
    if job is not None and job.params != params:
        raise refuse(JobCode.IDEMPOTENCY_KEY_REUSED, "该幂等键已用于内容不同的另一请求，请换一个键", "idempotencyKey")
    return job


async def enqueue(job: Job, *, defer: float = 0) -> None:
    """Hand the job to the installed sender (arq) and note when. If the queue is down the row stays as
    it was and the worker's sweep re-sends it, so a commit never loses its job."""
    send = ports.job_sender()
    if send is None:
        log.warning("no job sender installed; job %s waits for the sweep", job.id)
        return
    try:
        await send(job, defer)
    except Exception:  # noqa: BLE001 - the sweep is the retry path
        log.warning("could not enqueue job %s; the sweep will retry", job.id)
        return
    try:
        await Job.filter(id=job.id).update(sent_at=datetime.now(tz.get_default_timezone()))
    except Exception:  # noqa: BLE001 - sent anyway; at worst the sweep sends it once more, which is harmless
        log.warning("job %s sent, but its send time was not recorded", job.id)
