"""Background jobs: a row per request, moved by the worker PENDING → RUNNING → SUCCEEDED / FAILED."""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class JobStatus(str, Enum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class JobKind(str, Enum):
    BINDING_DECISION_NOTICE = "BINDING_DECISION_NOTICE"
    MESSAGE_BROADCAST = "MESSAGE_BROADCAST"
    ACHIEVEMENT_DECISION_NOTICE = "ACHIEVEMENT_DECISION_NOTICE"
    PLAN_PUBLISHED_NOTICE = "PLAN_PUBLISHED_NOTICE"
    COMMITTEE_EXPORT = "COMMITTEE_EXPORT"
    APPLICATION_NOTICE = "APPLICATION_NOTICE"
    REVIEW_FORM = "REVIEW_FORM"  # 专业技术资格评审表 (.docx)


class Job(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharEnumField(JobKind, max_length=40)
    status = fields.CharEnumField(JobStatus, max_length=10, default=JobStatus.PENDING)
    progress = fields.IntField(default=0)  # items done
    total = fields.IntField(default=0)  # items to do, once known
    params = fields.JSONField(default=dict)
    result_file = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    error = fields.TextField(default="")
    requester = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    attempts = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "job"
        indexes = (("status", "created_at"),)
