"""证书查询 (003 §1.20): the certificates an HR bureau (its region and below) or an issuer (its own) may see,
narrowed by a filter. The GraphQL query, the Excel export job and anything else that lists certificates for
them read through ``query_certificates``, so the export holds exactly the rows the query shows."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from models.access.certificate import may_query_certificates, visible_certificates
from models.access.viewer import Viewer
from models.catalogue.models import Series
from models.certificate.codes import CertificateCode as Code
from models.certificate.models import CertificateStatus
from models.core.codes import CommonCode
from models.core.errors import Collector, Forbidden, refuse
from models.core.job import JobKind
from models.core.transaction import create_job_once

YEARS = (1900, 2100)  # a year column is a smallint: anything beyond would overflow in PostgreSQL


@dataclass(frozen=True)
class CertificateQuery:
    """Every field narrows the list; None (or blank text) leaves it open. Plain values, so a job keeps it."""

    name: str | None = None  # 姓名, exact
    name_contains: str | None = None
    id_number: str | None = None  # 证件号码, exact (a trailing x matches X)
    number: str | None = None  # 证书编号, exact
    series_name: str | None = None  # 职称系列 as the certificate shows it
    series_id: int | None = None  # the catalogue's series: matched by its name, which certificates copy
    year: int | None = None
    status: str | None = None  # a CertificateStatus value
    reported: bool | None = None  # 已报送人社部
    issuer_unit_id: int | None = None

    def params(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def of(cls, params: dict | None) -> "CertificateQuery":
        return cls(**(params or {}))


def cleaned(q: CertificateQuery) -> CertificateQuery:
    """Text trimmed (blank: no filter), ID and certificate numbers upper-cased; refuses a year outside
    ``YEARS`` and a status that is not one (field ``filter`` / name)."""
    errors = Collector()
    if q.year is not None and not YEARS[0] <= q.year <= YEARS[1]:
        errors.add(Code.INVALID_YEAR, f"年度须在 {YEARS[0]}–{YEARS[1]} 之间", "filter", "year")
    if q.status is not None and q.status not in CertificateStatus.__members__:
        errors.add(CommonCode.INVALID_INPUT, "证书状态应为 VALID、REVOKED 或 REPLACED", "filter", "status")
    errors.raise_if_any()

    def text(value: str | None, upper: bool = False) -> str | None:
        value = (value or "").strip()
        return (value.upper() if upper else value) or None

    return CertificateQuery(name=text(q.name), name_contains=text(q.name_contains),
                            id_number=text(q.id_number, upper=True), number=text(q.number, upper=True),
                            series_name=text(q.series_name), series_id=q.series_id, year=q.year, status=q.status,
                            reported=q.reported, issuer_unit_id=q.issuer_unit_id)


def require_query_certificates(viewer: Viewer) -> None:
    viewer.require_account()
    if not may_query_certificates(viewer):
        raise Forbidden("证书查询仅限人社部门和发证单位")


async def query_certificates(viewer: Viewer, q: CertificateQuery):
    """The viewer's visible certificates matching ``q`` (a queryset, unordered). Refuses (Refused) a bad
    filter and (Forbidden) a viewer who may not query certificates at all."""
    require_query_certificates(viewer)
    q = cleaned(q)
    qs = visible_certificates(viewer)
    if q.series_id is not None:
        name = await Series.filter(id=q.series_id).values_list("name", flat=True)
        if not name:
            raise refuse(CommonCode.NOT_FOUND, "系列不存在", "filter", "seriesId")
        qs = qs.filter(series_name=name[0])
    exact = {"name": q.name, "id_number": q.id_number, "number": q.number, "series_name": q.series_name,
             "year": q.year, "status": q.status, "issuer_unit_id": q.issuer_unit_id}
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    if q.name_contains:
        qs = qs.filter(name__contains=q.name_contains)
    if q.reported is not None:
        qs = qs.filter(reported_at__isnull=not q.reported)
    return qs


EXPORT_MAX = 50000  # rows in one workbook; a larger result is refused, to be narrowed first


async def export_certificates(viewer: Viewer, q: CertificateQuery, idempotency_key: str | None):
    """导出查询结果: a CERTIFICATE_EXPORT job for the rows ``q`` shows this viewer. The job evaluates the query
    again with the requester's viewer as it then is, so the file never holds a row they may no longer see."""
    count = await (await query_certificates(viewer, q)).count()
    if count > EXPORT_MAX:
        raise refuse(Code.BATCH_TOO_LARGE, f"查询结果有{count}条，一次最多导出{EXPORT_MAX}条，请缩小查询范围", "filter")
    return await create_job_once(JobKind.CERTIFICATE_EXPORT, {"filter": cleaned(q).params()}, viewer.account_id,
                                 idempotency_key)
