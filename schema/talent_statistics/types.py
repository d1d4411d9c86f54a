"""专技人才统计 as clients see it: a person's record for a statistics year (its fields, check, flow and
history), and the counts by region, series and level."""
from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from models.catalogue.models import LEVEL_LABELS
from models.catalogue.models import Level as LevelEnum
from models.core.history import SubjectType
from models.person.models import Degree as DegreeEnum
from models.person.models import Education as EducationEnum
from models.talent_statistics.check import check_items
from models.talent_statistics.choices import POST_CATEGORY_LABELS, STATUS_LABELS, label
from models.talent_statistics.choices import PostCategory as PostCategoryEnum
from models.talent_statistics.codes import TalentCode
from models.talent_statistics.models import TalentRecord as TalentRecordRow
from models.talent_statistics.models import TalentRecordStatus as StatusEnum
from models.talent_statistics.statistics import CountRow
from models.talent_statistics.statistics import Dimension as DimensionEnum
from schema.catalogue import (
    Level,
    Series,
    SeriesByIdLoader,
    Specialty,
    SpecialtyByIdLoader,
    TitleName,
    TitleNameByIdLoader,
)
from schema.core.context import Info, ModelByIdLoader
from schema.core.errors import error_code_enum, error_type
from schema.core.ids import from_row
from schema.core.request import ReviewedRequest
from schema.person import Degree, Education, Person, visible_person
from schema.region import Region, load_region
from schema.unit import Unit

TalentRecordStatus = strawberry.enum(StatusEnum, description="编辑中 / 待单位审核 / 退回 / 终止 / 审核通过 (counted)")
PostCategory = strawberry.enum(PostCategoryEnum, description="岗位类别: " + " / ".join(POST_CATEGORY_LABELS.values()))
TalentStatisticsDimension = strawberry.enum(
    DimensionEnum, name="TalentStatisticsDimension",
    description="What the counts are grouped by: REGION 属地 (of the unit it was submitted from), SERIES 系列, LEVEL "
                "级别 (of the title).")
TalentStatisticsErrorCode = error_code_enum("TalentStatistics", TalentCode,
                                            "Why a talent statistics action was refused.")
TalentStatisticsError = error_type("TalentStatistics", TalentStatisticsErrorCode)


class TalentRecordByIdLoader(ModelByIdLoader):
    model = TalentRecordRow


@strawberry.type(description="One rule of the pre-submit check (开始检测).")
class TalentRecordCheckItem:
    message: str
    field: str | None = strawberry.field(description="The input field it is about, e.g. post, titleObtainedOn.")
    passed: bool


@strawberry.type(description="专技人才统计: one person's professional-talent data for a statistics year, reviewed by "
                             "their unit and counted once approved. Seen by the person, from its submission on by "
                             "the unit it was submitted to and the HR bureaus of that unit's region and above, and "
                             "by platform admins.")
class TalentRecord(ReviewedRequest, relay.Node):
    subject = SubjectType.TALENT_RECORD
    row: strawberry.Private[TalentRecordRow]
    id: relay.NodeID[int]
    year: int = strawberry.field(description="统计年度.")
    status: TalentRecordStatus
    post: str = strawberry.field(description="所在岗位.")
    post_category: PostCategory | None = strawberry.field(description="岗位类别.")
    level: Level | None = strawberry.field(description="级别: the title's; null without a title.")
    title_obtained_on: date | None = strawberry.field(description="取得时间 (of the title).")
    appointed: bool = strawberry.field(description="是否聘任 (to the title).")
    appointed_on: date | None = strawberry.field(description="聘任时间.")
    professional_years: int = strawberry.field(description="从事专业技术工作年限.")
    education: Education | None = strawberry.field(description="学历.")
    degree: Degree | None = strawberry.field(description="学位.")
    talent_category: str = strawberry.field(description="人才类别 (free text, e.g. 省学术技术带头人).")
    remarks: str = strawberry.field(description="备注.")
    submitted_at: datetime | None
    finished_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: TalentRecordRow) -> TalentRecord:
        return from_row(cls, row, status=StatusEnum(row.status),
                        post_category=PostCategoryEnum(row.post_category) if row.post_category else None,
                        level=LevelEnum(row.level) if row.level else None,
                        education=EducationEnum(row.education) if row.education else None,
                        degree=DegreeEnum(row.degree) if row.degree else None)

    @strawberry.field(description="审核状态 as printed.")
    def status_label(self) -> str:
        return STATUS_LABELS[StatusEnum(self.row.status).value]

    @strawberry.field(description="岗位类别 as printed.")
    def post_category_label(self) -> str:
        return label(PostCategoryEnum, self.row.post_category)

    @strawberry.field(description="级别 as printed; empty without a title.")
    def level_label(self) -> str:
        return LEVEL_LABELS[LevelEnum(self.row.level)] if self.row.level else ""

    @strawberry.field(description="系列.")
    async def series(self, info: Info) -> Series | None:
        if self.row.series_id is None:
            return None
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))

    @strawberry.field(description="专业.")
    async def specialty(self, info: Info) -> Specialty | None:
        if self.row.specialty_id is None:
            return None
        return Specialty.of(await info.context.loader(SpecialtyByIdLoader).load(self.row.specialty_id))

    @strawberry.field(description="职称 (资格名称); null for a person with no title yet.")
    async def title_name(self, info: Info) -> TitleName | None:
        if self.row.title_name_id is None:
            return None
        return TitleName.of(await info.context.loader(TitleNameByIdLoader).load(self.row.title_name_id))

    @strawberry.field(description="工作单位: the person's unit when it was created, or at its last submission.")
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.units.load(self.row.unit_id))

    @strawberry.field(description="属地: the unit's region, as the record is counted.")
    async def region(self, info: Info) -> Region | None:
        return await load_region(info, self.row.region_id)

    @strawberry.field(description="Whose record it is, as the person policy lets you see them (ID numbers masked "
                                  "for the HR bureaus).")
    async def person(self, info: Info) -> Person | None:
        return await visible_person(info, await info.context.persons.load(self.row.person_id),
                                    reviewing=[self.row.unit_id])

    @strawberry.field(description="开始检测: every rule a submission must meet, passed or not.")
    def check(self) -> list[TalentRecordCheckItem]:
        return [TalentRecordCheckItem(message=m, field=f, passed=p) for m, f, p in check_items(self.row)]


@strawberry.type(description="One group of the counts: its keys (null where not grouped by that dimension) with "
                             "their labels, and how many approved records it holds.")
class TalentStatisticsRow:
    row: strawberry.Private[CountRow]
    region_code: str | None = strawberry.field(description="属地代码 (the unit's region).")
    region_name: str | None
    series_name: str | None = strawberry.field(description="系列 as printed; 未选择系列 for records without one.")
    level: Level | None = strawberry.field(description="Null when not grouped by level, or for records without a "
                                                       "title (levelLabel 未取得职称).")
    level_label: str | None
    count: int

    @classmethod
    def of(cls, row: CountRow) -> TalentStatisticsRow:
        return cls(row=row, region_code=row.region_code, region_name=row.region_name, series_name=row.series_name,
                   level=LevelEnum(row.level) if row.level else None, level_label=row.level_label, count=row.count)

    @strawberry.field(description="系列; null when not grouped by series, or for records without one.")
    async def series(self, info: Info) -> Series | None:
        if self.row.series_id is None:
            return None
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))


@strawberry.type(description="专技人才统计 of a year: approved records counted in SQL within your scope (a unit's "
                             "admins their unit, an HR bureau its region and below, platform admins everything).")
class TalentStatistics:
    year: int
    group_by: list[TalentStatisticsDimension] = strawberry.field(description="The dimensions, in the rows' order.")
    total: int = strawberry.field(description="合计: every approved record counted.")
    rows: list[TalentStatisticsRow] = strawberry.field(
        description="Ordered by region code, series (the catalogue's order, none last), level (初级 to 正高级, none "
                    "last). Without dimensions: one row, the total.")
