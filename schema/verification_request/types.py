"""证书核验申请 as clients see it: the certificate as entered, the committee, the scans, the check and the flow."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry import relay

from models.access.certificate import can_view_certificate
from models.catalogue.models import LEVEL_LABELS
from models.catalogue.models import Level as LevelEnum
from models.core.history import SubjectType
from models.core.slots import missing_slots
from models.verification_request.codes import VerificationCode
from models.verification_request.create import SLOTS
from models.verification_request.models import VerificationAttachment as AttachmentRow
from models.verification_request.models import VerificationRequest as RequestRow
from models.verification_request.models import VerificationStatus as StatusEnum
from schema.catalogue import (
    Level,
    Series,
    SeriesByIdLoader,
    Specialty,
    SpecialtyByIdLoader,
    TitleName,
    TitleNameByIdLoader,
)
from schema.core.context import Info, ModelByIdLoader, RowsByKeyLoader
from schema.core.errors import error_code_enum, error_type
from schema.core.ids import from_row
from schema.core.request import ReviewedRequest
from schema.file import File, load_file
from schema.unit import Unit

VerificationStatus = strawberry.enum(StatusEnum, description="编辑中 / 审核中 / 退回 / 终止 / 审核通过")
VerificationErrorCode = error_code_enum("Verification", VerificationCode,
                                        "Why a certificate verification request action was refused.")
VerificationError = error_type("Verification", VerificationErrorCode)


class VerificationRequestByIdLoader(ModelByIdLoader):
    model = RequestRow


class AttachmentsByRequestLoader(RowsByKeyLoader):
    model, key = AttachmentRow, "request_id"


@strawberry.type(description="One uploaded scan of a verification request.")
class VerificationAttachment(relay.Node):
    id: relay.NodeID[int]
    slot: str
    file_id: strawberry.Private[int]

    @strawberry.field
    async def file(self, info: Info) -> File | None:
        return await load_file(info, self.file_id)


@strawberry.type(description="One slot of the verification form, its limits and the scans in it.")
class VerificationSlot:
    key: str = strawberry.field(description="The slot to upload into (verificationRequestAttachmentAdd.slot).")
    name: str
    description: str
    required: bool
    allowed_types: list[str]
    max_size_mb: int
    max_count: int
    attachments: list[VerificationAttachment]


@strawberry.type(description="One rule of the pre-submit check (开始检测).")
class VerificationCheckItem:
    message: str
    field: str | None
    passed: bool


@strawberry.type(description="证书核验申请: a certificate obtained before the platform, entered by the person and "
                             "reviewed by the organizer of the committee that granted it. Seen by the person, the "
                             "units on its path, the HR bureaus above the employer, platform admins.")
class VerificationRequest(ReviewedRequest, relay.Node):
    subject = SubjectType.VERIFICATION_REQUEST
    row: strawberry.Private[RequestRow]
    id: relay.NodeID[int]
    status: VerificationStatus
    number: str = strawberry.field(description="证书编号.")
    specialty_name: str = strawberry.field(description="专业 as the certificate prints it (the tree's, or 其他's name).")
    level: Level
    acquired_on: date = strawberry.field(description="取得资格时间.")
    approval_number: str = strawberry.field(description="批准文号.")
    issue_date: date = strawberry.field(description="发证日期.")
    issuer_name: str = strawberry.field(description="发证单位.")
    unit_name: str = strawberry.field(description="取得资格时所在单位.")
    submitted_at: datetime | None
    finished_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: RequestRow) -> VerificationRequest:
        return from_row(cls, row, status=StatusEnum(row.status), level=LevelEnum(row.level))

    @strawberry.field
    def level_label(self) -> str:
        return LEVEL_LABELS.get(LevelEnum(self.row.level), "")

    @strawberry.field(description="Whether the specialty is 其他 (not in the tree).")
    def other_specialty(self) -> bool:
        return self.row.specialty_id is None

    @strawberry.field
    async def series(self, info: Info) -> Series:
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))

    @strawberry.field(description="The tree's specialty; null for 其他.")
    async def specialty(self, info: Info) -> Specialty | None:
        if self.row.specialty_id is None:
            return None
        return Specialty.of(await info.context.loader(SpecialtyByIdLoader).load(self.row.specialty_id))

    @strawberry.field
    async def title_name(self, info: Info) -> TitleName:
        return TitleName.of(await info.context.loader(TitleNameByIdLoader).load(self.row.title_name_id))

    @strawberry.field(description="The committee that granted it: its organizer reviews the request.")
    async def committee(self, info: Info) -> Annotated["Committee", strawberry.lazy("schema.committee")] | None:
        from schema.committee import Committee, CommitteeByIdLoader

        row = await info.context.loader(CommitteeByIdLoader).load(self.row.committee_id)
        return Committee.of(row) if row else None

    @strawberry.field(description="The employer it was submitted from.")
    async def unit(self, info: Info) -> Unit | None:
        return Unit.of(await info.context.units.load(self.row.unit_id)) if self.row.unit_id else None

    @strawberry.field(description="The form's slots, each with its scans.")
    async def slots(self, info: Info) -> list[VerificationSlot]:
        files = await info.context.loader(AttachmentsByRequestLoader).load(self.row.id)
        return [VerificationSlot(key=s.key, name=s.name, description=s.description, required=s.required,
                                 allowed_types=list(s.allowed_types), max_size_mb=s.max_bytes // (1024 * 1024),
                                 max_count=s.max_count,
                                 attachments=[VerificationAttachment(id=a.id, slot=a.slot, file_id=a.file_id)
                                              for a in files if a.slot == s.key])
                for s in SLOTS]

    @strawberry.field(description="开始检测: every rule a submission must meet, passed or not.")
    async def check(self, info: Info) -> list[VerificationCheckItem]:
        files = await info.context.loader(AttachmentsByRequestLoader).load(self.row.id)
        return [VerificationCheckItem(message=m, field=f, passed=p)
                for m, f, p in missing_slots(SLOTS, {a.slot for a in files})]

    @strawberry.field(description="The verified certificate among yours (source 核验), once approved.")
    async def certificate(self, info: Info) -> Annotated["Certificate", strawberry.lazy("schema.certificate.types")] | None:
        if self.row.certificate_id is None:
            return None
        from schema.certificate.types import Certificate, CertificateByIdLoader

        row = await info.context.loader(CertificateByIdLoader).load(self.row.certificate_id)
        return Certificate.of(row) if row and can_view_certificate(info.context.viewer, row) else None
