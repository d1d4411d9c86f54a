"""异地职称确认: the person's recognitions (create, fill in, upload, check, submit, withdraw, delete) and the
export of the 异地职称确认表 — thin calls into models/recognition; the review runs through the task centre
(taskClaim / taskDecide / taskWithdraw)."""
from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from models.access.recognition import can_view_recognition
from models.core.errors import Forbidden, refuse
from models.core.job import JobKind
from models.core.transaction import create_job_once
from models.recognition import create
from models.recognition.codes import RecognitionCode as Code
from models.recognition.fields import BASIC
from models.recognition.models import Recognition as RecognitionRow
from models.recognition.models import RecognitionStatus
from models.recognition.process import submit_recognition, withdraw_recognition
from resolvers.core.input import sent_fields, title_choice
from resolvers.core.mutation import payload_mutation
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsPerson, IsSignedIn
from schema.message import Job
from schema.recognition.inputs import (
    RecognitionActionInput,
    RecognitionAttachmentAddInput,
    RecognitionAttachmentDeleteInput,
    RecognitionBasicInput,
    RecognitionCreateInput,
    RecognitionDeletePayload,
    RecognitionEducationDeleteInput,
    RecognitionEducationSaveInput,
    RecognitionFormExportInput,
    RecognitionFormPayload,
    RecognitionPayload,
    RecognitionPhotoUploadInput,
    RecognitionUpdateInput,
)
from schema.recognition.types import (
    Recognition,
    RecognitionAttachment,
    RecognitionByIdLoader,
    RecognitionEducation,
)


def _pk(value: strawberry.ID) -> int:
    return decode_id(value, Recognition, "recognitionId")


def _basic(data: RecognitionBasicInput | None) -> dict[str, Any]:
    return sent_fields(data, (f.key for f in BASIC))


async def recognition_node(info: Info, pk: int) -> Any:
    row = await info.context.loader(RecognitionByIdLoader).load(pk)
    return Recognition.of(row) if row and await can_view_recognition(info.context.viewer, row) else None


async def recognition_education_node(info: Info, pk: int) -> Any:
    from models.recognition.models import RecognitionEducation as EducationRow

    row = await EducationRow.get_or_none(id=pk)
    if row is None:
        return None
    parent = await info.context.loader(RecognitionByIdLoader).load(row.recognition_id)
    return RecognitionEducation(id=row.id, row=row) if parent and await can_view_recognition(
        info.context.viewer, parent) else None


async def recognition_attachment_node(info: Info, pk: int) -> Any:
    from models.recognition.models import RecognitionAttachment as AttachmentRow

    row = await AttachmentRow.get_or_none(id=pk)
    if row is None:
        return None
    parent = await info.context.loader(RecognitionByIdLoader).load(row.recognition_id)
    return RecognitionAttachment(id=row.id, slot=row.slot, file_id=row.file_id) if parent and await \
        can_view_recognition(info.context.viewer, parent) else None


@strawberry.type
class RecognitionQueries:
    @strawberry.field(description="Your recognitions (异地职称确认), newest first.", permission_classes=[IsPerson])
    async def my_recognitions(self, info: Info, first: int | None = None, after: str | None = None,
                              last: int | None = None, before: str | None = None) -> Connection[Recognition]:
        qs = RecognitionRow.filter(person_id=info.context.viewer.person_id)
        return await paginate(qs, Recognition.of, first=first, after=after, last=last, before=before)


@strawberry.type
class RecognitionMutations:
    @strawberry.mutation(description="新增: a recognition of the chosen title; fill it in afterwards.",
                         permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_create(self, info: Info, input: RecognitionCreateInput) -> dict:
        row = await create.create_recognition(info.context.viewer,
                                              *title_choice(input.series_id, input.specialty_id, input.title_name_id))
        return {"recognition": Recognition.of(row)}

    @strawberry.mutation(description="填报: change the title asked for and the basic information of a draft or "
                                     "returned recognition.", permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_update(self, info: Info, input: RecognitionUpdateInput) -> dict:
        ids = (input.series_id, input.specialty_id, input.title_name_id)
        if any(i is not None for i in ids) and not all(i is not None for i in ids):
            raise refuse("REQUIRED", "修改申请确认资格时请同时选择系列、专业和资格", "titleNameId")
        title = title_choice(*ids) if ids[0] is not None else None
        row = await create.update_recognition(info.context.viewer, _pk(input.recognition_id), title,
                                              _basic(input.basic))
        return {"recognition": Recognition.of(row)}

    @strawberry.mutation(description="教育经历 新增 / 编辑.", permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_education_save(self, info: Info, input: RecognitionEducationSaveInput) -> dict:
        education_id = (decode_id(input.education_id, RecognitionEducation, "educationId")
                        if input.education_id else None)
        from models.achievement.fields import SPECS
        from models.achievement.models import AchievementCategory

        raw = {f.key: getattr(input.data, f.key) for f in SPECS[AchievementCategory.EDUCATION].fields}
        row = await create.save_education(info.context.viewer, _pk(input.recognition_id), education_id, raw)
        return {"recognition": Recognition.of(row)}

    @strawberry.mutation(description="教育经历 删除.", permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_education_delete(self, info: Info, input: RecognitionEducationDeleteInput) -> dict:
        row = await create.delete_education(info.context.viewer, _pk(input.recognition_id),
                                            decode_id(input.education_id, RecognitionEducation, "educationId"))
        return {"recognition": Recognition.of(row)}

    @strawberry.mutation(description="申报相关附件: upload one file into a slot.", permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_attachment_add(self, info: Info, input: RecognitionAttachmentAddInput) -> dict:
        row = await create.add_attachment(info.context.viewer, info.context.services.storage,
                                          _pk(input.recognition_id), input.slot, input.file)
        return {"recognition": Recognition.of(row)}

    @strawberry.mutation(description="Remove one uploaded attachment.", permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_attachment_delete(self, info: Info, input: RecognitionAttachmentDeleteInput) -> dict:
        row = await create.delete_attachment(info.context.viewer, _pk(input.recognition_id),
                                             decode_id(input.attachment_id, RecognitionAttachment, "attachmentId"))
        return {"recognition": Recognition.of(row)}

    @strawberry.mutation(description="上传照片 (jpg / png), shown on the 异地职称确认表.", permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_photo_upload(self, info: Info, input: RecognitionPhotoUploadInput) -> dict:
        svc = info.context.services
        row = await create.upload_photo(info.context.viewer, svc.storage, _pk(input.recognition_id), input.file,
                                        svc.settings.max_photo_bytes)
        return {"recognition": Recognition.of(row)}

    @strawberry.mutation(description="提交: to the employer, the first node. Refused with every failed check.",
                         permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_submit(self, info: Info, input: RecognitionActionInput) -> dict:
        row = await create.own_recognition(info.context.viewer, _pk(input.recognition_id))
        return {"recognition": Recognition.of(await submit_recognition(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="撤回 while the employer has not claimed it.", permission_classes=[IsPerson])
    @payload_mutation(RecognitionPayload)
    async def recognition_withdraw(self, info: Info, input: RecognitionActionInput) -> dict:
        row = await create.own_recognition(info.context.viewer, _pk(input.recognition_id), editable=False)
        return {"recognition": Recognition.of(await withdraw_recognition(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="Delete a draft that was never submitted.", permission_classes=[IsPerson])
    @payload_mutation(RecognitionDeletePayload)
    async def recognition_delete(self, info: Info, input: RecognitionActionInput) -> dict:
        pk = await create.delete_recognition(info.context.viewer, _pk(input.recognition_id))
        return {"deleted_id": relay.to_base64("Recognition", pk)}

    @strawberry.mutation(description="导出异地职称确认表: starts a job that renders the form (.docx); from submission "
                                     "on, for the person and the units on its review path.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(RecognitionFormPayload)
    async def recognition_form_export(self, info: Info, input: RecognitionFormExportInput) -> dict:
        viewer = info.context.viewer
        row = await RecognitionRow.get_or_none(id=_pk(input.recognition_id))
        if row is None or not await can_view_recognition(viewer, row):
            raise Forbidden("异地职称确认不存在或无权导出")
        if row.submitted_at is None and row.status == RecognitionStatus.DRAFT:
            raise refuse(Code.NOT_SUBMITTED, "异地职称确认提交后才能导出确认表", "recognitionId")
        job = await create_job_once(JobKind.RECOGNITION_FORM, {"recognition_id": row.id, "document": "FORM"},
                                    viewer.account_id, input.idempotency_key)
        return {"job": Job.of(job)}
