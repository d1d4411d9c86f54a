"""Attachments of an application, per the plan's slots (types, size, count)."""
from __future__ import annotations

from models.application.models import Application, ApplicationAttachment
from models.core.errors import refuse
from models.plan.models import PlanAttachmentSlot
from models.core.upload import receive_upload
from models.core.storage import Storage

MB = 1024 * 1024


async def add_application_attachment(storage: Storage, app: Application, slot_id: int, upload,
                                     account_id: int) -> ApplicationAttachment:
    slot = await PlanAttachmentSlot.get_or_none(id=slot_id)
    if slot is None or slot.plan_id != app.plan_id:
        raise refuse("NOT_FOUND", "该计划没有这个附件项", "slotId")
    if await ApplicationAttachment.filter(application_id=app.id, slot_id=slot.id).count() >= slot.max_count:
        raise refuse("TOO_MANY_FILES", f"附件“{slot.name}”最多上传{slot.max_count}个", "file")
    stored = await receive_upload(storage, upload, purpose="application", allowed_types=tuple(slot.allowed_types),
                                  max_bytes=slot.max_size_mb * MB, owner_id=account_id, field="file")
    return await ApplicationAttachment.create(application_id=app.id, slot_id=slot.id, file=stored)


async def delete_application_attachment(app: Application, attachment_id: int) -> None:
    deleted = await ApplicationAttachment.filter(id=attachment_id, application_id=app.id).delete()
    if not deleted:
        raise refuse("NOT_FOUND", "附件不存在", "attachmentId")
