"""In-app messages (我的消息). Workers write them; ``dedupe_key`` makes a re-run harmless."""
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Message(Model):
    id = fields.BigIntField(primary_key=True)
    recipient = fields.ForeignKeyField("models.Account", related_name=False, on_delete=fields.CASCADE)
    title = fields.CharField(max_length=100)
    body = fields.TextField()
    link_type = fields.CharField(max_length=40, default="")
    link_id = fields.CharField(max_length=64, default="")
    dedupe_key = fields.CharField(max_length=120, unique=True)
    read_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "message"
        indexes = (("recipient_id", "read_at"),)


async def deliver(messages: list[dict]) -> None:
    """Insert messages, skipping any already delivered (same dedupe key): safe to repeat."""
    if messages:
        await Message.bulk_create([Message(**m) for m in messages], ignore_conflicts=True, batch_size=1000)


async def mark_read(account_id: int, message_ids: list[int] | None) -> int:
    """Marks the given messages (or all, when None) of this account read; returns how many changed."""
    from datetime import datetime, timezone

    qs = Message.filter(recipient_id=account_id, read_at__isnull=True)
    if message_ids is not None:
        qs = qs.filter(id__in=message_ids)
    return await qs.update(read_at=datetime.now(timezone.utc))
