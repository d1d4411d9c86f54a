"""arq worker settings. `zhicheng worker` runs them (workers/runtime.py); the embedded default runs them
in-process.

The job row is the truth (workers/lease.py), so arq keeps no results (a kept result would block the id of
a retry) and its own crash recovery (job timeout + 10 s) is only a backstop behind our leases.
"""
from __future__ import annotations

from arq import Worker, cron
from arq.connections import ArqRedis

from workers.cleanup import cleanup_orphan_files
from workers.jobs import run_job

FUNCTIONS = [run_job]
CRON_JOBS = [cron(cleanup_orphan_files, minute=17, second=0, run_at_startup=False)]  # hourly
# A frozen Redis must fail the worker's calls (and start a reconnect), not hang them.
REDIS_TIMEOUT = 5.0


def build_worker(redis_url: str, *, burst: bool = False, grace: float = 60.0, ctx: dict | None = None,
                 **kwargs) -> Worker:
    pool = ArqRedis.from_url(redis_url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
    return Worker(
        functions=FUNCTIONS,
        cron_jobs=CRON_JOBS if not burst else [],
        redis_pool=pool,
        burst=burst,
        max_jobs=10,
        job_timeout=600,
        keep_result=0,
        handle_signals=False,  # WorkerRuntime handles SIGTERM/SIGINT and calls arq's graceful stop
        job_completion_wait=int(grace),
        poll_delay=0.2,
        ctx=dict(ctx or {}),
        **kwargs,
    )
