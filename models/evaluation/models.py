"""The evaluation scheme (呈报方案) a committee's organizer submits for a plan before the committee meets:
who is evaluated, which experts are needed, how they score; the HR bureau that manages the committee
reviews it (process type EVALUATION_SCHEME). A special scheme (特殊情况) goes to another queue there.

After the meeting the scheme carries the committee's results (评审结果), their publicity (公示) with the
objections received, and the HR bureau's filing (评审结果备案) — only filed results allow certificates.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model

from models.catalogue.models import Level


class SchemeKind(str, Enum):
    NORMAL = "NORMAL"  # 正常方案
    SPECIAL = "SPECIAL"  # 特殊方案 (特殊情况), reviewed by other reviewers


class SchemeStatus(str, Enum):
    DRAFT = "DRAFT"  # 未提交
    SUBMITTED = "SUBMITTED"  # 待审核
    RETURNED = "RETURNED"  # 已退回: editable, then submitted again
    APPROVED = "APPROVED"  # 审核通过: the committee meets, results are recorded
    IN_PUBLICITY = "IN_PUBLICITY"  # 公示中
    PUBLICIZED = "PUBLICIZED"  # 公示结束: the passed list is fixed, awaiting filing
    FILED = "FILED"  # 已备案: certificates may be issued


EDITABLE = (SchemeStatus.DRAFT, SchemeStatus.RETURNED)


class EvaluationScheme(Model):
    id = fields.BigIntField(primary_key=True)
    plan = fields.ForeignKeyField("models.Plan", related_name=False, on_delete=fields.RESTRICT)
    committee = fields.ForeignKeyField("models.Committee", related_name=False, on_delete=fields.RESTRICT)
    organizer = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(SchemeKind, max_length=10, default=SchemeKind.NORMAL)
    special_reason = fields.CharField(max_length=500, default="")  # 特殊情况说明, required for SPECIAL
    meeting_date = fields.DateField(null=True)  # 拟评审日期
    pass_mark = fields.DecimalField(max_digits=5, decimal_places=2, null=True)  # 通过分数线, of 100
    remarks = fields.CharField(max_length=500, default="")
    status = fields.CharEnumField(SchemeStatus, max_length=16, default=SchemeStatus.DRAFT)
    created_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    submitted_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "evaluation_scheme"
        indexes = (("plan_id", "status"), ("organizer_id", "id"))


class SchemeParticipant(Model):
    """参评人员: an application the chain approved for this plan, in one scheme only."""

    id = fields.BigIntField(primary_key=True)
    scheme = fields.ForeignKeyField("models.EvaluationScheme", related_name=False, on_delete=fields.CASCADE)
    application = fields.ForeignKeyField("models.Application", related_name=False, on_delete=fields.RESTRICT)
    sort = fields.IntField(default=0)

    class Meta:
        table = "scheme_participant"
        unique_together = (("application",),)


class SchemeExpertNeed(Model):
    """专家需求: experts of a specialty and level the committee needs for this round."""

    id = fields.BigIntField(primary_key=True)
    scheme = fields.ForeignKeyField("models.EvaluationScheme", related_name=False, on_delete=fields.CASCADE)
    specialty = fields.ForeignKeyField("models.Specialty", related_name=False, on_delete=fields.RESTRICT)
    level = fields.CharEnumField(Level, max_length=20)
    count = fields.IntField()
    sort = fields.IntField(default=0)

    class Meta:
        table = "scheme_expert_need"


class SchemeScoringItem(Model):
    """打分细则: one scored item with its weight. The weights of a scheme add up to 100."""

    id = fields.BigIntField(primary_key=True)
    scheme = fields.ForeignKeyField("models.EvaluationScheme", related_name=False, on_delete=fields.CASCADE)
    name = fields.CharField(max_length=50)
    weight = fields.DecimalField(max_digits=5, decimal_places=2)
    description = fields.CharField(max_length=300, default="")
    sort = fields.IntField(default=0)

    class Meta:
        table = "scheme_scoring_item"


class SchemeAttachment(Model):
    """方案附件."""

    id = fields.BigIntField(primary_key=True)
    scheme = fields.ForeignKeyField("models.EvaluationScheme", related_name=False, on_delete=fields.CASCADE)
    file = fields.ForeignKeyField("models.StoredFile", related_name=False, on_delete=fields.RESTRICT)
    sort = fields.IntField(default=0)

    class Meta:
        table = "scheme_attachment"


class Conclusion(str, Enum):
    PASSED = "PASSED"  # 通过
    FAILED = "FAILED"  # 不通过


class ParticipantResult(Model):
    """评审结果 of one participant: the vote of the members present and its conclusion."""

    id = fields.BigIntField(primary_key=True)
    participant = fields.OneToOneField("models.SchemeParticipant", related_name=False, on_delete=fields.CASCADE)
    members_present = fields.IntField()
    votes_for = fields.IntField()
    votes_against = fields.IntField()
    votes_abstain = fields.IntField()
    conclusion = fields.CharEnumField(Conclusion, max_length=8)
    # Set when the publicity closes: passed and no objection upheld. Filing then makes it certifiable.
    publicity_passed = fields.BooleanField(null=True)
    # 委托评审: the result goes back to the unit that issued the commission letter, which files it (and issues).
    commission_unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True, on_delete=fields.RESTRICT)
    commission_document_number = fields.CharField(max_length=50, default="")
    commission_filed_on = fields.DateField(null=True)
    commission_filed_by = fields.ForeignKeyField("models.Account", related_name=False, null=True,
                                                 on_delete=fields.SET_NULL)
    recorded_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    recorded_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "participant_result"


class SchemePublicity(Model):
    """公示 of the results of a scheme, from starts_on to ends_on (dates, Beijing)."""

    id = fields.BigIntField(primary_key=True)
    scheme = fields.OneToOneField("models.EvaluationScheme", related_name=False, on_delete=fields.CASCADE)
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    started_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    closed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "scheme_publicity"


class ObjectionOutcome(str, Enum):
    PENDING = "PENDING"  # 待处理
    UPHELD = "UPHELD"  # 异议成立: the participant leaves the passed list
    DISMISSED = "DISMISSED"  # 异议不成立


class PublicityObjection(Model):
    """异议: one received during the publicity against a participant, and how it was handled."""

    id = fields.BigIntField(primary_key=True)
    publicity = fields.ForeignKeyField("models.SchemePublicity", related_name=False, on_delete=fields.CASCADE)
    participant = fields.ForeignKeyField("models.SchemeParticipant", related_name=False, on_delete=fields.CASCADE)
    content = fields.CharField(max_length=500)
    received_on = fields.DateField()
    outcome = fields.CharEnumField(ObjectionOutcome, max_length=10, default=ObjectionOutcome.PENDING)
    handling = fields.CharField(max_length=500, default="")  # 处理意见
    recorded_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "publicity_objection"


class ResultFiling(Model):
    """评审结果备案: the filing by the HR bureau of the publicity-passed list of a scheme. One row per
    decision, the latest PASS files the scheme."""
    # No semicolon in a model docstring: Tortoise splits SQLite migrations at it (tests/test_layout.py).

    id = fields.BigIntField(primary_key=True)
    scheme = fields.ForeignKeyField("models.EvaluationScheme", related_name=False, on_delete=fields.CASCADE)
    decision = fields.CharField(max_length=8)  # PASS / RETURN
    opinion = fields.CharField(max_length=500, default="")
    document_number = fields.CharField(max_length=50, default="")  # 备案文号
    filed_on = fields.DateField(null=True)  # 备案时间
    decided_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "result_filing"
