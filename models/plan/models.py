"""Evaluation plans (评审计划): a committee's call for applications in one year."""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class PlanStatus(str, Enum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    CLOSED = "CLOSED"


class PlanType(str, Enum):
    NORMAL = "NORMAL"  # 常规计划
    GREEN_CHANNEL = "GREEN_CHANNEL"  # 绿色通道
    SELF_EVALUATION = "SELF_EVALUATION"  # 自主评审
    OTHER = "OTHER"


class DeclarationType(str, Enum):
    REGULAR = "REGULAR"  # 常规
    EXCEPTIONAL = "EXCEPTIONAL"  # 破格
    TRANSFER = "TRANSFER"  # 转评


class Plan(Model):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=150)
    year = fields.IntField()
    committee = fields.ForeignKeyField("models.Committee", related_name=False, on_delete=fields.RESTRICT)
    organizer = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    plan_type = fields.CharEnumField(PlanType, max_length=20, default=PlanType.NORMAL)
    levels = fields.JSONField(default=list)  # Level values
    declaration_types = fields.JSONField(default=list)  # DeclarationType values
    office = fields.CharField(max_length=100, default="")
    contact_name = fields.CharField(max_length=50, default="")
    contact_phone = fields.CharField(max_length=20, default="")
    address = fields.CharField(max_length=200, default="")
    opens_at = fields.DatetimeField()
    closes_at = fields.DatetimeField()
    # Sichuan's extra deadlines (个人初次提交 / 个人修改提交 / 各单位提交截止时间)
    personal_first_submit_deadline = fields.DatetimeField(null=True)
    personal_modify_deadline = fields.DatetimeField(null=True)
    unit_submit_deadline = fields.DatetimeField(null=True)
    scope_text = fields.TextField(default="")
    content = fields.TextField(default="")
    has_interview = fields.BooleanField(default=False)
    requires_recommendation = fields.BooleanField(default=False)  # 单位推荐意见 + 公示证明 before employer PASS
    exam_specialty_ids = fields.JSONField(default=list)  # specialties that need a written exam
    status = fields.CharEnumField(PlanStatus, max_length=10, default=PlanStatus.DRAFT)
    published_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "plan"
        indexes = (("status", "year"), ("committee_id", "year"))


class PlanSpecialty(Model):
    id = fields.BigIntField(primary_key=True)
    plan = fields.ForeignKeyField("models.Plan", related_name=False, on_delete=fields.CASCADE)
    specialty = fields.ForeignKeyField("models.Specialty", related_name=False, on_delete=fields.RESTRICT)

    class Meta:
        table = "plan_specialty"
        unique_together = (("plan", "specialty"),)


class PlanAttachmentSlot(Model):
    """An attachment the applicant must or may upload: allowed types, size and count limits."""

    id = fields.BigIntField(primary_key=True)
    plan = fields.ForeignKeyField("models.Plan", related_name=False, on_delete=fields.CASCADE)
    name = fields.CharField(max_length=60)
    description = fields.CharField(max_length=300, default="")
    required = fields.BooleanField(default=False)
    allowed_types = fields.JSONField(default=list)  # MIME types
    max_size_mb = fields.IntField(default=10)
    max_count = fields.IntField(default=5)
    sort = fields.IntField(default=0)

    class Meta:
        table = "plan_attachment_slot"


class PlanAchievementRule(Model):
    """How many records of one achievement category an application at one level needs."""

    id = fields.BigIntField(primary_key=True)
    plan = fields.ForeignKeyField("models.Plan", related_name=False, on_delete=fields.CASCADE)
    level = fields.CharField(max_length=20)
    category = fields.CharField(max_length=40)
    min_count = fields.IntField(default=0)
    max_count = fields.IntField(default=10)

    class Meta:
        table = "plan_achievement_rule"
        unique_together = (("plan", "level", "category"),)


class PlanFile(Model):
    """A downloadable file published with the plan (policy documents, schedules)."""

    id = fields.BigIntField(primary_key=True)
    plan = fields.ForeignKeyField("models.Plan", related_name=False, on_delete=fields.CASCADE)
    file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    sort = fields.IntField(default=0)

    class Meta:
        table = "plan_file"
