"""Real faults for the fault tests: a Redis server of the test's own, a TCP proxy in front of PostgreSQL
that can drop every connection, and a worker process that can be killed.

Nothing here touches the shared PostgreSQL or Redis: Redis is a redis-server on a free port, and the
database is reached only through the proxy, which cuts the worker's connections, not the server.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import redis

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir, self.proc = workdir, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen([REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.workdir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_timeout=0.2, socket_connect_timeout=0.2)
        for _ in range(100):
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        self.thaw()
        self.proc.kill()
        self.proc.wait()

    def freeze(self) -> None:
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)

    def flush(self) -> None:
        redis.Redis(port=self.port).flushdb()


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target, in a thread of its own (the test's loop may be busy).
    ``cut()`` closes every open connection and refuses new ones until ``restore()``: to the client
    that is a database that went away, and came back."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.down = False
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self._ready.set()
        with contextlib.suppress(asyncio.CancelledError):
            async with self._server:
                await self._server.serve_forever()

    async def _accept(self, reader, writer) -> None:
        if self.down:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}

        async def pipe(src, dst):
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers -= {writer, up_writer}

    def _abort_all(self) -> None:
        for w in list(self._writers):
            w.transport.abort()

    def cut(self) -> None:
        self.down = True
        self._loop.call_soon_threadsafe(self._abort_all)

    def restore(self) -> None:
        self.down = False

    def url_for(self, database_url: str) -> str:
        parts = urlparse(database_url)
        netloc = f"{parts.username}@127.0.0.1:{self.port}" if parts.username else f"127.0.0.1:{self.port}"
        return urlunparse(parts._replace(netloc=netloc))

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._abort_all)
        self._thread.join(5)


class WorkerProcess:
    """`zhicheng worker` as production runs it, with the environment given."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log_path = env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-c", "from zhicheng.cli import main; main()", "worker"], env={**os.environ, **self.env},
                                     stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def kill9(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def terminate(self) -> None:
        self.proc.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> int:
        return self.proc.wait(timeout)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.proc.kill()
            self.proc.wait()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


class ApiProcess:
    """`zhicheng api` as production runs it (uvicorn, one process, its own database pool) on a free loopback
    port. It imports the code of the checkout these tests are in (cwd), so a scratch copy serves its own code."""

    def __init__(self, env: dict[str, str], log: Path, *, cwd: Path | None = None):
        self.env, self.log_path = env, log
        self.cwd = cwd or Path(__file__).resolve().parents[1]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "ApiProcess":
        self.log = open(self.log_path, "ab")
        env = {**os.environ, **self.env, "PYTHONPATH": str(self.cwd)}
        self.proc = subprocess.Popen([sys.executable, "-c", "from zhicheng.cli import main; main()", "api",
                                      "--host", "127.0.0.1", "--port", str(self.port)], env=env, cwd=self.cwd,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Until /readyz says the database, Redis and storage answer."""
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"zhicheng api exited with {self.proc.returncode}:\n{self.output()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/readyz", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"zhicheng api not ready within {timeout:g}s:\n{self.output()[-3000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")
