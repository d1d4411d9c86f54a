"""Committees in Excel (批量导入评委会 / 导出查询结果): the template, the import with a per-row
report, and the export the worker renders.

The import creates each row in its own savepoint through ``create_committee`` — the same rule
as the GraphQL mutation — so a bad row is reported with its row number and reason and leaves
nothing behind, while good rows are created. An exported file can be imported again.
Workbooks are built and read with openpyxl in an executor (blocking work off the event loop).
"""
from __future__ import annotations

import asyncio
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter
from tortoise.transactions import in_transaction

from models.access.viewer import Viewer
from models.catalogue.models import LEVEL_LABELS, Level, Series, Specialty
from models.committee.models import (Committee, CommitteeOrganizer, CommitteeRegion, CommitteeSpecialty, CommitteeStatus,
                              CommitteeTier)
from models.core import ports
from models.core.errors import Forbidden, Refused, refuse
from models.core.file import StoredFile
from models.core.job import Job
from models.region.models import Region
from models.unit.models import Unit

SHEET = "评委会"
HEADERS = ["*评委会名称", "*评委会层级", "*评审系列", "*评审级别", "*评审区域", "组建单位", "评审专业", "缴费标准",
           "联系人", "联系电话", "管理员手机号", "管理部门"]
EXPORT_EXTRA = ["状态", "注销原因"]
TIER_LABELS = {CommitteeTier.JUNIOR: "初评会", CommitteeTier.INTERMEDIATE: "中评会", CommitteeTier.SENIOR: "高评会"}
STATUS_LABELS = {CommitteeStatus.ACTIVE: "正常", CommitteeStatus.CANCELLED: "已注销"}
MAX_ROWS = 1000
SPLIT = re.compile(r"[、,，;；\n]+")
FEE = re.compile(r"^(.+?)[:：]\s*(.+?)\s*元?$")
XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip")
GUIDE = [
    "填写说明",
    "1. 每行一个评委会，带*的列必填；第一行表头不要修改。",
    "2. 评委会层级：初评会、中评会、高评会。",
    "3. 评审系列：填写系列名称（如 工程技术人员）或系列代码（如 ENGINEERING），见“系列”工作表。",
    "4. 评审级别：初级、中级、副高级、正高级，多个用顿号分隔。",
    "5. 评审区域：属地代码（如 340100），多个用顿号分隔，须在管理部门属地范围内。",
    "6. 组建单位：统一社会信用代码或单位全称，多个用顿号分隔，须为已登记的评委会组建单位。",
    "7. 评审专业：专业代码或名称（须属于所填系列），多个用顿号分隔。",
    "8. 缴费标准：项目:金额，多个用分号分隔，如 评审费:300；鉴定费:50.5。",
    "9. 管理员手机号：已注册账号的手机号，多个用顿号分隔。",
    "10. 管理部门：人社部门的统一社会信用代码或全称；不填时为您所在的人社部门。",
    "示例：安徽省工程技术人员高级职称评审委员会 | 高评会 | 工程技术人员 | 副高级、正高级 | 340000 | … | 评审费:300",
]


@dataclass
class ImportReport:
    succeeded: list[Committee] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


# ---------------------------------------------------------------- workbooks (blocking; run in an executor)


def workbook_bytes(wb: Workbook, stamp: datetime) -> bytes:
    """Saves with fixed timestamps (document properties and zip entries): same rows, same bytes."""
    wb.properties.created = wb.properties.modified = stamp.replace(tzinfo=None, microsecond=0)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet(wb: Workbook, headers: list[str], rows: list[list[str]]):
    ws = wb.active
    ws.title = SHEET
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate([40, 10, 16, 22, 22, 36, 30, 26, 10, 16, 20, 24, 8, 20]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for row in rows:
        ws.append(row)
    return ws


def build_template(series: list[tuple[str, str]], stamp: datetime) -> bytes:
    wb = Workbook()
    ws = _sheet(wb, HEADERS, [])
    tiers = DataValidation(type="list", formula1='"' + ",".join(TIER_LABELS.values()) + '"', allow_blank=True)
    ws.add_data_validation(tiers)
    tiers.add(f"B2:B{MAX_ROWS + 1}")
    guide = wb.create_sheet("填写说明")
    for line in GUIDE:
        guide.append([line])
    listing = wb.create_sheet("系列")
    listing.append(["系列名称", "系列代码"])
    for name, code in series:
        listing.append([name, code])
    return workbook_bytes(wb, stamp)


def build_export(rows: list[list[str]], stamp: datetime) -> bytes:
    wb = Workbook()
    _sheet(wb, HEADERS + EXPORT_EXTRA, rows)
    return workbook_bytes(wb, stamp)


def read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """(Excel row number, cells as text) of every non-empty data row; refuses a file that is not the
    template."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - anything openpyxl cannot open is not a workbook
        raise refuse("INVALID_FILE", "无法读取该文件，请使用下载的 Excel 模板（.xlsx）", "file") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [str(v or "").strip() for v in next(rows, ())][:len(HEADERS)]
        if [h.lstrip("*") for h in header] != [h.lstrip("*") for h in HEADERS]:
            raise refuse("TEMPLATE_MISMATCH", "表头与模板不一致，请使用下载的 Excel 模板", "file")
        out: list[tuple[int, list[str]]] = []
        for number, values in enumerate(rows, start=2):
            cells = [_text(v) for v in list(values)[:len(HEADERS)]]
            cells += [""] * (len(HEADERS) - len(cells))
            if any(cells):
                out.append((number, cells))
                if len(out) > MAX_ROWS:
                    raise refuse("TOO_MANY", f"一次最多导入{MAX_ROWS}个评委会", "file")
        return out
    finally:
        wb.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a region code typed as a number
    return str(value).strip()


async def in_executor(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


# ---------------------------------------------------------------- rows ↔ committees


def _parts(text: str) -> list[str]:
    return [p.strip() for p in SPLIT.split(text) if p.strip()]


async def _unit(text: str) -> Unit | None:
    rows = await Unit.filter(credit_code=text.upper()).limit(2) or await Unit.filter(name=text).limit(2)
    return rows[0] if len(rows) == 1 else None


async def row_to_data(cells: list[str]) -> dict[str, Any]:
    """Turns a row into create_committee's input; refuses what cannot be looked up."""
    name, tier, series_text, levels, regions, organizers, specialties, fees, contact, phone, admins, managing = cells
    problems: list[str] = []
    data: dict[str, Any] = {"name": name, "contact_name": contact, "contact_phone": phone,
                            "admin_logins": _parts(admins), "region_codes": [], "organizer_unit_ids": [],
                            "specialty_ids": [], "fee_standards": []}
    tiers = {label: t.value for t, label in TIER_LABELS.items()} | {t.value: t.value for t in CommitteeTier}
    data["tier"] = tiers.get(tier) if tier else None
    if tier and data["tier"] is None:
        problems.append(f"评委会层级“{tier}”不正确（初评会/中评会/高评会）")
    series = await Series.filter(name=series_text).first() or await Series.filter(code=series_text.upper()).first()
    data["series_id"] = series.id if series else None
    if series_text and series is None:
        problems.append(f"评审系列“{series_text}”不存在")
    labels = {label: lv.value for lv, label in LEVEL_LABELS.items()} | {lv.value: lv.value for lv in Level}
    data["levels"] = [labels.get(p, "?") for p in _parts(levels)]
    if "?" in data["levels"]:
        problems.append("评审级别须为 初级、中级、副高级、正高级")
    for part in _parts(regions):
        code = re.match(r"^\d{6}", part)
        if code is None:
            problems.append(f"评审区域“{part}”应为6位属地代码")
        else:
            data["region_codes"].append(code.group(0))
    for part in _parts(organizers):
        unit = await _unit(part)
        if unit is None:
            problems.append(f"组建单位“{part}”不存在或名称不唯一")
        else:
            data["organizer_unit_ids"].append(unit.id)
    for part in _parts(specialties):
        found: list = []
        if series is not None:
            found = (await Specialty.filter(series_id=series.id, code=part).limit(2)
                     or await Specialty.filter(series_id=series.id, name=part).limit(2))
        if len(found) != 1:
            problems.append(f"评审专业“{part}”在该系列中不存在或名称不唯一")
        else:
            data["specialty_ids"].append(found[0].id)
    for part in _parts(fees):
        match = FEE.match(part)
        if match is None:
            problems.append(f"缴费标准“{part}”应为 项目:金额")
        else:
            data["fee_standards"].append({"item": match.group(1).strip(), "amount": match.group(2)})
    if managing:
        unit = await _unit(managing)
        if unit is None:
            problems.append(f"管理部门“{managing}”不存在或名称不唯一")
        else:
            data["managing_unit_id"] = unit.id
    if problems:
        raise refuse("INVALID", "；".join(problems))
    return data


async def import_committees(viewer: Viewer, rows: list[tuple[int, list[str]]]) -> ImportReport:
    """Runs inside the caller's transaction; each row in a savepoint of its own."""
    from models.committee.rules import create_committee

    report = ImportReport()
    for number, cells in rows:
        try:
            async with in_transaction():
                committee = await create_committee(viewer, await row_to_data(cells))
        except Refused as refused:
            report.failed.append((number, "；".join(p.message for p in refused.problems)))
        except Forbidden as forbidden:
            report.failed.append((number, str(forbidden) or "无权设立该评委会"))
        else:
            report.succeeded.append(committee)
    return report


async def export_rows(committees: list[Committee]) -> list[list[str]]:
    ids = [c.id for c in committees]
    series = {s.id: s.name for s in await Series.filter(id__in={c.series_id for c in committees})}
    units = {u.id: u for u in await Unit.filter(id__in={c.managing_unit_id for c in committees})}
    regions: dict[int, list[str]] = {}
    for cid, code in await CommitteeRegion.filter(committee_id__in=ids).order_by("id").values_list(
            "committee_id", "region_id"):
        regions.setdefault(cid, []).append(code)
    names = dict(await Region.filter(code__in={c for v in regions.values() for c in v}).values_list("code", "name"))
    organizers: dict[int, list[str]] = {}
    for row in await CommitteeOrganizer.filter(committee_id__in=ids).select_related("unit").order_by("id"):
        organizers.setdefault(row.committee_id, []).append(row.unit.credit_code or row.unit.name)
    specialties: dict[int, list[str]] = {}
    for row in await CommitteeSpecialty.filter(committee_id__in=ids).select_related("specialty").order_by("id"):
        specialties.setdefault(row.committee_id, []).append(row.specialty.code)
    out = []
    for c in committees:
        managing = units[c.managing_unit_id]
        out.append([
            c.name, TIER_LABELS[CommitteeTier(c.tier)], series[c.series_id],
            "、".join(LEVEL_LABELS[Level(v)] for v in c.levels),
            "、".join(f"{code}({names.get(code, '')})" for code in regions.get(c.id, [])),
            "、".join(organizers.get(c.id, [])), "、".join(specialties.get(c.id, [])),
            "；".join(f"{f['item']}:{f['amount']}" for f in c.fee_standards), c.contact_name, c.contact_phone,
            "", managing.credit_code or managing.name, STATUS_LABELS[CommitteeStatus(c.status)], c.cancel_reason,
        ])
    return out


async def store_bytes(data: bytes, *, name: str, purpose: str, owner_id: int | None) -> StoredFile:
    async def chunks():
        yield data

    sha, size = await ports.storage().put(chunks(), len(data))
    return await StoredFile.create(sha256=sha, size=size, content_type=XLSX_TYPES[0], name=name, purpose=purpose,
                                   owner_id=owner_id)


async def render_export(job: Job, progress) -> None:
    """The COMMITTEE_EXPORT job: every committee matching ``params['filter']`` into one .xlsx, kept as
    the job's result file. A re-run after success finds the file and does nothing."""
    from models.committee.rules import filter_committees

    if job.result_file_id is not None:
        return
    committees = list(await filter_committees(job.params.get("filter")).order_by("id"))
    await progress(0, len(committees))
    rows: list[list[str]] = []
    for start in range(0, len(committees), 500):
        rows += await export_rows(committees[start:start + 500])
        await progress(len(rows), len(committees))
    data = await in_executor(build_export, rows, job.created_at)
    stored = await store_bytes(data, name=f"评委会导出-{job.id}.xlsx", purpose="committee_export",
                               owner_id=job.requester_id)
    await Job.filter(id=job.id, result_file_id=None).update(result_file_id=stored.id)


async def template_file(owner_id: int | None) -> StoredFile:
    """The import template as a stored file; the same catalogue gives the same bytes, so repeated
    downloads reuse one row."""
    series = await Series.filter(is_active=True).order_by("sort", "id").values_list("name", "code")
    data = await in_executor(build_template, list(series), datetime(2024, 1, 1))
    sha = hashlib.sha256(data).hexdigest()
    existing = await StoredFile.filter(sha256=sha, purpose="committee_template").first()
    return existing or await store_bytes(data, name="评委会导入模板.xlsx", purpose="committee_template",
                                         owner_id=None)
