"""Attachments of achievement records (佐证材料): add, rename, delete while the record is editable.

Limits per category come from ``ATTACHMENT_LIMITS`` (types decided by content, size per file,
count per record). Everything that can refuse is checked before a byte is stored, and the
upload itself checks name, emptiness, type and size before the file becomes visible, so a
refused attachment leaves storage and the database as they were. Removed files are left to
the orphan sweep (workers/cleanup.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from models.achievement.models import AchievementAttachment, AchievementCategory
from models.achievement.rules import own_record, touch_editable
from models.core.errors import refuse
from models.core.file import StoredFile
from models.person.models import Person
from models.core.upload import clean_file_name, receive_upload
from models.core.storage import Storage

MB = 1024 * 1024
EVIDENCE_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/bmp")
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/bmp": ".bmp"}


@dataclass(frozen=True)
class AttachmentLimits:
    max_count: int = 10  # files per record
    max_bytes: int = 10 * MB  # per file
    types: tuple[str, ...] = EVIDENCE_TYPES
    min_count: int = 0  # files needed before the record can be submitted


DEFAULT_LIMITS = AttachmentLimits()
# Per-category overrides: the configuration operations may tune (tests narrow them too).
ATTACHMENT_LIMITS: dict[AchievementCategory, AttachmentLimits] = {
    AchievementCategory.EDUCATION: AttachmentLimits(max_count=5),  # 学历证、学位证、认证书
    AchievementCategory.ANNUAL_ASSESSMENT: AttachmentLimits(max_count=3),
}


def limits_for(category: AchievementCategory) -> AttachmentLimits:
    return ATTACHMENT_LIMITS.get(category, DEFAULT_LIMITS)


async def add_attachment(storage: Storage, person_id: int, record_id: int, upload,
                         field: str = "file") -> AchievementAttachment:
    record = await own_record(person_id, record_id)
    limits = limits_for(AchievementCategory(record.category))
    record = await touch_editable(record)  # refuses non-editable records; serializes concurrent adds
    count = await AchievementAttachment.filter(record_id=record.id).count()
    if count >= limits.max_count:
        raise refuse("TOO_MANY_FILES", f"每条业绩最多上传{limits.max_count}个附件", field)
    account_id = (await Person.filter(id=person_id).values_list("account_id", flat=True))[0]
    stored = await receive_upload(storage, upload, purpose="achievement", allowed_types=limits.types,
                                  max_bytes=limits.max_bytes, owner_id=account_id, field=field)
    last = await AchievementAttachment.filter(record_id=record.id).order_by("-sort").first()
    return await AchievementAttachment.create(record_id=record.id, file=stored, sort=(last.sort + 1) if last else 0)


async def _own_attachment(person_id: int, attachment_id: int) -> AchievementAttachment:
    row = await AchievementAttachment.get_or_none(id=attachment_id)
    if row is None:
        raise refuse("NOT_FOUND", "附件不存在", "attachmentId")
    record = await own_record(person_id, row.record_id)
    await touch_editable(record)
    return row


async def rename_attachment(person_id: int, attachment_id: int, name: str) -> AchievementAttachment:
    """The extension of the file's real type is kept when the new name leaves it out."""
    row = await _own_attachment(person_id, attachment_id)
    clean = clean_file_name(name, "name")
    stored = await StoredFile.get(id=row.file_id)
    extension = EXTENSIONS.get(stored.content_type, "")
    if extension and not clean.lower().endswith((extension, ".jpeg") if extension == ".jpg" else (extension,)):
        clean += extension
    if len(clean) > 200:
        raise refuse("INVALID_FILE_NAME", "文件名不能超过200个字符", "name")
    await StoredFile.filter(id=stored.id).update(name=clean)
    return row


async def delete_attachment(person_id: int, attachment_id: int) -> AchievementAttachment:
    row = await _own_attachment(person_id, attachment_id)
    await AchievementAttachment.filter(id=row.id).delete()
    return row
