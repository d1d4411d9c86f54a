"""Review-path configuration (审核路径配置) as HR bureaus see it."""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from models.workflow.models import ProcessPath as ProcessPathRow
from models.workflow.models import ReviewPath as PathRow
from models.workflow.codes import ReviewPathCode
from schema.application.types import EvaluationMode
from schema.committee import CommitteeTier
from schema.core.ids import from_row
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.region import Region, load_region
from schema.catalogue import Level
from schema.task import NodeKind, ProcessType

ReviewPathErrorCode = error_code_enum("ReviewPath", ReviewPathCode, "Why a review-path change was refused.")
ReviewPathError = error_type("ReviewPath", ReviewPathErrorCode)


@strawberry.type(description="For one evaluation mode and committee tier, within a region: the node kinds in order.")
class ReviewPath(relay.Node):
    row: strawberry.Private[PathRow]
    id: relay.NodeID[int]
    updated_at: datetime

    @classmethod
    def of(cls, row: PathRow) -> "ReviewPath":
        return from_row(cls, row)

    @strawberry.field
    def evaluation_mode(self) -> EvaluationMode:
        return EvaluationMode(self.row.evaluation_mode)

    @strawberry.field
    def committee_tier(self) -> CommitteeTier:
        return CommitteeTier(self.row.committee_tier)

    @strawberry.field
    def node_kinds(self) -> list[NodeKind]:
        return [NodeKind(k) for k in self.row.node_kinds]

    @strawberry.field
    async def region(self, info: Info) -> Region:
        return await load_region(info, self.row.region_id)


@strawberry.input(description="Set (create or replace) the path for a mode, tier and region.")
class ReviewPathSetInput:
    evaluation_mode: EvaluationMode
    committee_tier: CommitteeTier
    region_code: str
    node_kinds: list[NodeKind]


@strawberry.input
class ReviewPathDeleteInput:
    review_path_id: strawberry.ID


@strawberry.type
class ReviewPathPayload:
    errors: list[ReviewPathError]  # type: ignore[valid-type]
    review_path: ReviewPath | None = None


@strawberry.type(description="审核路径配置 of a process outside committee review (补换证): for a process type and a level "
                             "(null: every level), within a region, the node kinds in order.")
class ProcessPath(relay.Node):
    row: strawberry.Private[ProcessPathRow]
    id: relay.NodeID[int]
    updated_at: datetime

    @classmethod
    def of(cls, row: ProcessPathRow) -> "ProcessPath":
        return from_row(cls, row)

    @strawberry.field
    def process_type(self) -> ProcessType:
        return ProcessType(self.row.process_type)

    @strawberry.field
    def level(self) -> Level | None:
        return Level(self.row.level) if self.row.level else None

    @strawberry.field
    def node_kinds(self) -> list[NodeKind]:
        return [NodeKind(k) for k in self.row.node_kinds]

    @strawberry.field
    async def region(self, info: Info) -> Region:
        return await load_region(info, self.row.region_id)


@strawberry.input(description="Set (create or replace) a process's path for a level and region. A reissue's path "
                              "starts with EMPLOYER and ends with ISSUER.")
class ProcessPathSetInput:
    process_type: ProcessType
    region_code: str
    node_kinds: list[NodeKind]
    level: Level | None = strawberry.field(default=None, description="Null: every level without a path of its own.")


@strawberry.input
class ProcessPathDeleteInput:
    process_path_id: strawberry.ID


@strawberry.type
class ProcessPathPayload:
    errors: list[ReviewPathError]  # type: ignore[valid-type]
    process_path: ProcessPath | None = None
