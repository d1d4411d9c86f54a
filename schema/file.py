"""Stored files as clients see them: metadata and a short-lived download URL."""
from __future__ import annotations

from datetime import datetime

import strawberry

from models.core.file import StoredFile as FileRow
from schema.core.context import Info
from zhicheng.downloads import sign_download


@strawberry.type(description="An uploaded or generated file. Reaching it through a parent means you may download it.")
class File:
    row: strawberry.Private[FileRow]
    name: str
    content_type: str
    size: int = strawberry.field(description="Bytes.")
    created_at: datetime

    @classmethod
    def of(cls, row: FileRow) -> "File":
        return cls(row=row, name=row.name, content_type=row.content_type, size=row.size, created_at=row.created_at)

    @strawberry.field(description="Download URL, valid for a few minutes and only for you.")
    def url(self, info: Info) -> str:
        s = info.context.services.settings
        return sign_download(self.row.id, info.context.viewer.account_id, s.secret_key, s.download_url_ttl)


async def load_file(info: Info, file_id: int | None) -> File | None:
    if file_id is None:
        return None
    row = await info.context.files.load(file_id)
    return File.of(row) if row else None
