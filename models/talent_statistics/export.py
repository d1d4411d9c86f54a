"""导出 (Excel) of the statistics and of a unit's records: the mutation's rule (a TALENT_STATISTICS_EXPORT job for
what the query shows this viewer) and the sheet's rows, which the worker (workers/talent_statistics.py) writes.

The job keeps the query, not its rows: the worker runs it again with the requester's viewer as it is then, so
the file never holds a row they may no longer see. Rows are plain text and integers in a fixed order
(证件号码 never turns into a number), so the same data gives the same bytes.
"""
from __future__ import annotations

from typing import Any

from models.access.masking import mask_id_number
from models.access.viewer import Viewer
from models.catalogue.models import LEVEL_LABELS, Level, Series, Specialty, TitleName
from models.core.errors import refuse
from models.core.job import Job, JobKind
from models.core.transaction import create_job_once
from models.person.models import Degree, Education, Person
from models.region.models import Region
from models.talent_statistics.choices import STATUS_LABELS, PostCategory, label
from models.talent_statistics.codes import TalentCode as Code
from models.talent_statistics.models import TalentRecord
from models.talent_statistics.records import RecordFilter, unit_records
from models.talent_statistics.statistics import (
    CountRow,
    Dimension,
    StatisticsQuery,
    count_talent,
)
from models.unit.models import Unit

EXPORT_MAX = 50000  # records in one workbook; a larger list is refused, to be narrowed first
CHUNK = 1000  # records read per statement
STATISTICS = "STATISTICS"
RECORDS = "RECORDS"
DIMENSION_HEADERS = {Dimension.REGION: ["属地代码", "属地"], Dimension.SERIES: ["系列"], Dimension.LEVEL: ["级别"]}
RECORD_HEADERS = ["统计年度", "姓名", "证件号码", "工作单位", "属地", "所在岗位", "岗位类别", "系列", "专业", "职称",
                  "级别", "取得时间", "是否聘任", "聘任时间", "从事专业技术工作年限", "学历", "学位", "人才类别", "备注",
                  "审核状态"]


async def export_statistics(viewer: Viewer, q: StatisticsQuery, idempotency_key: str | None) -> Job:
    """导出统计结果: the query runs once here, so a refusal (scope, year, region) is the mutation's."""
    await count_talent(viewer, q)
    return await create_job_once(JobKind.TALENT_STATISTICS_EXPORT, {"document": STATISTICS, **q.params()},
                                 viewer.account_id, idempotency_key)


async def export_records(viewer: Viewer, unit_id: int, f: RecordFilter, idempotency_key: str | None) -> Job:
    count = await (await unit_records(viewer, unit_id, f)).count()
    if count > EXPORT_MAX:
        raise refuse(Code.EXPORT_TOO_LARGE, f"共有{count}条记录，一次最多导出{EXPORT_MAX}条，请缩小查询范围", "filter")
    return await create_job_once(JobKind.TALENT_STATISTICS_EXPORT,
                                 {"document": RECORDS, "unit_id": unit_id, **f.params()}, viewer.account_id,
                                 idempotency_key)


def statistics_sheet(q: StatisticsQuery, rows: list[CountRow]) -> tuple[list[str], list[list[Any]]]:
    """The headers and rows of 专技人才统计: the group keys as labels, then 人数; a 合计 row last."""
    headers = [h for d in q.dimensions for h in DIMENSION_HEADERS[d]] + ["人数"]
    out: list[list[Any]] = []
    for r in rows:
        cells: list[Any] = []
        if Dimension.REGION in q.dimensions:
            cells += [r.region_code or "", r.region_name or ""]
        if Dimension.SERIES in q.dimensions:
            cells.append(r.series_name or "")
        if Dimension.LEVEL in q.dimensions:
            cells.append(r.level_label or "")
        out.append([*cells, r.count])
    if q.dimensions:
        out.append(["合计", *[""] * (len(headers) - 2), sum(r.count for r in rows)])
    return headers, out


def _day(value) -> str:
    return value.isoformat() if value else ""


async def record_rows(viewer: Viewer, records: list[TalentRecord]) -> list[list[Any]]:
    """One row per record, with what it names looked up once per chunk. The ID number is whole for the
    record's unit and platform admins (the reviewing unit), masked for the HR bureaus."""
    def by_id(rows) -> dict:
        return {r.id: r for r in rows}

    persons = by_id(await Person.filter(id__in={r.person_id for r in records}))
    units = by_id(await Unit.filter(id__in={r.unit_id for r in records}))
    regions = dict(await Region.filter(code__in={r.region_id for r in records}).values_list("code", "name"))
    series = dict(await Series.filter(id__in={r.series_id for r in records if r.series_id}).values_list("id", "name"))
    specialties = dict(await Specialty.filter(id__in={r.specialty_id for r in records if r.specialty_id}
                                              ).values_list("id", "name"))
    titles = dict(await TitleName.filter(id__in={r.title_name_id for r in records if r.title_name_id}
                                         ).values_list("id", "name"))
    out = []
    for r in records:
        person = persons[r.person_id]
        whole = viewer.is_platform_admin or viewer.administers(r.unit_id)
        out.append([
            r.year, person.real_name, person.id_number if whole else mask_id_number(person.id_number),
            units[r.unit_id].name, regions.get(r.region_id, r.region_id), r.post, label(PostCategory, r.post_category),
            series.get(r.series_id, ""), specialties.get(r.specialty_id, ""), titles.get(r.title_name_id, ""),
            LEVEL_LABELS[Level(r.level)] if r.level else "", _day(r.title_obtained_on), "是" if r.appointed else "否",
            _day(r.appointed_on), r.professional_years, label(Education, r.education), label(Degree, r.degree),
            r.talent_category, r.remarks, STATUS_LABELS[r.status.value if hasattr(r.status, "value") else r.status],
        ])
    return out
