"""Issue 8's "Done means", in one walk through GraphQL: an organizer's scheme is reviewed, results recorded,
publicized and filed, the issuer issues, the holder downloads a PDF that pyHanko and poppler's pdfsig validate
and whose QR code (zbarimg) opens the verification page, which a real Chromium shows as 有效; after the issuer
revokes it, the page shows 已撤销, the status list's bit is set and the re-rendered PDF says so."""
from __future__ import annotations

import asyncio
import subprocess
from urllib.parse import urlparse

from models.certificate.credential import verify_credential
from models.certificate.models import Certificate
from models.certificate.rendering import render_settings
from models.certificate.signing import validate
from models.certificate.status_list import decode_list
from models.person.models import Person
from tests.certificate_support import ISSUE, MINE, filed_scheme, give_photos, make_issuer
from tests.evaluation_support import Scene
from tests.helpers import gid, gql, payload_errors, run_jobs, token_for
from tests.test_certificate_verification import api_process, chromium

REVOKE = """mutation($input: CertificateRevokeInput!) { certificateRevoke(input: $input) {
  errors { field code message } certificate { status } } }"""


def tool(*args: str, data: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    done = subprocess.run([a.replace("{pdf}", str(path)) for a in args], capture_output=True, text=True,
                          timeout=60, check=False)
    return done.stdout + done.stderr


async def download(http, holder: str) -> tuple[dict, bytes]:
    mine = (await gql(http, MINE, token=holder))["data"]["myCertificates"]["nodes"][0]
    response = await http.get(mine["document"]["url"])
    assert response.status_code == 200
    return mine, response.content


async def test_from_a_scheme_to_a_verified_then_revoked_certificate(app, http, settings, tmp_path):
    scene = await Scene().build()
    await filed_scheme(http, scene, passed=1)  # scheme reviewed in the task centre, results, publicity, filing
    await make_issuer(http, scene)
    await give_photos(scene)
    issued = await gql(http, ISSUE, {"input": {"issuerUnitId": gid("Unit", scene.province.unit.id), "category": "01"}},
                       token=scene.province.token)
    assert payload_errors(issued, "certificateIssue") == []
    await run_jobs(settings)
    holder = token_for((await Person.get(id=scene.apps[0].person_id)).account_id)
    mine, pdf = await download(http, holder)
    assert mine["status"] == "VALID" and mine["documentState"] == "READY"

    assert (await asyncio.to_thread(validate, pdf, render_settings().trust_roots())).valid
    assert "Signature is Valid." in tool("pdfsig", "{pdf}", data=pdf, tmp_path=tmp_path)
    tool("pdftoppm", "-r", "150", "-png", "-singlefile", "{pdf}", str(tmp_path / "page"), data=pdf, tmp_path=tmp_path)
    qr = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True,
                        timeout=60, check=False).stdout.strip()
    assert qr == mine["verificationUrl"]
    cert = await Certificate.get()
    assert urlparse(qr).path == f"/verify/{cert.token}"

    with api_process(settings, tmp_path) as api:
        page = f"{api.url}{urlparse(qr).path}"  # the QR's page, on the server this test started
        assert '<p class="label">有效</p>' in chromium("--dump-dom", page, tmp_path=tmp_path)

        revoked = await gql(http, REVOKE, {"input": {"certificateId": gid("Certificate", cert.id),
                                                     "reason": "申报材料弄虚作假"}}, token=scene.province.token)
        assert payload_errors(revoked, "certificateRevoke") == []
        dom = chromium("--dump-dom", page, tmp_path=tmp_path)
        assert '<p class="label">已撤销</p>' in dom

    response = await http.get("/credentials/status/34/0001")
    credential = verify_credential(response.text, render_settings().trust_roots())
    bits = decode_list(credential["credentialSubject"]["encodedList"])
    index = (await Certificate.get()).status_index
    assert bits[index // 8] & (0x80 >> (index % 8))

    await run_jobs(settings)  # the re-render with the revoked banner
    mine, pdf = await download(http, holder)
    assert mine["status"] == "REVOKED"
    assert "已撤销" in tool("pdftotext", "{pdf}", "-", data=pdf, tmp_path=tmp_path)
    assert "Signature is Valid." in tool("pdfsig", "{pdf}", data=pdf, tmp_path=tmp_path)
