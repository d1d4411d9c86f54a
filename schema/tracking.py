"""审核流程查询 as clients see it: one row per process, its steps (过程跟踪)."""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from models.access.masking import mask_ids_in_label
from models.workflow.models import NODE_LABELS, PROCESS_LABELS
from models.workflow.models import Decision as DecisionEnum
from models.workflow.models import NodeKind as NodeKindEnum
from models.workflow.models import ProcessType as ProcessTypeEnum
from models.workflow.models import Task as TaskRow
from models.workflow.models import TaskStatus as TaskStatusEnum
from schema.core.context import Info
from schema.task import NodeKind, ProcessType, ReviewDecision, TaskStatus
from schema.unit import Unit

# The global ID type of each process's subject, for node(id) under its own access rule.
SUBJECT_TYPES = {ProcessTypeEnum.APPLICATION: "Application", ProcessTypeEnum.ACHIEVEMENT_RECORD: "AchievementRecord",
                 ProcessTypeEnum.RECOGNITION: "Recognition", ProcessTypeEnum.REISSUE: "Reissue",
                 ProcessTypeEnum.EVALUATION_SCHEME: "EvaluationScheme",
                 ProcessTypeEnum.CERTIFICATE_VERIFICATION: "VerificationRequest",
                 ProcessTypeEnum.INITIAL_DETERMINATION: "Determination", ProcessTypeEnum.ACCREDITATION: "Determination",
                 ProcessTypeEnum.TALENT_STATISTICS: "TalentRecord"}


class StepsLoader(DataLoader):
    """Every task of (process type, subject id) keys, oldest first: one statement per page."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[tuple[str, int]]) -> list[list[TaskRow]]:
        groups: dict[tuple[str, int], list[TaskRow]] = {k: [] for k in keys}
        by_type: dict[str, set[int]] = {}
        for t, i in keys:
            by_type.setdefault(t, set()).add(i)
        for process_type, ids in by_type.items():
            for row in await TaskRow.filter(process_type=process_type, subject_id__in=list(ids)).order_by("id"):
                groups[(process_type, row.subject_id)].append(row)
        return [groups[k] for k in keys]


@strawberry.type(description="One step of a process: a task at one unit, and what it decided.")
class ProcessStep:
    row: strawberry.Private[TaskRow]
    node_kind: NodeKind
    status: TaskStatus
    decision: ReviewDecision | None
    opinion: str
    created_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, row: TaskRow) -> ProcessStep:
        return cls(row=row, node_kind=NodeKindEnum(row.node_kind), status=TaskStatusEnum(row.status),
                   decision=DecisionEnum(row.decision) if row.decision else None, opinion=row.opinion,
                   created_at=row.created_at, completed_at=row.completed_at)

    @strawberry.field(description="当前节点 as printed, e.g. 单位审核.")
    def node_label(self) -> str:
        return NODE_LABELS[NodeKindEnum(self.row.node_kind)]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.row.unit_id))


@strawberry.type(description="审核流程查询: one process that passed through a unit of your region, with its steps.")
class ProcessTrace:
    head: strawberry.Private[TaskRow]
    process_type: ProcessType

    @classmethod
    def of(cls, row: TaskRow) -> ProcessTrace:
        return cls(head=row, process_type=ProcessTypeEnum(row.process_type))

    @strawberry.field(description="流程类型 as printed.")
    def process_label(self) -> str:
        return PROCESS_LABELS[ProcessTypeEnum(self.head.process_type)]

    @strawberry.field(description="流程名称 (the ID number masked).")
    def title(self) -> str:
        return mask_ids_in_label(self.head.title)

    @strawberry.field(description="The request, declaration or scheme: open it with node(id), under its own rule.")
    def subject_id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64(SUBJECT_TYPES[ProcessTypeEnum(self.head.process_type)],
                                             self.head.subject_id))

    @strawberry.field(description="过程跟踪: every task of the process, oldest first, wherever its unit is.")
    async def steps(self, info: Info) -> list[ProcessStep]:
        rows = await info.context.loader(StepsLoader).load((self.head.process_type, self.head.subject_id))
        return [ProcessStep.of(r) for r in rows]

    @strawberry.field(description="The last step: where it stands now (or where it ended).")
    async def current(self, info: Info) -> ProcessStep:
        rows = await info.context.loader(StepsLoader).load((self.head.process_type, self.head.subject_id))
        return ProcessStep.of(rows[-1])

    @strawberry.field(description="发起时间: the first task's.")
    async def started_at(self, info: Info) -> datetime:
        rows = await info.context.loader(StepsLoader).load((self.head.process_type, self.head.subject_id))
        return rows[0].created_at
