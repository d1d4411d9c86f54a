"""Process-wide services (Redis, the arq queue, storage), started and stopped with the process."""
from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis
from arq import create_pool
from arq.connections import ArqRedis, RedisSettings

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
    redis = aioredis.from_url(redis_url)
    queue = await create_pool(RedisSettings.from_dsn(redis_url))
    _services = Services(settings, redis, queue, LocalStorage(settings.storage_dir))
    ports.install(storage=_services.storage, send_job=send_job)
    return _services


def arq_job_id(job_id: int) -> str:
    return f"zhicheng-job-{job_id}"


async def send_job(job: Job) -> None:
    """The domain's job sender: hand the row to arq under the row's id."""
    await services().queue.enqueue_job("run_job", job.id, _job_id=arq_job_id(job.id))


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
