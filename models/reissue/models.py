"""补换证申请: the certificate asked about (in the platform, or entered by hand), the corrections, the files.

``original`` holds the certificate's data as the form shows it (copied from the platform's certificate, or
entered by hand), in the certificate's own terms (``Certificate``'s field names, labels such as 男 and
居民身份证), so the new certificate is the original with ``corrections`` applied.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class ReissueStatus(str, Enum):
    DRAFT = "DRAFT"  # 编辑中
    IN_REVIEW = "IN_REVIEW"  # 审核中
    RETURNED = "RETURNED"  # 退回 (editable again)
    TERMINATED = "TERMINATED"  # 终止
    APPROVED = "APPROVED"  # 审核通过: the new certificate is issued


OPEN = (ReissueStatus.DRAFT, ReissueStatus.IN_REVIEW, ReissueStatus.RETURNED)
EDITABLE = (ReissueStatus.DRAFT, ReissueStatus.RETURNED)


class Reissue(Model):
    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.RESTRICT)
    certificate = fields.ForeignKeyField("models.Certificate", related_name=False, null=True,
                                         on_delete=fields.RESTRICT)  # the platform's certificate, if it is one
    # The certificate while this reissue is open, null once it is approved or terminated: a unique column (no
    # partial index on SQLite) that allows one open reissue per certificate.
    open_certificate_id = fields.BigIntField(null=True, unique=True)
    issuer_unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True, on_delete=fields.RESTRICT)
    original = fields.JSONField(default=dict)
    corrections = fields.JSONField(default=dict)  # certificate field name → the right value
    reason = fields.CharField(max_length=200, default="")  # 申请补（换）发事由
    evidence = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    pledge = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    photo = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    status = fields.CharEnumField(ReissueStatus, max_length=12, default=ReissueStatus.DRAFT)
    review_path = fields.JSONField(default=list)  # [[node kind, unit id], …] resolved at submission
    path_position = fields.IntField(default=0)
    submitted_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    new_certificate = fields.ForeignKeyField("models.Certificate", related_name=False, null=True,
                                             on_delete=fields.RESTRICT)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "reissue"
        indexes = (("person_id", "id"),)
