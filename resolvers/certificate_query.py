"""证书查询 and 导出查询结果: HR bureaus (their region and below) and issuers (their own certificates) list
certificates by filter and export the list to Excel as a job."""
from __future__ import annotations

import strawberry

from models.access.viewer import Viewer
from models.certificate.query import (CertificateQuery, export_certificates, query_certificates,
                                      require_query_certificates)
from resolvers.core.mutation import payload_mutation
from resolvers.core.query import refusals_as_errors
from schema.catalogue import Series
from schema.certificate.inputs import CertificateExportInput, CertificateExportPayload, CertificateFilter
from schema.certificate.types import Certificate
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.core.permissions import ViewerPermission
from schema.message import Job
from schema.unit import Unit


class IsCertificateQuerier(ViewerPermission):
    """HR bureaus, units' admins (each row scoped to what they may see) and platform admins; not persons."""

    def check(self, viewer: Viewer) -> None:
        require_query_certificates(viewer)


def query_of(f: CertificateFilter | None) -> CertificateQuery:
    """The filter as the domain's query; a malformed ID is refused (field filter / name)."""
    if f is None:
        return CertificateQuery()
    return CertificateQuery(
        name=f.name, name_contains=f.name_contains, id_number=f.id_number, number=f.number,
        series_name=f.series_name, year=f.year, status=f.status.value if f.status else None, reported=f.reported,
        series_id=decode_id(f.series_id, Series, ("filter", "seriesId")) if f.series_id else None,
        issuer_unit_id=decode_id(f.issuer_unit_id, Unit, ("filter", "issuerUnitId")) if f.issuer_unit_id else None)


@strawberry.type
class CertificateQueryQueries:
    @strawberry.field(description="证书查询: the certificates you may see — HR bureaus those issued in or to units of "
                                  "their region and below, issuers' admins their own, platform admins all — newest "
                                  "first. Persons are refused (their own: myCertificates).",
                      permission_classes=[IsCertificateQuerier])
    async def certificates(self, info: Info, filter: CertificateFilter | None = None, first: int | None = None,
                           after: str | None = None, last: int | None = None,
                           before: str | None = None) -> Connection[Certificate]:
        with refusals_as_errors():
            qs = await query_certificates(info.context.viewer, query_of(filter))
        return await paginate(qs, Certificate.of, first=first, after=after, last=last, before=before)


@strawberry.type
class CertificateQueryMutations:
    @strawberry.mutation(description="导出查询结果: the certificates `certificates(filter)` shows you, as .xlsx in the "
                                     "background (at most 50000 rows); poll the job for its result file.",
                         permission_classes=[IsCertificateQuerier])
    @payload_mutation(CertificateExportPayload)
    async def certificate_export(self, info: Info, input: CertificateExportInput) -> dict:
        job = await export_certificates(info.context.viewer, query_of(input.filter), input.idempotency_key)
        return {"job": Job.of(job)}
