"""受理机构 (acceptance bodies) as HR bureaus keep them, and the 申报须知 a person reads before declaring."""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from models.application.models import EvaluationMode as EvaluationModeEnum
from models.catalogue.models import Level as LevelEnum
from models.determination.codes import AcceptanceCode
from models.determination.models import AcceptanceBody as AcceptanceBodyRow
from models.determination.models import AcceptanceBodyStatus as AcceptanceBodyStatusEnum
from models.workflow.models import NODE_LABELS
from models.workflow.models import NodeKind as NodeKindEnum
from schema.application.types import EvaluationMode
from schema.catalogue import Level
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.core.ids import from_row
from schema.region import Region, load_region
from schema.task import NodeKind
from schema.unit import Unit

AcceptanceBodyStatus = strawberry.enum(AcceptanceBodyStatusEnum, description="受理机构状态: 正常 / 已注销")
AcceptanceErrorCode = error_code_enum("Acceptance", AcceptanceCode,
                                      "Why an acceptance-body change or an Excel import was refused.")
AcceptanceError = error_type("Acceptance", AcceptanceErrorCode)


@strawberry.type(description="受理机构: the unit that accepts 初定 / 认定 declarations of one level at one node kind, for "
                             "a region and below. Seen by the HR bureaus of that region and above, and platform admins.")
class AcceptanceBody(relay.Node):
    row: strawberry.Private[AcceptanceBodyRow]
    id: relay.NodeID[int]
    node_kind: NodeKind = strawberry.field(description="受理节点类型: COMPETENT_DEPARTMENT, HR_BUREAU_COUNTY / CITY / "
                                                       "PROVINCE or ISSUER.")
    node_label: str = strawberry.field(description="受理节点类型 as the forms print it (发证机关审核, …).")
    level: Level = strawberry.field(description="职称等级.")
    evaluation_mode: EvaluationMode = strawberry.field(description="取得方式: INITIAL_DETERMINATION or RECOGNITION.")
    status: AcceptanceBodyStatus
    notice: str = strawberry.field(description="申报须知 shown to applicants.")
    version: int = strawberry.field(description="Send it back with an edit; a stale one is refused (CONFLICT).")
    cancelled_at: datetime | None = strawberry.field(description="注销 time; null while active.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: AcceptanceBodyRow) -> AcceptanceBody:
        kind = NodeKindEnum(row.node_kind)
        return from_row(cls, row, node_kind=kind, node_label=NODE_LABELS[kind], level=LevelEnum(row.level),
                        evaluation_mode=EvaluationModeEnum(row.evaluation_mode),
                        status=AcceptanceBodyStatusEnum(row.status))

    @strawberry.field(description="The accepting unit.")
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.row.unit_id))

    @strawberry.field(description="属地: the body accepts declarations from units of this region and below.")
    async def region(self, info: Info) -> Region:
        region = await load_region(info, self.row.region_id)
        assert region is not None
        return region

    @strawberry.field(description="The HR bureau that keeps it; null when a platform admin set it up.")
    async def managed_by(self, info: Info) -> Unit | None:
        if self.row.managed_by_id is None:
            return None
        row = await info.context.units.load(self.row.managed_by_id)
        return Unit.of(row) if row else None


@strawberry.type(description="申报须知 of one acceptance body that applies to the signed-in person's unit.")
class AcceptanceNotice:
    row: strawberry.Private[AcceptanceBodyRow]
    unit_name: str = strawberry.field(description="The accepting unit's name.")
    node_kind: NodeKind
    node_label: str = strawberry.field(description="受理节点类型 as the forms print it.")
    notice: str = strawberry.field(description="申报须知; empty when the body wrote none.")

    @classmethod
    def of(cls, row: AcceptanceBodyRow) -> AcceptanceNotice:
        kind = NodeKindEnum(row.node_kind)
        return cls(row=row, unit_name=row.unit.name, node_kind=kind, node_label=NODE_LABELS[kind], notice=row.notice)

    @strawberry.field(description="The region the body was set for (the person's, or one above it).")
    async def region(self, info: Info) -> Region:
        region = await load_region(info, self.row.region_id)
        assert region is not None
        return region


@strawberry.input(description="Search of 受理机构: every field narrows the list.")
class AcceptanceBodyFilter:
    evaluation_mode: EvaluationMode | None = None
    level: Level | None = None
    node_kind: NodeKind | None = None
    region_code: str | None = strawberry.field(default=None, description="Within this region and below.")
    status: AcceptanceBodyStatus | None = None
    name: str | None = strawberry.field(default=None, description="Part of the accepting unit's name.")


@strawberry.input(description="新增 (without acceptanceBodyId) or 修改 a 受理机构. Re-adding a cancelled one reactivates it.")
class AcceptanceBodySaveInput:
    unit_id: strawberry.ID = strawberry.field(description="The accepting unit (机构名称).")
    node_kind: NodeKind = strawberry.field(description="受理节点类型.")
    level: Level = strawberry.field(description="职称等级.")
    evaluation_mode: EvaluationMode = strawberry.field(description="取得方式: INITIAL_DETERMINATION or RECOGNITION.")
    region_code: str = strawberry.field(description="属地: six-digit region code within your HR bureau's region.")
    notice: str | None = strawberry.field(default=None, description="申报须知, at most 2000 characters.")
    acceptance_body_id: strawberry.ID | None = strawberry.field(default=None, description="The body to edit.")
    version: int | None = strawberry.field(default=None, description="Required with acceptanceBodyId: the version "
                                                                     "you read.")


@strawberry.input(description="注销 a 受理机构.")
class AcceptanceBodyCancelInput:
    acceptance_body_id: strawberry.ID


@strawberry.type
class AcceptanceBodyPayload:
    errors: list[AcceptanceError]  # type: ignore[valid-type]
    acceptance_body: AcceptanceBody | None = None
