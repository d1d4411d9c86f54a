"""Bindings (人员注册审核): a person's request to join a unit, and the unit's decision."""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from models.person.binding import Binding as BindingRow
from models.person.binding import BindingDecision as BindingDecisionEnum
from models.person.binding import BindingStatus as BindingStatusEnum
from models.person.codes import BindingCode
from schema.core.ids import from_row
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.person import Person, visible_person
from schema.unit import Unit

BindingStatus = strawberry.enum(BindingStatusEnum, description="待审核 / 审核通过 / 已退回 / 已被新申请取代")
BindingDecision = strawberry.enum(BindingDecisionEnum, description="通过 / 退回")

BindingErrorCode = error_code_enum("Binding", BindingCode, "Why a binding operation was refused.")
BindingError = error_type("Binding", BindingErrorCode)


@strawberry.type(description="A request to belong to a unit (注册/变更单位) and its decision.")
class Binding(relay.Node):
    row: strawberry.Private[BindingRow]
    id: relay.NodeID[int]
    is_freelancer: bool
    explanation: str = strawberry.field(description="申请说明.")
    status: BindingStatus
    opinion: str = strawberry.field(description="审核意见.")
    decided_at: datetime | None
    created_at: datetime = strawberry.field(description="注册/申请时间.")

    @classmethod
    def of(cls, row: BindingRow) -> "Binding":
        return from_row(cls, row, status=BindingStatusEnum(row.status))

    @strawberry.field(description="The person asking.")
    async def person(self, info: Info) -> Person | None:
        row = await info.context.persons.load(self.row.person_id)
        # The unit asked reviews the request (in full); the bureaus above it see who asked (masked).
        return await visible_person(info, row, reviewing=[self.row.unit_id],
                                    asked=await info.context.units.load(self.row.unit_id))

    @strawberry.field(description="The unit asked.")
    async def unit(self, info: Info) -> Unit:
        row = await info.context.units.load(self.row.unit_id)
        return Unit.of(row)


@strawberry.input(description="Filters for the registration-review list.")
class BindingFilter:
    status: list[BindingStatus] | None = None
    name_contains: str | None = strawberry.field(default=None, description="Person's name contains.")
    id_number: str | None = strawberry.field(default=None, description="Exact ID number.")
    mobile: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


@strawberry.input(description="变更单位 (or pick a unit after registering). Replaces an undecided request.")
class BindingRequestInput:
    unit_id: strawberry.ID
    is_freelancer: bool = False
    explanation: str = strawberry.field(default="", description="申请说明.")


@strawberry.input(description="审核 one or many registrations of your unit (at most 100); all or none are decided.")
class BindingDecideInput:
    binding_ids: list[strawberry.ID]
    decision: BindingDecision
    opinion: str = strawberry.field(default="", description="Required when returning.")


@strawberry.type
class BindingRequestPayload:
    errors: list[BindingError]  # type: ignore[valid-type]
    binding: Binding | None = None


@strawberry.type
class BindingDecidePayload:
    errors: list[BindingError]  # type: ignore[valid-type]
    bindings: list[Binding] | None = None
