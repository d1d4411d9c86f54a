"""Attachment slots as configuration (name, required, allowed types, max size, max count) and the one way a
file goes into a slot or out of it, for every request whose form lists slots (recognitions, verification
requests). The attachment model holds (owner, slot, file); the owner's version is bumped by the caller."""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.models import Model

from models.core.errors import refuse
from models.core.storage import Storage
from models.core.upload import receive_upload

PDF, JPEG, PNG, BMP, GIF, TIFF = "application/pdf", "image/jpeg", "image/png", "image/bmp", "image/gif", "image/tiff"
SCANS = (PDF, JPEG, PNG, BMP)
MB = 1024 * 1024


@dataclass(frozen=True)
class Slot:
    key: str
    name: str
    description: str
    required: bool
    allowed_types: tuple[str, ...] = SCANS
    max_bytes: int = 10 * MB
    max_count: int = 5


def slot_of(slots: tuple[Slot, ...], key: str) -> Slot | None:
    return next((s for s in slots if s.key == key), None)


async def add_slot_file(model: type[Model], owner: str, owner_id: int, slots: tuple[Slot, ...], key: str,
                        storage: Storage, upload, *, purpose: str, account_id: int | None) -> Model:
    """One file into the slot ``key``, within its types (by content), size and count (UNKNOWN_SLOT,
    TOO_MANY_FILES, the upload's own codes)."""
    slot = slot_of(slots, key)
    if slot is None:
        raise refuse("UNKNOWN_SLOT", "没有这个附件项", "slot")
    if await model.filter(**{owner: owner_id}, slot=slot.key).count() >= slot.max_count:
        raise refuse("TOO_MANY_FILES", f"“{slot.name}”最多只能上传{slot.max_count}个文件", "file")
    stored = await receive_upload(storage, upload, purpose=purpose, allowed_types=slot.allowed_types,
                                  max_bytes=slot.max_bytes, owner_id=account_id, field="file")
    return await model.create(**{owner: owner_id}, slot=slot.key, file_id=stored.id)


async def delete_slot_file(model: type[Model], owner: str, owner_id: int, attachment_id: int) -> None:
    if not await model.filter(id=attachment_id, **{owner: owner_id}).delete():
        raise refuse("NOT_FOUND", "附件不存在", "attachmentId")


def missing_slots(slots: tuple[Slot, ...], uploaded: set[str]) -> list[tuple[str, str, bool]]:
    """开始检测 items of the required slots: (message, field, passed)."""
    return [(f"请上传{s.name}", f"attachments.{s.key}", s.key in uploaded) for s in slots if s.required]
