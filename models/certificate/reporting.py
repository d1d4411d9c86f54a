"""证书报送人社部 (003 §1.18): an issuer reports the selected certificates (批量上报) or all it has not reported
(全部上报) to the national ministry: they are marked reported and a job writes the file that goes there.

The request is checked whole (each one this issuer's, valid, not reported yet), then the certificates are
marked in the mutation's own transaction, together with the job row that names exactly them. The job only
renders the file of those ids (workers/certificate_report.py), so a job that fails or runs twice never
leaves a batch half-reported, and a second report never takes a certificate already in a batch (the marking
UPDATE is conditional: a racing twin's certificates answer CONFLICT). Marking leaves ``version`` alone:
what the certificate shows has not changed, and a render racing the report must still attach.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum

from models.access.certificate import require_issues_for
from models.access.viewer import Viewer
from models.certificate.codes import CertificateCode as Code
from models.certificate.models import Certificate, CertificateStatus
from models.core.codes import CommonCode
from models.core.errors import Collector, refuse
from models.core.job import Job, JobKind
from models.core.transaction import create_job_once, earlier_job

MAX_REPORT = 20000  # one batch, one file; 全部上报 takes the oldest this many and says how many are left


class ReportFormat(str, Enum):
    XLSX = "XLSX"
    JSON = "JSON"


@dataclass(frozen=True)
class Report:
    job: Job
    count: int  # certificates in this batch
    remaining: int  # of this issuer still unreported afterwards


def unreported(issuer_unit_id: int):
    return Certificate.filter(issuer_unit_id=issuer_unit_id, status=CertificateStatus.VALID,
                              reported_at__isnull=True)


async def _checked(issuer_unit_id: int, certificate_ids: list[int] | None) -> list[int]:
    """The ids to report, ascending; refuses the whole request for any one that cannot be reported."""
    errors = Collector()
    if certificate_ids is None:
        ids = list(await unreported(issuer_unit_id).order_by("id").limit(MAX_REPORT).values_list("id", flat=True))
    elif len(set(certificate_ids)) > MAX_REPORT:
        raise refuse(Code.BATCH_TOO_LARGE, f"一次最多报送{MAX_REPORT}本证书，请分批报送", "certificateIds")
    else:
        found = {pk: (status, reported_at) for pk, status, reported_at in await Certificate.filter(
            id__in=list(dict.fromkeys(certificate_ids)), issuer_unit_id=issuer_unit_id).values_list(
            "id", "status", "reported_at")}
        for index, pk in enumerate(certificate_ids):
            status, reported_at = found.get(pk, (None, None))
            if status is None:
                errors.add(Code.NOT_REPORTABLE, "证书不存在或不是本发证单位发放的", "certificateIds", str(index))
            elif CertificateStatus(status) != CertificateStatus.VALID:
                errors.add(Code.NOT_REPORTABLE, "已撤销或已换发的证书不能报送", "certificateIds", str(index))
            elif reported_at is not None:
                errors.add(Code.NOT_REPORTABLE, "该证书已报送人社部，不能重复报送", "certificateIds", str(index))
        ids = sorted(found)
    if not ids and not errors.problems:
        errors.add(Code.NOTHING_TO_REPORT, "没有待报送的证书", "certificateIds")
    errors.raise_if_any()
    return ids


async def report_certificates(viewer: Viewer, issuer_unit_id: int, certificate_ids: list[int] | None,
                              fmt: ReportFormat, idempotency_key: str | None) -> Report:
    """批量上报 ``certificate_ids`` or, when None, 全部上报. Runs inside the mutation's transaction. A repeat
    with the same idempotency key answers with the first request's job (its certificates are reported by
    then, so checking again would refuse it)."""
    await require_issues_for(viewer, issuer_unit_id)
    request = {"issuer_unit_id": issuer_unit_id, "certificate_ids": certificate_ids, "format": fmt.value}
    earlier = await earlier_job(JobKind.CERTIFICATE_REPORT, viewer.account_id, idempotency_key, request)
    if earlier is not None:
        return Report(earlier, len(earlier.params["certificate_ids"]), await unreported(issuer_unit_id).count())
    ids = await _checked(issuer_unit_id, certificate_ids)
    now = datetime.now(timezone.utc)
    marked = await unreported(issuer_unit_id).filter(id__in=ids).update(reported_at=now, updated_at=now)
    if marked != len(ids):  # another request reported (or a revocation took) some of them since the check
        raise refuse(CommonCode.CONFLICT, "部分证书刚被报送或撤销，请刷新后重试", "certificateIds")
    job = await create_job_once(JobKind.CERTIFICATE_REPORT, {
        "issuer_unit_id": issuer_unit_id, "certificate_ids": ids, "format": fmt.value,
        "reported_at": now.isoformat(), "request": request}, viewer.account_id, idempotency_key)
    return Report(job, len(ids), await unreported(issuer_unit_id).count())
