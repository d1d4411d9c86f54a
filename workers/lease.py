"""A worker's hold on a job row: claim, lease renewal, fenced progress, release, the end of an attempt.

The row is the truth. A worker runs a row only after one conditional UPDATE gave it the row (PENDING, or
RUNNING under a lease that has expired), and every later write names the worker as the lease owner: a
worker whose lease was taken over (it stalled longer than the lease) writes nothing more and stops. Each
chunk of a fan-out commits its messages and the cursor in one transaction, so whoever takes over goes on
from the last committed chunk; dedupe keys make a repeated chunk harmless anyway.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import timezone as tz
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from models.core.job import Job, JobStatus

log = logging.getLogger("zhicheng.jobs")

# One id per worker process: what lease_owner holds while this process runs a row.
WORKER_ID = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def now() -> datetime:
    # In the database's own timezone: SQLite compares datetimes as stored text (+08:00), so every
    # value written or compared here must be in that zone.
    return datetime.now(tz.get_default_timezone())


@dataclass(frozen=True)
class JobPolicy:
    lease: float = 15.0
    max_attempts: int = 5
    chunk_size: int = 20000
    resend_after: float = 120.0
    never_sent_grace: float = 5.0  # the API sends right after commit; the sweep waits this long first

    @classmethod
    def of(cls, settings) -> "JobPolicy":
        return cls(lease=settings.job_lease_seconds, max_attempts=settings.job_max_attempts,
                   chunk_size=settings.job_chunk_size, resend_after=settings.job_resend_seconds)

    def backoff(self, attempt: int) -> float:
        """Seconds before attempt ``attempt + 1``: 2, 4, 8, … capped at a minute."""
        return float(min(2 ** attempt, 60))


class LeaseLost(Exception):
    """Another worker holds the row now; this attempt must stop without writing."""


async def claim(job_id: int, policy: JobPolicy, owner: str = WORKER_ID) -> Job | None:
    """Takes the row if it is free (PENDING, or RUNNING with an expired lease) and attempts remain."""
    at = now()
    taken = await Job.filter(Q(status=JobStatus.PENDING) | Q(status=JobStatus.RUNNING, lease_until__lt=at),
                             id=job_id, attempts__lt=policy.max_attempts).update(
        status=JobStatus.RUNNING, lease_owner=owner, lease_until=at + timedelta(seconds=policy.lease),
        attempts=F("attempts") + 1, started_at=at)
    return await Job.get_or_none(id=job_id) if taken else None


class JobRun:
    """One attempt at one row, as its handler sees it (models.core.job.Checkpoint)."""

    def __init__(self, job: Job, policy: JobPolicy, owner: str = WORKER_ID):
        self.job, self.policy, self.owner = job, policy, owner
        self.resume_after = job.resume_after
        self.chunk_size = policy.chunk_size
        self.lost = False

    def _mine(self, using=None):
        qs = Job.filter(id=self.job.id, lease_owner=self.owner, status=JobStatus.RUNNING)
        return qs.using_db(using) if using is not None else qs

    def _lease(self) -> datetime:
        return now() + timedelta(seconds=self.policy.lease)

    async def renew(self) -> bool:
        """Extends the lease; False once another worker has the row."""
        return bool(await self._mine().update(lease_until=self._lease()))

    async def progress(self, done: int, total: int) -> None:
        if not await self._mine().update(progress=done, total=total, lease_until=self._lease()):
            raise LeaseLost(self.job.id)

    @asynccontextmanager
    async def chunk(self, cursor: int, done: int, total: int):
        async with in_transaction() as conn:
            yield conn
            # Fenced: if the lease moved on, this raises and the chunk rolls back with it.
            if not await self._mine(conn).update(resume_after=cursor, progress=done, total=total,
                                                 lease_until=self._lease()):
                raise LeaseLost(self.job.id)
        self.resume_after = cursor

    async def succeeded(self) -> bool:
        return bool(await self._mine().update(status=JobStatus.SUCCEEDED, finished_at=now(), lease_owner="",
                                              lease_until=None, error=""))

    async def failed(self, error: str) -> JobStatus | None:
        """Ends this attempt after an error: back to PENDING for a later attempt (sent with a delay by the
        caller), or FAILED once the attempts are used up. None if the row is no longer ours."""
        final = self.job.attempts >= self.policy.max_attempts
        status = JobStatus.FAILED if final else JobStatus.PENDING
        changed = await self._mine().update(status=status, error=error[:2000], lease_owner="", lease_until=None,
                                            sent_at=now() if not final else None,
                                            finished_at=now() if final else None)
        return status if changed else None

    async def release(self) -> bool:
        """Gives the row back unfinished (shutdown): PENDING and never sent, so the next sweep or arq's own
        retry hands it to another worker; the attempt it used is given back too."""
        return bool(await self._mine().update(status=JobStatus.PENDING, lease_owner="", lease_until=None,
                                              sent_at=None, attempts=F("attempts") - 1))

    @asynccontextmanager
    async def renewing(self, task: asyncio.Task):
        """Renews the lease every third of it while the block runs; cancels ``task`` if the row is taken
        over. A renewal that fails (database away) is retried: the handler fails by itself if the
        database stays away, and the lease then expires for the sweep."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(self.policy.lease / 3)
                try:
                    ours = await self.renew()
                except Exception as exc:  # noqa: BLE001 - keep trying until the lease itself runs out
                    log.warning("job %s: lease renewal failed (%s)", self.job.id, type(exc).__name__)
                    continue
                if not ours:
                    log.warning("job %s: lease taken over; stopping this attempt", self.job.id)
                    self.lost = True
                    task.cancel()
                    return

        renewer = asyncio.create_task(loop())
        try:
            yield
        finally:
            renewer.cancel()


async def persist(write, *, within: float, what: str):
    """Runs ``write`` until it succeeds or ``within`` seconds pass (a database blip must not lose the end of
    an attempt); re-raises the last error after that."""
    delay, deadline = 0.25, asyncio.get_running_loop().time() + within
    while True:
        try:
            return await write()
        except Exception as exc:  # noqa: BLE001 - retried, then re-raised
            if asyncio.get_running_loop().time() + delay > deadline:
                raise
            log.warning("%s failed (%s); retrying in %.2fs", what, type(exc).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 4.0)
