"""岗位核准 and 单位推荐 as clients see them: the year's quota with its counters, each application's
post decision, and the employer's recommendation files.

A PostQuota is reachable only by those who manage its unit (its admins, HR bureaus above it, platform
admins); recommendations only by those who may see the application.
"""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader
from strawberry.file_uploads import Upload

from models.catalogue.models import Level as LevelEnum
from models.quota.models import LEVEL_COLUMNS, LEVEL_LABELS
from models.quota.models import PostQuota as PostQuotaRow
from models.quota.models import PostQuotaChange as ChangeRow
from models.quota.models import QuotaUse as QuotaUseRow
from models.quota.models import RecommendationFile as FileRow
from models.quota.models import RecommendationFileKind as KindEnum
from models.quota.rules import usage
from models.quota.recommendation import FILE_LABELS
from models.quota.codes import QuotaCode
from schema.catalogue import Level
from schema.core.ids import encode_id
from schema.core.context import Info, RowsByKeyLoader
from schema.core.errors import error_code_enum, error_type
from schema.file import File, load_file
from schema.task import AccountByIdLoader
from schema.unit import Unit

QuotaErrorCode = error_code_enum("Quota", QuotaCode,
                                 "Why a post-quota (岗位核准) or recommendation (单位推荐) action was refused.")
QuotaError = error_type("Quota", QuotaErrorCode)
RecommendationFileKind = strawberry.enum(KindEnum, description="单位推荐意见 / 单位公示证明和材料 / 单位审批其他材料")


class QuotaUsageByUnitYearLoader(DataLoader):
    """(unit id, year) → {level: {occupies: count}} of recommendations that hold; one grouped query a batch."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[tuple[int, int]]) -> list[dict[str, dict[bool, int]]]:
        found = await usage(list(set(keys)))
        return [{level.value: found.get((u, y, level.value), {}) for level in LEVEL_COLUMNS} for u, y in keys]


class ChangesByQuotaLoader(RowsByKeyLoader):
    model, key = ChangeRow, "post_quota_id"


async def _account_name(info: Info, account_id: int | None) -> str | None:
    if account_id is None:
        return None
    row = await info.context.loader(AccountByIdLoader).load(account_id)
    return row.display_name if row else None


@strawberry.type(description="One level of the year's quota: 空缺, 推荐总数, 推荐占用数, 推荐不占用数, 剩余.")
class PostQuotaLevel:
    level: Level
    label: str = strawberry.field(description="正高级 / 副高级 / 中级 / 初级.")
    vacancies: int = strawberry.field(description="空缺岗位数.")
    recommended: int = strawberry.field(description="推荐总数 (applications in review or approved).")
    occupying: int = strawberry.field(description="推荐占用数.")
    not_occupying: int = strawberry.field(description="推荐不占用数.")
    remaining: int = strawberry.field(description="剩余空缺 = vacancies − occupying.")


@strawberry.type(description="Vacancies per level.")
class PostQuotaCounts:
    senior: int
    associate_senior: int
    intermediate: int
    primary: int


def _counts(data: dict) -> PostQuotaCounts:
    return PostQuotaCounts(**{column: int(data.get(column, 0)) for column in LEVEL_COLUMNS.values()})


@strawberry.type(description="An HR bureau's change to a unit's quota: who, why, old → new.")
class PostQuotaChange:
    row: strawberry.Private[ChangeRow]
    reason: str
    created_at: datetime

    @strawberry.field
    def old(self) -> PostQuotaCounts:
        return _counts(self.row.old)

    @strawberry.field
    def new(self) -> PostQuotaCounts:
        return _counts(self.row.new)

    @strawberry.field(description="Whether a new 岗位核准表 replaced the old one.")
    def approval_file_replaced(self) -> bool:
        return self.row.old.get("approval_file_id") != self.row.new.get("approval_file_id")

    @strawberry.field(description="Who changed it.")
    async def changed_by(self, info: Info) -> str | None:
        return await _account_name(info, self.row.changed_by_id)

    @strawberry.field(description="The HR bureau that changed it.")
    async def unit(self, info: Info) -> Unit | None:
        row = await info.context.units.load(self.row.unit_id) if self.row.unit_id else None
        return Unit.of(row) if row else None


@strawberry.type(description="岗位核准: a public institution's vacant posts per level for one year, and how many "
                             "its recommendations take. Visible to the unit's admins and the HR bureaus above it.")
class PostQuota:
    row: strawberry.Private[PostQuotaRow]
    year: int = strawberry.field(description="核准年度.")
    senior: int = strawberry.field(description="正高级空缺.")
    associate_senior: int = strawberry.field(description="副高级空缺.")
    intermediate: int = strawberry.field(description="中级空缺.")
    primary: int = strawberry.field(description="初级空缺.")
    confirmed_at: datetime | None = strawberry.field(description="确认时间; after it only an HR bureau changes it.")
    created_at: datetime
    version: int

    @classmethod
    def of(cls, row: PostQuotaRow) -> "PostQuota":
        return cls(row=row, year=row.year, senior=row.senior, associate_senior=row.associate_senior,
                   intermediate=row.intermediate, primary=row.primary, confirmed_at=row.confirmed_at,
                   created_at=row.created_at, version=row.version)

    @strawberry.field(description="是否确认.")
    def confirmed(self) -> bool:
        return self.row.confirmed_at is not None

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.row.unit_id))

    @strawberry.field(description="创建人.")
    async def created_by(self, info: Info) -> str | None:
        return await _account_name(info, self.row.created_by_id)

    @strawberry.field(description="The stamped 岗位核准表.")
    async def approval_file(self, info: Info) -> File | None:
        return await load_file(info, self.row.approval_file_id)

    @strawberry.field(description="Each level, 正高级 first, with its counters.")
    async def levels(self, info: Info) -> list[PostQuotaLevel]:
        used = await info.context.loader(QuotaUsageByUnitYearLoader).load((self.row.unit_id, self.row.year))
        out = []
        for level in LEVEL_COLUMNS:
            vacancies, counts = self.row.vacancies(level), used[level.value]
            occupying, not_occupying = counts.get(True, 0), counts.get(False, 0)
            out.append(PostQuotaLevel(level=level, label=LEVEL_LABELS[level], vacancies=vacancies,
                                      recommended=occupying + not_occupying, occupying=occupying,
                                      not_occupying=not_occupying, remaining=vacancies - occupying))
        return out

    @strawberry.field(description="HR bureaus' changes after confirmation, oldest first.")
    async def changes(self, info: Info) -> list[PostQuotaChange]:
        rows = await info.context.loader(ChangesByQuotaLoader).load(self.row.id)
        return [PostQuotaChange(row=r, reason=r.reason, created_at=r.created_at) for r in rows]


@strawberry.type(description="是否占用职数: the employer's decision for one application.")
class QuotaUse:
    row: strawberry.Private[QuotaUseRow]
    year: int
    level: Level
    occupies_post: bool = strawberry.field(description="占用 / 不占用.")
    reason: str = strawberry.field(description="说明 (required when not occupying).")
    recorded_at: datetime

    @classmethod
    def of(cls, row: QuotaUseRow) -> "QuotaUse":
        return cls(row=row, year=row.year, level=LevelEnum(row.level), occupies_post=row.occupies,
                   reason=row.reason, recorded_at=row.recorded_at)

    @strawberry.field(description="Global ID of the application.")
    def application_id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("Application", self.row.application_id))

    @strawberry.field(description="Who recorded it.")
    async def recorded_by(self, info: Info) -> str | None:
        return await _account_name(info, self.row.created_by_id)


@strawberry.type(description="A file the employer attached to its recommendation.")
class RecommendationFile:
    row: strawberry.Private[FileRow]
    kind: RecommendationFileKind
    created_at: datetime

    @classmethod
    def of(cls, row: FileRow) -> "RecommendationFile":
        return cls(row=row, kind=KindEnum(row.kind), created_at=row.created_at)

    @strawberry.field(description="Global ID; send it to recommendationFileDelete.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(RecommendationFile, self.row.id))

    @strawberry.field(description="As printed: 单位推荐意见, 单位公示证明和材料, 单位审批其他材料.")
    def kind_label(self) -> str:
        return FILE_LABELS[KindEnum(self.row.kind)]

    @strawberry.field
    async def file(self, info: Info) -> File | None:
        return await load_file(info, self.row.file_id)

    @strawberry.field(description="Who uploaded it.")
    async def uploaded_by(self, info: Info) -> str | None:
        return await _account_name(info, self.row.uploaded_by_id)


@strawberry.input(description="新增 / 修改岗位核准信息 (the unit's admins, until confirmed). The stamped 岗位核准表 "
                              "(PDF, JPG or PNG, at most 10 MB) is required the first time.")
class PostQuotaSetInput:
    unit_id: strawberry.ID
    year: int
    senior: int = strawberry.field(description="正高级空缺.")
    associate_senior: int = strawberry.field(description="副高级空缺.")
    intermediate: int = strawberry.field(description="中级空缺.")
    primary: int = strawberry.field(description="初级空缺.")
    approval_file: Upload | None = None


@strawberry.input(description="确认岗位核准信息: afterwards only an HR bureau above the unit changes it.")
class PostQuotaConfirmInput:
    unit_id: strawberry.ID
    year: int


@strawberry.input(description="An HR bureau covering the unit's region changes its quota, with a reason; optionally "
                              "with a new 岗位核准表 (以此为准).")
class PostQuotaAdjustInput:
    unit_id: strawberry.ID
    year: int
    senior: int
    associate_senior: int
    intermediate: int
    primary: int
    reason: str = strawberry.field(description="修改原因.")
    approval_file: Upload | None = None


@strawberry.input(description="推荐: whether the application occupies one of the unit's posts (是否占用职数); a "
                              "reason is required when it does not. Only while the unit reviews the application.")
class ApplicationRecommendInput:
    application_id: strawberry.ID
    occupies_post: bool
    reason: str | None = None


@strawberry.input(description="Upload a recommendation file (PDF, JPG or PNG, at most 10 MB) while the unit reviews.")
class RecommendationFileAddInput:
    application_id: strawberry.ID
    kind: RecommendationFileKind
    file: Upload


@strawberry.input
class RecommendationFileDeleteInput:
    recommendation_file_id: strawberry.ID


@strawberry.type(description="The quota as it now is, or why nothing changed.")
class PostQuotaPayload:
    errors: list[QuotaError]  # type: ignore[valid-type]
    post_quota: PostQuota | None = None


@strawberry.type(description="The recorded decision and the unit's quota with its counters.")
class ApplicationRecommendPayload:
    errors: list[QuotaError]  # type: ignore[valid-type]
    quota_use: QuotaUse | None = None
    post_quota: PostQuota | None = None


@strawberry.type
class RecommendationFilePayload:
    errors: list[QuotaError]  # type: ignore[valid-type]
    recommendation_file: RecommendationFile | None = None


@strawberry.type
class RecommendationFileDeletePayload:
    errors: list[QuotaError]  # type: ignore[valid-type]
    deleted_id: strawberry.ID | None = None
