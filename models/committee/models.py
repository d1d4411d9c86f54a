"""Review committees (评委会): who reviews which series, levels, specialties, for which regions."""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class CommitteeTier(str, Enum):
    JUNIOR = "JUNIOR"  # 初评会
    INTERMEDIATE = "INTERMEDIATE"  # 中评会
    SENIOR = "SENIOR"  # 高评会


class CommitteeStatus(str, Enum):
    ACTIVE = "ACTIVE"
    CANCELLED = "CANCELLED"  # 注销, with a reason


class Committee(Model):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    tier = fields.CharEnumField(CommitteeTier, max_length=12)
    series = fields.ForeignKeyField("models.Series", related_name=False, on_delete=fields.RESTRICT)
    levels = fields.JSONField(default=list)  # Level values
    # The HR bureau that set it up and manages it.
    managing_unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    fee_standards = fields.JSONField(default=list)  # [{"item": str, "amount": "123.00"}]
    contact_name = fields.CharField(max_length=50, default="")
    contact_phone = fields.CharField(max_length=20, default="")
    status = fields.CharEnumField(CommitteeStatus, max_length=10, default=CommitteeStatus.ACTIVE)
    cancel_reason = fields.CharField(max_length=200, default="")
    # 通过规则: a participant passes with at least numerator/denominator of the members present voting for.
    pass_numerator = fields.IntField(default=2)
    pass_denominator = fields.IntField(default=3)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "committee"


class CommitteeRegion(Model):
    """One region the committee's scope covers (its own region and everything below)."""

    id = fields.BigIntField(primary_key=True)
    committee = fields.ForeignKeyField("models.Committee", related_name=False, on_delete=fields.CASCADE)
    region = fields.ForeignKeyField("models.Region", related_name=False, on_delete=fields.RESTRICT)

    class Meta:
        table = "committee_region"
        unique_together = (("committee", "region"),)


class CommitteeOrganizer(Model):
    """评委会组建单位: units that form the committee and publish its plans."""

    id = fields.BigIntField(primary_key=True)
    committee = fields.ForeignKeyField("models.Committee", related_name=False, on_delete=fields.CASCADE)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)

    class Meta:
        table = "committee_organizer"
        unique_together = (("committee", "unit"),)


class CommitteeSpecialty(Model):
    id = fields.BigIntField(primary_key=True)
    committee = fields.ForeignKeyField("models.Committee", related_name=False, on_delete=fields.CASCADE)
    specialty = fields.ForeignKeyField("models.Specialty", related_name=False, on_delete=fields.RESTRICT)

    class Meta:
        table = "committee_specialty"
        unique_together = (("committee", "specialty"),)


class CommitteeAdmin(Model):
    id = fields.BigIntField(primary_key=True)
    committee = fields.ForeignKeyField("models.Committee", related_name=False, on_delete=fields.CASCADE)
    account = fields.ForeignKeyField("models.Account", related_name=False, on_delete=fields.CASCADE)

    class Meta:
        table = "committee_admin"
        unique_together = (("committee", "account"),)
