"""CERTIFICATE_ISSUE and CERTIFICATE_RENDER: issuing a batch of filed results, and (re-)rendering e-certificates.

The job's params hold the result ids in order; the cursor (``resume_after``) is how many of them are done.
A chunk is issued (each result's number and certificate in its own transaction, idempotent per result),
then rendered, then the cursor and the holders' messages commit together. An attempt killed anywhere in a
chunk redoes that chunk: ``issue_result`` finds the certificates it made, ``render_certificate`` renders only
those whose file is missing or stale, and messages carry dedupe keys. So nothing is numbered twice and no
serial is skipped (numbers are taken only inside the transaction that creates the certificate).
"""
from __future__ import annotations

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
        for cert in certs:
            await render_certificate(cert.id)
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
        for cert_id in chunk:
            await render_certificate(cert_id)
        certs = await Certificate.filter(id__in=chunk, document_state=DocumentState.READY,
                                         status="VALID").order_by("id")
        messages = await _messages(list(certs)) if run.job.params.get("notify", True) else []
        done += len(chunk)
        async with run.chunk(done, done, total) as conn:
            if messages:
                await Message.bulk_create([Message(**m) for m in messages], ignore_conflicts=True,
                                          using_db=conn)
