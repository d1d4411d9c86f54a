"""Process-wide services (Redis, the arq queue, storage), started and stopped with the process."""
from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis
from arq.connections import ArqRedis

from models.certificate import numbering
from models.certificate.keys import key_source
from models.certificate.numbering import NumberingSettings
from models.certificate import rendering
from models.certificate.rendering import RenderSettings
from models.core import ports
from models.core.job import Job
from zhicheng.settings import Settings
from zhicheng.storage import LocalStorage, Storage


@dataclass
class Services:
    settings: Settings
    redis: aioredis.Redis
    queue: ArqRedis
    storage: Storage

    async def close(self) -> None:
        await self.queue.aclose()
        await self.redis.aclose()


_services: Services | None = None


async def start_services(settings: Settings, redis_url: str) -> Services:
    global _services
    # Connect and socket timeouts on both clients: a frozen Redis fails calls fast instead of hanging them.
    # The arq client is built on a pool of our own because arq's create_pool sets no socket timeout; it
    # also connects lazily, so the API starts (not ready, see /readyz) while Redis is down.
    timeouts = {"socket_connect_timeout": settings.redis_connect_timeout,
                "socket_timeout": settings.redis_socket_timeout}
    redis = aioredis.from_url(redis_url, **timeouts)
    queue = ArqRedis.from_url(redis_url, **timeouts)
    _services = Services(settings, redis, queue, LocalStorage(settings.storage_dir))
    install_domain(settings, _services.storage, send_job)
    return _services


def install_domain(settings: Settings, storage: Storage, sender: ports.JobSender | None = None) -> None:
    """What the rules need from outside: storage, the job sender (None: rows wait for the sweep),
    certificate numbering and signing. Also used by `zhicheng demo`, which runs its jobs itself."""
    ports.install(storage=storage, send_job=sender)
    numbering.configure(NumberingSettings(default_province=settings.certificate_province,
                                          default_pattern=settings.certificate_number_pattern))
    signer, roots = key_source(settings.certificate_keys_dir, settings.var_dir)
    rendering.configure(RenderSettings(signer=signer, trust_roots=roots, public_url=settings.public_url,
                                       processes=settings.render_processes,
                                       key_source=(settings.certificate_keys_dir, settings.var_dir)))


def arq_job_id(job_id: int, attempt: int) -> str:
    """One arq id per attempt (row id + the attempt it starts): a retry never collides with the id of an
    earlier attempt that arq may still hold, and repeated sends of one attempt stay one queue entry."""
    return f"zhicheng-job-{job_id}-{attempt}"


async def send_job(job: Job, defer: float = 0) -> None:
    """The domain's job sender: hand the row to arq (models/core/ports.py)."""
    import time

    from arq.jobs import Job as ArqJob
    from arq.jobs import JobStatus as ArqStatus

    queue, job_id = services().queue, arq_job_id(job.id, job.attempts + 1)
    options = {"_defer_by": defer} if defer else {}
    if await queue.enqueue_job("run_job", job.id, _job_id=job_id, **options) is not None:
        return
    # arq holds that id: still queued or running, nothing to do. A kept result (or an in-progress mark
    # left by a killed worker) would block it, so the row goes under a fresh id; the claim decides.
    if await ArqJob(job_id, queue).status() in (ArqStatus.complete, ArqStatus.not_found):
        await queue.enqueue_job("run_job", job.id, _job_id=f"{job_id}-{time.time_ns()}", **options)


def services() -> Services:
    if _services is None:
        raise RuntimeError("services are not started")
    return _services


async def stop_services() -> None:
    global _services
    if _services is not None:
        await _services.close()
        _services = None
        ports.install(storage=None, send_job=None)
