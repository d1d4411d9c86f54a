"""Append-only history of every decision: who, in which unit, did what, with which opinion."""
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class HistoryEntry(Model):
    id = fields.BigIntField(primary_key=True)
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.BigIntField()
    action = fields.CharField(max_length=40)
    opinion = fields.CharField(max_length=500, default="")
    actor = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "history_entry"
        indexes = (("subject_type", "subject_id"),)


async def record(subject_type: str, subject_id: int, action: str, *, actor_id: int | None,
                 unit_id: int | None = None, opinion: str = "") -> None:
    await HistoryEntry.create(subject_type=subject_type, subject_id=subject_id, action=action,
                              actor_id=actor_id, unit_id=unit_id, opinion=opinion)
