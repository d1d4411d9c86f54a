"""Declarations (职称申报): one person's application under one plan, its sections and snapshots.

One application per person per plan year, in any series: a database constraint, so two
racing creations cannot both succeed. Imported achievement records are snapshots —
editing or withdrawing the library record never changes a submitted application.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class EvaluationMode(str, Enum):
    REVIEW = "REVIEW"  # 评审
    INITIAL_DETERMINATION = "INITIAL_DETERMINATION"  # 初定
    RECOGNITION = "RECOGNITION"  # 认定
    COMMISSIONED_REVIEW = "COMMISSIONED_REVIEW"  # 委托评审


class ApplicationStatus(str, Enum):
    DRAFT = "DRAFT"  # 编辑中
    IN_REVIEW = "IN_REVIEW"  # 审核中
    RETURNED = "RETURNED"  # 退回 (editable again)
    TERMINATED = "TERMINATED"  # 终止 (bars the year)
    APPROVED = "APPROVED"  # 审核通过


class Application(Model):
    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.RESTRICT)
    plan = fields.ForeignKeyField("models.Plan", related_name=False, on_delete=fields.RESTRICT)
    year = fields.IntField()
    declaration_type = fields.CharField(max_length=12)
    evaluation_mode = fields.CharField(max_length=32)
    series = fields.ForeignKeyField("models.Series", related_name=False, on_delete=fields.RESTRICT)
    specialty = fields.ForeignKeyField("models.Specialty", related_name=False, on_delete=fields.RESTRICT)
    title_name = fields.ForeignKeyField("models.TitleName", related_name=False, on_delete=fields.RESTRICT)
    standard = fields.ForeignKeyField("models.EvaluationStandard", related_name=False, on_delete=fields.RESTRICT)
    level = fields.CharField(max_length=20)
    commission_reference = fields.CharField(max_length=100, default="")  # 委托评审函 reference
    pledge_accepted_at = fields.DatetimeField()
    status = fields.CharEnumField(ApplicationStatus, max_length=12, default=ApplicationStatus.DRAFT)
    # The employer at submission; the talent centre when the personnel file is held there.
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    talent_center = fields.ForeignKeyField("models.Unit", related_name=False, null=True,
                                           on_delete=fields.SET_NULL)
    personal_info = fields.JSONField(default=dict)  # 个人信息 incl. series-specific professional info
    special_form = fields.JSONField(default=dict)  # 破格 / 转评 form, when that type is chosen
    # Resolved at submission: [[node kind, unit id], …] and how far the review has come.
    review_path = fields.JSONField(default=list)
    path_position = fields.IntField(default=0)
    pending_extra_unit_ids = fields.JSONField(default=list)  # extra units the employer added
    submitted_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "application"
        unique_together = (("person", "year"),)
        indexes = (("plan_id", "status"),)


class ApplicationTitle(Model):
    """A title the applicant holds, with its appointment. The first is the current post on the form."""

    id = fields.BigIntField(primary_key=True)
    application = fields.ForeignKeyField("models.Application", related_name=False, on_delete=fields.CASCADE)
    title_name = fields.CharField(max_length=50)
    series_name = fields.CharField(max_length=50, default="")
    obtained_on = fields.DateField()
    certificate_number = fields.CharField(max_length=40, default="")
    appointed_on = fields.DateField(null=True)
    appointment_unit = fields.CharField(max_length=100, default="")
    position = fields.IntField(default=0)

    class Meta:
        table = "application_title"


class ApplicationRecord(Model):
    """A snapshot of an approved library record imported into the application."""

    id = fields.BigIntField(primary_key=True)
    application = fields.ForeignKeyField("models.Application", related_name=False, on_delete=fields.CASCADE)
    source = fields.ForeignKeyField("models.AchievementRecord", related_name=False, null=True,
                                    on_delete=fields.SET_NULL)
    category = fields.CharField(max_length=32)
    title = fields.CharField(max_length=200)
    data = fields.JSONField(default=dict)
    is_qualifying_education = fields.BooleanField(default=False)
    position = fields.IntField(default=0)

    class Meta:
        table = "application_record"
        unique_together = (("application", "source"),)


class ApplicationRecordFile(Model):
    """A file of an imported record, held by its snapshot: the library may drop it, the application keeps it."""

    id = fields.BigIntField(primary_key=True)
    snapshot = fields.ForeignKeyField("models.ApplicationRecord", related_name=False, on_delete=fields.CASCADE)
    file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    position = fields.IntField(default=0)

    class Meta:
        table = "application_record_file"


class ApplicationAttachment(Model):
    id = fields.BigIntField(primary_key=True)
    application = fields.ForeignKeyField("models.Application", related_name=False, on_delete=fields.CASCADE)
    slot = fields.ForeignKeyField("models.PlanAttachmentSlot", related_name=False, on_delete=fields.RESTRICT)
    file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "application_attachment"
