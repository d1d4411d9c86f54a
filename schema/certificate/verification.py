"""证书查验 as anyone reads it: the face of a certificate, its status and the masked ID number."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

import strawberry

from models.certificate.verification import VerificationAnswer
from schema.certificate.numbers import CertificateError
from schema.certificate.types import CertificateStatus


@strawberry.type(description="A verified certificate: what the certificate itself shows (no birth date, no photo), "
                             "its status, and the ID number masked. The same for every caller, signed in or not.")
class VerifiedCertificate:
    number: str = strawberry.field(description="证书编号.")
    name: str = strawberry.field(description="姓名.")
    gender: str = strawberry.field(description="性别.")
    id_type: str = strawberry.field(description="证件类型.")
    id_number_masked: str = strawberry.field(description="证件号码, masked (34**************73).")
    series_name: str = strawberry.field(description="职称系列.")
    specialty_name: str = strawberry.field(description="专业.")
    title_name: str = strawberry.field(description="职称名称 (资格名称).")
    level: str = strawberry.field(description="级别 (PRIMARY / INTERMEDIATE / ASSOCIATE_SENIOR / SENIOR).")
    level_name: str = strawberry.field(description="级别 in Chinese (初级 / 中级 / 副高级 / 正高级).")
    year: int = strawberry.field(description="评审年度.")
    acquired_on: date = strawberry.field(description="取得时间.")
    acquisition_method: str = strawberry.field(description="取得方式: 评审 / 认定 / 初定 / 考试 / 确认.")
    approval_number: str = strawberry.field(description="批准 / 备案文号.")
    issuer_name: str = strawberry.field(description="发证单位.")
    committee_name: str = strawberry.field(description="评审委员会; empty when not from a committee.")
    issue_date: date = strawberry.field(description="发证日期.")
    unit_name: str = strawberry.field(description="工作单位 at issue.")
    status: CertificateStatus = strawberry.field(description="有效 / 已撤销 / 已换发.")
    revoked_at: datetime | None = strawberry.field(description="撤销时间; null unless REVOKED.")
    replaced_by_number: str | None = strawberry.field(
        description="新证书编号: the certificate that replaced this one; null unless REPLACED.")

    @classmethod
    def of(cls, answer: VerificationAnswer) -> "VerifiedCertificate":
        return cls(**asdict(answer))


@strawberry.type(description="The answer of certificateVerify and certificateVerifyByToken. found is false, and "
                             "certificate null, both when no certificate has the number and when the name is "
                             "another: the answer never tells whether a number exists.")
class CertificateVerifyPayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    found: bool = strawberry.field(default=False, description="A certificate matched.")
    certificate: VerifiedCertificate | None = None
