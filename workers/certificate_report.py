"""CERTIFICATE_REPORT and CERTIFICATE_EXPORT: the file of a batch reported to the ministry (xlsx or JSON), and
the Excel export of a certificate query, each kept as the job's result file.

Both are idempotent: the report renders exactly the ids its mutation marked (params), as they were reported
(models/certificate/export.py REPORT_COLUMNS), and both write with fixed timestamps, so a re-run gives the
same bytes; a re-run whose file has that sha256 keeps the row (as workers/review_form.py does). The export
runs the query again with the requester's viewer as it is now (models.access.viewer.load_viewer): the same
scope as the query itself, and nothing for one who may no longer query certificates.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from models.access.viewer import load_viewer
from models.committee.excel import workbook_bytes
from models.certificate.export import (QUERY_COLUMNS, REPORT_COLUMNS, Column, certificate_rows, headers, local_time,
                                       records)
from models.certificate.models import Certificate
from models.certificate.query import EXPORT_MAX, CertificateQuery, query_certificates
from models.core import ports
from models.core.errors import Forbidden, Unauthenticated
from models.core.file import StoredFile
from models.core.job import Job
from models.unit.models import Unit
from workers.lease import JobRun

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"
CHUNK = 1000  # certificates read per statement
WIDTHS = {"证书编号": 24, "证件号码": 22, "职称名称": 24, "批准文号": 24, "发证单位": 30, "工作单位": 30, "报送时间": 20}


def xlsx_bytes(title: str, columns: list[Column], rows: list[list[Any]], stamp: datetime) -> bytes:
    """Blocking: one sheet, a bold header; document properties and zip entries carry fixed times, so the same
    rows give the same bytes. Every value is text or an integer: 证件号码 never turns into a number."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = WIDTHS.get(cell.value, 12)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    return workbook_bytes(wb, stamp)


async def _rows(ids: list[int], columns: list[Column], run: JobRun) -> list[list[Any]]:
    """The rows of ``ids`` in that order, a chunk per statement, with progress."""
    rows: list[list[Any]] = []
    await run.progress(0, len(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        by_id = {c.id: c for c in await Certificate.filter(id__in=chunk)}
        rows += await certificate_rows([by_id[pk] for pk in chunk if pk in by_id], columns)
        await run.progress(start + len(chunk), len(ids))
    return rows


async def keep_result(job: Job, data: bytes, *, name: str, content_type: str, purpose: str) -> None:
    """Stores ``data`` as the job's result file; a file already there with the same sha256 keeps its row."""
    storage = ports.storage()
    sha = hashlib.sha256(data).hexdigest()
    existing = await StoredFile.get_or_none(id=job.result_file_id) if job.result_file_id else None
    if existing is not None and existing.sha256 == sha and await storage.exists(sha):
        return

    async def chunks():
        yield data

    stored_sha, size = await storage.put(chunks(), len(data))
    if existing is None or existing.sha256 != sha:
        stored = await StoredFile.create(sha256=stored_sha, size=size, content_type=content_type, name=name,
                                         purpose=purpose, owner_id=job.requester_id)
        await Job.filter(id=job.id).update(result_file_id=stored.id)


async def certificate_report(run: JobRun) -> None:
    job = run.job
    params = job.params
    ids: list[int] = params["certificate_ids"]
    reported_at = datetime.fromisoformat(params["reported_at"])
    rows = await _rows(ids, REPORT_COLUMNS, run)
    unit = await Unit.get(id=params["issuer_unit_id"])
    stem = f"证书报送人社部-{unit.name}-{job.id}"
    if params["format"] == "JSON":
        document = {"title": "证书报送人社部", "issuerUnit": unit.name, "reportedAt": local_time(reported_at),
                    "count": len(rows), "columns": [{"key": k, "title": h} for h, k, _ in REPORT_COLUMNS],
                    "certificates": records(rows, REPORT_COLUMNS)}
        data = json.dumps(document, ensure_ascii=False, indent=2).encode()
        await keep_result(job, data, name=f"{stem}.json", content_type=JSON_TYPE, purpose="certificate_report")
    else:
        data = await asyncio.to_thread(xlsx_bytes, "证书报送", REPORT_COLUMNS, rows, reported_at)
        await keep_result(job, data, name=f"{stem}.xlsx", content_type=XLSX_TYPE, purpose="certificate_report")


async def certificate_export(run: JobRun) -> None:
    job = run.job
    viewer = await load_viewer(job.requester_id)
    try:
        qs = await query_certificates(viewer, CertificateQuery.of(job.params.get("filter")))
        ids = list(await qs.order_by("-id").limit(EXPORT_MAX).values_list("id", flat=True))
    except (Forbidden, Unauthenticated):  # the requester lost the role since: they see nothing
        ids = []
    rows = await _rows(ids, QUERY_COLUMNS, run)
    data = await asyncio.to_thread(xlsx_bytes, "证书查询", QUERY_COLUMNS, rows, job.created_at)
    await keep_result(job, data, name=f"证书查询导出-{job.id}.xlsx", content_type=XLSX_TYPE,
                      purpose="certificate_export")
