"""证书核验 (issue 9 §3) end to end through GraphQL: a person enters a certificate obtained before the platform
with its scan, the organizer of the committee named reviews it in the task centre, and approval lists it
among the person's certificates as verified (取得方式 评审, no e-certificate: its document is the scan)."""
from __future__ import annotations

from models.certificate.models import Certificate
from tests.declaration_support import claim_and_decide
from tests.helpers import gid, gql, payload_errors
from tests.test_certificate_verification import BY_NUMBER
from tests.verification_support import (
    CREATE,
    MINE,
    SUBMIT,
    TASKS,
    WITHDRAW,
    call,
    create,
    node,
    submitted,
    verification_world,
)


async def test_a_historical_certificate_is_verified_by_the_committees_organizer(http):
    world = await verification_world()
    rid = await submitted(http, world)
    seen = await node(http, rid, world.person.token)
    assert seen["status"] == "IN_REVIEW" and all(i["passed"] for i in seen["check"])
    assert [(n["nodeKind"], n["state"], n["unit"]["name"]) for n in seen["flow"]] == [
        ("ORGANIZER", "CURRENT", world.organizer.unit.name)]
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.organizer.unit.id), "box": "TO_CLAIM"},
                       token=world.organizer.token))["data"]["tasks"]["nodes"]
    assert [(t["processType"], t["processLabel"], t["verificationRequest"]["number"]) for t in tasks] == [
        ("CERTIFICATE_VERIFICATION", "证书核验", "皖高评2012000123")]
    await claim_and_decide(http, world.organizer, opinion="经核对档案，情况属实")

    done = await node(http, rid, world.person.token)
    assert done["status"] == "APPROVED" and [h["action"] for h in done["history"]] == ["SUBMITTED", "PASS"]
    cert = done["certificate"]
    assert (cert["number"], cert["status"], cert["acquisitionMethod"], cert["committeeName"]) == (
        "皖高评2012000123", "VALID", "评审", world.committee.name)
    assert cert["documentState"] == "READY" and cert["document"]["contentType"] == "application/pdf"
    row = await Certificate.get(number="皖高评2012000123")
    assert row.subject_kind == "VERIFICATION" and row.issuer_id is None and row.number_row_id is None
    # Anyone can verify it by number and name, as every certificate of the platform.
    found = (await gql(http, BY_NUMBER, {"number": "皖高评2012000123", "name": "核验人"}))["data"]["certificateVerify"]
    assert found["found"] is True and found["certificate"]["acquisitionMethod"] == "评审"


async def test_other_specialty_and_a_returned_request_submitted_again(http):
    world = await verification_world()
    rid = await submitted(http, world, specialtyId=None, specialtyName="桥梁隧道工程（旧专业）")
    seen = await node(http, rid, world.person.token)
    assert seen["otherSpecialty"] is True and seen["specialty"] is None
    assert seen["specialtyName"] == "桥梁隧道工程（旧专业）"
    await claim_and_decide(http, world.organizer, decision="RETURN", opinion="请上传评审表")
    assert (await node(http, rid, world.person.token))["status"] == "RETURNED"
    again = await call(http, SUBMIT, {"requestId": rid}, world.person.token, "verificationRequestSubmit")
    assert again["request"]["status"] == "IN_REVIEW"


async def test_a_terminated_request_frees_the_number_and_withdrawal_needs_an_unclaimed_task(http):
    world = await verification_world()
    rid = await submitted(http, world)
    assert (await call(http, WITHDRAW, {"requestId": rid}, world.person.token,
                       "verificationRequestWithdraw"))["request"]["status"] == "DRAFT"
    await call(http, SUBMIT, {"requestId": rid}, world.person.token, "verificationRequestSubmit")
    refused = await gql(http, CREATE, {"input": {"certificate": world.certificate}}, token=world.other_person.token)
    assert [(e["code"], e["field"]) for e in payload_errors(refused, "verificationRequestCreate")] == [
        ("NUMBER_EXISTS", ["certificate", "number"])]
    await claim_and_decide(http, world.organizer, decision="TERMINATE", opinion="档案中无此证书")
    assert (await node(http, rid, world.person.token))["status"] == "TERMINATED"
    assert (await create(http, world))["status"] == "DRAFT"  # the number is free again


async def test_refusals_change_nothing(http):
    world = await verification_world()
    bad = {**world.certificate, "issueDate": "2012-01-01", "specialtyId": None, "specialtyName": ""}
    result = await gql(http, CREATE, {"input": {"certificate": bad}}, token=world.person.token)
    assert {(e["code"], tuple(e["field"])) for e in payload_errors(result, "verificationRequestCreate")} == {
        ("INVALID_DATE", ("certificate", "issueDate")), ("REQUIRED", ("certificate", "specialtyName"))}
    rid = (await create(http, world))["id"]
    result = await gql(http, SUBMIT, {"input": {"requestId": rid}}, token=world.person.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "verificationRequestSubmit")] == [
        ("CHECK_FAILED", ["attachments", "CERTIFICATE"])]
    mine = (await gql(http, MINE, token=world.person.token))["data"]["myVerificationRequests"]
    assert mine["totalCount"] == 1 and mine["nodes"][0]["status"] == "DRAFT"
    assert (await node(http, rid, world.other_person.token)) is None


async def test_a_number_the_platform_issued_since_the_draft_was_saved_is_refused_at_submission(http):
    world = await verification_world()
    first = await submitted(http, world, number="皖高评2012000999")
    await claim_and_decide(http, world.organizer)
    rid = (await create(http, world))["id"]
    from tests.verification_support import attach

    assert payload_errors(await attach(http, world.person.token, rid), "verificationRequestAttachmentAdd") == []
    # The verified certificate now carries the draft's number (as if issued in the meantime).
    await Certificate.filter(number="皖高评2012000999").update(number=world.certificate["number"])
    result = await gql(http, SUBMIT, {"input": {"requestId": rid}}, token=world.person.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "verificationRequestSubmit")] == [
        ("CHECK_FAILED", ["certificate", "number"])]
    assert (await node(http, rid, world.person.token))["status"] == "DRAFT" and first
