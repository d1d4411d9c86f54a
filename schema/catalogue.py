"""The title catalogue as clients browse it: series → title names by level, specialty trees, standards."""
from __future__ import annotations

from typing import Optional

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from models.catalogue.models import LEVEL_LABELS
from models.catalogue.models import EvaluationStandard as StandardRow
from models.catalogue.models import Level as LevelEnum
from models.catalogue.models import PrimaryGrade as PrimaryGradeEnum
from models.catalogue.models import Series as SeriesRow
from models.catalogue.models import Specialty as SpecialtyRow
from models.catalogue.models import TitleName as TitleNameRow
from models.catalogue.codes import CatalogueCode
from schema.core.ids import from_row
from schema.core.context import Info, ModelByIdLoader, RowsByKeyLoader
from schema.core.errors import error_code_enum, error_type

Level = strawberry.enum(LevelEnum, description="级别: 初级, 中级, 副高级, 正高级")
PrimaryGrade = strawberry.enum(PrimaryGradeEnum, description="初级的员级 / 助理级")

CatalogueErrorCode = error_code_enum("Catalogue", CatalogueCode, "Why a catalogue change was refused.")
CatalogueError = error_type("Catalogue", CatalogueErrorCode)


class SeriesByIdLoader(ModelByIdLoader):
    model = SeriesRow


class SeriesByCodeLoader(DataLoader):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, codes: list[str]) -> list:
        rows = {r.code: r for r in await SeriesRow.filter(code__in=list(set(codes)))}
        return [rows.get(c) for c in codes]


class SpecialtyByIdLoader(ModelByIdLoader):
    model = SpecialtyRow


class TitleNameByIdLoader(ModelByIdLoader):
    model = TitleNameRow


class StandardByIdLoader(ModelByIdLoader):
    model = StandardRow


class TitleNamesBySeriesLoader(RowsByKeyLoader):
    model, key, order = TitleNameRow, "series_id", ("sort", "id")


class SpecialtiesByParentLoader(RowsByKeyLoader):
    model, key, order = SpecialtyRow, "parent_id", ("sort", "id")


class SpecialtiesBySeriesLoader(RowsByKeyLoader):
    model, key, order = SpecialtyRow, "series_id", ("sort", "id")


class StandardsBySeriesLoader(RowsByKeyLoader):
    model, key = StandardRow, "series_id"


def _active(rows: list, include_inactive: bool) -> list:
    return rows if include_inactive else [r for r in rows if r.is_active]


@strawberry.type(description="A national title series (系列), e.g. 工程技术人员.")
class Series(relay.Node):
    row: strawberry.Private[SeriesRow]
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Stable code, e.g. ENGINEERING.")
    name: str
    sort: int
    is_active: bool

    @classmethod
    def of(cls, row: SeriesRow) -> "Series":
        return from_row(cls, row)

    @strawberry.field(description="职称树: the title names of this series, optionally of one level.")
    async def title_names(self, info: Info, level: Level | None = None,
                          include_inactive: bool = False) -> list["TitleName"]:
        rows = _active(await info.context.loader(TitleNamesBySeriesLoader).load(self.row.id), include_inactive)
        return [TitleName.of(r) for r in rows if level is None or r.level == level.value]

    @strawberry.field(description="Top-level specialties; walk `children` for the tree.")
    async def specialties(self, info: Info, include_inactive: bool = False) -> list["Specialty"]:
        rows = await info.context.loader(SpecialtiesBySeriesLoader).load(self.row.id)
        return [Specialty.of(r) for r in _active(rows, include_inactive) if r.parent_id is None]

    @strawberry.field(description="Evaluation standards of this series, optionally for one level.")
    async def evaluation_standards(self, info: Info, level: Level | None = None,
                                   include_inactive: bool = False) -> list["EvaluationStandard"]:
        rows = _active(await info.context.loader(StandardsBySeriesLoader).load(self.row.id), include_inactive)
        return [EvaluationStandard.of(r) for r in rows if level is None or level.value in r.levels]


@strawberry.type(description="A title name (资格名称) of a series at a level, e.g. 高级工程师.")
class TitleName(relay.Node):
    row: strawberry.Private[TitleNameRow]
    id: relay.NodeID[int]
    name: str
    level: Level
    primary_grade: PrimaryGrade | None
    sort: int
    is_active: bool

    @classmethod
    def of(cls, row: TitleNameRow) -> "TitleName":
        grade = PrimaryGradeEnum(row.primary_grade) if row.primary_grade else None
        return from_row(cls, row, level=LevelEnum(row.level), primary_grade=grade)

    @strawberry.field(description="级别 as printed: 初级, 中级, 副高级, 正高级.")
    def level_label(self) -> str:
        return LEVEL_LABELS[LevelEnum(self.row.level)]

    @strawberry.field
    async def series(self, info: Info) -> Series:
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))


@strawberry.type(description="A specialty (专业) in a series' tree.")
class Specialty(relay.Node):
    row: strawberry.Private[SpecialtyRow]
    id: relay.NodeID[int]
    code: str
    name: str
    sort: int
    is_active: bool

    @classmethod
    def of(cls, row: SpecialtyRow) -> "Specialty":
        return from_row(cls, row)

    @strawberry.field
    async def series(self, info: Info) -> Series:
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))

    @strawberry.field
    async def parent(self, info: Info) -> Optional["Specialty"]:
        if self.row.parent_id is None:
            return None
        return Specialty.of(await info.context.loader(SpecialtyByIdLoader).load(self.row.parent_id))

    @strawberry.field
    async def children(self, info: Info, include_inactive: bool = False) -> list["Specialty"]:
        rows = await info.context.loader(SpecialtiesByParentLoader).load(self.row.id)
        return [Specialty.of(r) for r in _active(rows, include_inactive)]


@strawberry.type(description="An evaluation standard (评审标准) an application is judged against.")
class EvaluationStandard(relay.Node):
    row: strawberry.Private[StandardRow]
    id: relay.NodeID[int]
    name: str
    content: str
    is_active: bool

    @classmethod
    def of(cls, row: StandardRow) -> "EvaluationStandard":
        return from_row(cls, row)

    @strawberry.field(description="Levels it applies to.")
    def levels(self) -> list[Level]:
        return [LevelEnum(v) for v in self.row.levels]

    @strawberry.field
    async def series(self, info: Info) -> Series:
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))


@strawberry.input(description="Add a series.")
class SeriesCreateInput:
    code: str
    name: str
    sort: int = 0


@strawberry.input(description="Rename, reorder or (de)activate a series.")
class SeriesUpdateInput:
    series_id: strawberry.ID
    name: str | None = strawberry.UNSET
    sort: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input(description="Add a title name to a series' title tree.")
class TitleNameCreateInput:
    series_id: strawberry.ID
    name: str
    level: Level
    primary_grade: PrimaryGrade | None = None
    sort: int = 0


@strawberry.input(description="Rename, re-level or (de)activate a title name.")
class TitleNameUpdateInput:
    title_name_id: strawberry.ID
    name: str | None = strawberry.UNSET
    level: Level | None = strawberry.UNSET
    primary_grade: PrimaryGrade | None = strawberry.UNSET
    sort: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input(description="Add a specialty under a parent (or at the top of the series' tree).")
class SpecialtyCreateInput:
    series_id: strawberry.ID
    code: str
    name: str
    parent_id: strawberry.ID | None = None
    sort: int = 0


@strawberry.input(description="Rename, recode, move (parentId; null moves it to the top) or (de)activate.")
class SpecialtyUpdateInput:
    specialty_id: strawberry.ID
    code: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET
    sort: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input(description="Add an evaluation standard.")
class EvaluationStandardCreateInput:
    series_id: strawberry.ID
    name: str
    levels: list[Level]
    content: str = ""


@strawberry.input(description="Edit or (de)activate an evaluation standard.")
class EvaluationStandardUpdateInput:
    standard_id: strawberry.ID
    name: str | None = strawberry.UNSET
    levels: list[Level] | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.type
class SeriesPayload:
    errors: list[CatalogueError]  # type: ignore[valid-type]
    series: Series | None = None


@strawberry.type
class TitleNamePayload:
    errors: list[CatalogueError]  # type: ignore[valid-type]
    title_name: TitleName | None = None


@strawberry.type
class SpecialtyPayload:
    errors: list[CatalogueError]  # type: ignore[valid-type]
    specialty: Specialty | None = None


@strawberry.type
class EvaluationStandardPayload:
    errors: list[CatalogueError]  # type: ignore[valid-type]
    evaluation_standard: EvaluationStandard | None = None
