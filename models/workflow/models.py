"""The review engine's data: tasks addressed to units, and review paths as configuration.

One engine serves every process (declarations and records now; recognition and reissue
later): the process registry (models/workflow/processes.py) says what happens when one of
its tasks is decided. Tasks follow the BPM engines' lifecycle: READY (待领取) →
CLAIMED by one admin (待处理) → COMPLETED with PASS / RETURN / TERMINATE, or
CANCELLED when a withdrawal takes it back. Rows that race carry ``version``.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class ProcessType(str, Enum):
    APPLICATION = "APPLICATION"  # 职称申报
    ACHIEVEMENT_RECORD = "ACHIEVEMENT_RECORD"  # 业绩库审核
    RECOGNITION = "RECOGNITION"  # 异地职称确认
    REISSUE = "REISSUE"  # 补换证
    EVALUATION_SCHEME = "EVALUATION_SCHEME"  # 呈报方案审核
    CERTIFICATE_VERIFICATION = "CERTIFICATE_VERIFICATION"  # 证书核验
    INITIAL_DETERMINATION = "INITIAL_DETERMINATION"  # 职称初定
    # 职称认定 (evaluation mode RECOGNITION): RECOGNITION above is 异地职称确认, so the process has its own name.
    ACCREDITATION = "ACCREDITATION"
    TALENT_STATISTICS = "TALENT_STATISTICS"  # 专技人才统计


PROCESS_LABELS = {ProcessType.APPLICATION: "职称申报", ProcessType.ACHIEVEMENT_RECORD: "业绩库",
                  ProcessType.RECOGNITION: "异地职称确认", ProcessType.REISSUE: "补换证",
                  ProcessType.EVALUATION_SCHEME: "呈报方案", ProcessType.CERTIFICATE_VERIFICATION: "证书核验",
                  ProcessType.INITIAL_DETERMINATION: "职称初定", ProcessType.ACCREDITATION: "职称认定",
                  ProcessType.TALENT_STATISTICS: "专技人才统计"}


class TaskStatus(str, Enum):
    READY = "READY"  # 待领取
    CLAIMED = "CLAIMED"  # 待处理 (by the claimer)
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class Decision(str, Enum):
    PASS = "PASS"
    RETURN = "RETURN"
    TERMINATE = "TERMINATE"
    SUPPLEMENT = "SUPPLEMENT"  # 退回补充: back to the previous unit on the path, which may pass it on down


class NodeKind(str, Enum):
    EMPLOYER = "EMPLOYER"  # 单位审核
    EXTRA_UNIT = "EXTRA_UNIT"  # 其他单位 chosen by the employer; passes back to the employer
    TALENT_CENTER = "TALENT_CENTER"  # 人事代理机构, when the file is held there
    COMPETENT_DEPARTMENT = "COMPETENT_DEPARTMENT"  # 主管部门
    HR_BUREAU_COUNTY = "HR_BUREAU_COUNTY"  # 县区人社
    HR_BUREAU_CITY = "HR_BUREAU_CITY"  # 市人社
    HR_BUREAU_PROVINCE = "HR_BUREAU_PROVINCE"  # 省人社
    ORGANIZER = "ORGANIZER"  # 评委会组建单位
    SCHEME_REVIEW = "SCHEME_REVIEW"  # 呈报方案审核 (HR bureau)
    SPECIAL_SCHEME_REVIEW = "SPECIAL_SCHEME_REVIEW"  # 呈报方案审核（特殊情况）: other reviewers
    ISSUER = "ISSUER"  # 发证机关: the last node of a reissue, whose PASS issues the new certificate


NODE_LABELS = {
    NodeKind.EMPLOYER: "单位审核", NodeKind.EXTRA_UNIT: "其他单位审核", NodeKind.TALENT_CENTER: "人事代理机构审核",
    NodeKind.COMPETENT_DEPARTMENT: "主管部门审核", NodeKind.HR_BUREAU_COUNTY: "县区人社部门审核",
    NodeKind.HR_BUREAU_CITY: "市人社部门审核", NodeKind.HR_BUREAU_PROVINCE: "省人社部门审核",
    NodeKind.ORGANIZER: "组建单位审核", NodeKind.SCHEME_REVIEW: "呈报方案审核",
    NodeKind.SPECIAL_SCHEME_REVIEW: "呈报方案审核（特殊情况）", NodeKind.ISSUER: "发证机关审核",
}


class Task(Model):
    id = fields.BigIntField(primary_key=True)
    # Fixed descriptions, as Job.kind's (models/core/job.py): a new member must not rebuild the table on SQLite.
    process_type = fields.CharEnumField(ProcessType, max_length=24, description="ProcessType")
    subject_id = fields.BigIntField()
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    node_kind = fields.CharEnumField(NodeKind, max_length=24, description="NodeKind")
    title = fields.CharField(max_length=200)  # 流程名称, e.g. 职称申报-张三【3401…】-高级工程师
    person = fields.ForeignKeyField("models.Person", related_name=False, null=True, on_delete=fields.CASCADE)
    status = fields.CharEnumField(TaskStatus, max_length=10, default=TaskStatus.READY)
    claimed_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    claimed_at = fields.DatetimeField(null=True)
    # A fixed description, so a new member is no AlterField (a table rebuild on SQLite).
    decision = fields.CharEnumField(Decision, max_length=10, null=True, description="Decision")
    opinion = fields.CharField(max_length=1000, default="")  # wider than the OPINION_MAX the engine allows
    completed_by = fields.ForeignKeyField("models.Account", related_name=False, null=True,
                                          on_delete=fields.SET_NULL)
    completed_at = fields.DatetimeField(null=True)
    previous = fields.ForeignKeyField("models.Task", related_name=False, null=True, on_delete=fields.SET_NULL)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "task"
        # The task centre filters by unit (or completer) and status and pages by id.
        indexes = (("unit_id", "status", "id"), ("process_type", "subject_id"), ("completed_by_id", "status", "id"))


class ReviewPath(Model):
    """审核路径配置: for an evaluation mode and committee tier, within a region, the node kinds an
    application passes through. The most specific region wins, and nodes with no unit are skipped."""

    id = fields.BigIntField(primary_key=True)
    evaluation_mode = fields.CharField(max_length=32)
    committee_tier = fields.CharField(max_length=12)
    region = fields.ForeignKeyField("models.Region", related_name=False, on_delete=fields.RESTRICT)
    node_kinds = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "review_path"
        unique_together = (("evaluation_mode", "committee_tier", "region"),)


class ProcessPath(Model):
    """审核路径配置 of the processes outside committee review (补换证 now, 异地职称确认, 初定, 认定 next): for a
    process type and a level (empty: every level), within a region, the node kinds in order. The most specific
    region wins, a level's row before the all-levels one, and where none is set the process's default applies."""

    id = fields.BigIntField(primary_key=True)
    process_type = fields.CharField(max_length=24)
    level = fields.CharField(max_length=20, default="")
    region = fields.ForeignKeyField("models.Region", related_name=False, on_delete=fields.RESTRICT)
    node_kinds = fields.JSONField(default=list)
    updated_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "process_path"
        unique_together = (("process_type", "level", "region"),)
