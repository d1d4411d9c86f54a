"""Plans: public search, one's own plans (drafts included), draft / edit / publish / close, files."""
from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from tortoise.expressions import Q

from models.committee.rules import in_scope, managed_committee_ids, with_level
from models.core.errors import Refused, refuse
from models.plan.models import Plan as PlanRow
from models.plan.models import PlanStatus as PlanStatusEnum
from models.plan.rules import (PLAN_FILE_MAX_BYTES, PLAN_FILE_TYPES, add_plan_file, check_plan_file_slot, close_plan,
                               create_plan, now, publish_plan, remove_plan_file, update_plan)
from models.core.upload import receive_upload
from resolvers.core.input import input_fields
from resolvers.core.mutation import run
from schema.catalogue import Series, Specialty
from schema.committee import Committee
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.keyset import SortKey, paginate_by
from schema.message import Job
from schema.core.pagination import Connection
from schema.plan.types import (AttachmentSlotInput, Plan, PlanAttachmentSlot, PlanCreateInput, PlanError, PlanErrorCode,
                         PlanFileAddInput, PlanFileEntry, PlanFileRemoveInput, PlanFilter, PlanPayload,
                         PlanPublishPayload, PlanSort, PlanTransitionInput, PlanUpdateInput, plan_builder)
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
    if getattr(input, "committee_id", None):
        data["committee_id"] = decode_id(input.committee_id, Committee, "committeeId")
    if getattr(input, "organizer_unit_id", None):
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
        return await paginate_by(qs, plan_builder(info), SORT_KEYS[sort], first=first, after=after, last=last,
                                 before=before)

    @strawberry.field(description="Plans you may manage or oversee, drafts included: organizer admins, committee "
                                  "admins, the HR bureaus above the committee and platform admins.")
    async def my_plans(self, info: Info, filter: PlanFilter | None = None, sort: PlanSort = PlanSort.OPENS_AT_DESC,
                       first: int | None = None, after: str | None = None, last: int | None = None,
                       before: str | None = None) -> Connection[Plan]:
        viewer = info.context.viewer
        viewer.require_account()
        qs = plan_queryset(filter)
        committees = await managed_committee_ids(viewer)
        if committees is not None:
            qs = qs.filter(Q(committee_id__in=committees) | Q(organizer_id__in=list(viewer.admin_units) or [0]))
        return await paginate_by(qs, plan_builder(info), SORT_KEYS[sort], first=first, after=after, last=last,
                                 before=before)


@strawberry.type
class PlanMutations:
    @strawberry.mutation(description="Draft a plan (organizer admins of the committee).")
    async def plan_create(self, info: Info, input: PlanCreateInput) -> PlanPayload:
        viewer = info.context.viewer
        viewer.require_account()

        async def work() -> dict:
            return {"plan": Plan.of(await create_plan(viewer, plan_data(input)))}

        return await run(PlanPayload, PlanError, PlanErrorCode, work)

    @strawberry.mutation(description="Edit a draft or published plan.")
    async def plan_update(self, info: Info, input: PlanUpdateInput) -> PlanPayload:
        viewer = info.context.viewer
        viewer.require_account()

        async def work() -> dict:
            plan = await _plan(input.plan_id)
            return {"plan": Plan.of(await update_plan(viewer, plan, plan_data(input)))}

        return await run(PlanPayload, PlanError, PlanErrorCode, work)

    @strawberry.mutation(description="Publish a draft; persons of the series in the committee's regions are notified "
                                     "by a background job.")
    async def plan_publish(self, info: Info, input: PlanTransitionInput) -> PlanPublishPayload:
        viewer = info.context.viewer
        viewer.require_account()

        async def work() -> dict:
            published, job = await publish_plan(viewer, await _plan(input.plan_id), input.version)
            return {"plan": Plan.of(published), "job": Job.of(job)}

        return await run(PlanPublishPayload, PlanError, PlanErrorCode, work)

    @strawberry.mutation(description="Close a published plan: no more applications.")
    async def plan_close(self, info: Info, input: PlanTransitionInput) -> PlanPayload:
        viewer = info.context.viewer
        viewer.require_account()

        async def work() -> dict:
            return {"plan": Plan.of(await close_plan(viewer, await _plan(input.plan_id), input.version))}

        return await run(PlanPayload, PlanError, PlanErrorCode, work)

    @strawberry.mutation(description="Attach a downloadable file to a plan (相关附件).")
    async def plan_file_add(self, info: Info, input: PlanFileAddInput) -> PlanPayload:
        viewer = info.context.viewer
        viewer.require_account()
        svc = info.context.services

        async def work() -> dict:
            plan = await _plan(input.plan_id)
            await check_plan_file_slot(viewer, plan)  # before anything is stored
            stored = await receive_upload(svc.storage, input.file, purpose="plan_file", allowed_types=PLAN_FILE_TYPES,
                                          max_bytes=PLAN_FILE_MAX_BYTES, owner_id=viewer.account_id, field="file")
            await add_plan_file(viewer, plan, stored.id)
            return {"plan": Plan.of(plan)}

        return await run(PlanPayload, PlanError, PlanErrorCode, work)

    @strawberry.mutation(description="Remove a downloadable file from a plan.")
    async def plan_file_remove(self, info: Info, input: PlanFileRemoveInput) -> PlanPayload:
        viewer = info.context.viewer
        viewer.require_account()

        async def work() -> dict:
            plan = await _plan(input.plan_id)
            await remove_plan_file(viewer, plan, decode_id(input.plan_file_id, PlanFileEntry, "planFileId"))
            return {"plan": Plan.of(plan)}

        return await run(PlanPayload, PlanError, PlanErrorCode, work)



async def plan_node(info: Info, pk: int) -> Plan | None:
    """node(id) for plans: public once published; a draft only for those who may see drafts."""
    from models.core.errors import Forbidden
    from models.plan.rules import may_view_draft
    from schema.plan.types import PlanByIdLoader

    row = await info.context.loader(PlanByIdLoader).load(pk)
    if row is None:
        return None
    if row.status == PlanStatusEnum.DRAFT and not await may_view_draft(info.context.viewer, row):
        info.context.viewer.require_account()
        raise Forbidden("无权查看该评审计划草稿")
    return Plan.of(row)
