"""Declaring: create, fill, check, submit, withdraw, discard — each a thin call into models/."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from models.application import create, sections
from models.access.application import can_view_application
from models.application.models import Application as ApplicationRow
from models.application.models import ApplicationAttachment as AttachmentRow
from models.application.models import ApplicationRecord as SnapshotRow
from models.application.check import check_application
from models.application.attachments import add_application_attachment, delete_application_attachment
from models.application.path import resolve_path
from models.application.submit import submit_application, withdraw_submission
from models.core.errors import Forbidden
from resolvers.core.input import input_fields
from resolvers.core.mutation import payload_mutation
from schema.application.types import (Application, ApplicationAttachment, ApplicationCheckItem,
                                ApplicationDiscardPayload, ApplicationPayload, ApplicationRecordSnapshot, FlowNode,
                                FlowState)
from schema.application.inputs import (ApplicationActionInput, ApplicationAttachmentAddInput,
                                       ApplicationAttachmentDeleteInput, ApplicationChangeStandardInput,
                                       ApplicationChangeTypeInput, ApplicationCreateInput,
                                       ApplicationImportRecordsInput, ApplicationPersonalInfoInput,
                                       ApplicationQualifyingEducationInput, ApplicationRecordsInput,
                                       ApplicationSetTitlesInput, ApplicationSpecialFormInput)
from schema.achievement.types import AchievementRecord
from schema.catalogue import EvaluationStandard, Specialty, TitleName
from schema.core.ids import decode_id, from_row
from schema.core.context import Info
from schema.core.permissions import IsPerson, IsSignedIn
from schema.plan.types import Plan, PlanAttachmentSlot


def _pk(value: strawberry.ID, type_: type, field: str) -> int:
    return decode_id(value, type_, field)


async def _mine(info: Info, application_id: strawberry.ID, *, editable: bool = True) -> ApplicationRow:
    """The viewer's own application (fields using it require IsPerson)."""
    return await create.own_application(info.context.viewer.person_id,
                                       _pk(application_id, Application, "applicationId"), editable=editable)


async def _edit(info: Info, application_id: strawberry.ID,
                change: Callable[[ApplicationRow], Awaitable[ApplicationRow]]) -> dict:
    """``change`` applied to the viewer's own editable application: an ApplicationPayload's fields."""
    app = await _mine(info, application_id)
    return {"application": Application.of(await change(app))}


@strawberry.type
class ApplicationQueries:
    @strawberry.field(description="Your declarations, newest first (当前申报与历史记录).",
                      permission_classes=[IsPerson])
    async def my_applications(self, info: Info) -> list[Application]:
        rows = await ApplicationRow.filter(person_id=info.context.viewer.person_id).order_by("-id")
        return [Application.of(r) for r in rows]

    @strawberry.field(description="开始检测: every rule with pass/fail; submission is refused while any fails.",
                      permission_classes=[IsPerson])
    async def application_check(self, info: Info, application_id: strawberry.ID) -> list[ApplicationCheckItem]:
        try:
            app = await _mine(info, application_id, editable=False)
        except Exception:
            raise Forbidden("申报不存在或无权查看") from None
        return [ApplicationCheckItem(rule=r.rule, passed=r.passed, message=r.message, field=r.field)
                for r in await check_application(app)]

    @strawberry.field(description="Who reviews this application, in order (a dry run before submitting).",
                      permission_classes=[IsSignedIn])
    async def application_review_path(self, info: Info, application_id: strawberry.ID) -> list[FlowNode]:
        try:
            app = await ApplicationRow.get_or_none(id=_pk(application_id, Application, "applicationId"))
        except Exception:
            app = None
        if app is None or not await can_view_application(info.context.viewer, app):
            raise Forbidden("申报不存在或无权查看")
        if app.review_path:
            return Application.of(app).flow()
        return [FlowNode(node_kind=kind, state=FlowState.WAITING, unit_id=unit_id)
                for kind, unit_id in await resolve_path(app)]


@strawberry.type
class ApplicationMutations:
    @strawberry.mutation(description="Start a declaration (选择计划、申报形式、专业、职称、评审标准；确认诚信承诺书).",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_create(self, info: Info, input: ApplicationCreateInput) -> dict:
        data = input_fields(input, skip=("plan_id", "specialty_id", "title_name_id", "standard_id"))
        data.update(plan_id=_pk(input.plan_id, Plan, "planId"),
                    specialty_id=_pk(input.specialty_id, Specialty, "specialtyId"),
                    title_name_id=_pk(input.title_name_id, TitleName, "titleNameId"),
                    standard_id=_pk(input.standard_id, EvaluationStandard, "standardId"))
        return {"application": Application.of(await create.create_application(info.context.viewer.person_id, data))}

    @strawberry.mutation(description="个人信息 (and series-specific professional info).", permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_update_personal_info(self, info: Info, input: ApplicationPersonalInfoInput) -> dict:
        data = input_fields(input, skip=("application_id", "teacher", "health"))
        if input.teacher is not None:
            data["teacher"] = input_fields(input.teacher)
        if input.health is not None:
            data["health"] = input_fields(input.health)
        return await _edit(info, input.application_id, lambda app: sections.set_personal_info(app, data))

    @strawberry.mutation(description="现有职称及聘任情况, in order.", permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_set_titles(self, info: Info, input: ApplicationSetTitlesInput) -> dict:
        titles = [input_fields(t) for t in input.titles]
        return await _edit(info, input.application_id, lambda app: sections.set_titles(app, titles))

    @strawberry.mutation(description="Import approved library records (snapshots; never twice).",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_import_records(self, info: Info, input: ApplicationImportRecordsInput) -> dict:
        async def change(app: ApplicationRow) -> ApplicationRow:
            ids = [_pk(r, AchievementRecord, f"recordIds.{i}") for i, r in enumerate(input.record_ids)]
            return await sections.import_records(app, ids)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Remove imported snapshots; the library records stay as they are.",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_remove_records(self, info: Info, input: ApplicationRecordsInput) -> dict:
        async def change(app: ApplicationRow) -> ApplicationRow:
            ids = [_pk(s, ApplicationRecordSnapshot, "snapshotIds") for s in input.snapshot_ids]
            return await sections.remove_records(app, ids)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Give the imported snapshots a new order.", permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_reorder_records(self, info: Info, input: ApplicationRecordsInput) -> dict:
        async def change(app: ApplicationRow) -> ApplicationRow:
            ids = [_pk(s, ApplicationRecordSnapshot, "snapshotIds") for s in input.snapshot_ids]
            return await sections.reorder_records(app, ids)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Mark one imported education record as the qualifying one (合格学历).",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_mark_qualifying_education(self, info: Info,
                                                    input: ApplicationQualifyingEducationInput) -> dict:
        async def change(app: ApplicationRow) -> ApplicationRow:
            return await sections.mark_qualifying_education(
                app, _pk(input.snapshot_id, ApplicationRecordSnapshot, "snapshotId"))

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="破格 / 转评 form.", permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_set_special_form(self, info: Info, input: ApplicationSpecialFormInput) -> dict:
        data = input_fields(input, skip=("application_id",))
        return await _edit(info, input.application_id, lambda app: sections.set_special_form(app, data))

    @strawberry.mutation(description="Change the declaration type; clears the old type's form.",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_change_declaration_type(self, info: Info, input: ApplicationChangeTypeInput) -> dict:
        return await _edit(info, input.application_id,
                           lambda app: sections.change_declaration_type(app, input.declaration_type.value))

    @strawberry.mutation(description="Change the evaluation standard; clears imported achievements once confirmed.",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_change_standard(self, info: Info, input: ApplicationChangeStandardInput) -> dict:
        async def change(app: ApplicationRow) -> ApplicationRow:
            return await sections.change_standard(app, _pk(input.standard_id, EvaluationStandard, "standardId"),
                                               input.confirm_clear_achievements)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Upload a file into one of the plan's attachment slots.",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_attachment_add(self, info: Info, input: ApplicationAttachmentAddInput) -> dict:
        storage, account_id = info.context.services.storage, info.context.viewer.account_id

        async def change(app: ApplicationRow) -> ApplicationRow:
            slot_id = _pk(input.slot_id, PlanAttachmentSlot, "slotId")
            await add_application_attachment(storage, app, slot_id, input.file, account_id)
            return await create.bump(app)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Delete an uploaded attachment.", permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_attachment_delete(self, info: Info, input: ApplicationAttachmentDeleteInput) -> dict:
        async def change(app: ApplicationRow) -> ApplicationRow:
            await delete_application_attachment(app, _pk(input.attachment_id, ApplicationAttachment,
                                                         "attachmentId"))
            return await create.bump(app)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Submit: runs every check in the same transaction and refuses while any fails.",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_submit(self, info: Info, input: ApplicationActionInput) -> dict:
        account_id = info.context.viewer.account_id
        return await _edit(info, input.application_id, lambda app: submit_application(app, account_id))

    @strawberry.mutation(description="Take a submission back while the first unit has not claimed it.",
                         permission_classes=[IsPerson])
    @payload_mutation(ApplicationPayload)
    async def application_withdraw(self, info: Info, input: ApplicationActionInput) -> dict:
        app = await _mine(info, input.application_id, editable=False)
        return {"application": Application.of(await withdraw_submission(app, info.context.viewer.account_id))}

    @strawberry.mutation(description="Delete a draft that was never submitted.", permission_classes=[IsPerson])
    @payload_mutation(ApplicationDiscardPayload)
    async def application_discard(self, info: Info, input: ApplicationActionInput) -> dict:
        await create.discard_draft(await _mine(info, input.application_id, editable=False))
        return {"discarded_id": input.application_id}


async def resolve_application_node(info: Info, pk: int) -> Application | None:
    row = await ApplicationRow.get_or_none(id=pk)
    return Application.of(row) if row and await can_view_application(info.context.viewer, row) else None


async def _application_part(info: Info, model: type, pk: int) -> Any:
    """A part of an application (attachment, snapshot) for node(id): visible with its application."""
    row = await model.get_or_none(id=pk)
    app = await ApplicationRow.get_or_none(id=row.application_id) if row else None
    return row if app and await can_view_application(info.context.viewer, app) else None


async def resolve_attachment_node(info: Info, pk: int) -> ApplicationAttachment | None:
    row = await _application_part(info, AttachmentRow, pk)
    return from_row(ApplicationAttachment, row) if row else None


async def resolve_snapshot_node(info: Info, pk: int) -> ApplicationRecordSnapshot | None:
    row = await _application_part(info, SnapshotRow, pk)
    return from_row(ApplicationRecordSnapshot, row) if row else None


