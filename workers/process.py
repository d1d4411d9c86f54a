"""The production worker process: its own ORM init (closed on exit), services, and the worker runtime."""
from __future__ import annotations

from tortoise import Tortoise

from zhicheng.db import tortoise_config
from zhicheng.embedded_redis import EmbeddedRedis
from zhicheng.services import start_services, stop_services
from zhicheng.settings import Settings
from workers.runtime import WorkerRuntime


async def run_worker_process(settings: Settings, *, burst: bool = False) -> None:
    """Runs until SIGTERM / SIGINT (or, with ``burst``, until the queue is empty); returns normally, so the
    process exits 0 after a graceful stop."""
    embedded = None
    redis_url = settings.redis_url
    if not redis_url:
        embedded = EmbeddedRedis(settings.var_dir)
        redis_url = embedded.start()
    # Keep the context Tortoise.init returns: arq's hooks run in other tasks (STACK_NOTES #3).
    ctx = await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    await start_services(settings, redis_url)
    runtime = WorkerRuntime(settings, redis_url, burst=burst, handle_signals=not burst,
                            heartbeat=settings.worker_heartbeat)
    try:
        await runtime.run()
    finally:
        await stop_services()
        await ctx.close_connections()
        if embedded is not None:
            embedded.stop()
