"""补换证申请 as clients see it: the certificate asked about, the corrections, the files, the flow."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

from models.access.certificate import can_view_certificate
from models.catalogue.models import LEVEL_LABELS
from models.catalogue.models import Level as LevelEnum
from models.core.history import SubjectType
from models.reissue.codes import ReissueCode
from models.reissue.create import check_items
from models.reissue.fields import BY_KEY, FIELDS, corrected
from models.reissue.fields import ReissueField as ReissueFieldEnum
from models.reissue.models import Reissue as ReissueRow
from models.reissue.models import ReissueStatus as ReissueStatusEnum
from schema.core.request import ReviewedRequest
from schema.catalogue import Level
from schema.core.context import Info, ModelByIdLoader
from schema.core.errors import error_code_enum, error_type
from schema.core.ids import from_row
from schema.file import File, load_file
from schema.unit import Unit

ReissueStatus = strawberry.enum(ReissueStatusEnum, description="编辑中 / 审核中 / 退回 / 终止 / 审核通过")
ReissueField = strawberry.enum(ReissueFieldEnum, description="证书信息项 (the correction picker). NUMBER, SERIES_NAME, "
                                                             "LEVEL, TITLE_NAME, ACQUISITION_METHOD, ISSUER_NAME and "
                                                             "ISSUE_DATE are not corrected (IMMUTABLE_FIELD).")
ReissueErrorCode = error_code_enum("Reissue", ReissueCode, "Why a reissue action was refused.")
ReissueError = error_type("Reissue", ReissueErrorCode)


class ReissueByIdLoader(ModelByIdLoader):
    model = ReissueRow


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


@strawberry.type(description="A certificate's data as the reissue form shows it (现有证书信息).")
class ReissueCertificateData:
    number: str
    name: str
    gender: str = strawberry.field(description="男 / 女, as printed.")
    birth_date: date | None
    id_type: str = strawberry.field(description="证件类型 as printed, e.g. 居民身份证.")
    id_number: str
    acquisition_method: str = strawberry.field(description="取得方式: 评审 / 认定 / 初定 / 考试 / 确认.")
    series_name: str
    specialty_name: str
    level: Level | None
    level_label: str
    title_name: str
    acquired_on: date | None = strawberry.field(description="取得资格时间.")
    approval_number: str = strawberry.field(description="批准文号.")
    nature: str = strawberry.field(description="资格性质, when entered.")
    issue_date: date | None = strawberry.field(description="发证日期.")
    issuer_name: str = strawberry.field(description="发证机构.")
    unit_name: str = strawberry.field(description="取得资格时所在单位.")

    @classmethod
    def of(cls, data: dict) -> ReissueCertificateData:
        level = LevelEnum(data["level"]) if data.get("level") in LevelEnum._value2member_map_ else None
        text = {k: str(data.get(k, "")) for k in ("number", "name", "gender", "id_type", "id_number",
                                                  "acquisition_method", "series_name", "specialty_name",
                                                  "title_name", "approval_number", "nature", "issuer_name",
                                                  "unit_name")}
        return cls(**text, birth_date=_day(data.get("birth_date")), acquired_on=_day(data.get("acquired_on")),
                   issue_date=_day(data.get("issue_date")), level=level,
                   level_label=LEVEL_LABELS.get(level, "") if level else "")


@strawberry.type(description="One corrected field: what the certificate says and what it should say.")
class ReissueCorrection:
    field: ReissueField
    label: str
    original_value: str
    value: str


@strawberry.type(description="One rule of the pre-submit check (开始检测).")
class ReissueCheckItem:
    message: str
    field: str | None
    passed: bool


@strawberry.type(description="补换证申请: a lost certificate issued again, or wrong fields corrected. Seen by the person, "
                             "the units on its review path, the HR bureaus above the employer, platform admins.")
class Reissue(ReviewedRequest, relay.Node):
    subject = SubjectType.REISSUE
    row: strawberry.Private[ReissueRow]
    id: relay.NodeID[int]
    status: ReissueStatus
    reason: str = strawberry.field(description="申请补（换）发事由.")
    submitted_at: datetime | None
    finished_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: ReissueRow) -> Reissue:
        return from_row(cls, row, status=ReissueStatusEnum(row.status))

    @strawberry.field(description="The certificate as it is (from the platform, or as entered).")
    def original(self) -> ReissueCertificateData:
        return ReissueCertificateData.of(self.row.original)

    @strawberry.field(description="The certificate as it will be issued: the original with the corrections.")
    def corrected(self) -> ReissueCertificateData:
        return ReissueCertificateData.of(corrected(self.row.original, self.row.corrections))

    @strawberry.field(description="证书信息变更: empty when only a new copy is asked for.")
    def corrections(self) -> list[ReissueCorrection]:
        return [ReissueCorrection(field=BY_KEY[key], label=FIELDS[BY_KEY[key]].label,
                                  original_value=str(self.row.original.get(key, "")), value=str(value))
                for key, value in self.row.corrections.items()]

    @strawberry.field(description="Whether the certificate is the platform's (情况二) or was entered by hand (情况一).")
    def in_platform(self) -> bool:
        return self.row.certificate_id is not None

    @strawberry.field(description="The platform's certificate asked about; null when entered by hand or not yours "
                                  "to see (its data is in `original`).")
    async def certificate(self, info: Info) -> Annotated["Certificate", strawberry.lazy("schema.certificate.types")] | None:
        return await _certificate(info, self.row.certificate_id)

    @strawberry.field(description="The new certificate (YB…), once approved.")
    async def new_certificate(self, info: Info) -> Annotated["Certificate", strawberry.lazy("schema.certificate.types")] | None:
        return await _certificate(info, self.row.new_certificate_id)

    @strawberry.field(description="发证机构: the unit that issues the new certificate, the path's last node.")
    async def issuer_unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.row.issuer_unit_id))

    @strawberry.field(description="The employer it was submitted from.")
    async def unit(self, info: Info) -> Unit | None:
        return Unit.of(await info.context.units.load(self.row.unit_id)) if self.row.unit_id else None

    @strawberry.field(description="佐证材料.")
    async def evidence(self, info: Info) -> File | None:
        return await load_file(info, self.row.evidence_id)

    @strawberry.field(description="承诺书 (signed).")
    async def pledge(self, info: Info) -> File | None:
        return await load_file(info, self.row.pledge_id)

    @strawberry.field(description="照片 for the new e-certificate (your profile photo unless you upload another).")
    async def photo(self, info: Info) -> File | None:
        return await load_file(info, self.row.photo_id)

    @strawberry.field(description="开始检测: every rule a submission must meet, passed or not.")
    async def check(self, info: Info) -> list[ReissueCheckItem]:
        person = await info.context.persons.load(self.row.person_id)
        return [ReissueCheckItem(message=m, field=f, passed=p)
                for m, f, p in check_items(self.row, person.photo_id if person else None)]

async def _certificate(info: Info, cert_id: int | None):
    if cert_id is None:
        return None
    from schema.certificate.types import Certificate, CertificateByIdLoader

    row = await info.context.loader(CertificateByIdLoader).load(cert_id)
    return Certificate.of(row) if row and can_view_certificate(info.context.viewer, row) else None
