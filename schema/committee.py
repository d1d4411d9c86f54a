"""Committees (评委会): public facts for everyone; the admin list only for those who manage them."""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from models.access.committee import can_see_committee_admins
from models.committee.models import Committee as CommitteeRow
from models.committee.models import CommitteeAdmin as CommitteeAdminRow
from models.committee.models import CommitteeOrganizer as CommitteeOrganizerRow
from models.committee.models import CommitteeRegion as CommitteeRegionRow
from models.committee.models import CommitteeSpecialty as CommitteeSpecialtyRow
from models.committee.models import CommitteeStatus as CommitteeStatusEnum
from models.committee.models import CommitteeTier as CommitteeTierEnum
from models.committee.codes import CommitteeCode
from schema.catalogue import Level, Series, SeriesByIdLoader, Specialty
from schema.core.ids import from_row
from schema.core.context import Context, Info, ModelByIdLoader, RowsByKeyLoader
from schema.core.prefetch import Selection, settle, when_loaded
from schema.core.errors import error_code_enum, error_type
from schema.message import Job, idempotency_key_field
from schema.region import Region
from schema.unit import Unit

CommitteeTier = strawberry.enum(CommitteeTierEnum, description="初评会 / 中评会 / 高评会")
CommitteeStatus = strawberry.enum(CommitteeStatusEnum, description="正常 / 已注销")

CommitteeErrorCode = error_code_enum("Committee", CommitteeCode, "Why a committee operation was refused.")
CommitteeError = error_type("Committee", CommitteeErrorCode)


# ---------------------------------------------------------------- loaders


class CommitteeByIdLoader(ModelByIdLoader):
    model = CommitteeRow


class RegionsByCommitteeLoader(RowsByKeyLoader):
    model, key, related = CommitteeRegionRow, "committee_id", "region"


class OrganizersByCommitteeLoader(RowsByKeyLoader):
    model, key, related = CommitteeOrganizerRow, "committee_id", "unit"


class SpecialtiesByCommitteeLoader(RowsByKeyLoader):
    model, key, related = CommitteeSpecialtyRow, "committee_id", "specialty"


class AdminsByCommitteeLoader(RowsByKeyLoader):
    model, key, joined = CommitteeAdminRow, "committee_id", "account"


# ---------------------------------------------------------------- types


@strawberry.type(description="缴费标准: a fee item and its amount in yuan.")
class FeeStandard:
    item: str
    amount: str = strawberry.field(description="Decimal string with two places, e.g. \"300.00\".")


@strawberry.type(description="An administrator of a committee (评委会账号).")
class CommitteeAdminEntry:
    account_id: strawberry.ID = strawberry.field(description="Global ID of the admin's account.")
    display_name: str


@strawberry.type(description="A review committee (评委会). Public, except its admins: those are listed only to the "
                             "HR bureaus that manage it, platform admins and the committee's own admins.")
class Committee(relay.Node):
    row: strawberry.Private[CommitteeRow]
    id: relay.NodeID[int]
    name: str
    tier: CommitteeTier
    status: CommitteeStatus
    cancel_reason: str = strawberry.field(description="注销原因; empty while active.")
    contact_name: str = strawberry.field(description="评委会联系人.")
    contact_phone: str = strawberry.field(description="联系电话.")
    version: int = strawberry.field(description="Send back with an update to guard against overwriting.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: CommitteeRow) -> "Committee":
        return from_row(cls, row, tier=CommitteeTierEnum(row.tier), status=CommitteeStatusEnum(row.status))

    @strawberry.field(description="评审级别.")
    def levels(self) -> list[Level]:
        return [Level(v) for v in self.row.levels]

    @strawberry.field(description="缴费标准.")
    def fee_standards(self) -> list[FeeStandard]:
        return [FeeStandard(item=f["item"], amount=f["amount"]) for f in self.row.fee_standards]

    @strawberry.field(description="评审系列.")
    def series(self, info: Info) -> Series:
        return when_loaded(info.context.loader(SeriesByIdLoader).load(self.row.series_id), Series.of)

    @classmethod
    async def prefetch(cls, context: Context, rows: list[CommitteeRow], sel: Selection) -> None:
        loads = []
        if "series" in sel:
            loads.append(context.loader(SeriesByIdLoader).load_many([r.series_id for r in rows]))
        if "managingUnit" in sel:
            loads.append(context.units.load_many([r.managing_unit_id for r in rows]))
        await settle(*loads)

    @strawberry.field(description="The HR bureau that set the committee up and manages it.")
    def managing_unit(self, info: Info) -> Unit:
        return when_loaded(info.context.units.load(self.row.managing_unit_id), Unit.of)

    @strawberry.field(description="评审区域范围: each covers its region and everything below it.")
    async def regions(self, info: Info) -> list[Region]:
        return [Region.of(r) for r in await info.context.loader(RegionsByCommitteeLoader).load(self.row.id)]

    @strawberry.field(description="组建单位: units that form the committee and publish its plans.")
    async def organizers(self, info: Info) -> list[Unit]:
        return [Unit.of(u) for u in await info.context.loader(OrganizersByCommitteeLoader).load(self.row.id)]

    @strawberry.field(description="评审专业; empty means the whole series.")
    async def specialties(self, info: Info) -> list[Specialty]:
        return [Specialty.of(s) for s in await info.context.loader(SpecialtiesByCommitteeLoader).load(self.row.id)]

    @strawberry.field(description="The committee's admins; null unless you manage the committee or are one of them.")
    async def admins(self, info: Info) -> list[CommitteeAdminEntry] | None:
        if not info.context.viewer.authenticated:
            return None
        rows = await info.context.loader(AdminsByCommitteeLoader).load(self.row.id)
        managing = await info.context.units.load(self.row.managing_unit_id)
        if not can_see_committee_admins(info.context.viewer, [r.account_id for r in rows], managing.region_id):
            return None
        return [CommitteeAdminEntry(account_id=strawberry.ID(relay.to_base64("Account", r.account_id)),
                                    display_name=r.account.display_name) for r in rows]


async def load_committee(info: Info, pk: int) -> Committee | None:
    row = await info.context.loader(CommitteeByIdLoader).load(pk)
    return Committee.of(row) if row else None


# ---------------------------------------------------------------- inputs and payloads


@strawberry.input(description="Search committees; every field narrows the list.")
class CommitteeFilter:
    name_contains: str | None = None
    series_id: strawberry.ID | None = None
    tier: CommitteeTier | None = None
    level: Level | None = strawberry.field(default=None, description="Committees that review this level.")
    region_code: str | None = strawberry.field(
        default=None, description="Committees whose scope covers this region (a person there may apply directly).")
    status: CommitteeStatus | None = strawberry.field(default=None, description="Any status when omitted.")


@strawberry.input(description="缴费标准: item and amount in yuan as a decimal string (> 0, two places at most).")
class FeeStandardInput:
    item: str
    amount: str


@strawberry.input(description="新增评委会. Scope regions must lie inside the managing HR bureau's region.")
class CommitteeCreateInput:
    name: str
    tier: CommitteeTier
    series_id: strawberry.ID
    levels: list[Level]
    region_codes: list[str] = strawberry.field(description="评审区域: one or more region codes.")
    managing_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="The managing HR bureau; yours when omitted (required for platform admins).")
    organizer_unit_ids: list[strawberry.ID] = strawberry.field(default_factory=list,
                                                               description="组建单位 (units of kind ORGANIZER).")
    specialty_ids: list[strawberry.ID] = strawberry.field(default_factory=list, description="评审专业 of the series.")
    fee_standards: list[FeeStandardInput] = strawberry.field(default_factory=list)
    contact_name: str = ""
    contact_phone: str = ""
    admin_logins: list[str] = strawberry.field(default_factory=list,
                                               description="Mobiles (or ID numbers) of the committee's admins.")


@strawberry.input(description="修改评委会: send only what changes; a list replaces the current one.")
class CommitteeUpdateInput:
    committee_id: strawberry.ID
    version: int | None = strawberry.field(default=None, description="The version you edited; CONFLICT if stale.")
    name: str | None = strawberry.UNSET
    tier: CommitteeTier | None = strawberry.UNSET
    series_id: strawberry.ID | None = strawberry.UNSET
    levels: list[Level] | None = strawberry.UNSET
    region_codes: list[str] | None = strawberry.UNSET
    organizer_unit_ids: list[strawberry.ID] | None = strawberry.UNSET
    specialty_ids: list[strawberry.ID] | None = strawberry.UNSET
    fee_standards: list[FeeStandardInput] | None = strawberry.UNSET
    contact_name: str | None = strawberry.UNSET
    contact_phone: str | None = strawberry.UNSET


@strawberry.input(description="注销评委会, with the reason.")
class CommitteeCancelInput:
    committee_id: strawberry.ID
    reason: str


@strawberry.input
class CommitteeAdminAddInput:
    committee_id: strawberry.ID
    login: str = strawberry.field(description="Mobile or ID number of an existing account.")


@strawberry.input
class CommitteeAdminRemoveInput:
    committee_id: strawberry.ID
    account_id: strawberry.ID


@strawberry.input(description="批量导入评委会 from the Excel template.")
class CommitteeImportInput:
    file: Upload


@strawberry.input(description="导出查询结果: the committees of a search as .xlsx, rendered in the background.")
class CommitteeExportInput:
    filter: CommitteeFilter | None = None
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type(description="Result of a committee mutation: the committee as it now is, or why nothing changed.")
class CommitteePayload:
    errors: list[CommitteeError]  # type: ignore[valid-type]
    committee: Committee | None = None


@strawberry.type(description="A row the import refused, and why; nothing of it was written.")
class CommitteeImportFailure:
    row: int = strawberry.field(description="Excel row number (the header is row 1).")
    reason: str


@strawberry.type(description="成功N条，失败M条: good rows are created, bad rows reported.")
class CommitteeImportPayload:
    errors: list[CommitteeError]  # type: ignore[valid-type]
    succeeded: int = 0
    failed: list[CommitteeImportFailure] = strawberry.field(default_factory=list)
    committees: list[Committee] = strawberry.field(default_factory=list)


@strawberry.type
class CommitteeExportPayload:
    errors: list[CommitteeError]  # type: ignore[valid-type]
    job: Job | None = None
