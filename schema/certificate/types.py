"""Certificates (职称证书) and the filed results waiting for one, as holders, issuers and HR bureaus read them."""
from __future__ import annotations

import logging
from datetime import date, datetime

import strawberry
from strawberry import relay

from models.certificate.credential import certificate_jwt
from models.certificate.models import Certificate as CertificateRow
from models.certificate.models import CertificateStatus as CertificateStatusEnum
from models.certificate.models import DocumentState as DocumentStateEnum
from models.certificate.rendering import verification_url
from models.certificate.signing import SigningKeyError
from schema.certificate.numbers import IssuerCodeByIdLoader
from schema.core.context import Info, ModelByIdLoader
from schema.core.ids import from_row
from schema.evaluation.passed import PassedResult
from schema.file import File, load_file

log = logging.getLogger("zhicheng.certificate")
CertificateStatus = strawberry.enum(CertificateStatusEnum, description="有效 / 已撤销 / 已换发")
DocumentState = strawberry.enum(DocumentStateEnum, description=(
    "The e-certificate file: AWAITING_PHOTO (请上传照片), GENERATING (正在生成职称证书，请稍后刷新页面), READY."))


class CertificateByIdLoader(ModelByIdLoader):
    model = CertificateRow


@strawberry.type(description="职称证书: what the certificate shows, fixed when it was issued. Seen by the holder, the "
                             "issuer's admins, the HR bureaus of the issuer's region or the holder's unit and above, "
                             "and platform admins; the public verifies it with certificateVerify.")
class Certificate(relay.Node):
    row: strawberry.Private[CertificateRow]
    id: relay.NodeID[int]
    number: str = strawberry.field(description="证书编号.")
    name: str = strawberry.field(description="姓名.")
    gender: str = strawberry.field(description="性别 (男 / 女).")
    birth_date: date
    id_type: str = strawberry.field(description="证件类型.")
    id_number: str = strawberry.field(description="证件号码, in full: only those who may see the certificate reach it.")
    series_name: str = strawberry.field(description="职称系列.")
    specialty_name: str = strawberry.field(description="专业.")
    title_name: str = strawberry.field(description="职称名称 (资格名称).")
    level: str = strawberry.field(description="级别 (PRIMARY / INTERMEDIATE / ASSOCIATE_SENIOR / SENIOR).")
    year: int = strawberry.field(description="评审年度.")
    acquired_on: date = strawberry.field(description="取得时间.")
    acquisition_method: str = strawberry.field(description="取得方式: 评审 / 认定 / 初定 / 考试 / 确认.")
    approval_number: str = strawberry.field(description="批准 / 备案文号.")
    issuer_name: str = strawberry.field(description="发证单位.")
    committee_name: str = strawberry.field(description="评审委员会; empty when not from a committee.")
    issue_date: date = strawberry.field(description="发证日期.")
    unit_name: str = strawberry.field(description="工作单位 at issue.")
    status: CertificateStatus
    revoked_at: datetime | None = strawberry.field(description="撤销时间.")
    revoke_reason: str = strawberry.field(description="撤销原因; empty unless revoked.")
    document_state: DocumentState
    reported_at: datetime | None = strawberry.field(description="报送人社部的时间; null until reported.")
    created_at: datetime

    @classmethod
    def of(cls, row: CertificateRow) -> "Certificate":
        return from_row(cls, row, status=CertificateStatusEnum(row.status),
                        document_state=DocumentStateEnum(row.document_state))

    @strawberry.field(description="The signed e-certificate (PDF) once READY; null while it is awaited.")
    async def document(self, info: Info) -> File | None:
        if self.row.document_state != DocumentStateEnum.READY:
            return None
        return await load_file(info, self.row.document_id)

    @strawberry.field(description="The public verification page this certificate's QR code opens.")
    def verification_url(self) -> str:
        return verification_url(self.row.token)

    @strawberry.field(description="W3C Verifiable Credential 2.0 of this certificate as a VC-JWT (typ vc+jwt, the "
                                  "issuer's certificate chain in x5c), signed by the issuer. Its credentialStatus "
                                  "(BitstringStatusListEntry, revocation) points at the issuer's public status list. "
                                  "The ID number is masked. Null when the issuer's key cannot be loaded.")
    async def credential(self, info: Info) -> str | None:
        if self.row.issuer_id is None or self.row.status_index is None:
            return None
        code = await info.context.loader(IssuerCodeByIdLoader).load(self.row.issuer_id)
        try:
            return certificate_jwt(self.row, code)
        except SigningKeyError:
            log.warning("no signing key for issuer %s: certificate %s has no credential", code.code, self.row.id)
            return None

    @strawberry.field(description="换发: the certificate that replaced this one (status REPLACED).")
    async def replaced_by(self, info: Info) -> "Certificate | None":
        if self.row.replaced_by_id is None:
            return None
        row = await info.context.loader(CertificateByIdLoader).load(self.row.replaced_by_id)
        return Certificate.of(row) if row else None


@strawberry.type(description="待发证人员: a publicity-passed, filed result this issuer has not issued yet.")
class IssuableResult(PassedResult):
    @strawberry.field(description="是否已上传照片: without one the certificate waits for it (AWAITING_PHOTO).")
    def has_photo(self) -> bool:
        return self.row.participant.application.person.photo_id is not None


ISSUABLE_JOINS = ("participant__application__person", "participant__application__unit",
                  "participant__application__series", "participant__application__specialty",
                  "participant__application__title_name", "participant__scheme__plan",
                  "participant__scheme__committee")
