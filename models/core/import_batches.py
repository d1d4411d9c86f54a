"""Two-step Excel imports (下载模板 → 导入 → 提交, 003 §1.3–1.5) over ``ImportBatch``, for any kind of row.

导入 (``create_batch``) reads the file, checks every row and keeps the result as a batch: the rows that passed
(with their Excel row number, cells and what they would write) and the failures (row number and reason).
Nothing reaches the domain tables. 提交 (``confirm_batch``), by the account that imported it and only while the
batch is pending, checks the rows again — the world may have changed since — and writes them all in the
mutation's one transaction, or refuses with every row that no longer passes and writes nothing. 放弃
(``discard_batch``) ends it without writing.

Each kind is an ``ImportKind``: its sheet (headers, 填写说明), a row checker and a row writer, built in its own
domain (models/determination/acceptance_excel.py, models/workflow/path_excel.py); ``import_kinds`` lists them.
Workbooks are written and read with openpyxl in an executor, as models/committee/excel.py does.
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from models.access.import_batch import can_view_import_batch, require_importer
from models.access.viewer import Viewer
from models.committee.excel import in_executor, store_bytes, workbook_bytes
from models.core.codes import ImportCode
from models.core.errors import Problem, Refused, refuse
from models.core.file import StoredFile
from models.core.imports import ImportBatch, ImportBatchStatus

MAX_ROWS = 1000
TEMPLATE_STAMP = datetime(2024, 1, 1)  # fixed: the same template is the same bytes, one stored file


class ImportBatchKind(str, Enum):
    ACCEPTANCE_BODY = "ACCEPTANCE_BODY"  # 受理机构
    PROCESS_PATH = "PROCESS_PATH"  # 初定 / 认定 (and other processes') 审核路径


@dataclass(frozen=True)
class Sheet:
    """The template of a kind: the data sheet's title and header row (``*`` marks a required column), the lines
    of its 填写说明 sheet, and choices offered as drop-downs (column letter → values)."""

    title: str
    headers: tuple[str, ...]
    guide: tuple[str, ...]
    widths: tuple[int, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RowResult:
    """One checked row: ``data`` (JSON) to write and a one-line ``summary`` when it passed, else ``reason``."""

    row: int
    data: dict[str, Any] | None = None
    summary: str = ""
    reason: str = ""


Rows = list[tuple[int, list[str]]]  # (Excel row number, cells as text)
RowChecker = Callable[[Viewer, dict[str, Any], Rows], Awaitable[list[RowResult]]]
RowWriter = Callable[[Viewer, dict[str, Any], list[dict[str, Any]]], Awaitable[None]]


@dataclass(frozen=True)
class ImportKind:
    kind: ImportBatchKind
    label: str  # what a row is, in the messages: 受理机构, 审核路径
    sheet: Sheet
    row_checker: RowChecker  # every row at once (duplicates within the file are its to find)
    row_writer: RowWriter  # the data of rows that passed, in file order

    async def check_rows(self, viewer: Viewer, params: dict[str, Any], rows: Rows) -> list[RowResult]:
        return await self.row_checker(viewer, params, rows)

    async def write_rows(self, viewer: Viewer, params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        await self.row_writer(viewer, params, rows)


def import_kinds() -> dict[str, ImportKind]:
    """Every kind of import, built here in plain code (importing a kind's module registers nothing)."""
    from models.determination.acceptance_excel import ACCEPTANCE_IMPORT
    from models.workflow.path_excel import PATH_IMPORT

    return {k.kind.value: k for k in (ACCEPTANCE_IMPORT, PATH_IMPORT)}


def problems_text(refused: Refused) -> str:
    return "；".join(p.message for p in refused.problems)


# ---------------------------------------------------------------- workbooks (blocking; run in an executor)


def build_template(sheet: Sheet, stamp: datetime = TEMPLATE_STAMP) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.title
    ws.append(list(sheet.headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(sheet.widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for column, values in sheet.choices.items():
        choice = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        ws.add_data_validation(choice)
        choice.add(f"{column}2:{column}{MAX_ROWS + 1}")
    guide = wb.create_sheet("填写说明")
    for line in ("填写说明", *sheet.guide):
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    return workbook_bytes(wb, stamp)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a region code typed as a number
    return str(value).strip()


def read_sheet(sheet: Sheet, data: bytes) -> Rows:
    """(Excel row number, cells as text) of every non-empty data row; refuses a file that is not the template,
    or holds more than ``MAX_ROWS`` rows."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - anything openpyxl cannot open is not a workbook
        raise refuse(ImportCode.INVALID_FILE, "无法读取该文件，请使用下载的 Excel 模板（.xlsx）", "file") from None
    width = len(sheet.headers)
    try:
        ws = wb[sheet.title] if sheet.title in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [_text(v) for v in next(rows, ())][:width]
        if [h.lstrip("*") for h in header] != [h.lstrip("*") for h in sheet.headers]:
            raise refuse(ImportCode.TEMPLATE_MISMATCH, "表头与模板不一致，请使用下载的 Excel 模板（" + "、".join(sheet.headers) + "）",
                         "file")
        out: Rows = []
        for number, values in enumerate(rows, start=2):
            cells = [_text(v) for v in list(values)[:width]]
            cells += [""] * (width - len(cells))
            if any(cells):
                out.append((number, cells))
                if len(out) > MAX_ROWS:
                    raise refuse(ImportCode.TOO_MANY_ROWS, f"一次最多导入{MAX_ROWS}行，请分批导入", "file")
        return out
    finally:
        wb.close()


async def template_file(kind: ImportKind, sheet: Sheet | None = None, name: str | None = None) -> StoredFile:
    """The kind's template as a stored file (``sheet`` and ``name`` when it varies, e.g. by process type); the same
    template is the same bytes, so repeated downloads reuse one row."""
    data = await in_executor(build_template, sheet or kind.sheet)
    purpose = f"{kind.kind.value.lower()}_template"
    sha = hashlib.sha256(data).hexdigest()
    existing = await StoredFile.filter(sha256=sha, purpose=purpose).first()
    return existing or await store_bytes(data, name=name or f"{kind.label}导入模板.xlsx", purpose=purpose,
                                         owner_id=None)


# ---------------------------------------------------------------- the batch


async def create_batch(viewer: Viewer, kind: ImportKind, params: dict[str, Any], data: bytes) -> ImportBatch:
    """导入: checks every row of the file and keeps the batch for the viewer to confirm; writes no domain row."""
    account_id = viewer.require_account()
    rows = await in_executor(read_sheet, kind.sheet, data)
    if not rows:
        raise refuse("REQUIRED", f"文件中没有{kind.label}数据", "file")
    results = await kind.check_rows(viewer, params, rows)
    cells = dict(rows)
    return await ImportBatch.create(
        kind=kind.kind.value, account_id=account_id, params=params,
        rows=[{"row": r.row, "cells": cells[r.row], "data": r.data, "summary": r.summary}
              for r in results if r.data is not None],
        failures=[{"row": r.row, "reason": r.reason} for r in results if r.data is None])


async def _pending(viewer: Viewer, batch_id: int, verb: str) -> ImportBatch:
    viewer.require_account()
    row = await ImportBatch.filter(id=batch_id).select_for_update().first()
    if row is None or not can_view_import_batch(viewer, row):
        raise refuse("NOT_FOUND", "导入批次不存在", "importBatchId")
    require_importer(viewer, row)
    if row.status != ImportBatchStatus.PENDING:
        done = "已提交" if row.status == ImportBatchStatus.CONFIRMED else "已放弃"
        raise refuse(ImportCode.BATCH_NOT_PENDING, f"该批导入数据{done}，不能再{verb}", "importBatchId")
    return row


async def _finish(row: ImportBatch, status: ImportBatchStatus, verb: str) -> None:
    # Conditional: of two confirmations at once, one finishes the batch and the other is told it is done.
    changed = await ImportBatch.filter(id=row.id, status=ImportBatchStatus.PENDING).update(
        status=status, finished_at=datetime.now(UTC))
    if not changed:
        raise refuse(ImportCode.BATCH_NOT_PENDING, f"该批导入数据已处理，不能再{verb}", "importBatchId")


async def confirm_batch(viewer: Viewer, batch_id: int) -> ImportBatch:
    """提交: every row that passed at import is checked again and, when all still pass, written."""
    row = await _pending(viewer, batch_id, "提交")
    kind = import_kinds()[row.kind]
    if not row.rows:
        raise refuse("REQUIRED", f"没有可提交的{kind.label}：导入的每一行都未通过检查", "importBatchId")
    results = await kind.check_rows(viewer, row.params, [(r["row"], r["cells"]) for r in row.rows])
    failed = [r for r in results if r.data is None]
    if failed:
        raise Refused(*[Problem(ImportCode.ROW_NO_LONGER_VALID, f"第{r.row}行：{r.reason}", ("rows", str(r.row))) for r in failed])
    await _finish(row, ImportBatchStatus.CONFIRMED, "提交")
    await kind.write_rows(viewer, row.params, [r.data for r in results if r.data is not None])
    return await ImportBatch.get(id=row.id)


async def discard_batch(viewer: Viewer, batch_id: int) -> ImportBatch:
    """放弃: the batch ends and nothing is written."""
    row = await _pending(viewer, batch_id, "放弃")
    await _finish(row, ImportBatchStatus.DISCARDED, "放弃")
    return await ImportBatch.get(id=row.id)
