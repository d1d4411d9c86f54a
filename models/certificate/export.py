"""The columns of a certificate as the ministry's report (证书报送人社部) and the query's Excel export
(导出查询结果) write it: the same values in the xlsx and the JSON, each column with a stable JSON key.
README.md "证书报送人社部: export columns" documents them; change both together."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from models.catalogue.models import LEVEL_LABELS, Level
from models.certificate.models import Certificate, CertificateStatus, IssuerCode

SHANGHAI = ZoneInfo("Asia/Shanghai")
STATUS_LABELS = {CertificateStatus.VALID: "有效", CertificateStatus.REVOKED: "已撤销",
                 CertificateStatus.REPLACED: "已换发"}


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _level(value: str) -> str:
    try:
        return LEVEL_LABELS[Level(value)]
    except ValueError:
        return value


def local_time(value: datetime | None) -> str:
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if value else ""


# (header, JSON key, value of a certificate given its issuer code): what the ministry needs of each one.
Column = tuple[str, str, Callable[[Certificate, str], Any]]
COLUMNS: list[Column] = [
    ("证书编号", "number", lambda c, _: c.number),
    ("姓名", "name", lambda c, _: c.name),
    ("性别", "gender", lambda c, _: c.gender),
    ("出生日期", "birthDate", lambda c, _: _day(c.birth_date)),
    ("证件类型", "idType", lambda c, _: c.id_type),
    ("证件号码", "idNumber", lambda c, _: c.id_number),  # in full: the ministry matches people by it
    ("职称系列", "seriesName", lambda c, _: c.series_name),
    ("专业", "specialtyName", lambda c, _: c.specialty_name),
    ("职称名称", "titleName", lambda c, _: c.title_name),
    ("级别", "level", lambda c, _: _level(c.level)),
    ("年度", "year", lambda c, _: c.year),
    ("取得时间", "acquiredOn", lambda c, _: _day(c.acquired_on)),
    ("取得方式", "acquisitionMethod", lambda c, _: c.acquisition_method),
    ("批准文号", "approvalNumber", lambda c, _: c.approval_number),
    ("发证单位", "issuerName", lambda c, _: c.issuer_name),
    ("发证单位编码", "issuerCode", lambda c, code: code),
    ("发证日期", "issueDate", lambda c, _: _day(c.issue_date)),
    ("工作单位", "unitName", lambda c, _: c.unit_name),
    ("状态", "status", lambda c, _: STATUS_LABELS[CertificateStatus(c.status)]),
]
# The report shows each certificate as it was reported (only valid ones are): a revocation after the report
# leaves the file that was sent, and a re-run of its job, unchanged.
REPORT_COLUMNS = [*COLUMNS[:-1], ("状态", "status", lambda c, _: STATUS_LABELS[CertificateStatus.VALID])]
REPORTED_AT: Column = ("报送时间", "reportedAt", lambda c, _: local_time(c.reported_at))
QUERY_COLUMNS = [*COLUMNS, REPORTED_AT]  # the query's export also says whether and when each was reported


def headers(columns: list[Column]) -> list[str]:
    return [h for h, _, _ in columns]


async def certificate_rows(certs: list[Certificate], columns: list[Column]) -> list[list[Any]]:
    """The rows of ``certs`` in their order: one statement for their issuer codes, whatever their number."""
    codes = dict(await IssuerCode.filter(id__in={c.issuer_id for c in certs if c.issuer_id}).values_list(
        "id", "code"))
    return [[value(c, codes.get(c.issuer_id, "")) for _, _, value in columns] for c in certs]


def records(rows: list[list[Any]], columns: list[Column]) -> list[dict[str, Any]]:
    """The rows as JSON objects keyed by the columns' JSON keys, in column order."""
    keys = [k for _, k, _ in columns]
    return [dict(zip(keys, row, strict=True)) for row in rows]
