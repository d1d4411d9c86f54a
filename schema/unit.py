"""Units: public facts for everyone, private details for those who manage the unit."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from models.unit.models import NATURE_LABELS
from models.unit.models import Unit as UnitRow
from models.unit.models import UnitKind as UnitKindEnum
from models.unit.models import UnitNature as UnitNatureEnum
from models.unit.codes import UnitCode
from schema.core.ids import from_row
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.file import File, load_file
from schema.region import Region, load_region

UnitKind = strawberry.enum(UnitKindEnum, description="用人单位 / 主管部门 / 人社部门 / 人才服务中心 / 评委会组建单位")
UnitNature = strawberry.enum(UnitNatureEnum, description="单位性质: 机关, 事业单位, 事业单位(中直), 国有企业, 民营企业, 社会组织, …")

UnitErrorCode = error_code_enum("Unit", UnitCode, "Why a unit operation was refused.")
UnitError = error_type("Unit", UnitErrorCode)


@strawberry.type(description="An administrator of a unit.")
class UnitAdminEntry:
    account_id: strawberry.ID = strawberry.field(description="Global ID of the admin's account.")
    display_name: str
    added_at: datetime


@strawberry.type(description="A unit (单位). Contact and registration details are visible to the unit's admins, "
                             "the HR bureaus above it and platform admins; others see null.")
class Unit(relay.Node):
    row: strawberry.Private[UnitRow]
    id: relay.NodeID[int]
    name: str
    kind: UnitKind
    nature: UnitNature
    credit_code: str | None = strawberry.field(description="统一社会信用代码 (GB 32100).")
    is_central: bool = strawberry.field(description="中央驻地单位.")

    @classmethod
    def of(cls, row: UnitRow) -> "Unit":
        return from_row(cls, row, kind=UnitKindEnum(row.kind), nature=UnitNatureEnum(row.nature))

    @strawberry.field(description="单位性质 as the manuals print it.")
    def nature_label(self) -> str:
        return NATURE_LABELS[UnitNatureEnum(self.row.nature)]

    @strawberry.field(description="属地.")
    async def region(self, info: Info) -> Region:
        region = await load_region(info, self.row.region_id)
        assert region is not None
        return region

    @strawberry.field(description="主管部门.")
    async def competent_department(self, info: Info) -> Optional["Unit"]:
        if self.row.competent_department_id is None:
            return None
        row = await info.context.units.load(self.row.competent_department_id)
        return Unit.of(row) if row else None

    @strawberry.field(description="Private details; null unless you manage this unit.")
    def details(self, info: Info) -> Optional["UnitDetails"]:
        if not info.context.viewer.manages_unit(self.row):
            return None
        return from_row(UnitDetails, self.row)

    @strawberry.field(description="The unit's admins; null unless you manage this unit.")
    async def admins(self, info: Info) -> list[UnitAdminEntry] | None:
        if not info.context.viewer.manages_unit(self.row):
            return None
        from schema.account import Account

        return [
            UnitAdminEntry(account_id=strawberry.ID(relay.to_base64(Account.__strawberry_definition__.name,
                                                                    a.account_id)),
                           display_name=a.account.display_name, added_at=a.created_at)
            for a in await info.context.unit_admins.load(self.row.id)
        ]


@strawberry.type(description="A unit's contact and registration details (管理设置).")
class UnitDetails:
    row: strawberry.Private[UnitRow]
    legal_rep_name: str
    legal_rep_phone: str
    address: str
    contact_name: str
    contact_mobile: str
    email: str
    fax: str
    industry_code: str
    registration_status: str
    economic_type: str
    tax_number: str
    license_kind: str
    license_number: str
    license_issued_on: date | None
    license_valid_years: int | None
    approval_document_number: str
    approval_date: date | None
    approving_body: str
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="电子印章 (PNG), stamped on review forms once the unit has passed its node.")
    async def seal(self, info: Info) -> File | None:
        return await load_file(info, self.row.seal_id)


@strawberry.input(description="Filters for unit search.")
class UnitFilter:
    name_contains: str | None = None
    kind: list[UnitKind] | None = None
    region_code: str | None = strawberry.field(default=None, description="Within this region and below.")


@strawberry.input(description="单位注册. The credit code is required unless an HR bureau or the platform creates the unit.")
class UnitRegisterInput:
    name: str
    kind: UnitKind
    nature: UnitNature
    credit_code: str | None = None
    legal_rep_name: str | None = None
    legal_rep_phone: str | None = None
    address: str | None = None
    contact_name: str
    contact_mobile: str
    email: str
    region_code: str
    is_central: bool = False
    competent_department_id: strawberry.ID | None = None
    admin_login: str | None = strawberry.field(
        default=None, description="Mobile or ID number of the first admin; you, when omitted.")


@strawberry.input(description="完善单位信息: send only the fields to change.")
class UnitUpdateInput:
    unit_id: strawberry.ID
    legal_rep_name: str | None = strawberry.UNSET
    legal_rep_phone: str | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    contact_name: str | None = strawberry.UNSET
    contact_mobile: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    fax: str | None = strawberry.UNSET
    nature: UnitNature | None = strawberry.UNSET
    region_code: str | None = strawberry.UNSET
    is_central: bool | None = strawberry.UNSET
    competent_department_id: strawberry.ID | None = strawberry.UNSET
    industry_code: str | None = strawberry.UNSET
    registration_status: str | None = strawberry.UNSET
    economic_type: str | None = strawberry.UNSET
    tax_number: str | None = strawberry.UNSET
    license_kind: str | None = strawberry.UNSET
    license_number: str | None = strawberry.UNSET
    license_issued_on: date | None = strawberry.UNSET
    license_valid_years: int | None = strawberry.UNSET
    approval_document_number: str | None = strawberry.UNSET
    approval_date: date | None = strawberry.UNSET
    approving_body: str | None = strawberry.UNSET


@strawberry.input
class UnitAdminAddInput:
    unit_id: strawberry.ID
    login: str = strawberry.field(description="Mobile or ID number of an existing account.")


@strawberry.input
class UnitAdminRemoveInput:
    unit_id: strawberry.ID
    account_id: strawberry.ID


@strawberry.input(description="上传电子印章: a PNG of at most 1 MB; only the unit's admins.")
class UnitSealUploadInput:
    unit_id: strawberry.ID
    file: Upload


@strawberry.type(description="Result of a unit mutation: the unit as it now is, or why nothing changed.")
class UnitPayload:
    errors: list[UnitError]  # type: ignore[valid-type]
    unit: Unit | None = None
