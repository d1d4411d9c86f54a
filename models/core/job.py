"""Background jobs: a row per request, moved by the worker PENDING → RUNNING → SUCCEEDED / FAILED.

The row is the truth; arq only carries "run row N" messages. A worker runs a row only after claiming
it (one conditional UPDATE) and holds a lease it renews while it works; a sweep re-sends rows never
sent, rows whose send was lost and rows whose lease expired (workers/lease.py, workers/jobs.py).
Fan-outs commit their cursor (``resume_after``) with each chunk, so a retry goes on where the last
attempt stopped.
"""
from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from enum import Enum
from typing import Protocol

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
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
    CERTIFICATE_ISSUE = "CERTIFICATE_ISSUE"  # 证书发放: number, certificate and e-certificate of each result
    CERTIFICATE_RENDER = "CERTIFICATE_RENDER"  # (re-)renders e-certificates: a photo uploaded, a revocation
    CERTIFICATE_REPORT = "CERTIFICATE_REPORT"  # 证书报送人社部: the file of one reported batch
    CERTIFICATE_EXPORT = "CERTIFICATE_EXPORT"  # 证书查询 导出查询结果 (.xlsx)
    RECOGNITION_FORM = "RECOGNITION_FORM"  # 专业技术资格确认审核表 of an approved recognition (.docx)
    TALENT_STATISTICS_EXPORT = "TALENT_STATISTICS_EXPORT"  # 专技人才统计: the counts or a unit's records (.xlsx)


class Job(Model):
    id = fields.BigIntField(primary_key=True)
    # A fixed description: Tortoise writes the enum's members into it otherwise, so each new kind would be
    # an AlterField, which SQLite runs as a table rebuild that drops the table's unique index.
    kind = fields.CharEnumField(JobKind, max_length=40, description="JobKind")
    status = fields.CharEnumField(JobStatus, max_length=10, default=JobStatus.PENDING)
    progress = fields.IntField(default=0)  # items done
    total = fields.IntField(default=0)  # items to do, once known
    params = fields.JSONField(default=dict)
    result_file = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    error = fields.TextField(default="")
    requester = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    attempts = fields.IntField(default=0)  # claims so far; FAILED once the last allowed one fails
    # A client's key for "this request": a retry after a lost reply returns this row, not a second job.
    idempotency_key = fields.CharField(max_length=64, null=True)
    lease_owner = fields.CharField(max_length=80, default="")  # the worker running it ("" when none)
    lease_until = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)  # last handed to arq; null: never (or released)
    resume_after = fields.BigIntField(default=0)  # a fan-out's committed cursor (last person id done)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "job"
        indexes = (("status", "created_at"),)
        unique_together = (("requester", "kind", "idempotency_key"),)


class Checkpoint(Protocol):
    """What a running job hands the domain's batch work (fan-outs): where the last attempt stopped, and
    a transaction per chunk that also commits the cursor, so a chunk and its progress land together."""

    resume_after: int
    chunk_size: int

    def chunk(self, cursor: int, done: int, total: int) -> AbstractAsyncContextManager[BaseDBAsyncClient]:
        """A transaction for one chunk; on leaving it the cursor, ``done`` and ``total`` are committed with it."""

    async def progress(self, done: int, total: int) -> None:
        """Records progress of work that has no cursor."""
