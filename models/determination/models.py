"""初定 / 认定 declarations and the acceptance bodies (受理机构) HR bureaus keep for them.

A declaration names no plan and no committee: the person chooses unit, year, series, level, specialty and
title, fills the sections of 002 §2.2.1.2, and the path configured for its process type (初定 or 认定) takes
it to the issuer. Acceptance bodies say which unit accepts a level's declarations of one evaluation mode at
one node kind, for a region and below, with the notice (申报须知) shown to applicants.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class DeterminationStatus(str, Enum):
    DRAFT = "DRAFT"  # 编辑中
    IN_REVIEW = "IN_REVIEW"  # 审核中
    RETURNED = "RETURNED"  # 退回 (editable again)
    TERMINATED = "TERMINATED"  # 终止
    APPROVED = "APPROVED"  # 审核通过: the certificate is issued


EDITABLE = (DeterminationStatus.DRAFT, DeterminationStatus.RETURNED)


class AcceptanceBodyStatus(str, Enum):
    ACTIVE = "ACTIVE"  # 正常
    CANCELLED = "CANCELLED"  # 已注销


class AcceptanceBody(Model):
    """受理机构: the unit that accepts declarations of one level and evaluation mode at one node kind, for
    a region and below. Re-adding a cancelled one reactivates its row (one row per combination)."""

    id = fields.BigIntField(primary_key=True)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    node_kind = fields.CharField(max_length=24, description="NodeKind value")  # 受理节点类型
    level = fields.CharField(max_length=20, description="Level value")  # 职称等级
    evaluation_mode = fields.CharField(max_length=32, description="EvaluationMode value")  # 取得方式
    region = fields.ForeignKeyField("models.Region", related_name=False, on_delete=fields.RESTRICT)
    notice = fields.TextField(default="")  # 申报须知
    status = fields.CharEnumField(AcceptanceBodyStatus, max_length=10, default=AcceptanceBodyStatus.ACTIVE,
                                  description="AcceptanceBodyStatus value")
    managed_by = fields.ForeignKeyField("models.Unit", related_name=False, null=True,
                                        on_delete=fields.SET_NULL)  # the HR bureau that keeps it
    updated_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    cancelled_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "acceptance_body"
        unique_together = (("unit", "node_kind", "level", "evaluation_mode", "region"),)
        indexes = (("evaluation_mode", "level", "status"), ("region_id", "id"))


class Determination(Model):
    """A 初定 or 认定 declaration with its basic information (个人基本信息) as columns and its current titles
    and qualifications as ordered lists. Education, work experience, continuing education and assessments are
    library records imported as snapshots (``DeterminationRecord``)."""

    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.RESTRICT)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)  # 工作单位
    year = fields.IntField()  # 申报年度
    evaluation_mode = fields.CharField(max_length=32, description="EvaluationMode value")  # 初定 or 认定
    series = fields.ForeignKeyField("models.Series", related_name=False, on_delete=fields.RESTRICT)
    specialty = fields.ForeignKeyField("models.Specialty", related_name=False, on_delete=fields.RESTRICT)
    title_name = fields.ForeignKeyField("models.TitleName", related_name=False, on_delete=fields.RESTRICT)
    level = fields.CharField(max_length=20, description="Level value")
    # 个人基本信息 [002 §2.2.1.2.2 1]; name, ID, gender, birth date and mobile are the person's own
    former_name = fields.CharField(max_length=10, default="")  # 曾用名
    nationality = fields.CharField(max_length=20, default="")  # 国籍
    phone = fields.CharField(max_length=20, default="")  # 联系电话
    household_address = fields.CharField(max_length=50, default="")  # 户籍地址
    birthplace = fields.CharField(max_length=50, default="")  # 出生地
    residence = fields.CharField(max_length=50, default="")  # 常住地
    email = fields.CharField(max_length=50, default="")  # 电子邮箱
    postal_code = fields.CharField(max_length=20, default="")  # 邮政编码
    administrative_post = fields.CharField(max_length=20, default="")  # 行政职务
    administrative_level = fields.CharField(max_length=20, default="")  # 行政职务级别
    administrative_since = fields.DateField(null=True)  # 行政职务任职时间
    work_started_on = fields.DateField(null=True)  # 参加工作时间
    political_status = fields.CharField(max_length=32, default="", description="PoliticalStatus value")
    party_post = fields.CharField(max_length=20, default="")  # 现任共产党(共青团)职务
    party_joined_on = fields.DateField(null=True)  # 加入共产党(共青团)时间
    foreign_language = fields.CharField(max_length=10, default="")  # 职称外语情况
    computer_skill = fields.CharField(max_length=10, default="")  # 职称计算机情况
    performance_summary = fields.CharField(max_length=2000, default="")  # 业绩综述
    titles = fields.JSONField(default=list)  # 资历信息: current titles, in order
    qualifications = fields.JSONField(default=list)  # 取得职称、职业技能等级情况
    photo = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    status = fields.CharEnumField(DeterminationStatus, max_length=12, default=DeterminationStatus.DRAFT,
                                  description="DeterminationStatus value")
    review_path = fields.JSONField(default=list)  # [[node kind, unit id], …] resolved at submission
    path_position = fields.IntField(default=0)
    submitted_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    certificate = fields.ForeignKeyField("models.Certificate", related_name=False, null=True,
                                         on_delete=fields.RESTRICT)  # issued on approval
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "determination"
        unique_together = (("person", "year", "evaluation_mode"),)
        indexes = (("person_id", "id"),)


class DeterminationRecord(Model):
    """A library record imported into a declaration: a snapshot of its fields and files, removable without
    touching the library."""

    id = fields.BigIntField(primary_key=True)
    determination = fields.ForeignKeyField("models.Determination", related_name=False, on_delete=fields.CASCADE)
    category = fields.CharField(max_length=32, description="AchievementCategory value")
    source_id = fields.BigIntField()  # the library record it was taken from
    data = fields.JSONField(default=dict)
    file_ids = fields.JSONField(default=list)  # StoredFile ids of the record's attachments, in order
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "determination_record"
        unique_together = (("determination", "source_id"),)
