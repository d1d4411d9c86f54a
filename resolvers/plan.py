"""Plans: public search, one's own plans (drafts included), draft / edit / publish / close, files."""
from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from tortoise.expressions import Q

from models.access.committee import managed_committee_ids
from models.committee.rules import in_scope, with_level
from models.core.errors import Refused, refuse
from models.plan.models import Plan as PlanRow
from models.plan.models import PlanStatus as PlanStatusEnum
from models.plan.rules import (PLAN_FILE_MAX_BYTES, PLAN_FILE_TYPES, add_plan_file, check_plan_file_slot, close_plan,
                               create_plan, now, publish_plan, remove_plan_file, update_plan)
from models.core.upload import receive_upload
from resolvers.core.input import input_fields
from resolvers.core.mutation import payload_mutation
from schema.catalogue import Series, Specialty
from schema.committee import Committee
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsSignedIn
from schema.message import Job
from schema.core.pagination import Connection, SortKey, paginate
from schema.core.prefetch import prefetch_page
from schema.plan.types import (AttachmentSlotInput, Plan, PlanAttachmentSlot, PlanCreateInput, PlanFileAddInput,
                               PlanFileEntry, PlanFileRemoveInput, PlanFilter, PlanPayload, PlanPublishPayload,
                               PlanSort, PlanTransitionInput, PlanUpdateInput, plan_builder)
from schema.unit import Unit

SORT_KEYS = {
    PlanSort.OPENS_AT_DESC: SortKey("opens_at", descending=True),
    PlanSort.CLOSES_AT_ASC: SortKey("closes_at", descending=False),
    PlanSort.YEAR_DESC: SortKey("year", descending=True, kind=int),
}
PUBLIC = [PlanStatusEnum.PUBLISHED, PlanStatusEnum.CLOSED]


def plan_queryset(f: PlanFilter | None):
    """Plans matching the filter, with committee and series joined (they prime the DataLoaders)."""
    qs = PlanRow.all().select_related("committee__series")
    if f is None:
        return qs
    try:
        if f.series_id is not None:
            qs = qs.filter(committee__series_id=decode_id(f.series_id, Series, ("filter", "seriesId")))
        if f.committee_id is not None:
            qs = qs.filter(committee_id=decode_id(f.committee_id, Committee, ("filter", "committeeId")))
    except Refused:
        raise GraphQLError("筛选条件中的 ID 无效", extensions={"code": "INVALID_ID"}) from None
    if f.name_contains:
        qs = qs.filter(name__icontains=f.name_contains.strip())
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.plan_type is not None:
        qs = qs.filter(plan_type=f.plan_type.value)
    if f.status is not None:
        qs = qs.filter(status=f.status.value)
    if f.level is not None:
        qs = with_level(qs, "plan", f.level.value)
    if f.region_code:
        qs = in_scope(qs, "plan", "committee_id", f.region_code.strip())
    if f.open_now is not None:
        at = now()
        open_now = Q(status=PlanStatusEnum.PUBLISHED, opens_at__lte=at, closes_at__gt=at)
        qs = qs.filter(open_now if f.open_now else ~open_now)
    return qs


def _slots(slots: list[AttachmentSlotInput]) -> list[dict[str, Any]]:
    out = []
    for i, s in enumerate(slots):
        values = input_fields(s, skip=("id",))
        values["id"] = decode_id(s.id, PlanAttachmentSlot, ("attachmentSlots", str(i), "id")) if s.id else None
        out.append(values)
    return out


def plan_data(input: Any) -> dict[str, Any]:
    skip = ("committee_id", "organizer_unit_id", "plan_id", "specialty_ids", "exam_specialty_ids",
            "attachment_slots", "achievement_rules")
    data = input_fields(input, skip=skip)
    if getattr(input, "committee_id", None) not in (None, strawberry.UNSET):  # required: "" is REQUIRED
        data["committee_id"] = decode_id(input.committee_id, Committee, "committeeId")
    if getattr(input, "organizer_unit_id", None):  # optional: blank is "not chosen"
        data["organizer_unit_id"] = decode_id(input.organizer_unit_id, Unit, "organizerUnitId")
    for name, field in (("specialty_ids", "specialtyIds"), ("exam_specialty_ids", "examSpecialtyIds")):
        value = getattr(input, name)
        if value is not strawberry.UNSET:
            data[name] = [decode_id(v, Specialty, (field, str(i))) for i, v in enumerate(value or [])]
    if input.attachment_slots is not strawberry.UNSET:
        data["attachment_slots"] = _slots(input.attachment_slots or [])
    if input.achievement_rules is not strawberry.UNSET:
        data["achievement_rules"] = [input_fields(r) for r in input.achievement_rules or []]
    for name in ("levels", "declaration_types"):
        if name in data and data[name] is None:
            data[name] = []
    return data


async def _plan(plan_id: strawberry.ID) -> PlanRow:
    row = await PlanRow.get_or_none(id=decode_id(plan_id, Plan, "planId"))
    if row is None:
        raise refuse("NOT_FOUND", "评审计划不存在", "planId")
    return row


@strawberry.type
class PlanQueries:
    @strawberry.field(description="评审计划 search, open to anyone: published and closed plans.")
    async def plans(self, info: Info, filter: PlanFilter | None = None, sort: PlanSort = PlanSort.OPENS_AT_DESC,
                    first: int | None = None, after: str | None = None, last: int | None = None,
                    before: str | None = None) -> Connection[Plan]:
        qs = plan_queryset(filter).filter(status__in=PUBLIC)
        return await prefetch_page(info, await paginate(qs, plan_builder(info), SORT_KEYS[sort], first=first,
                                                        after=after, last=last, before=before))

    @strawberry.field(description="Plans you may manage or oversee, drafts included: organizer admins, committee "
                                  "admins, the HR bureaus above the committee and platform admins.",
                      permission_classes=[IsSignedIn])
    async def my_plans(self, info: Info, filter: PlanFilter | None = None, sort: PlanSort = PlanSort.OPENS_AT_DESC,
                       first: int | None = None, after: str | None = None, last: int | None = None,
                       before: str | None = None) -> Connection[Plan]:
        viewer = info.context.viewer
        qs = plan_queryset(filter)
        committees = await managed_committee_ids(viewer)
        if committees is not None:
            qs = qs.filter(Q(committee_id__in=committees) | Q(organizer_id__in=list(viewer.admin_units) or [0]))
        return await prefetch_page(info, await paginate(qs, plan_builder(info), SORT_KEYS[sort], first=first,
                                                        after=after, last=last, before=before))


@strawberry.type
class PlanMutations:
    @strawberry.mutation(description="Draft a plan (organizer admins of the committee).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(PlanPayload)
    async def plan_create(self, info: Info, input: PlanCreateInput) -> dict:
        return {"plan": Plan.of(await create_plan(info.context.viewer, plan_data(input)))}

    @strawberry.mutation(description="Edit a draft or published plan.", permission_classes=[IsSignedIn])
    @payload_mutation(PlanPayload)
    async def plan_update(self, info: Info, input: PlanUpdateInput) -> dict:
        plan = await _plan(input.plan_id)
        return {"plan": Plan.of(await update_plan(info.context.viewer, plan, plan_data(input)))}

    @strawberry.mutation(description="Publish a draft; persons of the series in the committee's regions are notified "
                                     "by a background job.", permission_classes=[IsSignedIn])
    @payload_mutation(PlanPublishPayload)
    async def plan_publish(self, info: Info, input: PlanTransitionInput) -> dict:
        published, job = await publish_plan(info.context.viewer, await _plan(input.plan_id), input.version)
        return {"plan": Plan.of(published), "job": Job.of(job)}

    @strawberry.mutation(description="Close a published plan: no more applications.", permission_classes=[IsSignedIn])
    @payload_mutation(PlanPayload)
    async def plan_close(self, info: Info, input: PlanTransitionInput) -> dict:
        return {"plan": Plan.of(await close_plan(info.context.viewer, await _plan(input.plan_id), input.version))}

    @strawberry.mutation(description="Attach a downloadable file to a plan (相关附件).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(PlanPayload)
    async def plan_file_add(self, info: Info, input: PlanFileAddInput) -> dict:
        viewer = info.context.viewer
        plan = await _plan(input.plan_id)
        await check_plan_file_slot(viewer, plan)  # before anything is stored
        stored = await receive_upload(info.context.services.storage, input.file, purpose="plan_file",
                                      allowed_types=PLAN_FILE_TYPES, max_bytes=PLAN_FILE_MAX_BYTES,
                                      owner_id=viewer.account_id, field="file")
        await add_plan_file(viewer, plan, stored.id)
        return {"plan": Plan.of(plan)}

    @strawberry.mutation(description="Remove a downloadable file from a plan.", permission_classes=[IsSignedIn])
    @payload_mutation(PlanPayload)
    async def plan_file_remove(self, info: Info, input: PlanFileRemoveInput) -> dict:
        plan = await _plan(input.plan_id)
        await remove_plan_file(info.context.viewer, plan, decode_id(input.plan_file_id, PlanFileEntry, "planFileId"))
        return {"plan": Plan.of(plan)}



async def plan_node(info: Info, pk: int) -> Plan | None:
    """node(id) for plans: public once published; a draft only for those who may see drafts."""
    from models.access.plan import can_view_plan
    from schema.plan.types import PlanByIdLoader

    row = await info.context.loader(PlanByIdLoader).load(pk)
    return Plan.of(row) if row and await can_view_plan(info.context.viewer, row) else None
