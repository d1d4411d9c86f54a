"""Inputs and payloads of issuing, the holder's certificates, the query, its export and the report."""
from __future__ import annotations

import strawberry

from models.certificate.reporting import ReportFormat as ReportFormatEnum
from schema.catalogue import Level
from schema.certificate.numbers import CertificateError
from schema.certificate.types import Certificate, CertificateStatus
from schema.message import Job, idempotency_key_field


@strawberry.input(description="Narrow the list of those waiting for a certificate; every field narrows it.")
class IssuableFilter:
    plan_id: strawberry.ID | None = None
    committee_id: strawberry.ID | None = None
    series_id: strawberry.ID | None = None
    level: Level | None = None
    year: int | None = None


@strawberry.input(description="证书发放: issue the selected participants (participantIds) or, when it is omitted, all "
                              "waiting ones that match the filter. Each gets the next number of the issuer's ranges "
                              "for the plan's year and this category, and its e-certificate is rendered.")
class CertificateIssueInput:
    issuer_unit_id: strawberry.ID = strawberry.field(description="The issuing unit (holds an active issuer code).")
    category: str = strawberry.field(description="证书类别, 2 位数字: the number ranges the numbers come from.")
    participant_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="批量发放: these (SchemeParticipant IDs). Omitted: 全部发放 by filter. 最多 20000.")
    filter: IssuableFilter | None = None
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type
class CertificateIssuePayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    job: Job | None = strawberry.field(default=None, description="The issuing job: progress counts people issued.")
    count: int = strawberry.field(default=0, description="How many certificates the job issues.")


@strawberry.type
class CertificatePayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    certificate: Certificate | None = None


# ---------------------------------------------------------------- 证书查询, 证书报送人社部, 导出查询结果

ReportFormat = strawberry.enum(ReportFormatEnum, description="The file a report to the ministry is written as.")


@strawberry.input(description="证书查询: every field narrows the list; blank text leaves it open.")
class CertificateFilter:
    name: str | None = strawberry.field(default=None, description="姓名, exactly.")
    name_contains: str | None = strawberry.field(default=None, description="姓名 containing this text.")
    id_number: str | None = strawberry.field(default=None, description="证件号码, exactly (x and X alike).")
    number: str | None = strawberry.field(default=None, description="证书编号, exactly.")
    series_name: str | None = strawberry.field(default=None, description="职称系列 as the certificate shows it.")
    series_id: strawberry.ID | None = strawberry.field(default=None, description="职称系列 of the catalogue.")
    year: int | None = strawberry.field(default=None, description="评审年度, 1900–2100.")
    status: CertificateStatus | None = None  # type: ignore[valid-type]
    reported: bool | None = strawberry.field(default=None, description="已报送人社部 (true) or not yet (false).")
    issuer_unit_id: strawberry.ID | None = strawberry.field(default=None, description="发证单位.")


@strawberry.input(description="证书报送人社部: 批量上报 the selected certificates, or 全部上报 when certificateIds is "
                              "null. They are marked reported at once; the job writes the file for the ministry "
                              "(its columns: README \"证书报送人社部: export columns\").")
class CertificateReportInput:
    issuer_unit_id: strawberry.ID = strawberry.field(description="The issuing unit whose certificates are reported.")
    certificate_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="These certificates (each this issuer's, VALID, not reported). Null: every "
                                  "unreported one, oldest first, at most 20000 per request.")
    format: ReportFormat = ReportFormatEnum.XLSX  # type: ignore[valid-type]
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type
class CertificateReportPayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    job: Job | None = strawberry.field(default=None, description="Writes the report's file (its result file).")
    count: int = strawberry.field(default=0, description="Certificates reported by this request.")
    remaining: int = strawberry.field(default=0, description="Of this issuer still unreported afterwards.")


@strawberry.input(description="导出查询结果: the certificates the query shows you, as .xlsx, in the background.")
class CertificateExportInput:
    filter: CertificateFilter | None = None
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type
class CertificateExportPayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    job: Job | None = strawberry.field(default=None, description="Writes the workbook (its result file).")


@strawberry.input(description="证书撤销: revoke a valid certificate of your issuing unit. The holder is told, the "
                              "issuer's status list marks it revoked at once, and the PDF is rendered again with "
                              "the 已撤销 banner (documentState GENERATING meanwhile). Returns CertificatePayload.")
class CertificateRevokeInput:
    certificate_id: strawberry.ID
    reason: str = strawberry.field(description="撤销原因, required. 最多 200 个字符。")
