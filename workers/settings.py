"""arq worker settings. `zhicheng worker` runs them; the embedded default runs them in-process."""
from __future__ import annotations

from arq import Worker, cron
from arq.connections import RedisSettings

from workers.cleanup import cleanup_orphan_files
from workers.jobs import run_job, sweep_pending_jobs

FUNCTIONS = [run_job]
CRON_JOBS = [
    cron(sweep_pending_jobs, second=0, run_at_startup=False),
    cron(cleanup_orphan_files, minute=17, second=0, run_at_startup=False),  # hourly
]


def build_worker(redis_url: str, *, burst: bool = False, handle_signals: bool = False, **kwargs) -> Worker:
    return Worker(
        functions=FUNCTIONS,
        cron_jobs=CRON_JOBS if not burst else [],
        redis_settings=RedisSettings.from_dsn(redis_url),
        burst=burst,
        max_jobs=10,
        job_timeout=600,
        keep_result=3600,
        handle_signals=handle_signals,
        poll_delay=0.2,
        **kwargs,
    )
