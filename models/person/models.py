"""Persons (专业技术人员): the applicant's profile, tied to one account.

Real name and ID (type + number) are fixed at registration; everything else is editable.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class IdType(str, Enum):
    RESIDENT_ID = "RESIDENT_ID"  # 居民身份证
    OFFICER_ID = "OFFICER_ID"  # 军官证
    PASSPORT = "PASSPORT"  # 护照
    HK_MACAO_PERMIT = "HK_MACAO_PERMIT"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "TAIWAN_PERMIT"  # 台湾居民来往大陆通行证
    FOREIGN_PERMANENT_RESIDENT = "FOREIGN_PERMANENT_RESIDENT"  # 外国人永久居留身份证


class Gender(str, Enum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class PoliticalStatus(str, Enum):
    CPC_MEMBER = "CPC_MEMBER"  # 中共党员
    CPC_PROBATIONARY_MEMBER = "CPC_PROBATIONARY_MEMBER"  # 中共预备党员
    CYL_MEMBER = "CYL_MEMBER"  # 共青团员
    DEMOCRATIC_PARTY_MEMBER = "DEMOCRATIC_PARTY_MEMBER"  # 民主党派
    NON_PARTISAN = "NON_PARTISAN"  # 无党派人士
    MASSES = "MASSES"  # 群众


class Education(str, Enum):
    DOCTORAL = "DOCTORAL"  # 博士研究生
    MASTER = "MASTER"  # 硕士研究生
    BACHELOR = "BACHELOR"  # 大学本科
    JUNIOR_COLLEGE = "JUNIOR_COLLEGE"  # 大学专科
    SECONDARY_VOCATIONAL = "SECONDARY_VOCATIONAL"  # 中专
    HIGH_SCHOOL = "HIGH_SCHOOL"  # 高中
    JUNIOR_HIGH_OR_BELOW = "JUNIOR_HIGH_OR_BELOW"  # 初中及以下


class Degree(str, Enum):
    DOCTOR = "DOCTOR"  # 博士
    MASTER = "MASTER"  # 硕士
    BACHELOR = "BACHELOR"  # 学士
    NONE = "NONE"  # 无


class Person(Model):
    id = fields.BigIntField(primary_key=True)
    account = fields.OneToOneField("models.Account", related_name=False, on_delete=fields.CASCADE)
    real_name = fields.CharField(max_length=50)
    id_type = fields.CharEnumField(IdType, max_length=32)
    id_number = fields.CharField(max_length=30)
    mobile = fields.CharField(max_length=11, db_index=True)
    gender = fields.CharEnumField(Gender, max_length=6)
    birth_date = fields.DateField()
    political_status = fields.CharEnumField(PoliticalStatus, max_length=32)
    ethnicity = fields.CharField(max_length=20)
    email = fields.CharField(max_length=100)
    address = fields.CharField(max_length=100)
    work_start_date = fields.DateField()
    highest_education = fields.CharEnumField(Education, max_length=24)
    degree = fields.CharEnumField(Degree, max_length=10, null=True)
    series = fields.JSONField(default=list)  # up to three series codes
    title_name = fields.CharField(max_length=20, default="")
    skill_level = fields.CharField(max_length=20, default="")
    administrative_post = fields.CharField(max_length=20, default="")
    landline = fields.CharField(max_length=20, default="")
    is_freelancer = fields.BooleanField(default=False)
    photo = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    # Changes only when a binding is approved (models/binding.py).
    current_unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "person"
        unique_together = (("id_type", "id_number"),)
