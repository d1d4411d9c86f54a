"""Declarations as clients see them: sections, snapshots, attachments, the flow and its history."""
from __future__ import annotations

import asyncio
import dataclasses

from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from models.application.models import Application as ApplicationRow
from models.application.models import ApplicationAttachment as AttachmentRow
from models.application.models import ApplicationRecord as SnapshotRow
from models.application.models import ApplicationStatus as ApplicationStatusEnum
from models.application.models import EvaluationMode as EvaluationModeEnum
from models.core.history import HistoryEntry, SubjectType
from models.plan.models import DeclarationType as DeclarationTypeEnum
from models.application.codes import ApplicationCode
from schema.achievement.types import AchievementCategory
from schema.catalogue import (EvaluationStandard, Level, Series, SeriesByIdLoader, Specialty, SpecialtyByIdLoader,
                              StandardByIdLoader, TitleName, TitleNameByIdLoader)
from schema.application.loaders import (AttachmentsByApplicationLoader, FilesBySnapshotLoader,
                                         ReviewingUnitsByApplicationLoader, SnapshotsByApplicationLoader, TitlesByApplicationLoader)
from schema.core.ids import from_row
from schema.core.context import Context, Info
from schema.core.prefetch import Selection, settle
from schema.core.errors import error_code_enum, error_type
from schema.file import File, load_file
from schema.person import Person, person_in_full, visible_person
from schema.plan.types import DeclarationType, Plan, PlanByIdLoader
from schema.task import NodeKind
from schema.unit import Unit

ApplicationStatus = strawberry.enum(ApplicationStatusEnum, description="编辑中 / 审核中 / 退回 / 终止 / 审核通过")
EvaluationMode = strawberry.enum(EvaluationModeEnum, description="评审 / 初定 / 认定 / 委托评审")

ApplicationErrorCode = error_code_enum("Application", ApplicationCode, "Why a declaration action was refused.")
ApplicationError = error_type("Application", ApplicationErrorCode)


# The sections' fields, declared once for the type clients read and the input they send
# (inputs.py): plain dataclasses that both inherit.
@dataclasses.dataclass(kw_only=True)
class TeacherInfoFields:
    teacher_category: str | None = None
    staffing_type: str | None = None
    teaching_since: date | None = None
    teaching_years: int | None = None
    rural_teaching_years: int | None = None
    qualification: str | None = None
    grade_taught: str | None = None


@dataclasses.dataclass(kw_only=True)
class HealthInfoFields:
    practice_category: str | None = None
    practice_scope: str | None = None
    practice_certificate_number: str | None = None
    qualification_certificate_number: str | None = None


@dataclasses.dataclass(kw_only=True)
class PersonalInfoFields:
    former_name: str | None = None
    birthplace: str | None = None
    salary_grade: str | None = None
    party_post: str | None = None
    academic_posts: str | None = None
    health_status: str | None = None
    professional_years: int | None = None


@dataclasses.dataclass(kw_only=True)
class SpecialFormFields:
    reason: str | None = None
    achievements_summary: str | None = None
    original_series: str | None = None
    original_title: str | None = None


@strawberry.type(description="Teachers' professional info (教师信息).")
class TeacherInfo(TeacherInfoFields):
    pass


@strawberry.type(description="Health professionals' practice info (执业信息).")
class HealthInfo(HealthInfoFields):
    pass


@strawberry.type(description="个人信息 of the application. Professional years never exceed working years.")
class ApplicationPersonalInfo(PersonalInfoFields):
    working_years: int | None = None
    teacher: TeacherInfo | None = None
    health: HealthInfo | None = None


@strawberry.type(description="破格 / 转评 form.")
class ApplicationSpecialForm(SpecialFormFields):
    pass


@strawberry.type(description="A title the applicant holds, with its appointment (the first is the current post).")
class ApplicationTitle:
    title_name: str
    series_name: str
    obtained_on: date
    certificate_number: str
    appointed_on: date | None
    appointment_unit: str
    position: int


@strawberry.type(description="A library record imported into the application, as it was when imported.")
class ApplicationRecordSnapshot(relay.Node):
    row: strawberry.Private[SnapshotRow]
    id: relay.NodeID[int]
    title: str
    is_qualifying_education: bool = strawberry.field(description="合格学历.")
    position: int

    @strawberry.field
    def category(self) -> AchievementCategory:
        return AchievementCategory(self.row.category)

    @strawberry.field(description="The record's fields at import time (keys as in the library).")
    def data(self) -> JSON:
        return self.row.data

    @strawberry.field(description="The record's files as they were when imported.")
    async def attachments(self, info: Info) -> list[File]:
        return [File.of(row.file) for row in await info.context.loader(FilesBySnapshotLoader).load(self.row.id)]


@strawberry.type(description="A file uploaded into one of the plan's attachment slots.")
class ApplicationAttachment(relay.Node):
    row: strawberry.Private[AttachmentRow]
    id: relay.NodeID[int]
    created_at: datetime

    @strawberry.field(description="Global ID of the plan's attachment slot.")
    def slot_id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("PlanAttachmentSlot", self.row.slot_id))

    @strawberry.field
    async def file(self, info: Info) -> File | None:
        return await load_file(info, self.row.file_id)


@strawberry.enum(description="Where the review stands at a node of the flow.")
class FlowState(Enum):
    DONE = "DONE"
    CURRENT = "CURRENT"
    WAITING = "WAITING"


@strawberry.type(description="One node of the review flow (流程).")
class FlowNode:
    node_kind: NodeKind
    state: FlowState
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.unit_id))


def flow_nodes(review_path: list | None, position: int, *, approved: bool, in_review: bool) -> list[FlowNode]:
    """A resolved path as the flow shows it: done before the current node (all of it once approved)."""
    out = []
    for i, (kind, unit_id) in enumerate(review_path or []):
        if approved or i < position:
            state = FlowState.DONE
        elif i == position and in_review:
            state = FlowState.CURRENT
        else:
            state = FlowState.WAITING
        out.append(FlowNode(node_kind=kind, state=state, unit_id=unit_id))
    return out


@strawberry.type(description="One step of the history: who, in which unit, did what, with which opinion.")
class HistoryItem:
    action: str
    opinion: str
    at: datetime
    unit_id: strawberry.Private[int | None]

    @strawberry.field
    async def unit(self, info: Info) -> Unit | None:
        if self.unit_id is None:
            return None
        row = await info.context.units.load(self.unit_id)
        return Unit.of(row) if row else None


class HistoryLoader(DataLoader):
    """The history rows of (subject type, subject id) keys, oldest first: one statement per batch, so a list of
    applications, reissues or recognitions showing their history costs the same for one row as for fifty."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[tuple[SubjectType, int]]) -> list[list[HistoryItem]]:
        groups: dict[tuple[str, int], list[HistoryItem]] = {(t.value, i): [] for t, i in keys}
        by_type: dict[str, set[int]] = {}
        for t, i in keys:
            by_type.setdefault(t.value, set()).add(i)
        for subject_type, ids in by_type.items():
            for r in await HistoryEntry.filter(subject_type=subject_type, subject_id__in=list(ids)).order_by("id"):
                groups[(subject_type, r.subject_id)].append(
                    HistoryItem(action=r.action, opinion=r.opinion, at=r.created_at, unit_id=r.unit_id))
        return [groups[(t.value, i)] for t, i in keys]


async def history_of(info: Info, subject_type: SubjectType, subject_id: int) -> list[HistoryItem]:
    return await info.context.loader(HistoryLoader).load((subject_type, subject_id))


@strawberry.type(description="A declaration (职称申报). The person and the units on its path can reach it.")
class Application(relay.Node):
    row: strawberry.Private[ApplicationRow]
    id: relay.NodeID[int]
    year: int
    status: ApplicationStatus
    declaration_type: DeclarationType
    evaluation_mode: EvaluationMode
    commission_reference: str
    pledge_accepted_at: datetime = strawberry.field(description="When the integrity pledge was accepted.")
    submitted_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    updated_at: datetime
    # The unit of the task it was reached through (Task.application): a reviewing unit, known without a query.
    via_unit_id: strawberry.Private[int | None] = None

    @classmethod
    def of(cls, row: ApplicationRow) -> "Application":
        return from_row(cls, row, status=ApplicationStatusEnum(row.status),
                        declaration_type=DeclarationTypeEnum(row.declaration_type),
                        evaluation_mode=EvaluationModeEnum(row.evaluation_mode))

    @strawberry.field
    def level(self) -> Level:
        return Level(self.row.level)

    @strawberry.field(description="The applicant: in full for the person and the units reviewing the application.")
    def person(self, info: Info) -> Person | None:
        context = info.context
        found = context.persons.load(self.row.person_id)
        if not (isinstance(found, asyncio.Future) and found.done() and found.exception() is None):
            return self._person(info)
        row = found.result()  # prefetched: often settled at once
        if row is None:
            return None
        if self.via_unit_id is not None and (settled := person_in_full(context.viewer, row, (self.via_unit_id,))):
            return settled
        reviewing = context.loader(ReviewingUnitsByApplicationLoader).load(self.row.id)
        if reviewing.done() and reviewing.exception() is None:
            settled = person_in_full(context.viewer, row, reviewing.result())
            if settled is not None:
                return settled
        return self._person(info)

    async def _person(self, info: Info) -> Person | None:
        row = await info.context.persons.load(self.row.person_id)
        if row is None:
            return None
        reviewing = await info.context.loader(ReviewingUnitsByApplicationLoader).load(self.row.id)
        return await visible_person(info, row, reviewing=reviewing)

    @classmethod
    async def prefetch(cls, context: Context, rows: list[ApplicationRow], sel: Selection,
                       via: dict[int, int] | None = None) -> None:
        """``via``: application id -> the unit of the task it is reached through; where the viewer administers
        that unit, ``person`` is settled without the reviewing units."""
        loads = []
        if "person" in sel:
            via = via or {}
            viewer = context.viewer
            unsettled = [r.id for r in rows if not (viewer.is_platform_admin or r.person_id == viewer.person_id
                                                    or viewer.administers(via.get(r.id, 0)))]
            loads.append(context.persons.load_many([r.person_id for r in rows]))
            if unsettled:
                loads.append(context.loader(ReviewingUnitsByApplicationLoader).load_many(unsettled))
        await settle(*loads)

    @strawberry.field
    async def plan(self, info: Info) -> Plan:
        return Plan.of(await info.context.loader(PlanByIdLoader).load(self.row.plan_id))

    @strawberry.field
    async def series(self, info: Info) -> Series:
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))

    @strawberry.field
    async def specialty(self, info: Info) -> Specialty:
        return Specialty.of(await info.context.loader(SpecialtyByIdLoader).load(self.row.specialty_id))

    @strawberry.field
    async def title_name(self, info: Info) -> TitleName:
        return TitleName.of(await info.context.loader(TitleNameByIdLoader).load(self.row.title_name_id))

    @strawberry.field
    async def standard(self, info: Info) -> EvaluationStandard:
        return EvaluationStandard.of(await info.context.loader(StandardByIdLoader).load(self.row.standard_id))

    @strawberry.field(description="The employer (申报单位).")
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.row.unit_id))

    @strawberry.field
    def personal_info(self) -> ApplicationPersonalInfo:
        info = dict(self.row.personal_info or {})
        teacher, health = info.pop("teacher", None), info.pop("health", None)
        if teacher and teacher.get("teaching_since"):
            teacher = {**teacher, "teaching_since": date.fromisoformat(teacher["teaching_since"])}
        return ApplicationPersonalInfo(**info, teacher=TeacherInfo(**teacher) if teacher else None,
                                       health=HealthInfo(**health) if health else None)

    @strawberry.field
    def special_form(self) -> ApplicationSpecialForm:
        return ApplicationSpecialForm(**(self.row.special_form or {}))

    @strawberry.field(description="现有职称, ordered; the first is the current post.")
    async def titles(self, info: Info) -> list[ApplicationTitle]:
        return [from_row(ApplicationTitle, r) for r in
                await info.context.loader(TitlesByApplicationLoader).load(self.row.id)]

    @strawberry.field(description="Imported records (snapshots), in the applicant's order.")
    async def records(self, info: Info, category: AchievementCategory | None = None) -> list[ApplicationRecordSnapshot]:
        rows = await info.context.loader(SnapshotsByApplicationLoader).load(self.row.id)
        return [from_row(ApplicationRecordSnapshot, r) for r in rows
                if category is None or r.category == category.value]

    @strawberry.field
    async def attachments(self, info: Info) -> list[ApplicationAttachment]:
        return [from_row(ApplicationAttachment, r) for r in
                await info.context.loader(AttachmentsByApplicationLoader).load(self.row.id)]

    @strawberry.field(description="流程: every node of the review path with its state.")
    def flow(self) -> list[FlowNode]:
        return flow_nodes(self.row.review_path, self.row.path_position,
                          approved=self.row.status == ApplicationStatusEnum.APPROVED,
                          in_review=self.row.status == ApplicationStatusEnum.IN_REVIEW)

    @strawberry.field(description="Every step so far, oldest first.")
    async def history(self, info: Info) -> list[HistoryItem]:
        return await history_of(info, SubjectType.APPLICATION, self.row.id)


@strawberry.type(description="One rule of the pre-submit check (开始检测).")
class ApplicationCheckItem:
    rule: str
    passed: bool
    message: str
    field: str | None


@strawberry.type
class ApplicationPayload:
    errors: list[ApplicationError]  # type: ignore[valid-type]
    application: Application | None = None


@strawberry.type
class ApplicationDiscardPayload:
    errors: list[ApplicationError]  # type: ignore[valid-type]
    discarded_id: strawberry.ID | None = None
