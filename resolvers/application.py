"""Declaring: create, fill, check, submit, withdraw, discard — each a thin call into models/."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from models.application import create, sections
from models.access.viewer import Viewer
from models.application.models import Application as ApplicationRow
from models.application.check import check_application
from models.application.attachments import add_application_attachment, delete_application_attachment
from models.application.path import resolve_path
from models.application.submit import submit_application, withdraw_submission
from models.core.errors import Forbidden
from models.workflow.models import Task as TaskRow
from resolvers.core.input import input_fields
from resolvers.core.mutation import run
from schema.application.types import (Application, ApplicationAttachment, ApplicationCheckItem,
                                ApplicationDiscardPayload, ApplicationError, ApplicationErrorCode,
                                ApplicationPayload, ApplicationRecordSnapshot, FlowNode, FlowState)
from schema.application.inputs import (ApplicationActionInput, ApplicationAttachmentAddInput,
                                       ApplicationAttachmentDeleteInput, ApplicationChangeStandardInput,
                                       ApplicationChangeTypeInput, ApplicationCreateInput,
                                       ApplicationImportRecordsInput, ApplicationPersonalInfoInput,
                                       ApplicationQualifyingEducationInput, ApplicationRecordsInput,
                                       ApplicationSetTitlesInput, ApplicationSpecialFormInput)
from schema.achievement.types import AchievementRecord
from schema.catalogue import EvaluationStandard, Specialty, TitleName
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.plan.types import Plan, PlanAttachmentSlot


async def can_view_application(viewer: Viewer, app: ApplicationRow) -> bool:
    """The person, platform admins, units that hold or held a task for it, HR bureaus above its employer."""
    if viewer.is_platform_admin or app.person_id == viewer.person_id:
        return True
    if viewer.admin_units and await TaskRow.filter(process_type="APPLICATION", subject_id=app.id,
                                                   unit_id__in=list(viewer.admin_units)).exists():
        return True
    from models.unit.models import Unit

    employer = await Unit.get(id=app.unit_id)
    return viewer.covers_region(employer.region_id)


def _pk(value: strawberry.ID, type_: type, field: str) -> int:
    return decode_id(value, type_, field)


async def _mine(info: Info, application_id: strawberry.ID, *, editable: bool = True) -> ApplicationRow:
    person_id = info.context.viewer.require_person()
    return await create.own_application(person_id, _pk(application_id, Application, "applicationId"),
                                       editable=editable)


async def _edit(info: Info, application_id: strawberry.ID,
                change: Callable[[ApplicationRow], Awaitable[ApplicationRow]]) -> ApplicationPayload:
    info.context.viewer.require_person()

    async def work() -> dict:
        app = await _mine(info, application_id)
        return {"application": Application.of(await change(app))}

    return await run(ApplicationPayload, ApplicationError, ApplicationErrorCode, work)


@strawberry.type
class ApplicationQueries:
    @strawberry.field(description="Your declarations, newest first (当前申报与历史记录).")
    async def my_applications(self, info: Info) -> list[Application]:
        person_id = info.context.viewer.require_person()
        return [Application.of(r) for r in await ApplicationRow.filter(person_id=person_id).order_by("-id")]

    @strawberry.field(description="开始检测: every rule with pass/fail; submission is refused while any fails.")
    async def application_check(self, info: Info, application_id: strawberry.ID) -> list[ApplicationCheckItem]:
        person_id = info.context.viewer.require_person()
        try:
            app = await create.own_application(person_id, _pk(application_id, Application, "applicationId"))
        except Exception:
            raise Forbidden("申报不存在或无权查看") from None
        return [ApplicationCheckItem(rule=r.rule, passed=r.passed, message=r.message, field=r.field)
                for r in await check_application(app)]

    @strawberry.field(description="Who reviews this application, in order (a dry run before submitting).")
    async def application_review_path(self, info: Info, application_id: strawberry.ID) -> list[FlowNode]:
        info.context.viewer.require_account()
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
    @strawberry.mutation(description="Start a declaration (选择计划、申报形式、专业、职称、评审标准；确认诚信承诺书).")
    async def application_create(self, info: Info, input: ApplicationCreateInput) -> ApplicationPayload:
        person_id = info.context.viewer.require_person()

        async def work() -> dict:
            data = input_fields(input, skip=("plan_id", "specialty_id", "title_name_id", "standard_id"))
            data.update(plan_id=_pk(input.plan_id, Plan, "planId"),
                        specialty_id=_pk(input.specialty_id, Specialty, "specialtyId"),
                        title_name_id=_pk(input.title_name_id, TitleName, "titleNameId"),
                        standard_id=_pk(input.standard_id, EvaluationStandard, "standardId"))
            return {"application": Application.of(await create.create_application(person_id, data))}

        return await run(ApplicationPayload, ApplicationError, ApplicationErrorCode, work)

    @strawberry.mutation(description="个人信息 (and series-specific professional info).")
    async def application_update_personal_info(self, info: Info,
                                               input: ApplicationPersonalInfoInput) -> ApplicationPayload:
        data = input_fields(input, skip=("application_id", "teacher", "health"))
        if input.teacher is not None:
            data["teacher"] = input_fields(input.teacher)
        if input.health is not None:
            data["health"] = input_fields(input.health)
        return await _edit(info, input.application_id, lambda app: sections.set_personal_info(app, data))

    @strawberry.mutation(description="现有职称及聘任情况, in order.")
    async def application_set_titles(self, info: Info, input: ApplicationSetTitlesInput) -> ApplicationPayload:
        titles = [input_fields(t) for t in input.titles]
        return await _edit(info, input.application_id, lambda app: sections.set_titles(app, titles))

    @strawberry.mutation(description="Import approved library records (snapshots; never twice).")
    async def application_import_records(self, info: Info,
                                         input: ApplicationImportRecordsInput) -> ApplicationPayload:
        async def change(app: ApplicationRow) -> ApplicationRow:
            ids = [_pk(r, AchievementRecord, f"recordIds.{i}") for i, r in enumerate(input.record_ids)]
            return await sections.import_records(app, ids)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Remove imported snapshots; the library records stay as they are.")
    async def application_remove_records(self, info: Info, input: ApplicationRecordsInput) -> ApplicationPayload:
        async def change(app: ApplicationRow) -> ApplicationRow:
            ids = [_pk(s, ApplicationRecordSnapshot, "snapshotIds") for s in input.snapshot_ids]
            return await sections.remove_records(app, ids)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Give the imported snapshots a new order.")
    async def application_reorder_records(self, info: Info, input: ApplicationRecordsInput) -> ApplicationPayload:
        async def change(app: ApplicationRow) -> ApplicationRow:
            ids = [_pk(s, ApplicationRecordSnapshot, "snapshotIds") for s in input.snapshot_ids]
            return await sections.reorder_records(app, ids)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Mark one imported education record as the qualifying one (合格学历).")
    async def application_mark_qualifying_education(
            self, info: Info, input: ApplicationQualifyingEducationInput) -> ApplicationPayload:
        async def change(app: ApplicationRow) -> ApplicationRow:
            return await sections.mark_qualifying_education(
                app, _pk(input.snapshot_id, ApplicationRecordSnapshot, "snapshotId"))

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="破格 / 转评 form.")
    async def application_set_special_form(self, info: Info,
                                           input: ApplicationSpecialFormInput) -> ApplicationPayload:
        data = input_fields(input, skip=("application_id",))
        return await _edit(info, input.application_id, lambda app: sections.set_special_form(app, data))

    @strawberry.mutation(description="Change the declaration type; clears the old type's form.")
    async def application_change_declaration_type(self, info: Info,
                                                  input: ApplicationChangeTypeInput) -> ApplicationPayload:
        return await _edit(info, input.application_id,
                           lambda app: sections.change_declaration_type(app, input.declaration_type.value))

    @strawberry.mutation(description="Change the evaluation standard; clears imported achievements once confirmed.")
    async def application_change_standard(self, info: Info,
                                          input: ApplicationChangeStandardInput) -> ApplicationPayload:
        async def change(app: ApplicationRow) -> ApplicationRow:
            return await sections.change_standard(app, _pk(input.standard_id, EvaluationStandard, "standardId"),
                                               input.confirm_clear_achievements)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Upload a file into one of the plan's attachment slots.")
    async def application_attachment_add(self, info: Info,
                                         input: ApplicationAttachmentAddInput) -> ApplicationPayload:
        storage, account_id = info.context.services.storage, info.context.viewer.account_id

        async def change(app: ApplicationRow) -> ApplicationRow:
            slot_id = _pk(input.slot_id, PlanAttachmentSlot, "slotId")
            await add_application_attachment(storage, app, slot_id, input.file, account_id)
            return await create.bump(app)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Delete an uploaded attachment.")
    async def application_attachment_delete(self, info: Info,
                                            input: ApplicationAttachmentDeleteInput) -> ApplicationPayload:
        async def change(app: ApplicationRow) -> ApplicationRow:
            await delete_application_attachment(app, _pk(input.attachment_id, ApplicationAttachment,
                                                         "attachmentId"))
            return await create.bump(app)

        return await _edit(info, input.application_id, change)

    @strawberry.mutation(description="Submit: runs every check in the same transaction and refuses while any fails.")
    async def application_submit(self, info: Info, input: ApplicationActionInput) -> ApplicationPayload:
        account_id = info.context.viewer.account_id
        return await _edit(info, input.application_id, lambda app: submit_application(app, account_id))

    @strawberry.mutation(description="Take a submission back while the first unit has not claimed it.")
    async def application_withdraw(self, info: Info, input: ApplicationActionInput) -> ApplicationPayload:
        info.context.viewer.require_person()
        account_id = info.context.viewer.account_id

        async def work() -> dict:
            app = await _mine(info, input.application_id, editable=False)
            return {"application": Application.of(await withdraw_submission(app, account_id))}

        return await run(ApplicationPayload, ApplicationError, ApplicationErrorCode, work)

    @strawberry.mutation(description="Delete a draft that was never submitted.")
    async def application_discard(self, info: Info, input: ApplicationActionInput) -> ApplicationDiscardPayload:
        info.context.viewer.require_person()

        async def work() -> dict:
            app = await _mine(info, input.application_id, editable=False)
            await create.discard_draft(app)
            return {"discarded_id": input.application_id}

        return await run(ApplicationDiscardPayload, ApplicationError, ApplicationErrorCode, work)


async def resolve_application_node(info: Info, pk: int):
    info.context.viewer.require_account()
    row = await ApplicationRow.get_or_none(id=pk)
    if row is None:
        return None
    if not await can_view_application(info.context.viewer, row):
        raise Forbidden("无权查看该申报")
    return Application.of(row)


