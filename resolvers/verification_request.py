"""证书核验: the person's verification requests (create, change, upload scans, check, submit, withdraw, delete) —
thin calls into models/verification_request; the organizer reviews them in the task centre."""
from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from models.access.verification_request import can_view_verification
from models.verification_request import create
from models.verification_request.create import CertificateEntry
from models.verification_request.models import VerificationRequest as RequestRow
from models.verification_request.process import submit_request, withdraw_request
from resolvers.core.mutation import payload_mutation
from schema.catalogue import Series, Specialty, TitleName
from schema.committee import Committee
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsPerson
from schema.verification_request.inputs import (
    VerificationAttachmentAddInput,
    VerificationAttachmentDeleteInput,
    VerificationCertificateInput,
    VerificationRequestActionInput,
    VerificationRequestCreateInput,
    VerificationRequestDeletePayload,
    VerificationRequestPayload,
    VerificationRequestUpdateInput,
)
from schema.verification_request.types import (
    VerificationAttachment,
    VerificationRequest,
    VerificationRequestByIdLoader,
)


def _pk(value: strawberry.ID) -> int:
    return decode_id(value, VerificationRequest, "requestId")


def _entry(data: VerificationCertificateInput) -> CertificateEntry:
    return CertificateEntry(
        committee_id=decode_id(data.committee_id, Committee, ("certificate", "committeeId")), number=data.number,
        series_id=decode_id(data.series_id, Series, ("certificate", "seriesId")),
        specialty_id=(decode_id(data.specialty_id, Specialty, ("certificate", "specialtyId"))
                      if data.specialty_id else None),
        specialty_name=data.specialty_name,
        title_name_id=decode_id(data.title_name_id, TitleName, ("certificate", "titleNameId")),
        acquired_on=data.acquired_on, approval_number=data.approval_number, issue_date=data.issue_date,
        issuer_name=data.issuer_name, unit_name=data.unit_name)


async def verification_request_node(info: Info, pk: int) -> Any:
    row = await info.context.loader(VerificationRequestByIdLoader).load(pk)
    return VerificationRequest.of(row) if row and await can_view_verification(info.context.viewer, row) else None


async def verification_attachment_node(info: Info, pk: int) -> Any:
    from models.verification_request.models import (
        VerificationAttachment as AttachmentRow,
    )

    row = await AttachmentRow.get_or_none(id=pk)
    if row is None:
        return None
    parent = await info.context.loader(VerificationRequestByIdLoader).load(row.request_id)
    return VerificationAttachment(id=row.id, slot=row.slot, file_id=row.file_id) if parent and await \
        can_view_verification(info.context.viewer, parent) else None


@strawberry.type
class VerificationRequestQueries:
    @strawberry.field(description="Your certificate verification requests (证书核验), newest first.",
                      permission_classes=[IsPerson])
    async def my_verification_requests(self, info: Info, first: int | None = None, after: str | None = None,
                                       last: int | None = None,
                                       before: str | None = None) -> Connection[VerificationRequest]:
        qs = RequestRow.filter(person_id=info.context.viewer.person_id)
        return await paginate(qs, VerificationRequest.of, first=first, after=after, last=last, before=before)


@strawberry.type
class VerificationRequestMutations:
    @strawberry.mutation(description="证书核验 新增: a certificate obtained before the platform, as it reads.",
                         permission_classes=[IsPerson])
    @payload_mutation(VerificationRequestPayload)
    async def verification_request_create(self, info: Info, input: VerificationRequestCreateInput) -> dict:
        row = await create.create_request(info.context.viewer, _entry(input.certificate))
        return {"request": VerificationRequest.of(row)}

    @strawberry.mutation(description="Change a draft or returned request.", permission_classes=[IsPerson])
    @payload_mutation(VerificationRequestPayload)
    async def verification_request_update(self, info: Info, input: VerificationRequestUpdateInput) -> dict:
        row = await create.update_request(info.context.viewer, _pk(input.request_id), _entry(input.certificate))
        return {"request": VerificationRequest.of(row)}

    @strawberry.mutation(description="Upload one scan into a slot (pdf / jpeg / png / bmp ≤ 10 MB, by content).",
                         permission_classes=[IsPerson])
    @payload_mutation(VerificationRequestPayload)
    async def verification_request_attachment_add(self, info: Info, input: VerificationAttachmentAddInput) -> dict:
        row = await create.add_attachment(info.context.viewer, info.context.services.storage, _pk(input.request_id),
                                          input.slot, input.file)
        return {"request": VerificationRequest.of(row)}

    @strawberry.mutation(description="Remove one uploaded scan.", permission_classes=[IsPerson])
    @payload_mutation(VerificationRequestPayload)
    async def verification_request_attachment_delete(self, info: Info,
                                                     input: VerificationAttachmentDeleteInput) -> dict:
        row = await create.delete_attachment(info.context.viewer, _pk(input.request_id),
                                             decode_id(input.attachment_id, VerificationAttachment, "attachmentId"))
        return {"request": VerificationRequest.of(row)}

    @strawberry.mutation(description="提交审核: to the organizer of the committee named.", permission_classes=[IsPerson])
    @payload_mutation(VerificationRequestPayload)
    async def verification_request_submit(self, info: Info, input: VerificationRequestActionInput) -> dict:
        row = await create.own_request(info.context.viewer, _pk(input.request_id))
        return {"request": VerificationRequest.of(await submit_request(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="撤回 while the organizer has not claimed it.", permission_classes=[IsPerson])
    @payload_mutation(VerificationRequestPayload)
    async def verification_request_withdraw(self, info: Info, input: VerificationRequestActionInput) -> dict:
        row = await create.own_request(info.context.viewer, _pk(input.request_id), editable=False)
        return {"request": VerificationRequest.of(await withdraw_request(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="Delete a draft that was never submitted.", permission_classes=[IsPerson])
    @payload_mutation(VerificationRequestDeletePayload)
    async def verification_request_delete(self, info: Info, input: VerificationRequestActionInput) -> dict:
        pk = await create.delete_request(info.context.viewer, _pk(input.request_id))
        return {"deleted_id": relay.to_base64("VerificationRequest", pk)}
