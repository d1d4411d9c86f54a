"""Receiving uploaded files: type from the content (not the name), size limits, safe names.

Content is checked before anything is kept: a refused upload leaves storage and the
database as they were.
"""
from __future__ import annotations

from collections.abc import AsyncIterator

import filetype

from models.core.errors import refuse
from models.core.file import StoredFile
from models.core.storage import CHUNK, Storage, StorageUnavailable, TooLarge

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPE_LABELS = {"image/jpeg": "JPG", "image/png": "PNG", "application/pdf": "PDF", "image/bmp": "BMP",
               "image/gif": "GIF", "image/tiff": "TIF", "application/msword": "DOC", DOCX: "DOCX", XLSX: "XLSX"}
PHOTO_TYPES = ("image/jpeg", "image/png")


def size_label(size: int) -> str:
    """2MB, 200KB, 1.5MB: a limit as people read it (the old label rounded 200 KB to "1MB")."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + unit
    return f"{size}B"


def clean_file_name(name: str | None, field: str) -> str:
    name = (name or "").strip()
    if not name:
        raise refuse("INVALID_FILE_NAME", "文件名不能为空", field)
    if "/" in name or "\\" in name or "\x00" in name or name in (".", ".."):
        raise refuse("INVALID_FILE_NAME", "文件名不能包含路径分隔符", field)
    if len(name) > 200:
        raise refuse("INVALID_FILE_NAME", "文件名不能超过200个字符", field)
    return name


def content_type_of(head: bytes) -> str:
    """The type of a file from its first bytes. filetype names an Office file by the order of its first zip
    entries, which only Office itself keeps: a .docx or .xlsx written by other tools (python-docx, WPS) reads as
    a plain zip, so such a zip is named by the part folders its first entries name."""
    kind = filetype.guess(head)
    content_type = kind.mime if kind else "application/octet-stream"
    if content_type == "application/zip" and b"[Content_Types].xml" in head[:4096]:
        if b"word/" in head:
            return DOCX
        if b"xl/" in head:
            return XLSX
    return content_type


async def receive_upload(storage: Storage, upload, *, purpose: str, allowed_types: tuple[str, ...],
                         max_bytes: int, owner_id: int | None, field: str) -> StoredFile:
    name = clean_file_name(getattr(upload, "filename", None), field)
    head = await upload.read(CHUNK)
    if not head:
        raise refuse("EMPTY_FILE", "文件内容为空", field)
    content_type = content_type_of(head)
    if content_type not in allowed_types:
        allowed = "、".join(TYPE_LABELS.get(t, t) for t in allowed_types)
        raise refuse("FILE_TYPE_NOT_ALLOWED", f"文件类型不符合要求，仅支持{allowed}（按文件内容识别）", field)

    async def chunks() -> AsyncIterator[bytes]:
        yield head
        while chunk := await upload.read(CHUNK):
            yield chunk

    try:
        sha, size = await storage.put(chunks(), max_bytes)
    except TooLarge:
        raise refuse("FILE_TOO_LARGE", f"文件大小不能超过{size_label(max_bytes)}", field) from None
    except StorageUnavailable:
        raise refuse("STORAGE_UNAVAILABLE", "文件存储暂不可用（磁盘已满或只读），文件未保存，请稍后重试", field) from None
    return await StoredFile.create(sha256=sha, size=size, content_type=content_type, name=name,
                                   purpose=purpose, owner_id=owner_id)
