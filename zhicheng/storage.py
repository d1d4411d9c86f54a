"""The local-disk implementation of the domain's storage interface (``models.core.storage``).

It streams with aiofiles into a temporary file while hashing, then
renames it into place, so a half-written upload never becomes visible. An
S3-compatible backend implements the same four methods.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiofiles
import aiofiles.os

from models.core.storage import CHUNK, Storage, TooLarge, read_all  # noqa: F401 - re-exported for the wiring


class LocalStorage:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    async def put(self, chunks: AsyncIterator[bytes], max_bytes: int) -> tuple[str, int]:
        tmp_dir = self.root / "tmp"
        await aiofiles.os.makedirs(tmp_dir, exist_ok=True)
        tmp = tmp_dir / uuid.uuid4().hex
        digest, size = hashlib.sha256(), 0
        try:
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
        finally:
            if await aiofiles.os.path.exists(tmp):
                await aiofiles.os.remove(tmp)

    async def get(self, sha256: str) -> AsyncIterator[bytes]:
        async with aiofiles.open(self.path(sha256), "rb") as src:
            while chunk := await src.read(CHUNK):
                yield chunk

    async def exists(self, sha256: str) -> bool:
        return await aiofiles.os.path.exists(self.path(sha256))

    async def delete(self, sha256: str) -> None:
        if await self.exists(sha256):
            await aiofiles.os.remove(self.path(sha256))

