"""证书撤销 (003 §1.19): the issuer revokes a valid certificate with a reason.

One transaction: the certificate becomes REVOKED (who, when, why, its version moved on), which is also its
bit in the issuer's status list (the list is read from the rows), the holder is told, and a render job is
created so the PDF carries the 已撤销 banner. Until that render is attached the stale PDF is not offered
(the document is GENERATING again); a render already under way when the revocation commits finds the
version moved and does not attach its file.
"""
from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import F

from models.access.certificate import issues_for
from models.access.viewer import Viewer
from models.certificate.codes import CertificateCode as Code
from models.certificate.models import Certificate, CertificateStatus, DocumentState
from models.certificate.status_list import take_status_index
from models.core.codes import CommonCode
from models.core.errors import Collector, Forbidden, refuse
from models.core.job import JobKind
from models.core.transaction import create_job
from models.messaging.models import deliver
from models.person.models import Person

REASON_MAX = Certificate._meta.fields_map["revoke_reason"].max_length


async def revoke_certificate(viewer: Viewer, cert_id: int, reason: str) -> Certificate:
    """Revokes ``cert_id`` for the issuer's admins and platform admins. Refuses REQUIRED / TOO_LONG (reason),
    NOT_FOUND, ALREADY_REVOKED and NOT_VALID (replaced); call inside the mutation's transaction."""
    viewer.require_account()
    text = reason.strip()
    errors = Collector()
    if errors.require(text or None, "reason", "撤销原因"):
        errors.max_length(text, "reason", "撤销原因", REASON_MAX)
    errors.raise_if_any()
    cert = await Certificate.filter(id=cert_id).select_for_update().first()
    if cert is None:
        raise refuse(CommonCode.NOT_FOUND, "证书不存在", "certificateId")
    if not issues_for(viewer, cert.issuer_unit_id or 0):  # no issuer unit: platform admins alone
        raise Forbidden("只有发证单位的管理员可以撤销其证书")
    if cert.status == CertificateStatus.REVOKED:
        raise refuse(Code.ALREADY_REVOKED, "该证书已撤销", "certificateId")
    if cert.status != CertificateStatus.VALID:
        raise refuse(Code.NOT_VALID, "该证书已换发，不能撤销", "certificateId")
    now = datetime.now(UTC)
    changes = {"status": CertificateStatus.REVOKED, "revoked_at": now, "revoke_reason": text,
               "revoked_by_id": viewer.account_id, "version": F("version") + 1, "updated_at": now}
    if cert.status_index is None and cert.issuer_id is not None:  # issued before status lists: its bit now
        changes["status_index"] = await take_status_index(cert.issuer_id)
    if cert.document_state == DocumentState.READY:
        changes["document_state"] = DocumentState.GENERATING
    # Conditional on VALID: of two revocations at once (SQLite takes no row lock), one wins.
    if not await Certificate.filter(id=cert.id, status=CertificateStatus.VALID).update(**changes):
        raise refuse(Code.ALREADY_REVOKED, "该证书已撤销", "certificateId")
    account_id = await Person.filter(id=cert.person_id).values_list("account_id", flat=True)
    if account_id and account_id[0] is not None:
        await deliver([revoked_message(cert, text, account_id[0])])
    if cert.photo_id is not None:  # without a photo there is no file yet: the photo's render shows the banner
        await create_job(JobKind.CERTIFICATE_RENDER, {"certificate_ids": [cert.id], "notify": False},
                         viewer.account_id)
    return await Certificate.get(id=cert.id)


def revoked_message(cert: Certificate, reason: str, recipient_id: int) -> dict:
    from strawberry import relay

    return {"recipient_id": recipient_id, "title": "职称证书已撤销",
            "body": f"您的{cert.title_name}（{cert.specialty_name}）职称证书（编号{cert.number}）已被"
                    f"{cert.issuer_name}撤销。撤销原因：{reason}",
            "link_type": "Certificate", "link_id": relay.to_base64("Certificate", cert.id),
            "dedupe_key": f"certificate:{cert.id}:revoked"}
