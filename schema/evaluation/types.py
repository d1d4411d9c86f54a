"""Evaluation schemes (呈报方案) as clients see them: the organizer's admins, the HR bureaus that manage
the committee (and those above) and platform admins reach one (models/access/evaluation.py); the
resolvers check before building an ``EvaluationScheme``."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from models.evaluation.codes import EvaluationCode
from models.evaluation.models import Conclusion as ConclusionEnum
from models.evaluation.models import EvaluationScheme as SchemeRow
from models.evaluation.models import ObjectionOutcome as OutcomeEnum
from models.evaluation.models import ParticipantResult as ResultRow
from models.evaluation.models import PublicityObjection as ObjectionRow
from models.evaluation.models import ResultFiling as FilingRow
from models.evaluation.models import SchemePublicity as PublicityRow
from models.evaluation.models import SchemeAttachment as AttachmentRow
from models.evaluation.models import SchemeExpertNeed as NeedRow
from models.evaluation.models import SchemeKind as SchemeKindEnum
from models.evaluation.models import SchemeParticipant as ParticipantRow
from models.evaluation.models import SchemeScoringItem as ItemRow
from models.evaluation.models import SchemeStatus as SchemeStatusEnum
from models.evaluation.scheme import MAX_PARTICIPANTS
from schema.catalogue import Level, Specialty, SpecialtyByIdLoader
from schema.committee import Committee, CommitteeByIdLoader
from schema.core.context import Info, ModelByIdLoader, RowsByKeyLoader
from schema.core.errors import error_code_enum, error_type
from schema.core.ids import from_row
from schema.file import File
from schema.plan.types import Plan, PlanByIdLoader
from schema.unit import Unit

SchemeKind = strawberry.enum(SchemeKindEnum, description="正常方案 / 特殊方案（特殊情况，由另一组审核人员审核）")
SchemeStatus = strawberry.enum(SchemeStatusEnum, description="未提交 / 待审核 / 已退回 / 审核通过 / 公示中 / 公示结束 / 已备案")
Conclusion = strawberry.enum(ConclusionEnum, description="通过 / 不通过")
ObjectionOutcome = strawberry.enum(OutcomeEnum, description="待处理 / 异议成立 / 异议不成立")
EvaluationErrorCode = error_code_enum("Evaluation", EvaluationCode, "Why an evaluation scheme operation was refused.")
EvaluationError = error_type("Evaluation", EvaluationErrorCode)


class SchemeByIdLoader(ModelByIdLoader):
    model = SchemeRow


class ResultByParticipantLoader(RowsByKeyLoader):
    model, key = ResultRow, "participant_id"


class PublicityBySchemeLoader(RowsByKeyLoader):
    model, key = PublicityRow, "scheme_id"


class ObjectionsByPublicityLoader(RowsByKeyLoader):
    model, key = ObjectionRow, "publicity_id"


class FilingsBySchemeLoader(RowsByKeyLoader):
    model, key = FilingRow, "scheme_id"


class ParticipantsBySchemeLoader(RowsByKeyLoader):
    # One query for a page of schemes' participants with what the list shows of each declaration.
    model, key, order = ParticipantRow, "scheme_id", ("sort", "id")

    async def _load(self, keys: list) -> list[list]:
        groups: dict = {k: [] for k in keys}
        rows = await ParticipantRow.filter(scheme_id__in=list(set(keys))).order_by(*self.order).select_related(
            "application__person", "application__title_name", "application__specialty")
        for row in rows:
            groups[row.scheme_id].append(row)
        return [groups[k] for k in keys]


class NeedsBySchemeLoader(RowsByKeyLoader):
    model, key, order = NeedRow, "scheme_id", ("sort", "id")


class ItemsBySchemeLoader(RowsByKeyLoader):
    model, key, order = ItemRow, "scheme_id", ("sort", "id")


class AttachmentsBySchemeLoader(RowsByKeyLoader):
    model, key, joined, order = AttachmentRow, "scheme_id", "file", ("sort", "id")


@strawberry.type(description="评审结果: the vote of the members present and its conclusion.")
class ParticipantResult:
    members_present: int = strawberry.field(description="出席人数.")
    votes_for: int = strawberry.field(description="赞成.")
    votes_against: int = strawberry.field(description="反对.")
    votes_abstain: int = strawberry.field(description="弃权.")
    conclusion: Conclusion
    publicity_passed: bool | None = strawberry.field(
        description="公示通过: set when the publicity closes (passed, no objection upheld); null before.")
    recorded_at: datetime


@strawberry.type(description="参评人员: a declaration the review chain approved, as the scheme lists it.")
class SchemeParticipant:
    row: strawberry.Private[ParticipantRow]

    @strawberry.field(description="Global ID (SchemeParticipant), for results and objections.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("SchemeParticipant", self.row.id))

    @strawberry.field(description="评审结果, once recorded.")
    async def result(self, info: Info) -> ParticipantResult | None:
        rows = await info.context.loader(ResultByParticipantLoader).load(self.row.id)
        return from_row(ParticipantResult, rows[0], conclusion=ConclusionEnum(rows[0].conclusion)) if rows else None

    @strawberry.field(description="The declaration's global ID (Application); open it where your access allows.")
    def application_id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("Application", self.row.application_id))

    @strawberry.field(description="姓名.")
    def name(self) -> str:
        return self.row.application.person.real_name

    @strawberry.field(description="申报资格.")
    def title_name(self) -> str:
        return self.row.application.title_name.name

    @strawberry.field(description="申报专业.")
    def specialty(self) -> str:
        return self.row.application.specialty.name

    @strawberry.field(description="申报类型 (REGULAR / EXCEPTIONAL / TRANSFER).")
    def declaration_type(self) -> str:
        return self.row.application.declaration_type


@strawberry.type(description="专家需求: experts of a specialty and level.")
class SchemeExpertNeed:
    row: strawberry.Private[NeedRow]
    level: Level
    count: int = strawberry.field(description="专家人数 (1–99).")

    @strawberry.field
    async def specialty(self, info: Info) -> Specialty | None:
        row = await info.context.loader(SpecialtyByIdLoader).load(self.row.specialty_id)
        return Specialty.of(row) if row else None


@strawberry.type(description="打分细则: a scored item and its weight (the weights add up to 100).")
class SchemeScoringItem:
    name: str
    weight: Decimal
    description: str


@strawberry.type(description="异议 received during the publicity, and its handling.")
class PublicityObjection:
    row: strawberry.Private[ObjectionRow]
    content: str
    received_on: date
    outcome: ObjectionOutcome
    handling: str = strawberry.field(description="处理意见.")

    @strawberry.field(description="Global ID, for evaluationObjectionResolve.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("PublicityObjection", self.row.id))

    @strawberry.field(description="The participant it is about (SchemeParticipant global ID).")
    def participant_id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("SchemeParticipant", self.row.participant_id))


@strawberry.type(description="公示.")
class SchemePublicity:
    row: strawberry.Private[PublicityRow]
    starts_on: date
    ends_on: date
    closed_at: datetime | None

    @strawberry.field(description="异议, in the order received.")
    async def objections(self, info: Info) -> list[PublicityObjection]:
        rows = await info.context.loader(ObjectionsByPublicityLoader).load(self.row.id)
        return [from_row(PublicityObjection, r, outcome=OutcomeEnum(r.outcome)) for r in rows]


@strawberry.type(description="评审结果备案: one decision of the HR bureau on the publicity-passed list.")
class ResultFiling:
    decision: str = strawberry.field(description="PASS (备案) or RETURN (退回).")
    opinion: str
    document_number: str = strawberry.field(description="备案文号.")
    filed_on: date | None = strawberry.field(description="备案时间.")
    created_at: datetime


@strawberry.type(description="方案附件.")
class SchemeAttachment:
    row: strawberry.Private[AttachmentRow]

    @strawberry.field(description="Global ID, for evaluationSchemeFileRemove.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("SchemeAttachment", self.row.id))

    @strawberry.field
    def file(self) -> File:
        return File.of(self.row.file)


@strawberry.type(description="呈报方案: a committee organizer's plan for evaluating a plan's approved declarations, "
                             "reviewed by the HR bureau that manages the committee (task centre, EVALUATION_SCHEME).")
class EvaluationScheme(relay.Node):
    row: strawberry.Private[SchemeRow]
    id: relay.NodeID[int]
    name: str = strawberry.field(description="方案名称.")
    kind: SchemeKind
    special_reason: str = strawberry.field(description="特殊情况说明 (special schemes).")
    meeting_date: date | None = strawberry.field(description="拟评审日期.")
    pass_mark: Decimal | None = strawberry.field(description="通过分数线, of 100.")
    remarks: str
    status: SchemeStatus
    submitted_at: datetime | None
    created_at: datetime
    version: int

    @classmethod
    def of(cls, row: SchemeRow) -> "EvaluationScheme":
        return from_row(cls, row, kind=SchemeKindEnum(row.kind), status=SchemeStatusEnum(row.status))

    @strawberry.field
    async def plan(self, info: Info) -> Plan:
        return Plan.of(await info.context.loader(PlanByIdLoader).load(self.row.plan_id))

    @strawberry.field
    async def committee(self, info: Info) -> Committee:
        return Committee.of(await info.context.loader(CommitteeByIdLoader).load(self.row.committee_id))

    @strawberry.field(description="组建单位.")
    async def organizer(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.row.organizer_id))

    @strawberry.field(description=f"参评人员, in the order chosen (at most {MAX_PARTICIPANTS}).")
    async def participants(self, info: Info) -> list[SchemeParticipant]:
        return [SchemeParticipant(row=r) for r in await info.context.loader(ParticipantsBySchemeLoader).load(self.row.id)]

    @strawberry.field(description="How many participants.")
    async def participant_count(self, info: Info) -> int:
        return len(await info.context.loader(ParticipantsBySchemeLoader).load(self.row.id))

    @strawberry.field(description="专家需求.")
    async def expert_needs(self, info: Info) -> list[SchemeExpertNeed]:
        rows = await info.context.loader(NeedsBySchemeLoader).load(self.row.id)
        return [from_row(SchemeExpertNeed, r, level=r.level) for r in rows]

    @strawberry.field(description="打分细则.")
    async def scoring_items(self, info: Info) -> list[SchemeScoringItem]:
        rows = await info.context.loader(ItemsBySchemeLoader).load(self.row.id)
        return [SchemeScoringItem(name=r.name, weight=r.weight, description=r.description) for r in rows]

    @strawberry.field(description="方案附件.")
    async def attachments(self, info: Info) -> list[SchemeAttachment]:
        return [SchemeAttachment(row=r) for r in await info.context.loader(AttachmentsBySchemeLoader).load(self.row.id)]

    @strawberry.field(description="公示, once started.")
    async def publicity(self, info: Info) -> SchemePublicity | None:
        rows = await info.context.loader(PublicityBySchemeLoader).load(self.row.id)
        return from_row(SchemePublicity, rows[0]) if rows else None

    @strawberry.field(description="评审结果备案 decisions, oldest first; the last PASS filed the results.")
    async def filings(self, info: Info) -> list[ResultFiling]:
        return [from_row(ResultFiling, r) for r in await info.context.loader(FilingsBySchemeLoader).load(self.row.id)]
