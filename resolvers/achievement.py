"""The achievement library: a person's records and attachments, the unit's review (业绩档案),
opinion templates and statistics. Thin functions over models/achievement/rules.py."""
from __future__ import annotations

from datetime import datetime, timezone

import strawberry
from graphql import GraphQLError
from tortoise.expressions import Q, Subquery

from models.access.achievement import can_view_record, can_view_template
from models.achievement.models import CATEGORY_LABELS
from models.achievement.models import AchievementCategory as CategoryEnum
from models.achievement.models import AchievementAttachment as AttachmentRow
from models.achievement.models import AchievementRecord as RecordRow
from models.achievement.models import OpinionTemplate as TemplateRow
from models.achievement.models import RecordStatus as StatusEnum
from models.achievement.rules import (ReviewDecision, create_record, create_template, decide_records, delete_record,
                                      delete_template, person_statistics, submit_record, unit_counts, update_record,
                                      withdraw_record)
from models.achievement.attachments import add_attachment, delete_attachment, rename_attachment
from models.core.errors import Forbidden, Refused
from models.core.file import StoredFile as FileRow
from models.person.models import Person as PersonRow
from models.unit.models import Unit as UnitRow
from resolvers.core.mutation import payload_mutation
from schema.achievement.types import (STATUS_LABELS, AchievementAttachment, AchievementAttachmentAddInput,
                                AchievementAttachmentDeleteInput, AchievementAttachmentPayload,
                                AchievementAttachmentRenameInput, AchievementCategory, AchievementCategoryCount,
                                AchievementRecord, AchievementRecordCreateInput,
                                AchievementRecordDecideInput, AchievementRecordDecidePayload, AchievementRecordFilter,
                                AchievementRecordPayload, AchievementRecordRefInput, AchievementRecordUpdateInput,
                                AchievementReviewCounts, AchievementReviewFilter, AchievementStatistics,
                                AchievementStatusCount, AchievementUnitStatistics, OpinionTemplate,
                                OpinionTemplateCreateInput, OpinionTemplateDeleteInput, OpinionTemplatePayload)
from schema.achievement.fields import read_data_input
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsPerson, IsSignedIn
from schema.unit import Unit


async def _reviewed_unit(info: Info, unit_id: strawberry.ID) -> UnitRow:
    """The unit whose 业绩档案 the viewer asks for: its admins, the HR bureaus above it, platform admins."""
    viewer = info.context.viewer
    try:
        pk = decode_id(unit_id, Unit, "unitId")
    except Refused:
        raise GraphQLError("单位 ID 无效", extensions={"code": "INVALID_ID"}) from None
    unit = await info.context.units.load(pk)  # cached for the list's nested `unit`
    if unit is None or not viewer.manages_unit(unit):
        raise Forbidden("无权查看该单位的业绩档案")
    return unit


def _record_id(value: strawberry.ID, field: str = "recordId") -> int:
    return decode_id(value, AchievementRecord, field)


@strawberry.type
class AchievementQueries:
    @strawberry.field(description="个人业绩库: your own records, newest first.", permission_classes=[IsPerson])
    async def my_achievement_records(self, info: Info, filter: AchievementRecordFilter | None = None,
                                     first: int | None = None, after: str | None = None, last: int | None = None,
                                     before: str | None = None) -> Connection[AchievementRecord]:
        qs = RecordRow.filter(person_id=info.context.viewer.person_id)
        if filter and filter.category:
            qs = qs.filter(category=filter.category.value)
        if filter and filter.status:
            qs = qs.filter(status=filter.status.value)
        return await paginate(qs, AchievementRecord.of, first=first, after=after, last=last, before=before)

    @strawberry.field(description="我的业绩库数据统计: all, per status, per category.", permission_classes=[IsPerson])
    async def my_achievement_statistics(self, info: Info) -> AchievementStatistics:
        stats = await person_statistics(info.context.viewer.person_id)
        return AchievementStatistics(
            generated_at=datetime.now(timezone.utc), total=stats["total"],
            by_status=[AchievementStatusCount(status=s, label=STATUS_LABELS[s], count=n)
                       for s, n in stats["by_status"].items()],
            by_category=[AchievementCategoryCount(category=c, label=CATEGORY_LABELS[c], count=n)
                         for c, n in stats["by_category"].items()])

    @strawberry.field(description="业绩档案: records submitted to a unit (drafts never appear), newest first. For the "
                                  "unit's admins, the HR bureaus above it and platform admins.",
                      permission_classes=[IsSignedIn])
    async def achievement_reviews(self, info: Info, unit_id: strawberry.ID,
                                  filter: AchievementReviewFilter | None = None, first: int | None = None,
                                  after: str | None = None, last: int | None = None,
                                  before: str | None = None) -> Connection[AchievementRecord]:
        unit = await _reviewed_unit(info, unit_id)
        qs = RecordRow.filter(unit_id=unit.id).exclude(status=StatusEnum.DRAFT)
        if filter:
            if filter.category:
                qs = qs.filter(category=filter.category.value)
            if filter.status:
                qs = qs.filter(status=filter.status.value)
            if filter.person_name_contains and filter.person_name_contains.strip():
                people = PersonRow.filter(real_name__icontains=filter.person_name_contains.strip())
                qs = qs.filter(person_id__in=Subquery(people.values("id")))
            if filter.work_unit_contains and filter.work_unit_contains.strip():
                qs = qs.filter(work_unit__icontains=filter.work_unit_contains.strip())
        return await paginate(qs, AchievementRecord.of, first=first, after=after, last=last, before=before)

    @strawberry.field(description="全部 / 审核中 / 审核通过 / 退回 of a unit, for one category or all.",
                      permission_classes=[IsSignedIn])
    async def achievement_review_counts(self, info: Info, unit_id: strawberry.ID,
                                        category: AchievementCategory | None = None) -> AchievementReviewCounts:
        unit = await _reviewed_unit(info, unit_id)
        counts = await unit_counts(unit.id, CategoryEnum(category) if category else None)
        merged = {s: sum(c[s] for c in counts.values()) for s in StatusEnum}
        return AchievementReviewCounts.of(category, merged)

    @strawberry.field(description="业绩档案 statistics of a unit by category and status.",
                      permission_classes=[IsSignedIn])
    async def achievement_unit_statistics(self, info: Info, unit_id: strawberry.ID) -> AchievementUnitStatistics:
        unit = await _reviewed_unit(info, unit_id)
        counts = await unit_counts(unit.id)
        merged = {s: sum(c[s] for c in counts.values()) for s in StatusEnum}
        return AchievementUnitStatistics(total=AchievementReviewCounts.of(None, merged),
                                         by_category=[AchievementReviewCounts.of(c, n) for c, n in counts.items()])

    @strawberry.field(description="审核意见模板: the public ones and your own, newest first.",
                      permission_classes=[IsSignedIn])
    async def opinion_templates(self, info: Info, first: int | None = None, after: str | None = None,
                                last: int | None = None, before: str | None = None) -> Connection[OpinionTemplate]:
        qs = TemplateRow.filter(Q(owner_id__isnull=True) | Q(owner_id=info.context.viewer.account_id))
        return await paginate(qs, OpinionTemplate.of, first=first, after=after, last=last, before=before)


async def _attachment_payload(attachment) -> dict:
    """The attachment (as it is, or was before deletion) and its record."""
    file = await FileRow.get(id=attachment.file_id)
    record = await RecordRow.get(id=attachment.record_id)
    return {"attachment": AchievementAttachment.of(attachment.id, file), "record": AchievementRecord.of(record)}


@strawberry.type
class AchievementMutations:
    @strawberry.mutation(description="Add a draft record to your library (no approved unit needed yet).",
                         permission_classes=[IsPerson])
    @payload_mutation(AchievementRecordPayload)
    async def achievement_record_create(self, info: Info, input: AchievementRecordCreateInput) -> dict:
        category, raw, path = read_data_input(input.data)
        row = await create_record(info.context.viewer.person_id, category, raw, path)
        return {"record": AchievementRecord.of(row)}

    @strawberry.mutation(description="Change a draft, returned or withdrawn record of yours.",
                         permission_classes=[IsPerson])
    @payload_mutation(AchievementRecordPayload)
    async def achievement_record_update(self, info: Info, input: AchievementRecordUpdateInput) -> dict:
        category, raw, path = read_data_input(input.data)
        row = await update_record(info.context.viewer.person_id, _record_id(input.record_id), category, raw, path)
        return {"record": AchievementRecord.of(row)}

    @strawberry.mutation(description="Delete a draft, returned or withdrawn record of yours; returns it as it was.",
                         permission_classes=[IsPerson])
    @payload_mutation(AchievementRecordPayload)
    async def achievement_record_delete(self, info: Info, input: AchievementRecordRefInput) -> dict:
        row = await delete_record(info.context.viewer.person_id, _record_id(input.record_id))
        return {"record": AchievementRecord.of(row)}

    @strawberry.mutation(description="提交审核: send a record to your unit. Needs a unit that approved your registration.",
                         permission_classes=[IsPerson])
    @payload_mutation(AchievementRecordPayload)
    async def achievement_record_submit(self, info: Info, input: AchievementRecordRefInput) -> dict:
        row = await submit_record(info.context.viewer.person_id, _record_id(input.record_id))
        return {"record": AchievementRecord.of(row)}

    @strawberry.mutation(description="撤回 a pending or approved record to edit it again; refused while a submitted "
                                     "application references it.", permission_classes=[IsPerson])
    @payload_mutation(AchievementRecordPayload)
    async def achievement_record_withdraw(self, info: Info, input: AchievementRecordRefInput) -> dict:
        row = await withdraw_record(info.context.viewer.person_id, _record_id(input.record_id))
        return {"record": AchievementRecord.of(row)}

    @strawberry.mutation(description="审核 / 批量审核: pass or return records submitted to your unit; each person gets "
                                     "one message per batch.", permission_classes=[IsSignedIn])
    @payload_mutation(AchievementRecordDecidePayload)
    async def achievement_record_decide(self, info: Info, input: AchievementRecordDecideInput) -> dict:
        viewer = info.context.viewer
        ids = [decode_id(r, AchievementRecord, ("recordIds", str(i))) for i, r in enumerate(input.record_ids)]
        rows = await decide_records(viewer, ids, ReviewDecision(input.decision.value), input.opinion)
        return {"records": [AchievementRecord.of(r) for r in rows]}

    @strawberry.mutation(description="上传附件 to an editable record of yours.", permission_classes=[IsPerson])
    @payload_mutation(AchievementAttachmentPayload)
    async def achievement_attachment_add(self, info: Info, input: AchievementAttachmentAddInput) -> dict:
        row = await add_attachment(info.context.services.storage, info.context.viewer.person_id,
                                   _record_id(input.record_id), input.file)
        return await _attachment_payload(row)

    @strawberry.mutation(description="Rename an attachment of an editable record of yours.",
                         permission_classes=[IsPerson])
    @payload_mutation(AchievementAttachmentPayload)
    async def achievement_attachment_rename(self, info: Info, input: AchievementAttachmentRenameInput) -> dict:
        pk = decode_id(input.attachment_id, AchievementAttachment, "attachmentId")
        return await _attachment_payload(await rename_attachment(info.context.viewer.person_id, pk, input.name))

    @strawberry.mutation(description="Remove an attachment of an editable record of yours; returns it as it was.",
                         permission_classes=[IsPerson])
    @payload_mutation(AchievementAttachmentPayload)
    async def achievement_attachment_delete(self, info: Info, input: AchievementAttachmentDeleteInput) -> dict:
        pk = decode_id(input.attachment_id, AchievementAttachment, "attachmentId")
        return await _attachment_payload(await delete_attachment(info.context.viewer.person_id, pk))

    # No permission class on the templates: the rules refuse anonymous callers, after a bad ID (as ever).
    @strawberry.mutation(description="Save an opinion template: yours, or public as platform admin.")
    @payload_mutation(OpinionTemplatePayload)
    async def opinion_template_create(self, info: Info, input: OpinionTemplateCreateInput) -> dict:
        row = await create_template(info.context.viewer, input.text, input.public)
        return {"opinion_template": OpinionTemplate.of(row)}

    @strawberry.mutation(description="Delete your opinion template (public ones: platform admins).")
    @payload_mutation(OpinionTemplatePayload)
    async def opinion_template_delete(self, info: Info, input: OpinionTemplateDeleteInput) -> dict:
        pk = decode_id(input.template_id, OpinionTemplate, "templateId")
        return {"opinion_template": OpinionTemplate.of(await delete_template(info.context.viewer, pk))}


# ----------------------------------------------------------------- node(id) lookups (resolvers/node.py)


async def _visible_record(info: Info, pk: int) -> RecordRow | None:
    row = await RecordRow.get_or_none(id=pk)
    if row is None:
        return None
    unit = await info.context.units.load(row.unit_id) if row.unit_id is not None else None
    return row if can_view_record(info.context.viewer, row, unit.region_id if unit else None) else None


async def record_node(info: Info, pk: int) -> AchievementRecord | None:
    row = await _visible_record(info, pk)
    return AchievementRecord.of(row) if row else None


async def attachment_node(info: Info, pk: int) -> AchievementAttachment | None:
    row = await AttachmentRow.get_or_none(id=pk).select_related("file")
    if row is None or await _visible_record(info, row.record_id) is None:
        return None
    return AchievementAttachment.of(row.id, row.file)


async def template_node(info: Info, pk: int) -> OpinionTemplate | None:
    row = await TemplateRow.get_or_none(id=pk)
    return OpinionTemplate.of(row) if row and can_view_template(info.context.viewer, row) else None
