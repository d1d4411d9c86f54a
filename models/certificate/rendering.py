"""Rendering a certificate's e-certificate: the signed PDF of what the certificate row shows, kept as a file.

Drawing (reportlab) and signing (pyHanko) are blocking and reportlab's canvas state is not thread-safe, so
both run on one dedicated thread, never on the event loop; a worker process renders one file at a time.
With ``processes`` > 0 they run in a pool of that many processes instead (one render at a time in each, its
own font and keys, rebuilt from ``key_source``): only the PDF bytes come back, so the file row and its
attachment stay here, under the same version check, and a certificate still gets one file.
A render is attached only if the certificate is unchanged since it was read (its version): a render that
raced a revocation, or a second attempt after a crash, never replaces a newer file with an older one, and
the file a certificate points at always shows its current status.

The wiring installs where keys come from and the public address the QR code opens (``configure``).
"""
from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from models.certificate.document import CertificateDocument, RenderAssets, load_assets, render
from models.certificate.models import Certificate, CertificateStatus, DocumentState
from models.certificate.signing import IssuerSigner, sign
from models.core import ports
from models.core.file import StoredFile
from models.core.storage import read_all
from models.unit.models import Unit

PDF_TYPE = "application/pdf"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class RenderSettings:
    """``signer(issuer_code, issuer_name)`` gives the issuer's key (a local CA in the embedded default, files
    named by settings in production); ``public_url`` is where the verification page is served."""

    signer: Callable[[str, str], IssuerSigner] | None = None
    trust_roots: Callable[[], list] | None = None  # what a verifier trusts: the CA certificates, PEM
    public_url: str = "http://127.0.0.1:8000"
    processes: int = 0  # > 0: render + sign in a pool of that many processes instead of the render thread
    key_source: tuple | None = None  # (keys_dir, var_dir) of models.certificate.keys.key_source, for the pool


_settings = RenderSettings()
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="certificate-render")
_pool: ProcessPoolExecutor | None = None
_assets: RenderAssets | None = None


def configure(settings: RenderSettings) -> None:
    global _settings, _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
    _settings = settings


def _init_process(settings: RenderSettings) -> None:
    """A pool process's start: its own signer from the same key source (callables do not cross processes)."""
    from models.certificate.keys import key_source

    signer, roots = key_source(*settings.key_source)
    configure(replace(settings, signer=signer, trust_roots=roots, processes=0))
    _assets_loaded()


def _render_executor() -> Executor:
    global _pool
    if _settings.processes <= 0 or _settings.key_source is None:
        return _executor
    if _pool is None:
        # spawn, not fork: the worker has threads (the render thread, asyncpg's) whose locks a fork would copy
        _pool = ProcessPoolExecutor(_settings.processes, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_init_process,
                                    initargs=(replace(_settings, signer=None, trust_roots=None),))
    return _pool


def render_settings() -> RenderSettings:
    return _settings


def verification_url(token: str) -> str:
    return f"{_settings.public_url.rstrip('/')}/verify/{token}"


def _assets_loaded() -> RenderAssets:
    global _assets
    if _assets is None:  # only ever touched on the render thread
        _assets = load_assets()
    return _assets


def _render_and_sign(doc: CertificateDocument, issuer_code: str) -> bytes:
    if _settings.signer is None:
        raise RuntimeError("no certificate signer installed (models.certificate.rendering.configure)")
    signer = _settings.signer(issuer_code, doc.issuer_name)
    return sign(render(doc, _assets_loaded()), signer, location=doc.issuer_name)


def status_note(cert: Certificate, replacement_number: str | None) -> str:
    if cert.status == CertificateStatus.REVOKED and cert.revoked_at is not None:
        at = cert.revoked_at.astimezone(SHANGHAI)
        return f"撤销日期：{at.year}年{at.month}月{at.day}日"
    if cert.status == CertificateStatus.REPLACED and replacement_number:
        return f"新证书编号：{replacement_number}"
    return ""


async def document_of(cert: Certificate) -> CertificateDocument:
    storage = ports.storage()
    photo = await StoredFile.get(id=cert.photo_id)
    issuer_seal = committee_seal = None
    if cert.issuer_unit_id is not None:
        unit = await Unit.get(id=cert.issuer_unit_id)
        if unit.seal_id is not None:
            seal = await StoredFile.get_or_none(id=unit.seal_id)
            issuer_seal = await read_all(storage, seal.sha256) if seal else None
    if cert.committee_id is not None:
        from models.committee.models import Committee

        committee = await Committee.get(id=cert.committee_id)
        organizer_seal = await Unit.filter(id=committee.managing_unit_id).values_list("seal_id", flat=True)
        seal_id = organizer_seal[0] if organizer_seal else None
        # The committee seals with its managing unit's seal unless that is the issuer's (one seal, once).
        if seal_id is not None and committee.managing_unit_id != cert.issuer_unit_id:
            seal = await StoredFile.get_or_none(id=seal_id)
            committee_seal = await read_all(storage, seal.sha256) if seal else None
    replacement = None
    if cert.replaced_by_id is not None:
        replacement = (await Certificate.get(id=cert.replaced_by_id)).number
    status = CertificateStatus(cert.status).value
    return CertificateDocument(
        number=cert.number, name=cert.name, gender=cert.gender, birth_date=cert.birth_date, id_type=cert.id_type,
        id_number=cert.id_number, series=cert.series_name, specialty=cert.specialty_name,
        title_name=cert.title_name, level=_level_label(cert.level), year=cert.year, acquired_on=cert.acquired_on,
        acquisition_method=cert.acquisition_method, approval_number=cert.approval_number,
        issuer_name=cert.issuer_name, issue_date=cert.issue_date, verification_url=verification_url(cert.token),
        photo=await read_all(storage, photo.sha256), committee_name=cert.committee_name,
        issuer_seal=issuer_seal, committee_seal=committee_seal, status=status,
        status_note=status_note(cert, replacement))


def _level_label(level: str) -> str:
    from models.catalogue.models import LEVEL_LABELS, Level

    try:
        return LEVEL_LABELS[Level(level)]
    except (ValueError, KeyError):
        return level


NOT_ISSUED = ("RECOGNITION", "VERIFICATION")  # subject kinds whose certificate may carry another's number


async def render_certificate(cert_id: int) -> bool:
    """Renders and attaches the e-certificate of ``cert_id`` if it has a photo and its file does not show its
    current state. True when the certificate's file is current afterwards (this call's or an earlier one)."""
    cert = await Certificate.get(id=cert_id)
    status = CertificateStatus(cert.status).value
    if cert.subject_kind in NOT_ISSUED and cert.number_row_id is None:
        # Not an e-certificate of the platform: a recognised title that kept its original number (its document
        # is the confirmation form RECOGNITION_FORM attaches), a verified historical certificate (its scan).
        # A status change (a revocation) only records the status.
        if cert.document_id is None:
            return False
        if cert.document_status != status or cert.document_state != DocumentState.READY:
            return bool(await Certificate.filter(id=cert.id, version=cert.version).update(
                document_state=DocumentState.READY, document_status=status, version=cert.version + 1,
                updated_at=datetime.now(timezone.utc)))
        return True
    if cert.document_id is not None and cert.document_status == status:
        return True  # already current: a re-run renders nothing
    if cert.photo_id is None:
        await Certificate.filter(id=cert.id, version=cert.version).update(
            document_state=DocumentState.AWAITING_PHOTO, version=cert.version + 1)
        return False
    doc = await document_of(cert)
    issuer_code = "local"
    if cert.issuer_id is not None:
        from models.certificate.models import IssuerCode

        issuer_code = (await IssuerCode.get(id=cert.issuer_id)).code
    executor = _render_executor()
    try:
        data = await asyncio.get_running_loop().run_in_executor(executor, _render_and_sign, doc, issuer_code)
    except BrokenProcessPool:
        global _pool
        if _pool is executor:  # a pool process died: the next attempt starts a new pool
            _pool = None
        raise
    storage = ports.storage()

    async def chunks():
        yield data

    sha, size = await storage.put(chunks(), len(data))
    # The file row and its attachment commit together: a crash between them leaves no second file row.
    async with in_transaction():
        stored = await StoredFile.create(sha256=sha, size=size, content_type=PDF_TYPE,
                                         name=f"职称证书-{cert.number}.pdf", purpose="certificate", owner_id=None)
        attached = await Certificate.filter(id=cert.id, version=cert.version).update(
            document_id=stored.id, document_state=DocumentState.READY, document_status=status,
            version=cert.version + 1, updated_at=datetime.now(timezone.utc))
        if not attached:  # changed meanwhile (revoked, a new photo, another attempt): the newer state renders
            await StoredFile.filter(id=stored.id).delete()
    return bool(attached)
