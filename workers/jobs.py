"""The arq entry point that runs a job row, and the sweep that re-sends rows the queue lost.

arq delivers "run row N" at least once; the row decides. A delivery that cannot claim the row (another
worker has it, it is finished, or its attempts are used up) does nothing.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from arq import Retry
from tortoise.expressions import Q

from models.core.job import Job, JobKind, JobStatus
from models.core.transaction import enqueue
from workers.handlers import HANDLERS
from workers.lease import WORKER_ID, JobPolicy, JobRun, LeaseLost, claim, now, persist

log = logging.getLogger("zhicheng.jobs")


def policy_of(ctx: dict) -> JobPolicy:
    return ctx.get("job_policy") or JobPolicy()


async def run_job(ctx: dict, job_id: int) -> str:
    policy = policy_of(ctx)
    try:
        job = await claim(job_id, policy)
    except Exception as exc:  # noqa: BLE001 - the database is away: let arq deliver again shortly
        log.warning("job %s: could not claim (%s); retrying the delivery", job_id, type(exc).__name__)
        raise Retry(defer=policy.backoff(ctx.get("job_try", 1))) from exc
    if job is None:
        row = await Job.get_or_none(id=job_id)  # finished, held by another worker, or attempts used up
        return "missing" if row is None else JobStatus(row.status).value
    run = JobRun(job, policy)
    handler = asyncio.create_task(HANDLERS[JobKind(job.kind)](run))
    try:
        async with run.renewing(handler):
            await handler
    except (LeaseLost, asyncio.CancelledError) as exc:
        if run.lost or isinstance(exc, LeaseLost):
            return "lease lost"  # another worker goes on from the committed cursor
        # Shutdown past its grace period: give the row back for another worker, then let arq see the
        # cancellation. Shielded, so a second cancellation does not stop the release half-way.
        handler.cancel()
        await asyncio.shield(_release(run))
        raise
    except Exception as exc:  # noqa: BLE001 - recorded on the row; retried until the attempts are used up
        log.exception("job %s (%s) attempt %s failed", job_id, job.kind, job.attempts)
        return await _end_failed(run, f"{type(exc).__name__}: {exc}")
    ended = await persist(run.succeeded, within=policy.lease, what=f"job {job_id}: recording success")
    return JobStatus.SUCCEEDED.value if ended else "lease lost"


async def _release(run: JobRun) -> None:
    try:
        await persist(run.release, within=5, what=f"job {run.job.id}: releasing the lease")
        log.info("job %s released at %s of %s", run.job.id, run.resume_after, run.job.total)
    except Exception:  # noqa: BLE001 - the lease then expires and the sweep re-sends the row
        log.warning("job %s: could not release; its lease will expire", run.job.id)


async def _end_failed(run: JobRun, error: str) -> str:
    policy = run.policy
    try:
        status = await persist(lambda: run.failed(error), within=policy.lease, what=f"job {run.job.id}: recording failure")
    except Exception:  # noqa: BLE001 - the database stayed away: the lease expires and the sweep takes over
        return "unrecorded failure"
    if status == JobStatus.PENDING:
        await enqueue(run.job, defer=policy.backoff(run.job.attempts))
    return status.value if status else "lease lost"


async def sweep_jobs(policy: JobPolicy) -> int:
    """Re-sends what the queue does not hold: rows committed while Redis was away (never sent), sends
    lost for ``resend_after`` (a Redis that restarted empty), and rows whose worker died (lease
    expired). A row whose last allowed attempt died is FAILED. Returns how many rows it re-sent."""
    at = now()
    died = Q(status=JobStatus.RUNNING, lease_until__lt=at)
    exhausted = await Job.filter(died, attempts__gte=policy.max_attempts).update(
        status=JobStatus.FAILED, finished_at=at, lease_owner="", lease_until=None,
        error="工作进程中断，已达最大尝试次数")
    if exhausted:
        log.warning("%s jobs failed: their workers died on the last allowed attempt", exhausted)
    resend = await Job.filter(
        Q(status=JobStatus.PENDING, sent_at__isnull=True, created_at__lt=at - timedelta(seconds=policy.never_sent_grace))
        | Q(status=JobStatus.PENDING, sent_at__lt=at - timedelta(seconds=policy.resend_after))
        | died).order_by("id").limit(500)
    for job in resend:
        await enqueue(job)
    if resend:
        log.info("sweep re-sent %s jobs: %s", len(resend), [j.id for j in resend][:20])
    return len(resend)


__all__ = ["run_job", "sweep_jobs", "WORKER_ID"]
