"""Inputs and payloads of certificate verification requests (证书核验)."""
from __future__ import annotations

from datetime import date

import strawberry
from strawberry.file_uploads import Upload

from schema.verification_request.types import VerificationError, VerificationRequest


@strawberry.input(description="The certificate as it reads and the committee that granted it. specialtyId from the "
                              "tree, or none with specialtyName for 其他.")
class VerificationCertificateInput:
    committee_id: strawberry.ID = strawberry.field(description="评审委员会: its organizer reviews the request.")
    number: str = strawberry.field(description="证书编号.")
    series_id: strawberry.ID
    title_name_id: strawberry.ID
    acquired_on: date = strawberry.field(description="取得资格时间.")
    approval_number: str = strawberry.field(description="批准文号.")
    issue_date: date = strawberry.field(description="发证日期.")
    issuer_name: str = strawberry.field(description="发证单位.")
    specialty_id: strawberry.ID | None = None
    specialty_name: str = strawberry.field(default="", description="其他: the specialty as printed.")
    unit_name: str = strawberry.field(default="", description="取得资格时所在单位.")


@strawberry.input
class VerificationRequestCreateInput:
    certificate: VerificationCertificateInput


@strawberry.input(description="Change a draft or returned request: the whole certificate again.")
class VerificationRequestUpdateInput:
    request_id: strawberry.ID
    certificate: VerificationCertificateInput


@strawberry.input(description="Upload one scan into a slot (VerificationSlot.key).")
class VerificationAttachmentAddInput:
    request_id: strawberry.ID
    slot: str
    file: Upload


@strawberry.input
class VerificationAttachmentDeleteInput:
    request_id: strawberry.ID
    attachment_id: strawberry.ID


@strawberry.input
class VerificationRequestActionInput:
    request_id: strawberry.ID


@strawberry.type
class VerificationRequestPayload:
    errors: list[VerificationError]  # type: ignore[valid-type]
    request: VerificationRequest | None = None


@strawberry.type
class VerificationRequestDeletePayload:
    errors: list[VerificationError]  # type: ignore[valid-type]
    deleted_id: strawberry.ID | None = None
