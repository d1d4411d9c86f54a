"""One mutation, one transaction; background jobs are enqueued only once it has committed."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from contextvars import ContextVar

from tortoise.transactions import in_transaction

from models.core import ports
from models.core.job import Job, JobKind

log = logging.getLogger("zhicheng.jobs")
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
    job = await Job.create(kind=kind, params=params, requester_id=requester_id)
    pending = _after_commit.get()
    if pending is None:
        raise RuntimeError("create_job must run inside atomic()")
    pending.append(job)
    return job


async def enqueue(job: Job) -> None:
    """Hand the job to the installed sender (arq). If the queue is down the row stays PENDING and
    the worker's sweep re-sends it, so a commit never loses its job."""
    send = ports.job_sender()
    if send is None:
        log.warning("no job sender installed; job %s waits for the sweep", job.id)
        return
    try:
        await send(job)
    except Exception:  # noqa: BLE001 - the sweep is the retry path
        log.warning("could not enqueue job %s; the sweep will retry", job.id)
