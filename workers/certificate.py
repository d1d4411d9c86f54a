"""CERTIFICATE_ISSUE and CERTIFICATE_RENDER: issuing a batch of filed results, and (re-)rendering e-certificates.

The job's params hold the result ids in order; the cursor (``resume_after``) is how many of them are done.
A chunk is issued (each result's number and certificate in its own transaction, idempotent per result),
then rendered, then the cursor and the holders' messages commit together. An attempt killed anywhere in a
chunk redoes that chunk: ``issue_result`` finds the certificates it made, ``render_certificate`` renders only
those whose file is missing or stale, and messages carry dedupe keys. So nothing is numbered twice and no
serial is skipped (numbers are taken only inside the transaction that creates the certificate).
"""
from __future__ import annotations

import asyncio
from datetime import date

from models.certificate.issuing import awaiting_photo_message, issue_result, ready_message
from models.certificate.models import Certificate, DocumentState, IssuerCode
from models.certificate.rendering import render_certificate
from models.messaging.models import Message
from models.person.models import Person
from workers.lease import JobRun

RENDER_CHUNK = 25  # a chunk is ~1–2 s of rendering: a killed attempt redoes little


async def _messages(certs: list[Certificate]) -> list[dict]:
    accounts = dict(await Person.filter(id__in=[c.person_id for c in certs]).values_list("id", "account_id"))
    out = []
    for cert in certs:
        message = ready_message(cert) if cert.document_state == DocumentState.READY else awaiting_photo_message(cert)
        message["recipient_id"] = accounts[cert.person_id]
        out.append(message)
    return out


async def _render_all(cert_ids: list[int]) -> None:
    """A chunk's certificates rendered together: one's database reads and writes overlap another's drawing
    (and several draw at once with a render pool). Each is still its own render_certificate, version-checked;
    a failure cancels the rest, and the attempt's retry renders whatever is missing."""
    async with asyncio.TaskGroup() as group:
        for cert_id in cert_ids:
            group.create_task(render_certificate(cert_id))


async def certificate_issue(run: JobRun) -> None:
    params = run.job.params
    ids: list[int] = params["result_ids"]
    code = await IssuerCode.get(id=params["issuer_code_id"])
    issue_date = date.fromisoformat(params["issue_date"])
    total, done = len(ids), int(run.resume_after)
    await run.progress(done, total)
    while done < total:
        chunk = ids[done:done + RENDER_CHUNK]
        certs = [await issue_result(rid, code, params["category"], issue_date, run.job.requester_id)
                 for rid in chunk]
        await _render_all([cert.id for cert in certs])
        certs = await Certificate.filter(id__in=[c.id for c in certs]).order_by("id")
        messages = await _messages(certs)
        done += len(chunk)
        async with run.chunk(done, done, total) as conn:
            if messages:
                await Message.bulk_create([Message(**m) for m in messages], ignore_conflicts=True,
                                          using_db=conn)


async def certificate_render(run: JobRun) -> None:
    ids: list[int] = run.job.params["certificate_ids"]
    total, done = len(ids), int(run.resume_after)
    await run.progress(done, total)
    while done < total:
        chunk = ids[done:done + RENDER_CHUNK]
        await _render_all(chunk)
        certs = await Certificate.filter(id__in=chunk, document_state=DocumentState.READY,
                                         status="VALID").order_by("id")
        messages = await _messages(list(certs)) if run.job.params.get("notify", True) else []
        done += len(chunk)
        async with run.chunk(done, done, total) as conn:
            if messages:
                await Message.bulk_create([Message(**m) for m in messages], ignore_conflicts=True,
                                          using_db=conn)
