"""证书核验申请: the certificate as the person enters it, the committee that granted it, the scans."""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class VerificationStatus(str, Enum):
    DRAFT = "DRAFT"  # 编辑中
    IN_REVIEW = "IN_REVIEW"  # 审核中
    RETURNED = "RETURNED"  # 退回 (editable again)
    TERMINATED = "TERMINATED"  # 终止
    APPROVED = "APPROVED"  # 审核通过: listed among the person's certificates


EDITABLE = (VerificationStatus.DRAFT, VerificationStatus.RETURNED)


class VerificationRequest(Model):
    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.RESTRICT)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True,
                                  on_delete=fields.RESTRICT)  # the employer it was last submitted from
    committee = fields.ForeignKeyField("models.Committee", related_name=False, on_delete=fields.RESTRICT)
    number = fields.CharField(max_length=40)  # 证书编号
    # The number while this request is open, null once approved or terminated: a unique column (no partial
    # index on SQLite) that allows one open request per certificate number.
    open_number = fields.CharField(max_length=40, null=True, unique=True)
    series = fields.ForeignKeyField("models.Series", related_name=False, on_delete=fields.RESTRICT)
    specialty = fields.ForeignKeyField("models.Specialty", related_name=False, null=True,
                                       on_delete=fields.RESTRICT)  # null: 其他, named in specialty_name
    specialty_name = fields.CharField(max_length=50, default="")  # the specialty's name (as entered for 其他)
    title_name = fields.ForeignKeyField("models.TitleName", related_name=False, on_delete=fields.RESTRICT)
    level = fields.CharField(max_length=20, description="Level value")
    acquired_on = fields.DateField()  # 取得资格时间
    approval_number = fields.CharField(max_length=50)  # 批准文号
    issue_date = fields.DateField()  # 发证日期
    issuer_name = fields.CharField(max_length=100)  # 发证单位
    unit_name = fields.CharField(max_length=100, default="")  # 取得资格时所在单位
    status = fields.CharEnumField(VerificationStatus, max_length=12, default=VerificationStatus.DRAFT,
                                  description="VerificationStatus value")
    review_path = fields.JSONField(default=list)  # [[node kind, unit id], …] resolved at submission
    path_position = fields.IntField(default=0)
    submitted_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    certificate = fields.ForeignKeyField("models.Certificate", related_name=False, null=True,
                                         on_delete=fields.RESTRICT)  # the verified certificate, once approved
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "verification_request"
        indexes = (("person_id", "id"),)


class VerificationAttachment(Model):
    """One uploaded scan in one of the slots of ``models.verification_request.create.SLOTS``."""

    id = fields.BigIntField(primary_key=True)
    request = fields.ForeignKeyField("models.VerificationRequest", related_name=False, on_delete=fields.CASCADE)
    slot = fields.CharField(max_length=32)
    file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "verification_attachment"
        indexes = (("request_id", "slot"),)
