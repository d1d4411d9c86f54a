"""专技人才统计: how many approved records of a statistics year there are, grouped by region, series and
level (any of them, in that order), within what the viewer may count (models.access.talent_statistics),
narrowed to a region or a unit. The counting is one GROUP BY statement; the labels are one statement per
kind of key, however many records there are. The GraphQL query and the Excel export both read through
``count_talent``, so the file holds exactly the rows the query shows.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum

from tortoise.functions import Count

from models.access.talent_statistics import (
    require_count_talent,
    require_list_unit,
    visible_talent_records,
)
from models.access.viewer import Viewer
from models.catalogue.models import LEVEL_LABELS, Level, Series
from models.core.errors import Collector, refuse
from models.region.models import Region, region_prefix
from models.talent_statistics.fields import check_year
from models.talent_statistics.models import TalentRecordStatus
from models.unit.models import Unit

NO_SERIES = "未选择系列"
NO_TITLE = "未取得职称"


class Dimension(str, Enum):
    REGION = "REGION"  # the region of the unit the record was submitted from
    SERIES = "SERIES"
    LEVEL = "LEVEL"  # the title's level; "" for a person with no title


COLUMNS = {Dimension.REGION: "region_id", Dimension.SERIES: "series_id", Dimension.LEVEL: "level"}
LEVEL_ORDER = {level.value: i for i, level in enumerate(Level)}


@dataclass(frozen=True)
class StatisticsQuery:
    """Plain values, so a job keeps it."""

    year: int
    group_by: tuple[str, ...] = ()  # Dimension values
    region_code: str | None = None
    unit_id: int | None = None

    def params(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v is not None}

    @classmethod
    def of(cls, params: dict) -> StatisticsQuery:
        return cls(year=params["year"], group_by=tuple(params.get("group_by", ())),
                   region_code=params.get("region_code"), unit_id=params.get("unit_id"))

    @property
    def dimensions(self) -> list[Dimension]:
        """The distinct dimensions asked for, in the order region, series, level."""
        return [d for d in Dimension if d.value in self.group_by]


@dataclass(frozen=True)
class CountRow:
    """One group: its keys (None where not grouped by that dimension) with their labels, and the count."""

    count: int
    region_code: str | None = None
    region_name: str | None = None
    series_id: int | None = None
    series_name: str | None = None
    level: str | None = None  # "" for records without a title
    level_label: str | None = None


async def scoped_records(viewer: Viewer, region_code: str | None, unit_id: int | None):
    """The submitted records the viewer may count, narrowed to a region (its code prefix) and a unit; refuses
    (Forbidden) a viewer who may not count at all or a unit they may not see, (Refused) a region that is not one."""
    require_count_talent(viewer)
    qs = visible_talent_records(viewer)
    if unit_id is not None:
        require_list_unit(viewer, await Unit.get_or_none(id=unit_id))
        qs = qs.filter(unit_id=unit_id)
    if region_code:
        if not await Region.filter(code=region_code).exists():
            raise refuse("NOT_FOUND", "属地不存在", "regionCode")
        qs = qs.filter(region_id__startswith=region_prefix(region_code))
    return qs


def _sort_key(row: CountRow, series_sort: dict[int, tuple[int, int]]) -> tuple:
    return (row.region_code or "", series_sort.get(row.series_id, (1 << 30, 0)),
            LEVEL_ORDER.get(row.level or "", len(LEVEL_ORDER)))


async def count_talent(viewer: Viewer, q: StatisticsQuery) -> list[CountRow]:
    """The groups of approved records of ``q.year`` in the viewer's scope, ordered by region code, series (the
    catalogue's order, none last) and level (初级 to 正高级, none last). Without dimensions: one row, the total."""
    require_count_talent(viewer)
    errors = Collector()
    check_year(errors, q.year)
    errors.raise_if_any()
    qs = (await scoped_records(viewer, q.region_code, q.unit_id)).filter(status=TalentRecordStatus.APPROVED,
                                                                         year=q.year)
    columns = [COLUMNS[d] for d in q.dimensions]
    if not columns:
        return [CountRow(count=await qs.count())]
    groups = await qs.annotate(count=Count("id")).group_by(*columns).values(*columns, "count")
    regions = {c for g in groups if (c := g.get("region_id"))}
    series_ids = {s for g in groups if (s := g.get("series_id"))}
    region_names = dict(await Region.filter(code__in=regions).values_list("code", "name")) if regions else {}
    series_rows = await Series.filter(id__in=series_ids).values_list("id", "name", "sort") if series_ids else []
    series_names = {pk: name for pk, name, _ in series_rows}
    series_sort = {pk: (sort, pk) for pk, _, sort in series_rows}
    rows = []
    for g in groups:
        row: dict = {"count": g["count"]}
        if Dimension.REGION in q.dimensions:
            row.update(region_code=g["region_id"], region_name=region_names.get(g["region_id"], ""))
        if Dimension.SERIES in q.dimensions:
            row.update(series_id=g["series_id"], series_name=series_names.get(g["series_id"], NO_SERIES))
        if Dimension.LEVEL in q.dimensions:
            level = g["level"] or ""
            row.update(level=level, level_label=LEVEL_LABELS[Level(level)] if level else NO_TITLE)
        rows.append(CountRow(**row))
    return sorted(rows, key=lambda r: _sort_key(r, series_sort))
