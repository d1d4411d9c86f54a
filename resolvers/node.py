"""`node(id)`: any object by global ID, under the same access rules as every other path.

Each resolver answers None when the object is missing or the viewer may not see it (models/access/):
both look the same, so an ID cannot be probed, and anonymous callers get null like anyone refused.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay

from models.access.account import owns
from models.access.binding import can_view_binding
from models.access.blacklist import oversees_blacklist
from models.access.review_path import can_view_review_path
from models.account.models import Account as AccountRow
from models.blacklist.models import BlacklistEntry as EntryRow
from models.core.errors import Forbidden, Unauthenticated
from models.core.job import Job as JobRow
from models.core.keys import parse_key
from models.messaging.models import Message as MessageRow
from models.person.binding import Binding as BindingRow
from models.workflow.models import ProcessPath as ProcessPathRow
from models.workflow.models import ReviewPath as PathRow
from resolvers.achievement import attachment_node, record_node, template_node
from resolvers.acceptance_body import acceptance_body_node
from resolvers.application import resolve_application_node, resolve_attachment_node, resolve_snapshot_node
from resolvers.certificate import issuer_code_node, number_range_node
from resolvers.certificate_issue import certificate_node
from resolvers.evaluation import scheme_node
from resolvers.import_batch import import_batch_node
from resolvers.plan import plan_node
from resolvers.recognition import recognition_attachment_node, recognition_education_node, recognition_node
from resolvers.reissue import reissue_node
from resolvers.determination import determination_node, determination_record_node
from resolvers.verification_request import verification_attachment_node, verification_request_node
from resolvers.talent_statistics import talent_record_node
from resolvers.task import resolve_task_node
from schema.account import Account
from schema.binding import Binding
from schema.blacklist import BlacklistEntry
from schema.catalogue import (EvaluationStandard, Series, SeriesByIdLoader, Specialty, SpecialtyByIdLoader,
                              StandardByIdLoader, TitleName, TitleNameByIdLoader)
from schema.committee import Committee, CommitteeByIdLoader
from schema.core.context import Info
from schema.message import Job, Message
from schema.person import visible_person
from schema.review_path import ProcessPath, ReviewPath
from schema.unit import Unit


async def _unit(info: Info, pk: int) -> Any:
    row = await info.context.units.load(pk)
    return Unit.of(row) if row else None


async def _person(info: Info, pk: int) -> Any:
    return await visible_person(info, await info.context.persons.load(pk))


async def _binding(info: Info, pk: int) -> Any:
    row = await BindingRow.get_or_none(id=pk)
    if row is None:
        return None
    unit = await info.context.units.load(row.unit_id)
    return Binding.of(row) if can_view_binding(info.context.viewer, row, unit.region_id) else None


async def _owned(info: Info, model: Any, pk: int, owner_field: str, build: Callable) -> Any:
    row = await model.get_or_none(id=pk)
    return build(row) if row and owns(info.context.viewer, getattr(row, owner_field)) else None


async def _blacklist_entry(info: Info, pk: int) -> Any:
    row = await EntryRow.get_or_none(id=pk)
    person = await info.context.persons.load(row.person_id) if row else None
    unit = await info.context.units.load(person.current_unit_id) if person and person.current_unit_id else None
    return BlacklistEntry.of(row) if row and oversees_blacklist(info.context.viewer, unit and unit.region_id) else None


async def _review_path(info: Info, pk: int) -> Any:
    if not can_view_review_path(info.context.viewer):
        return None
    row = await PathRow.get_or_none(id=pk)
    return ReviewPath.of(row) if row else None


async def _process_path(info: Info, pk: int) -> Any:
    if not can_view_review_path(info.context.viewer):
        return None
    row = await ProcessPathRow.get_or_none(id=pk)
    return ProcessPath.of(row) if row else None


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
    "ApplicationAttachment": resolve_attachment_node,
    "ApplicationRecordSnapshot": resolve_snapshot_node,
    "ReviewPath": _review_path,
    "BlacklistEntry": _blacklist_entry,
    "Task": resolve_task_node,
    "EvaluationScheme": scheme_node,
    "IssuerCode": issuer_code_node,
    "NumberRange": number_range_node,
    "Certificate": certificate_node,
    "Reissue": reissue_node,
    "ProcessPath": _process_path,
    "Recognition": recognition_node,
    "RecognitionEducation": recognition_education_node,
    "RecognitionAttachment": recognition_attachment_node,
    "VerificationRequest": verification_request_node,
    "VerificationAttachment": verification_attachment_node,
    "AcceptanceBody": acceptance_body_node,
    "ImportBatch": import_batch_node,
    "Determination": determination_node,
    "DeterminationRecordSnapshot": determination_record_node,
    "TalentRecord": talent_record_node,
}


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global ID; null when it does not exist or you may not see it.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        try:
            gid = relay.GlobalID.from_id(str(id))
            resolver = RESOLVERS[gid.type_name]
            pk = parse_key(gid.node_id)
            if pk is None:
                raise ValueError(gid.node_id)
        except (relay.GlobalIDValueError, KeyError, ValueError):
            raise GraphQLError("ID 无效", extensions={"code": "INVALID_ID"}) from None
        try:
            return await resolver(info, pk)
        except (Forbidden, Unauthenticated):  # a refusal deeper in a rule reads as "not found" too
            return None
