"""The title catalogue: series (系列), levels, title names (职称树), specialty trees (专业) and
evaluation standards (评审标准). Maintained by the provincial HR bureau, browsable by all.

Rows are never deleted once referenced: they are deactivated instead.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class Level(str, Enum):
    PRIMARY = "PRIMARY"  # 初级 (员级 / 助理级)
    INTERMEDIATE = "INTERMEDIATE"  # 中级
    ASSOCIATE_SENIOR = "ASSOCIATE_SENIOR"  # 副高级
    SENIOR = "SENIOR"  # 正高级


LEVEL_LABELS = {Level.PRIMARY: "初级", Level.INTERMEDIATE: "中级", Level.ASSOCIATE_SENIOR: "副高级",
                Level.SENIOR: "正高级"}


class PrimaryGrade(str, Enum):
    """初级 splits into 员级 and 助理级 in some series."""

    CLERK = "CLERK"  # 员级
    ASSISTANT = "ASSISTANT"  # 助理级


class Series(Model):
    id = fields.BigIntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=50, unique=True)
    sort = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "series"


class TitleName(Model):
    id = fields.BigIntField(primary_key=True)
    series = fields.ForeignKeyField("models.Series", related_name=False, on_delete=fields.RESTRICT)
    level = fields.CharEnumField(Level, max_length=20)
    primary_grade = fields.CharEnumField(PrimaryGrade, max_length=10, null=True)
    name = fields.CharField(max_length=50)
    sort = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "title_name"
        unique_together = (("series", "name"),)


class Specialty(Model):
    id = fields.BigIntField(primary_key=True)
    series = fields.ForeignKeyField("models.Series", related_name=False, on_delete=fields.RESTRICT)
    parent = fields.ForeignKeyField("models.Specialty", related_name=False, null=True, on_delete=fields.RESTRICT)
    code = fields.CharField(max_length=20)
    name = fields.CharField(max_length=60)
    sort = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "specialty"
        unique_together = (("series", "code"),)


class EvaluationStandard(Model):
    id = fields.BigIntField(primary_key=True)
    series = fields.ForeignKeyField("models.Series", related_name=False, on_delete=fields.RESTRICT)
    levels = fields.JSONField(default=list)  # Level values this standard applies to
    name = fields.CharField(max_length=100)
    content = fields.TextField(default="")
    document = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation_standard"
