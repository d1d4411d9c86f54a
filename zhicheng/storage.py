"""The local-disk implementation of the domain's storage interface (``models.core.storage``).

It streams with aiofiles into a temporary file while hashing, then
renames it into place, so a half-written upload never becomes visible. An
S3-compatible backend implements the same four methods.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiofiles
import aiofiles.os

from models.core.storage import (CHUNK, Storage, StorageUnavailable, TooLarge,  # noqa: F401 - re-exported
                                 read_all)


class LocalStorage:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    async def put(self, chunks: AsyncIterator[bytes], max_bytes: int) -> tuple[str, int]:
        tmp = self.root / "tmp" / uuid.uuid4().hex
        digest, size = hashlib.sha256(), 0
        try:
            await aiofiles.os.makedirs(tmp.parent, exist_ok=True)
            async with aiofiles.open(tmp, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge()
                    digest.update(chunk)
                    await out.write(chunk)
            sha = digest.hexdigest()
            final = self.path(sha)
            await aiofiles.os.makedirs(final.parent, exist_ok=True)
            os.replace(tmp, final)  # atomic; same content may already be there
            return sha, size
        except OSError as exc:  # ENOSPC, EROFS, EACCES…: the caller refuses the upload, nothing was kept
            raise _unavailable(exc) from exc
        finally:
            await _discard(tmp)

    async def check_writable(self) -> None:
        """Creates, writes and deletes a probe file where uploads are written (for /readyz);
        raises ``StorageUnavailable`` when that fails."""
        probe = self.root / "tmp" / f"ready-{uuid.uuid4().hex}"
        try:
            await aiofiles.os.makedirs(probe.parent, exist_ok=True)
            async with aiofiles.open(probe, "wb") as out:
                await out.write(b"ok")
        except OSError as exc:
            raise _unavailable(exc) from exc
        finally:
            await _discard(probe)

    async def get(self, sha256: str) -> AsyncIterator[bytes]:
        async with aiofiles.open(self.path(sha256), "rb") as src:
            while chunk := await src.read(CHUNK):
                yield chunk

    async def exists(self, sha256: str) -> bool:
        return await aiofiles.os.path.exists(self.path(sha256))

    async def delete(self, sha256: str) -> None:
        if await self.exists(sha256):
            await aiofiles.os.remove(self.path(sha256))


def _unavailable(exc: OSError) -> StorageUnavailable:
    return StorageUnavailable(f"{type(exc).__name__}: {exc.strerror or exc}")


async def _discard(path: Path) -> None:
    # Without an await: a cancelled request (the client went away) is cancelled again at every await of
    # its finally blocks under anyio, so an awaited remove could be skipped and leave the file behind.
    # On a read-only disk the remove fails too; the error that matters was raised already.
    with contextlib.suppress(OSError):
        os.unlink(path)
