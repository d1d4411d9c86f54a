"""The task centre (任务中心): tasks addressed to units, and the history of a subject."""
from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from models.access.application import may_view_application
from models.access.masking import mask_ids_in_label
from models.account.models import Account as AccountRow
from models.workflow.models import NODE_LABELS, PROCESS_LABELS
from models.workflow.models import Decision as DecisionEnum
from models.workflow.models import NodeKind as NodeKindEnum
from models.workflow.models import ProcessType as ProcessTypeEnum
from models.workflow.models import Task as TaskRow
from models.workflow.models import TaskStatus as TaskStatusEnum
from models.workflow.codes import TaskCode
from schema.core.ids import from_row
from schema.core.context import Context, Info, ModelByIdLoader
from schema.core.prefetch import Selection, prefetch_related, settle, when_loaded
from schema.core.errors import error_code_enum, error_type
from schema.unit import Unit

ProcessType = strawberry.enum(ProcessTypeEnum, description="流程类型: 职称申报, 业绩库, 异地职称确认, 补换证, 呈报方案, 证书核验")
TaskStatus = strawberry.enum(TaskStatusEnum, description="待领取 / 已领取 / 已处理 / 已撤回")
ReviewDecision = strawberry.enum(DecisionEnum, name="ReviewDecision",
                                 description="通过 PASS / 退回 RETURN (to the person) / 终止 TERMINATE / 退回补充 SUPPLEMENT "
                                             "(an HR bureau's: back to the previous unit on the path, which gets a new "
                                             "task)")
NodeKind = strawberry.enum(NodeKindEnum, description="审核节点类型")

TaskErrorCode = error_code_enum("Task", TaskCode, "Why a task action was refused.")
TaskError = error_type("Task", TaskErrorCode)


@strawberry.enum(description="The task centre's four boxes.")
class TaskBox(Enum):
    PENDING_MINE = "PENDING_MINE"  # 待处理: claimed by me (and, where claiming is skipped, my unit's ready tasks)
    TO_CLAIM = "TO_CLAIM"  # 待领取: my unit's unclaimed tasks
    HANDLED_BY_ME = "HANDLED_BY_ME"  # 我已处理
    HANDLED_BY_UNIT = "HANDLED_BY_UNIT"  # 所有已处理


class AccountByIdLoader(ModelByIdLoader):
    model = AccountRow


def _may_view_application(viewer, application, task: TaskRow) -> bool:
    # Whoever sees the task works at its unit, a reviewing unit: the policy needs no further query.
    return may_view_application(viewer, application, reviewing_unit_ids=[task.unit_id])


@strawberry.type(description="A review task addressed to a unit.")
class Task(relay.Node):
    row: strawberry.Private[TaskRow]
    id: relay.NodeID[int]
    process_type: ProcessType
    title: str = strawberry.field(description="流程名称, e.g. 职称申报-张三【34**************73】-高级工程师 (the ID "
                                              "number masked; `application.person` has it for those allowed).")
    node_kind: NodeKind
    status: TaskStatus
    decision: ReviewDecision | None
    opinion: str
    created_at: datetime = strawberry.field(description="发起时间 (of this node).")
    claimed_at: datetime | None
    completed_at: datetime | None = strawberry.field(description="结束时间.")

    @classmethod
    def of(cls, row: TaskRow) -> "Task":
        return from_row(cls, row, process_type=ProcessTypeEnum(row.process_type), node_kind=NodeKindEnum(row.node_kind),
                        status=TaskStatusEnum(row.status), title=mask_ids_in_label(row.title),
                        decision=DecisionEnum(row.decision) if row.decision else None)

    @strawberry.field(description="流程类型 as printed.")
    def process_label(self) -> str:
        return PROCESS_LABELS[ProcessTypeEnum(self.row.process_type)]

    @strawberry.field(description="当前节点 as printed, e.g. 单位审核.")
    def node_label(self) -> str:
        return NODE_LABELS[NodeKindEnum(self.row.node_kind)]

    @strawberry.field(description="运行时长 in seconds: until completion, or until now.")
    def running_seconds(self) -> int:
        end = self.row.completed_at or datetime.now(timezone.utc)
        return max(int((end - self.row.created_at).total_seconds()), 0)

    @strawberry.field
    def unit(self, info: Info) -> Unit:
        return when_loaded(info.context.units.load(self.row.unit_id), Unit.of)

    @strawberry.field(description="Who claimed it.")
    def claimed_by(self, info: Info) -> str | None:
        if self.row.claimed_by_id is None:
            return None
        return when_loaded(info.context.loader(AccountByIdLoader).load(self.row.claimed_by_id),
                           lambda row: row.display_name if row else None)

    @strawberry.field(description="The application under review, for declaration tasks.")
    def application(self, info: Info) -> Annotated["Application", strawberry.lazy("schema.application.types")] | None:
        if self.row.process_type != ProcessTypeEnum.APPLICATION.value:
            return None
        from schema.application.loaders import ApplicationByIdLoader
        from schema.application.types import Application

        viewer = info.context.viewer

        def build(row):
            if row is None or not _may_view_application(viewer, row, self.row):
                return None
            node = Application.of(row)
            node.via_unit_id = self.row.unit_id
            return node

        return when_loaded(info.context.loader(ApplicationByIdLoader).load(self.row.subject_id), build)

    @classmethod
    async def prefetch(cls, context: Context, rows: list[TaskRow], sel: Selection) -> None:
        """A page's units, claimers and declaration applications (with what is selected of those the viewer
        may see): the fields above then resolve at once."""
        from schema.application.loaders import ApplicationByIdLoader
        from schema.application.types import Application

        async def applications(sub: Selection | None) -> None:
            tasks = [t for t in rows if t.process_type == ProcessTypeEnum.APPLICATION.value]
            found = await context.loader(ApplicationByIdLoader).load_many([t.subject_id for t in tasks])
            pairs = [(a, t) for a, t in zip(found, tasks) if a is not None and _may_view_application(context.viewer, a, t)]
            if sub is not None and pairs:
                await Application.prefetch(context, list({a.id: a for a, _ in pairs}.values()), sub,
                                           via={a.id: t.unit_id for a, t in pairs})

        loads = []
        if "unit" in sel:
            loads.append(prefetch_related(context, context.units, [t.unit_id for t in rows], sel.get("unit"), Unit))
        if "claimedBy" in sel:
            loads.append(prefetch_related(context, AccountByIdLoader, [t.claimed_by_id for t in rows], None))
        if "application" in sel:
            loads.append(applications(sel.get("application")))
        await settle(*loads)


    @strawberry.field(description="The evaluation scheme under review, for EVALUATION_SCHEME tasks (呈报方案审核).")
    async def evaluation_scheme(self, info: Info) -> Annotated["EvaluationScheme", strawberry.lazy("schema.evaluation.types")] | None:
        if self.row.process_type != ProcessTypeEnum.EVALUATION_SCHEME.value:
            return None
        from models.access.evaluation import can_view_scheme
        from schema.evaluation.types import EvaluationScheme, SchemeByIdLoader

        row = await info.context.loader(SchemeByIdLoader).load(self.row.subject_id)
        viewer = info.context.viewer
        # The task's unit is the bureau that manages the committee: its admins see the scheme without a query.
        if row is None or not (viewer.administers(self.row.unit_id) or await can_view_scheme(viewer, row)):
            return None
        return EvaluationScheme.of(row)


    @strawberry.field(description="The reissue under review, for REISSUE tasks (补换证).")
    async def reissue(self, info: Info) -> Annotated["Reissue", strawberry.lazy("schema.reissue.types")] | None:
        if self.row.process_type != ProcessTypeEnum.REISSUE.value:
            return None
        from models.access.reissue import may_view_reissue
        from schema.reissue.types import Reissue, ReissueByIdLoader

        row = await info.context.loader(ReissueByIdLoader).load(self.row.subject_id)
        if row is None or not may_view_reissue(info.context.viewer, row, reviewing_unit_ids=[self.row.unit_id]):
            return None
        return Reissue.of(row)

    @strawberry.field(description="The recognition under review, for RECOGNITION tasks (异地职称确认).")
    async def recognition(self, info: Info) -> Annotated[
            "Recognition", strawberry.lazy("schema.recognition.types")] | None:
        if self.row.process_type != ProcessTypeEnum.RECOGNITION.value:
            return None
        from models.access.recognition import may_view_recognition
        from schema.recognition.types import Recognition, RecognitionByIdLoader

        row = await info.context.loader(RecognitionByIdLoader).load(self.row.subject_id)
        if row is None or not may_view_recognition(info.context.viewer, row, reviewing_unit_ids=[self.row.unit_id]):
            return None
        return Recognition.of(row)

    @strawberry.field(description="The verification request under review, for CERTIFICATE_VERIFICATION tasks (证书核验).")
    async def verification_request(self, info: Info) -> Annotated[
            "VerificationRequest", strawberry.lazy("schema.verification_request.types")] | None:
        if self.row.process_type != ProcessTypeEnum.CERTIFICATE_VERIFICATION.value:
            return None
        from models.access.verification_request import may_view_verification
        from schema.verification_request.types import VerificationRequest, VerificationRequestByIdLoader

        row = await info.context.loader(VerificationRequestByIdLoader).load(self.row.subject_id)
        if row is None or not may_view_verification(info.context.viewer, row, reviewing_unit_ids=[self.row.unit_id]):
            return None
        return VerificationRequest.of(row)

    @strawberry.field(description="The declaration under review, for INITIAL_DETERMINATION and ACCREDITATION tasks "
                                  "(职称初定 / 职称认定).")
    async def determination(self, info: Info) -> Annotated[
            "Determination", strawberry.lazy("schema.determination.types")] | None:
        if self.row.process_type not in (ProcessTypeEnum.INITIAL_DETERMINATION.value,
                                         ProcessTypeEnum.ACCREDITATION.value):
            return None
        from models.access.determination import may_view_determination
        from schema.determination.types import Determination, DeterminationByIdLoader

        row = await info.context.loader(DeterminationByIdLoader).load(self.row.subject_id)
        if row is None or not may_view_determination(info.context.viewer, row, reviewing_unit_ids=[self.row.unit_id]):
            return None
        return Determination.of(row)

    @strawberry.field(description="The talent record under review, for TALENT_STATISTICS tasks (专技人才统计).")
    async def talent_record(self, info: Info) -> Annotated[
            "TalentRecord", strawberry.lazy("schema.talent_statistics.types")] | None:
        if self.row.process_type != ProcessTypeEnum.TALENT_STATISTICS.value:
            return None
        from models.access.talent_statistics import may_view_talent_record
        from schema.talent_statistics.types import TalentRecord, TalentRecordByIdLoader

        row = await info.context.loader(TalentRecordByIdLoader).load(self.row.subject_id)
        if row is None or not may_view_talent_record(info.context.viewer, row, reviewing_unit_ids=[self.row.unit_id]):
            return None
        return TalentRecord.of(row)


@strawberry.type(description="How many tasks of one process type each box holds.")
class TaskProcessCounts:
    process_type: ProcessType
    process_label: str = strawberry.field(description="流程类型 as printed, e.g. 异地职称确认.")
    pending_mine: int
    to_claim: int
    handled_by_me: int
    handled_by_unit: int


@strawberry.type(description="How many tasks each box of the task centre holds, in all and per process type.")
class TaskCounts:
    pending_mine: int
    to_claim: int
    handled_by_me: int
    handled_by_unit: int
    by_process_type: list[TaskProcessCounts] = strawberry.field(
        description="One entry per process type with a task in any box, in the order of ProcessType.")


@strawberry.input(description="Filters for the task centre.")
class TaskFilter:
    process_type: ProcessType | None = None
    title_contains: str | None = strawberry.field(default=None, description="流程名称 contains (name, ID, title).")
    created_from: datetime | None = None
    created_to: datetime | None = None


@strawberry.input
class TaskClaimInput:
    task_id: strawberry.ID


@strawberry.input(description="Decide a claimed task. Passing may choose where it goes next.")
class TaskDecideInput:
    task_id: strawberry.ID
    decision: ReviewDecision
    opinion: str = strawberry.field(default="", description="Required when returning, terminating or sending back "
                                                            "for supplement (退回补充意见).")
    next_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Provincial-level units choose the next node themselves.")
    extra_unit_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Employers may have other units review first; they pass back to the employer.")
    talent_center_id: strawberry.ID | None = strawberry.field(
        default=None, description="Employers tick the talent centre holding the personnel file (人事代理机构).")


@strawberry.input(description="Withdraw your PASS or SUPPLEMENT while the next node has not claimed the task.")
class TaskWithdrawInput:
    task_id: strawberry.ID


@strawberry.type
class TaskPayload:
    errors: list[TaskError]  # type: ignore[valid-type]
    task: Task | None = None
