"""The RECOGNITION_FORM job: a recognition's documents, rendered with docxtpl as the review form is
(workers/review_form.py: in a thread, autoescape on, stable bytes). Params: ``recognition_id`` and
``document``, FORM or APPROVAL.

FORM is 异地职称确认表 (the 申请一览表 exported), kept as the job's result file. APPROVAL is
专业技术资格确认审核表, queued by the last HR bureau's PASS (models/recognition/issuing.py): kept as the
job's result file and as the recognition's ``approval_form``, and, where the province issues no
e-certificate for recognitions (the certificate has no number row), it is the certificate's document
(READY, showing the certificate's status).

Idempotent: the same recognition gives the same bytes, and a run whose file is already there (on this job,
or the recognition's approval form) keeps that file and changes nothing. The file row and what points at it
commit together.
"""
from __future__ import annotations

import asyncio
import functools
import hashlib
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx.shared import Mm
from tortoise.transactions import in_transaction

from models.certificate.models import Certificate, CertificateStatus, DocumentState
from models.core import ports
from models.core.file import StoredFile
from models.core.job import Job
from models.recognition.documents import PHOTO, recognition_documents
from models.recognition.models import Recognition, RecognitionStatus
from workers.docx_bytes import document_bytes
from workers.review_form import (
    _ENV,
    CELL_MARGINS,
    DOCX_TYPE,
    _blobs,
    _picture,
    _Template,
)

FORM, APPROVAL = "FORM", "APPROVAL"
TEMPLATES = {FORM: "recognition_form.docx", APPROVAL: "recognition_approval.docx"}
PURPOSES = {FORM: "recognition_form", APPROVAL: "recognition_approval"}
HERE = Path(__file__).resolve().parent / "templates"
# The boxes fit the columns of workers/templates/build_recognition_templates.py: the photo column is 28 mm
# over five rows of at least 9 mm, 单位盖章 30 mm wide (26.2 mm inside the margins) in rows of at least
# 26 mm, so a 审核表 with four passed units is one A4 page.
PHOTO_BOX = (Mm(28) - CELL_MARGINS, Mm(38))
SEAL_BOX = (Mm(25), Mm(25))


@functools.cache
def template_bytes(document: str) -> bytes:
    return (HERE / TEMPLATES[document]).read_bytes()


def render_docx(document: str, context: dict[str, Any], blobs: dict[str, bytes]) -> bytes:
    """Blocking: one of the documents as .docx bytes. ``context`` names images; ``blobs`` holds their bytes."""
    tpl = _Template(io.BytesIO(template_bytes(document)))
    values = dict(context)
    values["photo"] = _picture(tpl, blobs, context.get("photo"), PHOTO_BOX)
    values["passed"] = [{**node, "seal": _picture(tpl, blobs, node.get("seal"), SEAL_BOX) or ""}
                        for node in context["passed"]]
    tpl.render(values, jinja_env=_ENV, autoescape=True)
    return document_bytes(tpl.docx)


def _images(document: str, context: dict[str, Any], images: dict[str, str]) -> dict[str, str]:
    """The pictures this document prints: the photo, and on the 审核表 the seals of the units that passed."""
    wanted = {PHOTO}
    if document == APPROVAL:
        wanted |= {node["seal"] for node in context["passed"] if node["seal"]}
    return {name: sha for name, sha in images.items() if name in wanted}


async def _approval_attached(recognition_id: int, stored: StoredFile) -> None:
    """The recognition's approval form, and the document of its certificate when that has no number row."""
    row = await Recognition.filter(id=recognition_id).select_for_update().first()
    if row is None or row.status != RecognitionStatus.APPROVED:
        return  # the 审核表 of an approved recognition only
    now = datetime.now(UTC)
    if row.approval_form_id != stored.id:
        await Recognition.filter(id=row.id).update(approval_form_id=stored.id, updated_at=now)
    if row.certificate_id is None:
        return
    cert = await Certificate.filter(id=row.certificate_id).select_for_update().first()
    if cert is None or cert.number_row_id is not None:
        return  # an e-certificate (numbered, signed) is the document: models/certificate/rendering.py
    status = CertificateStatus(cert.status).value
    if cert.document_id == stored.id and cert.document_state == DocumentState.READY and cert.document_status == status:
        return
    if not await Certificate.filter(id=cert.id, version=cert.version).update(
            document_id=stored.id, document_state=DocumentState.READY, document_status=status,
            version=cert.version + 1, updated_at=now):
        raise RuntimeError(f"certificate {cert.id} changed while its document was attached")  # the retry does it


async def render_recognition_form_job(job: Job, progress) -> None:
    await progress(0, 1)
    document = job.params.get("document", FORM)
    if document not in TEMPLATES:
        raise ValueError(f"unknown recognition document {document!r}")
    recognition_id = int(job.params["recognition_id"])
    docs = await recognition_documents(recognition_id)
    blobs = await _blobs(_images(document, docs.context, docs.images))
    data = await asyncio.to_thread(render_docx, document, docs.context, blobs)
    sha = hashlib.sha256(data).hexdigest()
    storage = ports.storage()
    candidates = [job.result_file_id]
    if document == APPROVAL:
        candidates += await Recognition.filter(id=recognition_id).values_list("approval_form_id", flat=True)
    files = {f.id: f for f in await StoredFile.filter(id__in=[c for c in candidates if c is not None])}
    stored = next((files[c] for c in candidates if c in files and files[c].sha256 == sha), None)
    if stored is None or not await storage.exists(sha):

        async def chunks():
            yield data

        await storage.put(chunks(), len(data))
    async with in_transaction():
        if stored is None:
            name = docs.approval_name if document == APPROVAL else docs.form_name
            stored = await StoredFile.create(sha256=sha, size=len(data), content_type=DOCX_TYPE, name=name,
                                             purpose=PURPOSES[document], owner_id=job.requester_id)
        if job.result_file_id != stored.id:
            await Job.filter(id=job.id).update(result_file_id=stored.id)
        if document == APPROVAL:
            await _approval_attached(recognition_id, stored)
    await progress(1, 1)
