"""Stored files: content lives in the storage backend under its sha256, metadata here."""
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class StoredFile(Model):
    id = fields.BigIntField(primary_key=True)
    sha256 = fields.CharField(max_length=64, db_index=True)
    size = fields.BigIntField()
    content_type = fields.CharField(max_length=100)
    name = fields.CharField(max_length=200)
    purpose = fields.CharField(max_length=40)
    owner = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "stored_file"
