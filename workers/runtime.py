"""The worker's life: the arq loop, the job sweep, a heartbeat, reconnects, and a graceful stop.

- Redis lost: arq's loop ends with a connection error; the jobs it runs go on (they need only the
  database) and a new arq loop is started with backoff (1 s doubling to 30 s) instead of exiting.
- Database lost: arq does not notice; claims are retried by arq (``Retry``), leases and the end of an
  attempt by ``workers.lease.persist``; the sweep logs and tries again next round.
- SIGTERM / SIGINT: stop taking jobs, give running ones ``worker_grace_seconds`` to finish, release the
  leases of the rest (workers/jobs.py), exit 0.
- The heartbeat file is touched every few seconds by the event loop itself: `zhicheng worker-health`
  (the liveness probe) fails when it is stale, i.e. when the process is wedged.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import time
from pathlib import Path

from redis.exceptions import RedisError

from workers.jobs import WORKER_ID, sweep_jobs
from workers.lease import JobPolicy
from workers.settings import build_worker

log = logging.getLogger("zhicheng.worker")
HEARTBEAT_EVERY = 5.0
BACKOFF_MAX = 30.0


class WorkerRuntime:
    def __init__(self, settings, redis_url: str, *, burst: bool = False, handle_signals: bool = False,
                 heartbeat: Path | None = None):
        self.settings, self.redis_url, self.burst = settings, redis_url, burst
        self.policy = JobPolicy.of(settings)
        self.handle_signals = handle_signals
        self.heartbeat = heartbeat
        self.stopping = False
        self.worker = None
        self._wake = asyncio.Event()
        self._draining: list[asyncio.Task] = []

    # --- the arq loop, restarted while Redis is away ------------------------------------------------

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        if self.handle_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, self.stop, sig)
        side = [asyncio.create_task(self._sweep_forever())] if not self.burst else []
        if self.heartbeat is not None:
            side.append(asyncio.create_task(self._beat_forever()))
        backoff = 1.0
        try:
            while not self.stopping:
                worker = self.worker = build_worker(self.redis_url, burst=self.burst,
                                                    grace=self.settings.worker_grace_seconds,
                                                    ctx={"job_policy": self.policy})
                try:
                    await worker.async_run()
                    if self.burst:
                        return
                except asyncio.CancelledError:
                    if not self.stopping:
                        raise
                except (RedisError, OSError, asyncio.TimeoutError) as exc:
                    log.warning("worker lost Redis (%s: %s); reconnecting in %.0fs", type(exc).__name__, exc, backoff)
                    self._drain(worker)
                    await self._sleep_unless_stopping(backoff)
                    backoff = min(backoff * 2, BACKOFF_MAX)
                    continue
                backoff = 1.0
            log.info("worker %s stopped", WORKER_ID)
        finally:
            for task in side:
                task.cancel()
            await self._close(self.worker)
            await asyncio.gather(*self._draining, return_exceptions=True)
            if self.handle_signals:
                for sig in (signal.SIGTERM, signal.SIGINT):
                    loop.remove_signal_handler(sig)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop taking jobs; running ones get the grace period (arq's wait-for-completion), then the rest
        are cancelled, which releases their leases."""
        if self.stopping:
            return
        self.stopping = True
        log.info("worker %s: %s received; finishing running jobs (grace %.0fs)", WORKER_ID,
                 signal.Signals(sig).name, self.settings.worker_grace_seconds)
        if self.worker is not None and self.worker.main_task is not None and not self.worker.main_task.done():
            self.worker.handle_sig_wait_for_completion(sig)
        self._wake.set()

    async def _sleep_unless_stopping(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    def _drain(self, worker) -> None:
        """The jobs a lost loop was running go on by themselves; close its pool once they end."""
        if worker is None:
            return
        running = [t for t in worker.tasks.values() if not t.done()]
        self._draining.append(asyncio.create_task(self._close_after(worker, running)))

    async def _close_after(self, worker, running) -> None:
        await asyncio.gather(*running, return_exceptions=True)
        with contextlib.suppress(Exception):
            await worker.pool.close(close_connection_pool=True)

    async def _close(self, worker) -> None:
        if worker is None or worker._pool is None:
            return
        # Jobs cancelled at the end of the grace period are releasing their leases: let them, before
        # arq's close cancels them a second time.
        running = [t for t in worker.tasks.values() if not t.done()]
        if running:
            await asyncio.wait(running, timeout=10)
        try:
            await asyncio.wait_for(worker.close(), timeout=10)
        except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001 - Redis may be the reason we stop
            log.warning("worker close: %s", type(exc).__name__)

    # --- the sweep and the heartbeat --------------------------------------------------------------------

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.job_sweep_seconds)
            if self.stopping:
                return
            try:
                await sweep_jobs(self.policy)
            except Exception as exc:  # noqa: BLE001 - database or Redis away: next round
                log.warning("job sweep failed (%s); next round in %ss", type(exc).__name__,
                            self.settings.job_sweep_seconds)

    async def _beat_forever(self) -> None:
        while True:
            worker = self.worker
            state = {"worker": WORKER_ID, "pid": os.getpid(), "at": time.time(), "stopping": self.stopping,
                     "running": len(worker.tasks) if worker is not None else 0}
            try:
                tmp = self.heartbeat.with_suffix(".tmp")
                tmp.write_text(json.dumps(state))
                os.replace(tmp, self.heartbeat)
            except OSError as exc:
                log.warning("heartbeat not written (%s)", exc)
            await asyncio.sleep(HEARTBEAT_EVERY)


def heartbeat_age(path: Path) -> float | None:
    """Seconds since the worker last beat, or None if it never did."""
    try:
        return time.time() - json.loads(path.read_text())["at"]
    except (OSError, ValueError, KeyError):
        return None
