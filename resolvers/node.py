"""`node(id)`: any object by global ID, under the same access rules as every other path."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay

from models.account.models import Account as AccountRow
from models.person.binding import Binding as BindingRow
from models.core.errors import Forbidden
from models.core.job import Job as JobRow
from models.messaging.models import Message as MessageRow
from resolvers.achievement import attachment_node, record_node, template_node
from resolvers.plan import plan_node
from schema.account import Account
from schema.binding import Binding, can_view_binding
from schema.catalogue import (EvaluationStandard, Series, SeriesByIdLoader, Specialty, SpecialtyByIdLoader,
                              StandardByIdLoader, TitleName, TitleNameByIdLoader)
from schema.committee import Committee, CommitteeByIdLoader
from resolvers.application import resolve_application_node
from resolvers.task import resolve_task_node
from schema.core.context import Info
from schema.message import Job, Message
from schema.person import visible_person
from schema.unit import Unit


async def _unit(info: Info, pk: int) -> Any:
    row = await info.context.units.load(pk)
    return Unit.of(row) if row else None


async def _person(info: Info, pk: int) -> Any:
    info.context.viewer.require_account()  # never public
    row = await info.context.persons.load(pk)
    if row is None:
        return None
    person = await visible_person(info, row)
    if person is None:
        raise Forbidden("无权查看该人员")
    return person


async def _binding(info: Info, pk: int) -> Any:
    info.context.viewer.require_account()  # never public
    row = await BindingRow.get_or_none(id=pk)
    if row is None:
        return None
    unit = await info.context.units.load(row.unit_id)
    if not can_view_binding(info.context.viewer, row, unit.region_id):
        raise Forbidden("无权查看该注册申请")
    return Binding.of(row)


async def _owned(info: Info, model: Any, pk: int, owner_field: str, build: Callable) -> Any:
    viewer = info.context.viewer
    viewer.require_account()
    row = await model.get_or_none(id=pk)
    if row is None:
        return None
    if getattr(row, owner_field) != viewer.account_id and not viewer.is_platform_admin:
        raise Forbidden("无权查看")
    return build(row)


async def _public(info: Info, loader: type, pk: int, build: Callable) -> Any:
    row = await info.context.loader(loader).load(pk)
    return build(row) if row else None


RESOLVERS: dict[str, Callable[[Info, int], Awaitable[Any]]] = {
    "Unit": _unit,
    "Person": _person,
    "Binding": _binding,
    "AchievementRecord": record_node,
    "AchievementAttachment": attachment_node,
    "OpinionTemplate": template_node,
    "Message": lambda info, pk: _owned(info, MessageRow, pk, "recipient_id", Message.of),
    "Job": lambda info, pk: _owned(info, JobRow, pk, "requester_id", Job.of),
    "Account": lambda info, pk: _owned(info, AccountRow, pk, "id",
                                       lambda r: Account(id=r.id, display_name=r.display_name)),
    # The catalogue is public.
    "Series": lambda info, pk: _public(info, SeriesByIdLoader, pk, Series.of),
    "TitleName": lambda info, pk: _public(info, TitleNameByIdLoader, pk, TitleName.of),
    "Specialty": lambda info, pk: _public(info, SpecialtyByIdLoader, pk, Specialty.of),
    "EvaluationStandard": lambda info, pk: _public(info, StandardByIdLoader, pk, EvaluationStandard.of),
    "Committee": lambda info, pk: _public(info, CommitteeByIdLoader, pk, Committee.of),  # public; admins scoped
    "Plan": plan_node,
    "Application": resolve_application_node,
    "Task": resolve_task_node,
}


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global ID; refused when you may not see it.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        try:
            gid = relay.GlobalID.from_id(str(id))
            resolver = RESOLVERS[gid.type_name]
            pk = int(gid.node_id)
        except (relay.GlobalIDValueError, KeyError, ValueError):
            raise GraphQLError("ID 无效", extensions={"code": "INVALID_ID"}) from None
        return await resolver(info, pk)
