"""Two-step Excel imports (导入 then 提交): the rows a file yielded wait here, checked, until the admin who
imported them confirms or discards; nothing reaches the domain tables before the confirmation."""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class ImportBatchStatus(str, Enum):
    PENDING = "PENDING"  # 待提交
    CONFIRMED = "CONFIRMED"  # 已提交
    DISCARDED = "DISCARDED"  # 已放弃


class ImportBatch(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=32)  # what is imported, e.g. ACCEPTANCE_BODY
    account = fields.ForeignKeyField("models.Account", related_name=False, on_delete=fields.CASCADE)
    params = fields.JSONField(default=dict)  # what the import page chose (level, evaluation mode, …)
    rows = fields.JSONField(default=list)  # the checked rows, each with its Excel row number
    failures = fields.JSONField(default=list)  # [{"row": n, "reason": "…"}]
    status = fields.CharEnumField(ImportBatchStatus, max_length=10, default=ImportBatchStatus.PENDING,
                                  description="ImportBatchStatus value")
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "import_batch"
        indexes = (("account_id", "id"),)
