"""岗位核准 / 职数 and 单位推荐意见: a public institution's yearly vacant posts per level, what each
recommendation takes, and the files an employer attaches to its recommendation.

A unit sets its vacancies once a year with the stamped 岗位核准表 and confirms them; after that only an
HR bureau above it changes them, with a reason, and every such change is kept (``PostQuotaChange``).
Each application the employer recommends records whether it occupies one of those posts (``QuotaUse``).
Rules: models/quota/rules.py (the quota) and models/quota/recommendation.py (the employer's recommendation).
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model

from models.catalogue.models import Level

# Level → the PostQuota column holding its vacancies, in the order the manuals print them.
LEVEL_COLUMNS: dict[Level, str] = {
    Level.SENIOR: "senior", Level.ASSOCIATE_SENIOR: "associate_senior",
    Level.INTERMEDIATE: "intermediate", Level.PRIMARY: "primary",
}
LEVEL_LABELS = {Level.SENIOR: "正高级", Level.ASSOCIATE_SENIOR: "副高级", Level.INTERMEDIATE: "中级",
                Level.PRIMARY: "初级"}


class PostQuota(Model):
    id = fields.BigIntField(primary_key=True)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.CASCADE)
    year = fields.IntField()
    senior = fields.IntField(default=0)  # 正高级空缺
    associate_senior = fields.IntField(default=0)  # 副高级空缺
    intermediate = fields.IntField(default=0)  # 中级空缺
    primary = fields.IntField(default=0)  # 初级空缺
    # The stamped 事业单位专业技术人员岗位内申报资格核准表.
    approval_file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    confirmed_at = fields.DatetimeField(null=True)
    confirmed_by = fields.ForeignKeyField("models.Account", related_name=False, null=True,
                                          on_delete=fields.SET_NULL)
    created_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "post_quota"
        unique_together = (("unit", "year"),)

    def vacancies(self, level: Level | str) -> int:
        return getattr(self, LEVEL_COLUMNS[Level(level)])

    def counts(self) -> dict[str, int]:
        return {column: getattr(self, column) for column in LEVEL_COLUMNS.values()}


class PostQuotaChange(Model):
    """An HR bureau's change to a confirmed quota: who, from which bureau, why, and old → new."""

    id = fields.BigIntField(primary_key=True)
    post_quota = fields.ForeignKeyField("models.PostQuota", related_name=False, on_delete=fields.CASCADE)
    changed_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True, on_delete=fields.SET_NULL)
    reason = fields.CharField(max_length=500)
    old = fields.JSONField(default=dict)  # {"senior": 2, …, "approval_file_id": 7}
    new = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "post_quota_change"
        indexes = (("post_quota_id", "id"),)


class QuotaUse(Model):
    """是否占用职数: the employer's decision for one application, with a reason when it does not occupy.

    It counts while the application is in review or approved and was recorded in the current round
    (``recorded_at`` after the latest submission). A return gives the post back, and the employer decides
    again when the application comes back."""

    id = fields.BigIntField(primary_key=True)
    application = fields.ForeignKeyField("models.Application", related_name=False, unique=True,
                                         on_delete=fields.CASCADE)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.CASCADE)
    year = fields.IntField()
    level = fields.CharEnumField(Level, max_length=20)
    occupies = fields.BooleanField()
    reason = fields.CharField(max_length=500, default="")
    created_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    recorded_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "quota_use"
        indexes = (("unit_id", "year", "level"),)


class RecommendationFileKind(str, Enum):
    RECOMMENDATION = "RECOMMENDATION"  # 单位推荐意见
    PUBLICITY_PROOF = "PUBLICITY_PROOF"  # 单位公示证明和材料
    OTHER = "OTHER"  # 单位审批其他材料


class RecommendationFile(Model):
    id = fields.BigIntField(primary_key=True)
    application = fields.ForeignKeyField("models.Application", related_name=False, on_delete=fields.CASCADE)
    kind = fields.CharEnumField(RecommendationFileKind, max_length=20)
    file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    uploaded_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "recommendation_file"
        indexes = (("application_id", "kind"),)
