"""Units (单位): employers, competent departments, HR bureaus, talent centres, organizers."""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class UnitKind(str, Enum):
    EMPLOYER = "EMPLOYER"
    COMPETENT_DEPARTMENT = "COMPETENT_DEPARTMENT"
    HR_BUREAU = "HR_BUREAU"
    TALENT_CENTER = "TALENT_CENTER"
    ORGANIZER = "ORGANIZER"


class UnitNature(str, Enum):
    GOVERNMENT_AGENCY = "GOVERNMENT_AGENCY"  # 机关
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION"  # 事业单位
    CENTRAL_PUBLIC_INSTITUTION = "CENTRAL_PUBLIC_INSTITUTION"  # 事业单位(中直)
    STATE_OWNED_ENTERPRISE = "STATE_OWNED_ENTERPRISE"  # 国有企业
    PRIVATE_ENTERPRISE = "PRIVATE_ENTERPRISE"  # 民营企业
    SOCIAL_ORGANIZATION = "SOCIAL_ORGANIZATION"  # 社会组织
    FOREIGN_ENTERPRISE = "FOREIGN_ENTERPRISE"  # 外资企业
    OTHER = "OTHER"  # 其他


NATURE_LABELS = {
    UnitNature.GOVERNMENT_AGENCY: "机关",
    UnitNature.PUBLIC_INSTITUTION: "事业单位",
    UnitNature.CENTRAL_PUBLIC_INSTITUTION: "事业单位(中直)",
    UnitNature.STATE_OWNED_ENTERPRISE: "国有企业",
    UnitNature.PRIVATE_ENTERPRISE: "民营企业",
    UnitNature.SOCIAL_ORGANIZATION: "社会组织",
    UnitNature.FOREIGN_ENTERPRISE: "外资企业",
    UnitNature.OTHER: "其他",
}

# Units a freelancer (自由职业者) may bind to.
FREELANCER_HOSTS = (UnitKind.HR_BUREAU, UnitKind.TALENT_CENTER)


class Unit(Model):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=100, db_index=True)
    kind = fields.CharEnumField(UnitKind, max_length=24)
    nature = fields.CharEnumField(UnitNature, max_length=32)
    credit_code = fields.CharField(max_length=18, null=True, unique=True)
    legal_rep_name = fields.CharField(max_length=50, default="")
    legal_rep_phone = fields.CharField(max_length=20, default="")
    address = fields.CharField(max_length=200, default="")
    contact_name = fields.CharField(max_length=50)
    contact_mobile = fields.CharField(max_length=11)
    email = fields.CharField(max_length=100)
    fax = fields.CharField(max_length=20, default="")
    region = fields.ForeignKeyField("models.Region", related_name=False, on_delete=fields.RESTRICT)
    is_central = fields.BooleanField(default=False)
    competent_department = fields.ForeignKeyField(
        "models.Unit", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    # 单位详细信息 (管理设置 → 完善单位信息)
    industry_code = fields.CharField(max_length=20, default="")
    registration_status = fields.CharField(max_length=20, default="登记在册")
    economic_type = fields.CharField(max_length=40, default="")
    tax_number = fields.CharField(max_length=30, default="")
    license_kind = fields.CharField(max_length=40, default="")
    license_number = fields.CharField(max_length=40, default="")
    license_issued_on = fields.DateField(null=True)
    license_valid_years = fields.IntField(null=True)
    approval_document_number = fields.CharField(max_length=60, default="")
    approval_date = fields.DateField(null=True)
    approving_body = fields.CharField(max_length=100, default="")
    # Units with a single admin may act on tasks without claiming them first.
    skip_claim = fields.BooleanField(default=False)
    # 电子印章: a PNG stamped on documents once this unit has passed a node (models/seal.py).
    seal = fields.ForeignKeyField("models.StoredFile", null=True, on_delete=fields.SET_NULL, related_name=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "unit"


class UnitAdmin(Model):
    id = fields.BigIntField(primary_key=True)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.CASCADE)
    account = fields.ForeignKeyField("models.Account", related_name=False, on_delete=fields.CASCADE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "unit_admin"
        unique_together = (("unit", "account"),)
