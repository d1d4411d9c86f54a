"""证书发放 (issue 8 §4): filed results listed for their issuer, issued as a job that numbers, records and renders
each one; a holder without a photo waits for it; every refused request starts nothing. The first test takes results
through filing by GraphQL; the others start from filed results or certificates written as rows
(tests/certificate_support.py)."""
from __future__ import annotations

import asyncio

import pytest

from models.certificate.models import Certificate, CertificateNumber, NumberRange
from models.certificate.rendering import render_settings
from models.certificate.signing import validate
from models.core.job import Job, JobKind, JobStatus
from models.evaluation.models import Conclusion, ParticipantResult
from models.messaging.models import Message
from tests.certificate_support import (ISSUABLE, ISSUE, MINE, NODE, FILING_NUMBER, bulk_filed, direct_issued,
                                       filed_scheme, give_photos, make_issuer)
from tests.evaluation_support import Scene, codes_of
from tests.helpers import gid, gql, run_jobs, token_for, upload
from tests.matrix_support import SharedWorld
from tests.test_certificate_document import sample_photo

PHOTO = """mutation($input: PersonUploadPhotoInput!) { personUploadPhoto(input: $input) {
  errors { field code message } } }"""


# No test has a "row" parameter: all cells of a parametrized test are one row (the bad-ID cells read one scene);
# the other tests start from an empty database, as under conftest.
shared = SharedWorld("row")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


@pytest.fixture
async def scene(app) -> Scene:
    return await Scene().build()


async def filed_participants(scene: Scene, passed: int, failed: int) -> list[str]:
    """Global IDs of filed participants of the province's committee, the ``passed`` ones first (rows written
    directly: the first test takes results through filing by GraphQL)."""
    results = await bulk_filed(scene, passed + failed)
    await ParticipantResult.filter(id__in=results[passed:]).update(conclusion=Conclusion.FAILED,
                                                                    publicity_passed=False)
    ids = [(await ParticipantResult.get(id=r)).participant_id for r in results]
    return [gid("SchemeParticipant", p) for p in ids]


async def issue(http, scene, token=None, **values) -> dict:
    payload = {"issuerUnitId": gid("Unit", scene.province.unit.id), "category": "01", **values}
    result = await gql(http, ISSUE, {"input": payload}, token=token or scene.province.token)
    assert result.get("data"), result
    return result["data"]["certificateIssue"]


async def holder_token(scene, index: int) -> str:
    from models.person.models import Person

    person = await Person.get(id=scene.apps[index].person_id)
    return token_for(person.account_id)


async def checked(pdf: bytes):
    """pyHanko's validation runs its own event loop: off this one, in a thread."""
    return await asyncio.to_thread(validate, pdf, render_settings().trust_roots())


async def download(http, url: str) -> bytes:
    response = await http.get(url)
    assert response.status_code == 200, response.text
    return response.content


async def test_an_issuer_issues_filed_results_and_holders_download_signed_pdfs(http, scene, settings):
    await filed_scheme(http, scene, passed=2)
    await make_issuer(http, scene)
    await give_photos(scene)
    from models.person.models import Person
    await Person.filter(id=scene.apps[1].person_id).update(photo_id=None)  # the second holder has no photo yet

    waiting = (await gql(http, ISSUABLE, {"unitId": gid("Unit", scene.province.unit.id)},
                         token=scene.province.token))["data"]["issuableResults"]
    assert waiting["totalCount"] == 2
    assert [(n["name"], n["hasPhoto"], n["year"], n["level"]) for n in waiting["nodes"]] == [
        ("参评人1", False, 2026, "ASSOCIATE_SENIOR"), ("参评人0", True, 2026, "ASSOCIATE_SENIOR")]

    started = await issue(http, scene)
    assert started["errors"] == [] and started["count"] == 2 and started["job"]["status"] == "PENDING"
    await run_jobs(settings)
    job = await Job.get(kind=JobKind.CERTIFICATE_ISSUE)
    assert (job.status, job.progress, job.total) == (JobStatus.SUCCEEDED, 2, 2)

    # Consecutive numbers from the range, in result order; the range's counter moved by two.
    certs = await Certificate.all().order_by("id")
    assert [c.number for c in certs] == ["9342026000101000001", "9342026000101000002"]
    assert (await NumberRange.get()).next_serial == 3
    first = (await gql(http, MINE, token=await holder_token(scene, 0)))["data"]["myCertificates"]
    assert first["totalCount"] == 1
    mine = first["nodes"][0]
    assert (mine["name"], mine["status"], mine["documentState"], mine["acquisitionMethod"]) == (
        "参评人0", "VALID", "READY", "评审")
    assert mine["approvalNumber"] == FILING_NUMBER and mine["titleName"] and mine["issuerName"]
    assert mine["verificationUrl"].startswith("http://127.0.0.1:8000/verify/")
    pdf = await download(http, mine["document"]["url"])
    assert pdf.startswith(b"%PDF") and mine["document"]["contentType"] == "application/pdf"
    check = await checked(pdf)
    assert check.valid, check
    tampered = bytearray(pdf)
    tampered[len(pdf) // 3] ^= 0x01
    assert not (await checked(bytes(tampered))).valid

    # The second holder sees 请上传照片; uploading one renders the certificate.
    second_token = await holder_token(scene, 1)
    second = (await gql(http, MINE, token=second_token))["data"]["myCertificates"]["nodes"][0]
    assert (second["documentState"], second["document"]) == ("AWAITING_PHOTO", None)
    titles = await Message.filter(link_type="Certificate").values_list("title", flat=True)
    assert sorted(titles) == sorted(["请上传照片以生成电子职称证书", "职称证书已生成"])
    done = await upload(http, PHOTO, {"input": {"file": None}},
                        {"input.file": ("me.jpg", sample_photo(), "image/jpeg")}, token=second_token)
    assert done.json()["data"]["personUploadPhoto"]["errors"] == []
    assert (await gql(http, MINE, token=second_token))["data"]["myCertificates"]["nodes"][0][
        "documentState"] == "GENERATING"
    await run_jobs(settings)
    second = (await gql(http, MINE, token=second_token))["data"]["myCertificates"]["nodes"][0]
    assert second["documentState"] == "READY"
    assert (await checked(await download(http, second["document"]["url"]))).valid

    # Nothing left to issue; issuing the same participants again is refused.
    assert (await gql(http, ISSUABLE, {"unitId": gid("Unit", scene.province.unit.id)},
                      token=scene.province.token))["data"]["issuableResults"]["totalCount"] == 0
    again = await issue(http, scene)
    assert codes_of(again) == [("NOTHING_TO_ISSUE", ("participantIds",))]


async def test_a_rerun_of_the_job_numbers_and_renders_nothing_twice(http, scene, settings):
    await bulk_filed(scene, 3)  # with photos: each is rendered
    await make_issuer(http, scene)
    assert (await issue(http, scene))["errors"] == []
    await run_jobs(settings)
    before = [(c.number, c.document_id, c.version) for c in await Certificate.all().order_by("id")]
    # The row is run again from the start, as after a crash before its cursor was committed.
    await Job.filter(kind=JobKind.CERTIFICATE_ISSUE).update(status=JobStatus.PENDING, resume_after=0, attempts=0)
    from models.core.transaction import enqueue

    await enqueue(await Job.get(kind=JobKind.CERTIFICATE_ISSUE))
    await run_jobs(settings)
    after = [(c.number, c.document_id, c.version) for c in await Certificate.all().order_by("id")]
    assert after == before and len(after) == 3
    assert await CertificateNumber.all().count() == 3 and (await NumberRange.get()).next_serial == 4
    assert await Message.filter(title="职称证书已生成").count() == 3


async def test_refused_requests_start_nothing(http, scene, settings):
    participants = await filed_participants(scene, passed=2, failed=1)
    unit_id = gid("Unit", scene.province.unit.id)
    # Not an issuer yet.
    assert codes_of(await issue(http, scene)) == [("NOT_AN_ISSUER", ("issuerUnitId",))]
    await make_issuer(http, scene, end=1)  # one number for two results
    assert codes_of(await issue(http, scene)) == [("NUMBER_RANGE_EXHAUSTED", ("category",))]
    assert codes_of(await issue(http, scene, category="1")) == [("INVALID_CATEGORY", ("category",))]
    # The failed participant, and an ID of another type.
    refused = await issue(http, scene, participantIds=[participants[0], participants[2]])
    assert codes_of(refused) == [("NOT_ISSUABLE", ("participantIds", "1"))]
    bad_id = await issue(http, scene, participantIds=[gid("Unit", 1)])
    assert codes_of(bad_id) == [("INVALID_ID", ("participantIds", "0"))]
    # Only the issuer's admins issue: the organizer and another province's bureau are refused.
    for actor in (scene.organizer, scene.other_province, scene.city):
        result = await gql(http, ISSUE, {"input": {"issuerUnitId": unit_id, "category": "01"}}, token=actor.token)
        assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN", actor
        listed = await gql(http, ISSUABLE, {"unitId": unit_id}, token=actor.token)
        assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await gql(http, ISSUE, {"input": {"issuerUnitId": unit_id, "category": "01"}})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await Job.filter(kind=JobKind.CERTIFICATE_ISSUE).count() == 0
    # One selected participant fits the one number left.
    ok = await issue(http, scene, participantIds=[participants[1]], idempotencyKey="issue-1")
    assert ok["errors"] == [] and ok["count"] == 1
    repeat = await issue(http, scene, participantIds=[participants[1]], idempotencyKey="issue-1")
    assert repeat["job"]["id"] == ok["job"]["id"]
    reused = await issue(http, scene, participantIds=[participants[0]], idempotencyKey="issue-1")
    assert codes_of(reused) == [("IDEMPOTENCY_KEY_REUSED", ("idempotencyKey",))]
    await run_jobs(settings)
    assert await Certificate.all().count() == 1


async def test_certificates_are_seen_by_whom_they_concern(http, scene):
    # Who sees a certificate depends on its row, not its PDF: a row as issued (tests/test_certificate_permissions.py
    # asks the same of one issued through the API).
    (cert,) = await direct_issued(scene, 1)
    node_id = gid("Certificate", cert.id)
    seen = {}
    for name, token in (("holder", await holder_token(scene, 0)), ("other person", await holder_token(scene, 1)),
                        ("issuer", scene.province.token), ("city bureau of the unit", scene.city.token),
                        ("other province", scene.other_province.token), ("organizer", scene.organizer.token),
                        ("employer", scene.employer.token), ("anonymous", None)):
        node = (await gql(http, NODE, {"id": node_id}, token=token))["data"]["node"]
        seen[name] = node is not None and node["number"] == cert.number
    assert seen == {"holder": True, "other person": False, "issuer": True, "city bureau of the unit": True,
                    "other province": False, "organizer": False, "employer": False, "anonymous": False}
    others = (await gql(http, MINE, token=await holder_token(scene, 1)))["data"]["myCertificates"]
    assert others["totalCount"] == 0
    refused = await gql(http, MINE, token=scene.province.token)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("variables, code, field", [
    ({"unitId": ""}, "REQUIRED", ["issuerUnitId"]),
    ({"unitId": "bm90LWFuLWlk"}, "INVALID_ID", ["issuerUnitId"]),
    ({"unitId": gid("Plan", 1)}, "INVALID_ID", ["issuerUnitId"]),
    ({"unitId": gid("Unit", 1), "filter": {"planId": gid("Unit", 1)}}, "INVALID_ID", ["filter", "planId"]),
])
async def test_bad_ids_in_the_issuable_list_are_refused_precisely(http, app, variables, code, field):
    async with shared.use(lambda: Scene().build()) as scene:
        result = await gql(http, ISSUABLE, variables, token=scene.province.token)
        assert result["data"] is None
        assert (result["errors"][0]["extensions"]["code"],
                result["errors"][0]["extensions"].get("field")) == (code, field)
