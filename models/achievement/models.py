"""The achievement library (个人业绩库): a person's reusable records, reviewed by their unit.

Each record has a category with its own typed fields (models/achievement_fields.py),
attachments, and a status. Records approved here are what applications import.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model

from models.core.history import OPINION_MAX


class AchievementCategory(str, Enum):
    REPRESENTATIVE_WORK = "REPRESENTATIVE_WORK"  # 成果代表作
    WORK_EXPERIENCE = "WORK_EXPERIENCE"  # 工作经历
    EDUCATION = "EDUCATION"  # 教育经历
    PROJECT = "PROJECT"  # 主持(参与)项目
    PAPER = "PAPER"  # 论文发表情况
    CONTINUING_EDUCATION = "CONTINUING_EDUCATION"  # 继续教育或培训情况
    ACADEMIC_POST = "ACADEMIC_POST"  # 学术技术兼职情况
    ANNUAL_ASSESSMENT = "ANNUAL_ASSESSMENT"  # 个人年度考核情况
    WORK_REPORT = "WORK_REPORT"  # 工作(技术)总结报告
    PROJECT_AWARD = "PROJECT_AWARD"  # 项目获奖情况
    RESULT_ADOPTION = "RESULT_ADOPTION"  # 成果批示采纳运用推广情况
    BOOK = "BOOK"  # 著(译)作(教材)
    HONOR = "HONOR"  # 表彰奖励
    STANDARD = "STANDARD"  # 主持参与制定标准情况
    PATENT = "PATENT"  # 专利著作情况
    RESEARCH_PROJECT = "RESEARCH_PROJECT"  # 主持参与科研项目
    AID_EXPERIENCE = "AID_EXPERIENCE"  # 援助困难地区(单位)经历
    COMPREHENSIVE_PERFORMANCE = "COMPREHENSIVE_PERFORMANCE"  # 综合业绩能力
    HEALTH_CASE_RECORD = "HEALTH_CASE_RECORD"  # 卫生: 病案
    HEALTH_TOPIC = "HEALTH_TOPIC"  # 卫生: 专题
    HEALTH_PAPER = "HEALTH_PAPER"  # 卫生: 论文
    HEALTH_REVIEW = "HEALTH_REVIEW"  # 卫生: 综述


CATEGORY_LABELS = {
    AchievementCategory.REPRESENTATIVE_WORK: "成果代表作",
    AchievementCategory.WORK_EXPERIENCE: "工作经历",
    AchievementCategory.EDUCATION: "教育经历",
    AchievementCategory.PROJECT: "主持(参与)项目",
    AchievementCategory.PAPER: "论文发表情况",
    AchievementCategory.CONTINUING_EDUCATION: "继续教育或培训情况",
    AchievementCategory.ACADEMIC_POST: "学术技术兼职情况",
    AchievementCategory.ANNUAL_ASSESSMENT: "个人年度考核情况",
    AchievementCategory.WORK_REPORT: "工作(技术)总结报告",
    AchievementCategory.PROJECT_AWARD: "项目获奖情况",
    AchievementCategory.RESULT_ADOPTION: "成果批示采纳运用推广情况",
    AchievementCategory.BOOK: "著(译)作(教材)",
    AchievementCategory.HONOR: "表彰奖励",
    AchievementCategory.STANDARD: "主持参与制定标准情况",
    AchievementCategory.PATENT: "专利著作情况",
    AchievementCategory.RESEARCH_PROJECT: "主持参与科研项目",
    AchievementCategory.AID_EXPERIENCE: "援助困难地区(单位)经历",
    AchievementCategory.COMPREHENSIVE_PERFORMANCE: "综合业绩能力",
    AchievementCategory.HEALTH_CASE_RECORD: "病案",
    AchievementCategory.HEALTH_TOPIC: "专题",
    AchievementCategory.HEALTH_PAPER: "论文",
    AchievementCategory.HEALTH_REVIEW: "综述",
}


class RecordStatus(str, Enum):
    DRAFT = "DRAFT"
    PENDING = "PENDING"  # 审核中
    APPROVED = "APPROVED"  # 通过
    RETURNED = "RETURNED"  # 退回
    WITHDRAWN = "WITHDRAWN"  # 撤回


class AchievementRecord(Model):
    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.CASCADE)
    category = fields.CharEnumField(AchievementCategory, max_length=32)
    title = fields.CharField(max_length=200)  # the record's headline, e.g. a paper's title
    data = fields.JSONField(default=dict)  # the category's typed fields, validated on write
    # 工作单位 as the review list shows and searches it: the record's own (work experience), else the
    # reviewing unit's name at submission.
    work_unit = fields.CharField(max_length=100, default="")
    status = fields.CharEnumField(RecordStatus, max_length=10, default=RecordStatus.DRAFT)
    # The unit reviewing it: the person's approved unit when submitted.
    unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True, on_delete=fields.SET_NULL)
    submitted_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    decided_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    opinion = fields.CharField(max_length=OPINION_MAX, default="")
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "achievement_record"
        indexes = (("person_id", "category"), ("unit_id", "status", "category"))


class AchievementAttachment(Model):
    id = fields.BigIntField(primary_key=True)
    record = fields.ForeignKeyField("models.AchievementRecord", related_name=False, on_delete=fields.CASCADE)
    file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    sort = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "achievement_attachment"


class OpinionTemplate(Model):
    """审核意见模板: public ones (no owner) and each admin's own."""

    id = fields.BigIntField(primary_key=True)
    owner = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.CASCADE)
    text = fields.CharField(max_length=OPINION_MAX)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "opinion_template"
