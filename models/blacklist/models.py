"""黑名单 entries: a person barred from declaring for a period (003 §1.21)."""
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class BlacklistEntry(Model):
    """黑名单: bars a person from declaring between ``starts_on`` and ``ends_on`` unless lifted."""

    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.CASCADE)
    reason = fields.CharField(max_length=500)
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    lifted_at = fields.DatetimeField(null=True)
    lift_reason = fields.CharField(max_length=500, default="")
    created_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "blacklist_entry"
