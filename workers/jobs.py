"""The arq entry points: run a job row, and sweep rows that never reached the queue."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from tortoise import timezone as tz
from tortoise.expressions import F

from models.core.job import Job, JobKind, JobStatus
from models.core.transaction import enqueue
from workers.handlers import HANDLERS

log = logging.getLogger("zhicheng.jobs")


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def run_job(ctx: dict, job_id: int) -> str:
    """Runs the job row ``job_id``. A finished job is left alone, so a second delivery is harmless."""
    job = await Job.get_or_none(id=job_id)
    if job is None:
        return "missing"
    if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        return job.status.value
    await Job.filter(id=job_id).update(status=JobStatus.RUNNING, started_at=_now(), attempts=F("attempts") + 1)

    async def progress(done: int, total: int) -> None:
        await Job.filter(id=job_id).update(progress=done, total=total)

    try:
        await HANDLERS[JobKind(job.kind)](job, progress)
    except Exception as exc:  # noqa: BLE001 - recorded on the row for the requester to see
        log.exception("job %s (%s) failed", job_id, job.kind)
        await Job.filter(id=job_id).update(status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
                                           finished_at=_now())
        return JobStatus.FAILED.value
    await Job.filter(id=job_id).update(status=JobStatus.SUCCEEDED, finished_at=_now())
    return JobStatus.SUCCEEDED.value


async def sweep_pending_jobs(ctx: dict) -> int:
    """Re-sends jobs committed while Redis was unreachable (still PENDING after a minute)."""
    # In the database's own timezone: SQLite compares the stored text (+08:00), so a UTC cut-off
    # would find nothing for eight hours.
    cutoff = (_now() - timedelta(minutes=1)).astimezone(tz.get_default_timezone())
    stale = await Job.filter(status=JobStatus.PENDING, created_at__lt=cutoff).limit(500)
    for job in stale:
        await enqueue(job)
    return len(stale)
