"""Issuer codes (发证单位编码) and number ranges (证书编号库) as HR bureaus see and manage them."""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from models.access.certificate import require_issuer_administrator
from models.access.viewer import Viewer
from models.certificate.codes import CertificateCode
from models.certificate.models import IssuerCode as IssuerCodeRow
from models.certificate.models import IssuerCodeStatus as IssuerCodeStatusEnum
from models.certificate.models import NumberRange as NumberRangeRow
from schema.core.context import Info, ModelByIdLoader
from schema.core.errors import error_code_enum, error_type
from schema.core.ids import from_row
from schema.core.permissions import ViewerPermission
from schema.unit import Unit

IssuerCodeStatus = strawberry.enum(IssuerCodeStatusEnum, description="有效 / 已注销")
CertificateErrorCode = error_code_enum("Certificate", CertificateCode,
                                       "Why an issuer code, number range or certificate operation was refused.")
CertificateError = error_type("Certificate", CertificateErrorCode)


class IsIssuerAdministrator(ViewerPermission):
    """HR bureaus (of any region: each row is scoped to theirs) and platform admins."""

    def check(self, viewer: Viewer) -> None:
        require_issuer_administrator(viewer)


class IssuerCodeByIdLoader(ModelByIdLoader):
    model = IssuerCodeRow


@strawberry.type(description="发证单位编码: the 4-digit code of an issuing unit, unique in its province for ever (a "
                             "cancelled code is never given again). Seen by the HR bureaus of the unit's region "
                             "and above, and platform admins.")
class IssuerCode(relay.Node):
    row: strawberry.Private[IssuerCodeRow]
    id: relay.NodeID[int]
    code: str = strawberry.field(description="4 位数字.")
    province: str = strawberry.field(description="省份代码 (the first two digits of the unit's region).")
    status: IssuerCodeStatus
    assigned_at: datetime
    cancel_reason: str = strawberry.field(description="注销原因; empty while active.")
    cancelled_at: datetime | None

    @classmethod
    def of(cls, row: IssuerCodeRow) -> "IssuerCode":
        return from_row(cls, row, status=IssuerCodeStatusEnum(row.status))

    @strawberry.field(description="发证单位.")
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.row.unit_id))


@strawberry.type(description="证书编号库: serials startSerial … endSerial of one issuer, year and category, handed out "
                             "in order and never twice.")
class NumberRange(relay.Node):
    row: strawberry.Private[NumberRangeRow]
    id: relay.NodeID[int]
    year: int
    category: str = strawberry.field(description="证书类别, 2 位数字.")
    start_serial: int
    end_serial: int
    next_serial: int = strawberry.field(description="The next serial to hand out; endSerial + 1 once exhausted.")
    used: int = strawberry.field(description="Numbers assigned from this range.")
    remaining: int = strawberry.field(description="Numbers still free in this range.")
    created_at: datetime

    @classmethod
    def of(cls, row: NumberRangeRow) -> "NumberRange":
        return from_row(cls, row)

    @strawberry.field(description="The issuer code the numbers are made with.")
    async def issuer_code(self, info: Info) -> IssuerCode:
        return IssuerCode.of(await info.context.loader(IssuerCodeByIdLoader).load(self.row.issuer_id))


# ---------------------------------------------------------------- inputs and payloads


@strawberry.input(description="Search issuer codes; every field narrows the list.")
class IssuerCodeFilter:
    region_code: str | None = strawberry.field(default=None, description="Units of this region and below.")
    status: IssuerCodeStatus | None = strawberry.field(default=None, description="Any status when omitted.")
    unit_name_contains: str | None = strawberry.field(default=None, description="单位名称, fuzzy. 最多 100 个字符。")
    code: str | None = strawberry.field(default=None, description="The exact 4-digit code.")


@strawberry.input(description="Search number ranges; every field narrows the list.")
class NumberRangeFilter:
    issuer_code_id: strawberry.ID | None = None
    year: int | None = None
    category: str | None = strawberry.field(default=None, description="证书类别, 2 位数字.")


@strawberry.input(description="新增发证单位编码: give a unit of your region a 4-digit issuer code.")
class IssuerCodeAssignInput:
    unit_id: strawberry.ID
    code: str = strawberry.field(description="4 位数字 (0001–9999), never used before in the unit's province.")


@strawberry.input(description="注销发证单位编码, with the reason. The code is never given to another unit.")
class IssuerCodeCancelInput:
    issuer_code_id: strawberry.ID
    reason: str = strawberry.field(description="注销原因. 最多 500 个字符。")


@strawberry.input(description="生成证书编号: a range of serials for an issuer, year and category. Ranges of one issuer, "
                              "year and category may not overlap.")
class NumberRangeCreateInput:
    issuer_code_id: strawberry.ID
    year: int = strawberry.field(description="年度, 1980 to next year.")
    category: str = strawberry.field(description="证书类别, 2 位数字.")
    start_serial: int = strawberry.field(description="开始序号, 1–999999.")
    end_serial: int = strawberry.field(description="结束序号, 1–999999, not below startSerial.")


@strawberry.type
class IssuerCodePayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    issuer_code: IssuerCode | None = None


@strawberry.type
class NumberRangePayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    number_range: NumberRange | None = None
