"""专技人才统计 records: one person's professional-talent data for a statistics year, reviewed by the unit.

The region is the employer's at submission, copied so counts by region need no join through units that may
have moved since.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class TalentRecordStatus(str, Enum):
    DRAFT = "DRAFT"  # 编辑中
    IN_REVIEW = "IN_REVIEW"  # 待单位审核
    RETURNED = "RETURNED"  # 退回 (editable again)
    TERMINATED = "TERMINATED"  # 终止 (not counted)
    APPROVED = "APPROVED"  # 审核通过: counted


EDITABLE = (TalentRecordStatus.DRAFT, TalentRecordStatus.RETURNED)


class TalentRecord(Model):
    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.RESTRICT)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)  # 工作单位
    region = fields.ForeignKeyField("models.Region", related_name=False, on_delete=fields.RESTRICT)
    year = fields.IntField()  # 统计年度
    post = fields.CharField(max_length=50, default="")  # 所在岗位
    post_category = fields.CharField(max_length=20, default="")  # 岗位类别
    series = fields.ForeignKeyField("models.Series", related_name=False, null=True, on_delete=fields.RESTRICT)
    specialty = fields.ForeignKeyField("models.Specialty", related_name=False, null=True, on_delete=fields.RESTRICT)
    title_name = fields.ForeignKeyField("models.TitleName", related_name=False, null=True,
                                        on_delete=fields.RESTRICT)
    level = fields.CharField(max_length=20, default="", description="Level value")  # "" when no title
    title_obtained_on = fields.DateField(null=True)  # 取得时间
    appointed = fields.BooleanField(default=False)  # 是否聘任
    appointed_on = fields.DateField(null=True)  # 聘任时间
    professional_years = fields.IntField(default=0)  # 从事专业技术工作年限
    education = fields.CharField(max_length=32, default="", description="Education value")  # 学历
    degree = fields.CharField(max_length=32, default="", description="Degree value")  # 学位
    talent_category = fields.CharField(max_length=20, default="")  # 人才类别
    remarks = fields.CharField(max_length=200, default="")  # 备注
    status = fields.CharEnumField(TalentRecordStatus, max_length=12, default=TalentRecordStatus.DRAFT,
                                  description="TalentRecordStatus value")
    review_path = fields.JSONField(default=list)
    path_position = fields.IntField(default=0)
    submitted_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "talent_record"
        unique_together = (("person", "year"),)
        indexes = (("unit_id", "status"), ("region_id", "year", "status"))
