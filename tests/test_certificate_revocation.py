"""证书撤销 (issue 8 §5 VC, §7, §7b): the issuer revokes a certificate; its bit flips in the issuer's public
Bitstring Status List credential, its VC-JWT (verifiable with the issuer's key) points there, the PDF is
rendered again with the 已撤销 banner and the holder is told. Who may revoke, and refused inputs that change
nothing."""
from __future__ import annotations

import asyncio
import json
import subprocess
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from models.certificate.credential import CredentialInvalid, verify_credential
from models.certificate.models import (
    Certificate,
    CertificateStatus,
    IssuerCode,
    StatusList,
)
from models.certificate.rendering import render_settings
from models.certificate.signing import validate
from models.certificate.status_list import (
    BLOCK,
    bit_is_set,
    decode_list,
    take_status_index,
)
from models.core.job import Job, JobKind
from models.messaging.models import Message
from models.person.models import Person
from tests.certificate_world import issued_world, written_back
from tests.evaluation_support import Scene, codes_of
from tests.helpers import (
    error_codes,
    gid,
    gql,
    make_account,
    payload_errors,
    run_jobs,
    token_for,
)
from tests.matrix_support import SharedWorld

REVOKE = """mutation($input: CertificateRevokeInput!) { certificateRevoke(input: $input) {
  errors { field code message } certificate { id status revokedAt revokeReason documentState } } }"""
MINE = """query { myCertificates(first: 10) { nodes { id number status documentState credential
  document { url } } } }"""
STATUS_URL = "/credentials/status/34/0001"
REASON = "经核查，申报材料存在弄虚作假"


async def holder_token(scene: Scene, index: int) -> str:
    return token_for((await Person.get(id=scene.apps[index].person_id)).account_id)


async def revoke(http, cert_id, reason=REASON, token=None) -> dict:
    certificate_id = cert_id if isinstance(cert_id, str) else gid("Certificate", cert_id)
    return await gql(http, REVOKE, {"input": {"certificateId": certificate_id, "reason": reason}}, token=token)


async def state() -> tuple:
    """What a revocation changes: the certificates, messages and jobs."""
    certs = await Certificate.all().order_by("id").values_list(
        "id", "status", "revoked_at", "revoke_reason", "revoked_by_id", "version", "document_state", "status_index")
    return certs, await Message.all().count(), await Job.all().count()


async def status_bits(http) -> tuple[dict, bytes]:
    response = await http.get(STATUS_URL)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vc+jwt")
    assert "max-age=60" in response.headers["cache-control"]
    credential = verify_credential(response.text, render_settings().trust_roots())
    return credential, decode_list(credential["credentialSubject"]["encodedList"])


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def tampered(token: str) -> str:
    """The same JWT with one claim changed and the signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["credentialSubject"]["level"] = "SENIOR" if claims["credentialSubject"]["level"] != "SENIOR" else "PRIMARY"
    return ".".join([header, jwt.utils.base64url_encode(json.dumps(claims).encode()).decode(), signature])


def other_root() -> bytes:
    """A CA certificate nobody's chain leads to (PEM)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "别的根证书")])
    now = datetime.now(UTC)
    root = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return root.public_bytes(serialization.Encoding.PEM)


ROLES = ["holder", "other_person", "employer", "organizer", "city_hr", "other_province_hr", "anonymous",
         "issuer_admin", "platform_admin"]  # the two that revoke last: each leaves a world to rebuild
ALLOWED = {"issuer_admin", "platform_admin"}
shared = SharedWorld("operation")


@pytest.fixture(name="clean", autouse=True)
async def shared_clean(request):
    """conftest's ``clean``, except between the matrix's cells that leave the world as it was built."""
    async for _ in shared.clean(request):
        yield


@pytest.fixture
async def scene(http, settings) -> Scene:
    return await issued_world(http, settings)


async def test_revocation_flips_the_status_list_and_the_pdf_and_tells_the_holder(http, scene, settings):
    first, second = await Certificate.all().order_by("id")
    assert (first.status_index, second.status_index) == (0, 1)  # taken with the numbers, in issue order
    assert (await StatusList.get()).next_index == 2

    # The holder's credential: a VC-JWT signed by the issuer, with its status entry and no full ID number.
    holder = await holder_token(scene, 0)
    mine = (await gql(http, MINE, token=holder))["data"]["myCertificates"]["nodes"][0]
    token = mine["credential"]
    header = jwt.get_unverified_header(token)
    assert (header["typ"], header["cty"], header["alg"]) == ("vc+jwt", "vc", "ES256") and len(header["x5c"]) == 2
    signer = render_settings().signer("0001", first.issuer_name)
    public_key = signer._key.public_key()
    claims = jwt.decode(token, public_key, algorithms=["ES256"])
    assert claims == verify_credential(token, render_settings().trust_roots())
    assert claims["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert claims["type"][0] == "VerifiableCredential" and "vc" not in claims
    assert claims["iss"] == claims["issuer"]["id"] == "http://127.0.0.1:8000/credentials/issuers/34/0001"
    assert claims["credentialStatus"] == {
        "id": f"http://127.0.0.1:8000{STATUS_URL}#0", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "0",
        "statusListCredential": f"http://127.0.0.1:8000{STATUS_URL}"}
    subject = claims["credentialSubject"]
    assert (subject["name"], subject["certificateNumber"]) == (first.name, first.number)
    assert first.id_number not in token and first.id_number not in str(claims)
    assert subject["idNumberMasked"].startswith(first.id_number[:2]) and "*" in subject["idNumberMasked"]
    # One changed byte of the payload, or another key, and it no longer verifies.
    for bad in (tampered(token), token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")):
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(bad, public_key, algorithms=["ES256"])
        with pytest.raises(CredentialInvalid):
            verify_credential(bad, render_settings().trust_roots())
    with pytest.raises(CredentialInvalid):  # a chain that leads to another CA
        verify_credential(token, [other_root()])

    # The issuer's key is published at its id, and verifies the credential too.
    keys = (await http.get("/credentials/issuers/34/0001")).json()["keys"]
    assert jwt.decode(token, jwt.PyJWK(keys[0]).key, algorithms=["ES256"])["jti"] == claims["id"]

    # Before: the list is the minimum length, no bit set.
    listed, bits = await status_bits(http)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["credentialSubject"]["statusPurpose"] == "revocation" and listed["id"].endswith(STATUS_URL)
    assert len(bits) * 8 == BLOCK and not any(bits)

    done = await revoke(http, first.id, f"  {REASON}  ", token=scene.province.token)
    assert payload_errors(done, "certificateRevoke") == []
    shown = done["data"]["certificateRevoke"]["certificate"]
    assert (shown["status"], shown["revokeReason"], shown["documentState"]) == ("REVOKED", REASON, "GENERATING")
    row = await Certificate.get(id=first.id)
    assert (row.status, row.revoked_by_id, row.version) == (CertificateStatus.REVOKED, scene.province.account.id,
                                                           first.version + 1) and row.revoked_at is not None
    assert (await Certificate.get(id=second.id)).status == CertificateStatus.VALID

    # The bit at the certificate's index, and no other.
    _, bits = await status_bits(http)
    assert bit_is_set(bits, first.status_index) and not bit_is_set(bits, second.status_index)
    assert sum(b.bit_count() for b in bits) == 1 and bits[0] == 0x80

    # The holder is told once; the render job does not announce a new certificate.
    (message,) = await Message.filter(dedupe_key=f"certificate:{first.id}:revoked")
    holder_account = (await Person.get(id=first.person_id)).account_id
    assert (message.recipient_id, message.title) == (holder_account, "职称证书已撤销") and REASON in message.body
    job = await Job.get(kind=JobKind.CERTIFICATE_RENDER)
    assert job.params == {"certificate_ids": [first.id], "notify": False}
    ready_before = await Message.filter(title="职称证书已生成").count()
    assert (await gql(http, MINE, token=holder))["data"]["myCertificates"]["nodes"][0]["document"] is None

    await run_jobs(settings)
    mine = (await gql(http, MINE, token=holder))["data"]["myCertificates"]["nodes"][0]
    assert (mine["status"], mine["documentState"]) == ("REVOKED", "READY")
    pdf = (await http.get(mine["document"]["url"])).content
    assert "已撤销" in pdf_text(pdf)
    assert (await asyncio.to_thread(validate, pdf, render_settings().trust_roots())).valid
    assert await Message.filter(title="职称证书已生成").count() == ready_before
    # A revoked certificate's credential still verifies: its status list says it is revoked.
    assert verify_credential(mine["credential"], render_settings().trust_roots())["credentialStatus"][
        "statusListIndex"] == "0"

    # Twice: refused, nothing changes.
    before = await state()
    again = await revoke(http, first.id, token=scene.province.token)
    assert codes_of(again["data"]["certificateRevoke"]) == [("ALREADY_REVOKED", ("certificateId",))]
    assert await state() == before


async def test_unknown_issuers_have_no_list_and_lists_grow_by_a_block(http, scene):
    for path in ("/credentials/status/34/0002", "/credentials/status/51/0001", "/credentials/status/x/0001",
                 "/credentials/issuers/34/999999"):
        response = await http.get(path)
        assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND", path
    # An index at the end of the list grows it by a block; earlier indices stay where they are.
    code = await IssuerCode.get(province="34", code="0001")
    await StatusList.filter(issuer_id=code.id).update(next_index=BLOCK)
    assert await take_status_index(code.id) == BLOCK
    assert await take_status_index(code.id) == BLOCK + 1
    assert ((await StatusList.get()).size, (await StatusList.get()).next_index) == (2 * BLOCK, BLOCK + 2)
    _, bits = await status_bits(http)
    assert len(bits) * 8 == 2 * BLOCK


@pytest.mark.parametrize(("certificate_id", "reason", "expected"), [
    ("first", "", ("REQUIRED", ("reason",))),
    ("first", "   ", ("REQUIRED", ("reason",))),
    ("first", "因" * 201, ("TOO_LONG", ("reason",))),
    ("unknown", REASON, ("NOT_FOUND", ("certificateId",))),
    ("unit", REASON, ("INVALID_ID", ("certificateId",))),
    ("garbage", REASON, ("INVALID_ID", ("certificateId",))),
    ("", REASON, ("REQUIRED", ("certificateId",))),
    ("replaced", REASON, ("NOT_VALID", ("certificateId",))),
    ("revoked", REASON, ("ALREADY_REVOKED", ("certificateId",))),
], ids=["empty-reason", "blank-reason", "long-reason", "unknown-id", "wrong-type-id", "garbage-id", "empty-id",
        "replaced", "revoked-twice"])
async def test_refused_input_changes_nothing(http, settings, certificate_id, reason, expected):
    async with shared.use(lambda: issued_world(http, settings)) as scene:
        first, second = await Certificate.all().order_by("id")
        async with written_back(first):  # the replaced cell's change; the fingerprint checks it is undone
            if certificate_id == "replaced":
                await Certificate.filter(id=first.id).update(status=CertificateStatus.REPLACED,
                                                             replaced_by_id=second.id)
            if certificate_id == "revoked":
                shared.spoil()  # a message, a job and a status bit: the next cell needs a fresh world
                assert payload_errors(await revoke(http, first.id, token=scene.province.token),
                                      "certificateRevoke") == []
            target = {"first": first.id, "replaced": first.id, "revoked": first.id,
                      "unknown": gid("Certificate", 99999), "unit": gid("Unit", scene.province.unit.id),
                      "garbage": "不是ID", "": ""}[certificate_id]
            before = await state()
            _, bits_before = await status_bits(http)
            result = await revoke(http, target, reason, token=scene.province.token)
            assert codes_of(result["data"]["certificateRevoke"]) == [expected]
            assert all(e["message"] for e in result["data"]["certificateRevoke"]["errors"])
            assert result["data"]["certificateRevoke"]["certificate"] is None
            assert await state() == before and (await status_bits(http))[1] == bits_before


async def test_a_reason_of_200_characters_is_accepted(http, scene):
    first = await Certificate.all().order_by("id").first()
    done = await revoke(http, first.id, "因" * 200, token=scene.province.token)
    assert payload_errors(done, "certificateRevoke") == []
    assert (await Certificate.get(id=first.id)).revoke_reason == "因" * 200


# --- who may revoke ----------------------------------------------------------------------------------------

async def matrix_world(http, settings) -> tuple[dict, int]:
    scene = await issued_world(http, settings, passed=2)
    platform = await make_account("平台管理员", platform_admin=True)
    tokens = {"holder": await holder_token(scene, 0), "other_person": await holder_token(scene, 1),
              "employer": scene.employer.token, "organizer": scene.organizer.token, "city_hr": scene.city.token,
              "other_province_hr": scene.other_province.token, "issuer_admin": scene.province.token,
              "platform_admin": platform.token, "anonymous": None}
    holder_person = scene.apps[0].person_id
    cert = await Certificate.get(person_id=holder_person)
    return tokens, cert.id


@pytest.mark.parametrize("operation", ["certificateRevoke"])
@pytest.mark.parametrize("role", ROLES)
async def test_who_may_revoke(http, settings, operation, role):
    async with shared.use(lambda: matrix_world(http, settings)) as (tokens, cert_id):
        before = await state()
        result = await revoke(http, cert_id, token=tokens[role])
        if role in ALLOWED:
            shared.spoil()  # the certificate is revoked now: the next cell needs a fresh world
            assert payload_errors(result, operation) == []
            assert result["data"][operation]["certificate"]["status"] == "REVOKED"
            assert (await Certificate.get(id=cert_id)).status == CertificateStatus.REVOKED
            return
        want = "UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"
        assert error_codes(result) == [want], result
        assert result["data"] is None or result["data"][operation] is None
        assert await state() == before


async def test_at_once_two_revocations_make_one_and_indices_stay_unique(http, scene):
    """Row locks are real on PostgreSQL: the second revocation waits for the first and is told it is done."""
    from tortoise.transactions import in_transaction

    first = await Certificate.all().order_by("id").first()
    results = await asyncio.gather(*[revoke(http, first.id, token=scene.province.token) for _ in range(2)])
    outcomes = sorted(tuple(e["code"] for e in r["data"]["certificateRevoke"]["errors"]) for r in results)
    assert outcomes == [(), ("ALREADY_REVOKED",)]
    assert await Message.filter(dedupe_key=f"certificate:{first.id}:revoked").count() == 1
    assert await Job.filter(kind=JobKind.CERTIFICATE_RENDER).count() == 1

    async def take() -> int:
        async with in_transaction():
            return await take_status_index(first.issuer_id)

    taken = await asyncio.gather(*[take() for _ in range(20)])
    assert sorted(taken) == list(range(2, 22))
