"""TALENT_STATISTICS_EXPORT: the counts of 专技人才统计 (params document STATISTICS) or a unit's records (RECORDS)
as one .xlsx sheet, kept as the job's result file.

Idempotent like the other exports: the job runs the query again with the requester's viewer as it is now
(models.access.viewer.load_viewer) — the same scope as the query itself, and nothing for one who may no longer
count — and writes with fixed timestamps (models.committee.excel.workbook_bytes, the job's creation time), so
a re-run gives the same bytes, and a job that already has its file does nothing.
"""
from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from models.access.viewer import load_viewer
from models.committee.excel import workbook_bytes
from models.core.errors import Forbidden, Refused, Unauthenticated
from models.talent_statistics.export import (
    CHUNK,
    EXPORT_MAX,
    RECORD_HEADERS,
    RECORDS,
    record_rows,
    statistics_sheet,
)
from models.talent_statistics.models import TalentRecord
from models.talent_statistics.records import RecordFilter, unit_records
from models.talent_statistics.statistics import StatisticsQuery, count_talent
from workers.certificate_report import XLSX_TYPE, keep_result
from workers.lease import JobRun

WIDTHS = {"证件号码": 22, "工作单位": 30, "属地": 14, "所在岗位": 20, "职称": 18, "备注": 30}


def sheet_bytes(title: str, headers: list[str], rows: list[list[Any]], stamp: datetime) -> bytes:
    """Blocking: one sheet with a bold, frozen header row."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = WIDTHS.get(cell.value, 12)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    return workbook_bytes(wb, stamp)


async def _statistics(run: JobRun, viewer) -> tuple[list[str], list[list[Any]]]:
    q = StatisticsQuery.of(run.job.params)
    try:
        rows = await count_talent(viewer, q)
    except (Forbidden, Unauthenticated, Refused):  # the requester lost the role (or the unit) since
        rows = []
    await run.progress(len(rows), len(rows))
    return statistics_sheet(q, rows)


async def _records(run: JobRun, viewer) -> tuple[list[str], list[list[Any]]]:
    params = run.job.params
    f = RecordFilter(status=params.get("status"), year=params.get("year"))
    try:
        qs = await unit_records(viewer, params["unit_id"], f)
        ids = list(await qs.order_by("-year", "id").limit(EXPORT_MAX).values_list("id", flat=True))
    except (Forbidden, Unauthenticated, Refused):
        ids = []
    rows: list[list[Any]] = []
    await run.progress(0, len(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found = {r.id: r for r in await TalentRecord.filter(id__in=chunk)}
        rows += await record_rows(viewer, [found[pk] for pk in chunk if pk in found])
        await run.progress(start + len(chunk), len(ids))
    return RECORD_HEADERS, rows


async def talent_statistics_export(run: JobRun) -> None:
    job = run.job
    if job.result_file_id is not None:  # a re-run after success: the file is there
        return
    viewer = await load_viewer(job.requester_id)
    records = job.params.get("document") == RECORDS
    headers, rows = await (_records if records else _statistics)(run, viewer)
    title = "专技人才信息" if records else "专技人才统计"
    data = await asyncio.to_thread(sheet_bytes, title, headers, rows, job.created_at)
    await keep_result(job, data, name=f"{title}导出-{job.id}.xlsx", content_type=XLSX_TYPE,
                      purpose="talent_statistics_export")
