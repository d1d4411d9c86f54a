"""The issuer's PASS on a reissue: the new ``YB`` certificate, and the old one REPLACED by it.

Inside the decision's transaction, so the decision, the number, the new certificate and the old one's
status commit together or not at all: a refusal here (no YB number left, the old certificate revoked in the
meantime) undoes the decision. The number is ``assign_number``'s (subject REISSUE and the reissue's id, with
the reissue prefix), under the issuer's code for the year of approval and the old number's category.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from tortoise.expressions import F

from models.certificate.issuing import new_token
from models.certificate.models import (
    Certificate,
    CertificateNumber,
    CertificateStatus,
    DocumentState,
    NumberRange,
)
from models.certificate.numbering import assign_number
from models.certificate.status_list import take_status_index
from models.core.errors import refuse
from models.core.job import JobKind
from models.core.transaction import create_job
from models.evaluation.results import today
from models.reissue.codes import ReissueReviewCode as Code
from models.reissue.create import issuer_code_of
from models.reissue.fields import corrected
from models.reissue.models import Reissue
from models.unit.models import Unit

REISSUE = "REISSUE"  # the subject kind of a reissue's number and certificate
DEFAULT_CATEGORY = "01"  # a certificate entered by hand has no platform number to take the category from


async def category_of(old: Certificate | None) -> str:
    if old is None or old.number_row_id is None:
        return DEFAULT_CATEGORY
    range_id = await CertificateNumber.filter(id=old.number_row_id).values_list("range_id", flat=True)
    categories = await NumberRange.filter(id__in=range_id).values_list("category", flat=True)
    return categories[0] if categories else DEFAULT_CATEGORY


async def issue_reissue(row: Reissue, approver_id: int | None) -> Certificate:
    existing = await Certificate.get_or_none(subject_kind=REISSUE, subject_key=str(row.id))
    if existing is not None:
        return existing
    code = await issuer_code_of(row.issuer_unit_id)
    if code is None:
        raise refuse(Code.NOT_AN_ISSUER, "本单位没有有效的发证单位编码，不能换发证书，请联系人社部门配置", "taskId")
    old = await Certificate.get(id=row.certificate_id) if row.certificate_id else None
    if old is not None and old.status != CertificateStatus.VALID:
        raise refuse(Code.CERTIFICATE_NOT_VALID, "原证书已撤销或已换发，不能再换发", "taskId")
    day = today()
    number = await assign_number(code, day.year, await category_of(old), str(row.id), subject_kind=REISSUE,
                                 reissue=True)
    data = corrected(row.original, row.corrections)
    issuer = await Unit.get(id=row.issuer_unit_id)
    employer = await Unit.get_or_none(id=row.unit_id) if row.unit_id else None
    photo_id = row.photo_id
    cert = await Certificate.create(
        number=number.number, number_row_id=number.id, subject_kind=REISSUE, subject_key=str(row.id),
        person_id=row.person_id, result_id=old.result_id if old else None,
        application_id=old.application_id if old else None, issuer_id=code.id, issuer_unit_id=issuer.id,
        committee_id=old.committee_id if old else None,
        name=data["name"], gender=data["gender"], birth_date=date.fromisoformat(data["birth_date"]),
        id_type=data["id_type"], id_number=data["id_number"], series_name=data["series_name"],
        specialty_name=data["specialty_name"], title_name=data["title_name"], level=data["level"],
        year=int(data.get("year") or day.year), acquired_on=date.fromisoformat(data["acquired_on"]),
        acquisition_method=data["acquisition_method"], approval_number=data["approval_number"],
        issuer_name=issuer.name, committee_name=data.get("committee_name", ""), issue_date=day,
        unit_name=data.get("unit_name", ""),
        unit_region=old.unit_region if old else (employer.region_id if employer else ""),
        issuer_region=issuer.region_id, photo_id=photo_id,
        document_state=DocumentState.GENERATING if photo_id else DocumentState.AWAITING_PHOTO,
        token=new_token(), issued_by_id=approver_id, status_index=await take_status_index(code.id))
    if old is not None:
        await _replace(old, cert, approver_id)
    if photo_id:
        await create_job(JobKind.CERTIFICATE_RENDER, {"certificate_ids": [cert.id]}, approver_id)
    return cert


async def _replace(old: Certificate, new: Certificate, actor_id: int | None) -> None:
    """已换发: its bit in the status list is set (read from the status), its PDF rendered with the banner."""
    changes = {"status": CertificateStatus.REPLACED, "replaced_by_id": new.id, "version": F("version") + 1,
               "updated_at": datetime.now(UTC)}
    if old.status_index is None and old.issuer_id is not None:
        changes["status_index"] = await take_status_index(old.issuer_id)
    if old.document_state == DocumentState.READY:
        changes["document_state"] = DocumentState.GENERATING
    # Conditional on VALID: a revocation that committed first wins, and this decision is undone.
    if not await Certificate.filter(id=old.id, status=CertificateStatus.VALID).update(**changes):
        raise refuse(Code.CERTIFICATE_NOT_VALID, "原证书刚被撤销，不能换发", "taskId")
    if old.photo_id is not None:
        await create_job(JobKind.CERTIFICATE_RENDER, {"certificate_ids": [old.id], "notify": False}, actor_id)
