"""证书报送人社部: an issuer's admins report the selected, or all unreported, certificates; a job writes the file."""
from __future__ import annotations

import strawberry

from models.certificate.reporting import ReportFormat, report_certificates
from resolvers.core.mutation import payload_mutation
from schema.certificate.inputs import CertificateReportInput, CertificateReportPayload
from schema.certificate.types import Certificate
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.permissions import IsSignedIn
from schema.message import Job
from schema.unit import Unit


@strawberry.type
class CertificateReportMutations:
    @strawberry.mutation(description="证书报送人社部: 批量上报 (certificateIds) or 全部上报 (null). The request is "
                                     "checked whole; a refused one marks nothing. Reported ones are marked at once "
                                     "and the job writes the file (xlsx or JSON) as its result file.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(CertificateReportPayload)
    async def certificate_report(self, info: Info, input: CertificateReportInput) -> dict:
        unit_id = decode_id(input.issuer_unit_id, Unit, "issuerUnitId")
        ids = None if input.certificate_ids is None else [
            decode_id(c, Certificate, ("certificateIds", str(i))) for i, c in enumerate(input.certificate_ids)]
        report = await report_certificates(info.context.viewer, unit_id, ids, ReportFormat(input.format),
                                           input.idempotency_key)
        return {"job": Job.of(report.job), "count": report.count, "remaining": report.remaining}
