"""异地职称确认: the title asked for, the basic information of the form, the education records, the files.

The basic information is one set of columns for every province; which of them a province requires is its
configuration (``models.recognition.config``), read when the request is checked, not when it is saved, so a
draft can be filled in any order.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class RecognitionStatus(str, Enum):
    DRAFT = "DRAFT"  # 编辑中
    IN_REVIEW = "IN_REVIEW"  # 审核中
    RETURNED = "RETURNED"  # 退回 (editable again)
    TERMINATED = "TERMINATED"  # 终止
    APPROVED = "APPROVED"  # 审核通过: the recognised title is among the person's certificates


EDITABLE = (RecognitionStatus.DRAFT, RecognitionStatus.RETURNED)


class Recognition(Model):
    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.RESTRICT)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True,
                                  on_delete=fields.RESTRICT)  # the employer it was last submitted from
    # 申请确认级别、系列、专业、资格 (the level is the title's)
    series = fields.ForeignKeyField("models.Series", related_name=False, on_delete=fields.RESTRICT)
    specialty = fields.ForeignKeyField("models.Specialty", related_name=False, on_delete=fields.RESTRICT)
    title_name = fields.ForeignKeyField("models.TitleName", related_name=False, on_delete=fields.RESTRICT)
    level = fields.CharField(max_length=20, description="Level value")
    # 申报信息 [000 二（三）2]
    work_started_on = fields.DateField(null=True)  # 参加工作时间
    previous_unit = fields.CharField(max_length=100, default="")  # 原工作单位
    transferred_on = fields.DateField(null=True)  # 调入/转业时间
    political_status = fields.CharField(max_length=32, default="", description="PoliticalStatus value")  # 政治面貌
    original_title = fields.CharField(max_length=50, default="")  # 原专业技术资格
    original_committee = fields.CharField(max_length=100, default="")  # 原专业技术资格评审委员会
    original_acquired_on = fields.DateField(null=True)  # 原专业技术资格取得时间
    original_issuer = fields.CharField(max_length=100, default="")  # 原专业技术资格发证单位
    original_approval_number = fields.CharField(max_length=50, default="")  # 原专业技术资格批准文号
    original_number = fields.CharField(max_length=40, default="")  # 原证书编号
    work_history = fields.CharField(max_length=100, default="")  # 主要工作经历
    remarks = fields.CharField(max_length=200, default="")  # 备注
    # Sichuan's form adds these [002 §2.7]
    highest_education = fields.CharField(max_length=32, default="", description="Education value")  # 最高学历
    graduated_from = fields.CharField(max_length=50, default="")  # 最高学历毕业院校
    major = fields.CharField(max_length=50, default="")  # 所学专业
    expertise = fields.CharField(max_length=200, default="")  # 业务专长
    current_work = fields.CharField(max_length=1000, default="")  # 到现工作单位后主要专业技术工作情况
    photo = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    status = fields.CharEnumField(RecognitionStatus, max_length=12, default=RecognitionStatus.DRAFT,
                                  description="RecognitionStatus value")
    review_path = fields.JSONField(default=list)  # [[node kind, unit id], …] resolved at submission
    path_position = fields.IntField(default=0)
    submitted_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    certificate = fields.ForeignKeyField("models.Certificate", related_name=False, null=True,
                                         on_delete=fields.RESTRICT)  # the recognised title, once approved
    approval_form = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True,
                                           on_delete=fields.SET_NULL)  # 专业技术资格确认审核表, rendered on approval
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "recognition"
        indexes = (("person_id", "id"),)


class RecognitionEducation(Model):
    """教育经历 of a recognition: one or two records, the achievement library's education fields in ``data``."""

    id = fields.BigIntField(primary_key=True)
    recognition = fields.ForeignKeyField("models.Recognition", related_name=False, on_delete=fields.CASCADE)
    data = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "recognition_education"
        indexes = (("recognition_id", "id"),)


class RecognitionAttachment(Model):
    """申报相关附件: one uploaded file in one of the configured slots (``models.recognition.config``)."""

    id = fields.BigIntField(primary_key=True)
    recognition = fields.ForeignKeyField("models.Recognition", related_name=False, on_delete=fields.CASCADE)
    slot = fields.CharField(max_length=32)
    file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "recognition_attachment"
        indexes = (("recognition_id", "slot"),)
