"""Evaluation plans (评审计划) as clients see them, and the committee choice (选择评委会).

Published and closed plans are public; drafts reach only their organizers and managers (the
resolvers check before building a ``Plan``). Times are UTC date-times with an offset; the
manuals' deadlines are Beijing time (Asia/Shanghai) — send them with +08:00.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from models.application.models import EvaluationMode as EvaluationModeEnum
from models.committee.choice import WorkingState as WorkingStateEnum
from models.plan.models import DeclarationType as DeclarationTypeEnum
from models.plan.models import Plan as PlanRow
from models.plan.models import PlanAchievementRule as RuleRow
from models.plan.models import PlanAttachmentSlot as SlotRow
from models.plan.models import PlanFile as PlanFileRow
from models.plan.models import PlanSpecialty as PlanSpecialtyRow
from models.plan.models import PlanStatus as PlanStatusEnum
from models.plan.models import PlanType as PlanTypeEnum
from models.plan.rules import ATTACHMENT_TYPES, MIME_TO_TYPE, is_open
from models.plan.codes import PlanCode
from schema.achievement.types import AchievementCategory
from schema.catalogue import Level, SeriesByIdLoader, Specialty, SpecialtyByIdLoader
from schema.committee import Committee, CommitteeByIdLoader, CommitteeError
from schema.core.ids import from_row
from schema.core.context import Context, Info, ModelByIdLoader, RowsByKeyLoader
from schema.core.prefetch import Selection, prefetch_related, settle, when_loaded
from schema.core.errors import error_code_enum, error_type
from schema.file import File
from schema.message import Job
from schema.unit import Unit

PlanStatus = strawberry.enum(PlanStatusEnum, description="草稿 / 已发布 / 已关闭")
PlanType = strawberry.enum(PlanTypeEnum, description="常规计划 / 绿色通道 / 自主评审 / 其他")
DeclarationType = strawberry.enum(DeclarationTypeEnum, description="常规 / 破格 / 转评")
AttachmentType = strawberry.enum(Enum("AttachmentType", {k: k for k in ATTACHMENT_TYPES}),
                                 description="File types an attachment slot may allow.")
EvaluationMode = strawberry.enum(EvaluationModeEnum, description="评审 / 初定 / 认定 / 委托评审")
WorkingState = strawberry.enum(WorkingStateEnum, description="材料接收中 / 未开始 / 已过申报材料提交截止时间 / 未设置评审活动")


@strawberry.enum(description="Plan list order.")
class PlanSort(Enum):
    OPENS_AT_DESC = "OPENS_AT_DESC"
    CLOSES_AT_ASC = "CLOSES_AT_ASC"
    YEAR_DESC = "YEAR_DESC"


PlanErrorCode = error_code_enum("Plan", PlanCode, "Why a plan operation was refused.")
PlanError = error_type("Plan", PlanErrorCode)


# ---------------------------------------------------------------- loaders


class PlanByIdLoader(ModelByIdLoader):
    model = PlanRow


class SpecialtiesByPlanLoader(RowsByKeyLoader):
    model, key, joined = PlanSpecialtyRow, "plan_id", "specialty"


class SlotsByPlanLoader(RowsByKeyLoader):
    model, key, order = SlotRow, "plan_id", ("sort", "id")


class RulesByPlanLoader(RowsByKeyLoader):
    model, key = RuleRow, "plan_id"


class FilesByPlanLoader(RowsByKeyLoader):
    model, key, joined, order = PlanFileRow, "plan_id", "file", ("sort", "id")


# ---------------------------------------------------------------- types


@strawberry.type(description="An attachment the applicant uploads (评委会需求申报材料): limits per file and count.")
class PlanAttachmentSlot:
    row: strawberry.Private[SlotRow]
    name: str
    description: str
    required: bool
    max_size_mb: int = strawberry.field(description="Largest file, in MB (1–50).")
    max_count: int = strawberry.field(description="How many files at most (1–20).")

    @strawberry.field(description="Global ID; send it back with an update to keep the slot.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("PlanAttachmentSlot", self.row.id))

    @strawberry.field
    def allowed_types(self) -> list[AttachmentType]:  # type: ignore[valid-type]
        return [AttachmentType[MIME_TO_TYPE[m]] for m in self.row.allowed_types if m in MIME_TO_TYPE]


@strawberry.type(description="How many records of an achievement category an application at a level needs.")
class PlanAchievementRule:
    level: Level
    category: AchievementCategory  # type: ignore[valid-type]
    min_count: int
    max_count: int


@strawberry.type(name="PlanFile", description="A file published with the plan (政策文件, 评审活动安排, …).")
class PlanFileEntry:
    row: strawberry.Private[PlanFileRow]

    @strawberry.field(description="Global ID, for planFileRemove.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("PlanFile", self.row.id))

    @strawberry.field
    def file(self) -> File:
        return File.of(self.row.file)


@strawberry.type(description="An evaluation plan (评审计划): a committee's call for applications in one year.")
class Plan(relay.Node):
    row: strawberry.Private[PlanRow]
    id: relay.NodeID[int]
    name: str
    year: int = strawberry.field(description="计划年度 (the declaration year; not necessarily the calendar year).")
    plan_type: PlanType
    status: PlanStatus
    office: str = strawberry.field(description="办事机构.")
    contact_name: str
    contact_phone: str
    address: str
    opens_at: datetime = strawberry.field(description="申报开始时间.")
    closes_at: datetime = strawberry.field(description="申报截止时间.")
    personal_first_submit_deadline: datetime | None = strawberry.field(description="个人初次提交截止时间 (四川).")
    personal_modify_deadline: datetime | None = strawberry.field(description="个人修改提交截止时间 (四川).")
    unit_submit_deadline: datetime | None = strawberry.field(description="各单位提交截止时间 (四川).")
    scope_text: str = strawberry.field(description="评审范围对象.")
    content: str = strawberry.field(description="计划内容.")
    has_interview: bool = strawberry.field(description="是否组织面试答辩.")
    requires_recommendation: bool = strawberry.field(
        description="Employers attach 单位推荐意见 and 公示证明 before passing an application.")
    published_at: datetime | None
    version: int = strawberry.field(description="Send back with an update to guard against overwriting.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: PlanRow) -> "Plan":
        return from_row(cls, row, plan_type=PlanTypeEnum(row.plan_type), status=PlanStatusEnum(row.status))

    @strawberry.field(description="评审级别.")
    def levels(self) -> list[Level]:
        return [Level(v) for v in self.row.levels]

    @strawberry.field(description="申报类型.")
    def declaration_types(self) -> list[DeclarationType]:
        return [DeclarationTypeEnum(v) for v in self.row.declaration_types]

    @strawberry.field(description="Published and now inside its window.")
    def is_open(self) -> bool:
        return is_open(self.row)

    @strawberry.field
    def committee(self, info: Info) -> Committee:
        return when_loaded(info.context.loader(CommitteeByIdLoader).load(self.row.committee_id), Committee.of)

    @strawberry.field(description="The organizer unit that publishes it (发布部门).")
    def organizer(self, info: Info) -> Unit:
        return when_loaded(info.context.units.load(self.row.organizer_id), Unit.of)

    @strawberry.field(description="可评审专业.")
    def specialties(self, info: Info) -> list[Specialty]:
        return when_loaded(info.context.loader(SpecialtiesByPlanLoader).load(self.row.id),
                           lambda rows: [Specialty.of(r.specialty) for r in rows])

    @classmethod
    async def prefetch(cls, context: Context, rows: list[PlanRow], sel: Selection) -> None:
        """A page's committees (primed by plan_builder when joined), organizers and specialties."""
        loads = []
        if (committee := sel.get("committee")) is not None:
            loads.append(prefetch_related(context, CommitteeByIdLoader, [r.committee_id for r in rows], committee,
                                          Committee))
        if "organizer" in sel:
            loads.append(prefetch_related(context, context.units, [r.organizer_id for r in rows], sel.get("organizer"),
                                          Unit))
        if "specialties" in sel:
            loads.append(context.loader(SpecialtiesByPlanLoader).load_many([r.id for r in rows]))
        await settle(*loads)

    @strawberry.field(description="Specialties that need a written exam.")
    async def exam_specialties(self, info: Info) -> list[Specialty]:
        rows = await info.context.loader(SpecialtyByIdLoader).load_many(self.row.exam_specialty_ids)
        return [Specialty.of(r) for r in rows if r is not None]

    @strawberry.field(description="Attachments the applicant uploads.")
    async def attachment_slots(self, info: Info) -> list[PlanAttachmentSlot]:
        return [from_row(PlanAttachmentSlot, r) for r in await info.context.loader(SlotsByPlanLoader).load(self.row.id)]

    @strawberry.field(description="Achievement categories per level with min/max counts.")
    async def achievement_rules(self, info: Info, level: Level | None = None) -> list[PlanAchievementRule]:
        rows = await info.context.loader(RulesByPlanLoader).load(self.row.id)
        return [PlanAchievementRule(level=Level(r.level), category=AchievementCategory(r.category),
                                    min_count=r.min_count, max_count=r.max_count)
                for r in rows if level is None or r.level == level.value]

    @strawberry.field(description="相关附件: files to download.")
    async def files(self, info: Info) -> list[PlanFileEntry]:
        return [PlanFileEntry(row=r) for r in await info.context.loader(FilesByPlanLoader).load(self.row.id)]


def plan_builder(info: Info):
    """``Plan.of`` that also primes the committee and series loaders from rows fetched with
    select_related("committee__series"), so a list costs no extra queries for them."""
    committees = info.context.loader(CommitteeByIdLoader)
    series = info.context.loader(SeriesByIdLoader)

    def build(row: PlanRow) -> Plan:
        committee = getattr(row, "_committee", None)  # where Tortoise keeps a select_related row
        if committee is not None:
            committees.prime(committee.id, committee)
            s = getattr(committee, "_series", None)
            if s is not None:
                series.prime(s.id, s)
        return Plan.of(row)

    return build


@strawberry.type(description="A committee a person may apply to, with its working state (工作状态).")
class CommitteeChoice:
    committee: Committee
    working_state: WorkingState  # type: ignore[valid-type]
    plan: Plan | None = strawberry.field(description="The plan behind the state: open, upcoming or last closed.")


@strawberry.type(description="选择评委会: direct committees (scope covers your unit's region) and those needing a "
                             "commissioned review (委托评审, with a commission letter).")
class CommitteeChoices:
    errors: list[CommitteeError]  # type: ignore[valid-type]
    unit: Unit | None = strawberry.field(default=None, description="Your unit, whose region decides.")
    direct: list[CommitteeChoice] = strawberry.field(default_factory=list)
    commissioned: list[CommitteeChoice] = strawberry.field(default_factory=list)


# ---------------------------------------------------------------- inputs and payloads


@strawberry.input(description="Search plans; every field narrows the list.")
class PlanFilter:
    name_contains: str | None = None
    year: int | None = None
    level: Level | None = None
    series_id: strawberry.ID | None = None
    committee_id: strawberry.ID | None = None
    region_code: str | None = strawberry.field(
        default=None, description="Plans of committees whose scope covers this region.")
    plan_type: PlanType | None = None
    open_now: bool | None = strawberry.field(default=None, description="Only plans taking applications now.")
    status: PlanStatus | None = strawberry.field(
        default=None, description="In `plans`, drafts are never listed; use `myPlans` for them.")


@strawberry.input(description="An attachment slot; send `id` to keep and edit an existing one.")
class AttachmentSlotInput:
    id: strawberry.ID | None = None
    name: str
    description: str = ""
    required: bool = False
    allowed_types: list[AttachmentType]  # type: ignore[valid-type]
    max_size_mb: int = strawberry.field(default=10, description="1–50.")
    max_count: int = strawberry.field(default=5, description="1–20.")


@strawberry.input(description="Achievement category requirement at one of the plan's levels: 0 ≤ min ≤ max ≤ 50.")
class AchievementRuleInput:
    level: Level
    category: AchievementCategory  # type: ignore[valid-type]
    min_count: int = 0
    max_count: int = 10


@strawberry.input(description="Draft a plan. Times with an offset (e.g. 2024-03-01T00:00:00+08:00); a time without "
                             "one is read as Beijing time.")
class PlanCreateInput:
    committee_id: strawberry.ID
    organizer_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="The organizer unit publishing it; yours when you administer only one.")
    name: str
    year: int
    plan_type: PlanType = PlanTypeEnum.NORMAL
    levels: list[Level]
    declaration_types: list[DeclarationType]
    office: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    address: str = ""
    opens_at: datetime
    closes_at: datetime
    personal_first_submit_deadline: datetime | None = None
    personal_modify_deadline: datetime | None = None
    unit_submit_deadline: datetime | None = None
    scope_text: str = ""
    content: str = ""
    has_interview: bool = False
    requires_recommendation: bool = False
    specialty_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    exam_specialty_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    attachment_slots: list[AttachmentSlotInput] = strawberry.field(default_factory=list)
    achievement_rules: list[AchievementRuleInput] = strawberry.field(default_factory=list)


@strawberry.input(description="Edit a draft or published plan: send only what changes; a list replaces the "
                             "current one.")
class PlanUpdateInput:
    plan_id: strawberry.ID
    version: int | None = strawberry.field(default=None, description="The version you edited; CONFLICT if stale.")
    name: str | None = strawberry.UNSET
    year: int | None = strawberry.UNSET
    plan_type: PlanType | None = strawberry.UNSET
    levels: list[Level] | None = strawberry.UNSET
    declaration_types: list[DeclarationType] | None = strawberry.UNSET
    office: str | None = strawberry.UNSET
    contact_name: str | None = strawberry.UNSET
    contact_phone: str | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    opens_at: datetime | None = strawberry.UNSET
    closes_at: datetime | None = strawberry.UNSET
    personal_first_submit_deadline: datetime | None = strawberry.UNSET
    personal_modify_deadline: datetime | None = strawberry.UNSET
    unit_submit_deadline: datetime | None = strawberry.UNSET
    scope_text: str | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
    has_interview: bool | None = strawberry.UNSET
    requires_recommendation: bool | None = strawberry.UNSET
    specialty_ids: list[strawberry.ID] | None = strawberry.UNSET
    exam_specialty_ids: list[strawberry.ID] | None = strawberry.UNSET
    attachment_slots: list[AttachmentSlotInput] | None = strawberry.UNSET
    achievement_rules: list[AchievementRuleInput] | None = strawberry.UNSET


@strawberry.input(description="Publish (DRAFT → PUBLISHED) or close (PUBLISHED → CLOSED) a plan.")
class PlanTransitionInput:
    plan_id: strawberry.ID
    version: int | None = strawberry.field(default=None, description="The version you saw; CONFLICT if stale.")


@strawberry.input(description="Attach a downloadable file (pdf, doc(x), xls(x), jpeg, png; ≤ 20 MB).")
class PlanFileAddInput:
    plan_id: strawberry.ID
    file: Upload


@strawberry.input
class PlanFileRemoveInput:
    plan_id: strawberry.ID
    plan_file_id: strawberry.ID


@strawberry.type(description="Result of a plan mutation: the plan as it now is, or why nothing changed.")
class PlanPayload:
    errors: list[PlanError]  # type: ignore[valid-type]
    plan: Plan | None = None


@strawberry.type(description="The published plan and the notification job (poll it for progress).")
class PlanPublishPayload:
    errors: list[PlanError]  # type: ignore[valid-type]
    plan: Plan | None = None
    job: Job | None = None
