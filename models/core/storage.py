"""The storage interface the domain writes files through; content-addressed by sha256.

Implementations live outside the domain (the local disk in ``zhicheng/storage.py``; an
S3-compatible backend would implement the same four methods) and are handed in at start-up
through ``models.core.ports``.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

CHUNK = 64 * 1024


class TooLarge(Exception):
    """The content passed the size limit given to ``put``; nothing was kept."""


class StorageUnavailable(Exception):
    """The backend cannot keep content now (disk full, read-only, gone); nothing was kept."""


class Storage(Protocol):
    async def put(self, chunks: AsyncIterator[bytes], max_bytes: int) -> tuple[str, int]: ...
    async def get(self, sha256: str) -> AsyncIterator[bytes]: ...
    async def exists(self, sha256: str) -> bool: ...
    async def delete(self, sha256: str) -> None: ...


async def read_all(storage: Storage, sha256: str) -> bytes:
    return b"".join([chunk async for chunk in storage.get(sha256)])
