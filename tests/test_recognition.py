"""异地职称确认 (issue 9 §1) end to end through GraphQL: a person brings a title from another province, fills in
the form (basic information, education, attachments, photo), checks and submits it; the chain employer →
competent department → city bureau → provincial bureau reviews it in the task centre, and the last PASS
records the recognised title among the person's certificates (取得方式 确认) with the 专业技术资格确认审核表;
returns, withdrawals and the check on the way."""
from __future__ import annotations

from models.certificate.models import Certificate
from models.messaging.models import Message
from models.recognition.models import Recognition, RecognitionStatus
from tests.declaration_support import CLAIM, claim_and_decide
from tests.helpers import gid, gql, payload_errors, run_jobs
from tests.recognition_support import (
    MINE,
    SUBMIT,
    TASKS,
    UPDATE,
    WITHDRAW,
    call,
    create,
    node,
    ready,
    recognition_world,
    submitted,
)


async def test_a_recognition_goes_up_the_chain_and_becomes_a_certificate(http, settings):
    world = await recognition_world()
    rid = await submitted(http, world)
    seen = await node(http, rid, world.person.token)
    assert seen["status"] == "IN_REVIEW" and seen["unit"]["name"] == world.employer.unit.name
    assert all(item["passed"] for item in seen["check"]), seen["check"]
    assert [(n["nodeKind"], n["state"], n["unit"]["name"]) for n in seen["flow"]] == [
        ("EMPLOYER", "CURRENT", world.employer.unit.name),
        ("COMPETENT_DEPARTMENT", "WAITING", world.department.unit.name),
        ("HR_BUREAU_CITY", "WAITING", world.city.unit.name),
        ("HR_BUREAU_PROVINCE", "WAITING", world.province.unit.name)]

    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "TO_CLAIM"},
                       token=world.employer.token))["data"]["tasks"]["nodes"]
    assert [(t["processType"], t["nodeKind"], t["recognition"]["id"]) for t in tasks] == [
        ("RECOGNITION", "EMPLOYER", rid)]
    assert tasks[0]["title"].startswith("异地职称确认-测试人员【")
    # The employer sees the whole form through the task, and through node.
    assert (await node(http, rid, world.employer.token))["basic"]["originalNumber"] == "32000021000123"
    for actor in (world.employer, world.department, world.city):
        await claim_and_decide(http, actor)
    await claim_and_decide(http, world.province, opinion="同意确认")

    done = await node(http, rid, world.person.token)
    assert done["status"] == "APPROVED" and done["finishedAt"]
    assert all(n["state"] == "DONE" for n in done["flow"])
    assert [h["action"] for h in done["history"]] == ["SUBMITTED", "PASS", "PASS", "PASS", "PASS"]
    cert = done["certificate"]
    # Anhui issues no e-certificate for a recognition: the title keeps its number, the form is its document.
    assert (cert["number"], cert["status"], cert["acquisitionMethod"], cert["titleName"], cert["issuerName"]) == (
        "32000021000123", "VALID", "确认", world.title_name, world.province.unit.name)
    row = await Certificate.get(number="32000021000123")
    assert row.subject_kind == "RECOGNITION" and row.number_row_id is None and row.person_id == (
        await Recognition.get(id=int(rid_pk(rid)))).person_id
    titles = await Message.filter(recipient_id=world.person.account.id).values_list("title", flat=True)
    assert titles.count("异地职称确认审核进度") == 3 and "异地职称确认审核通过" in titles
    await run_jobs(settings)
    done = await node(http, rid, world.person.token)
    assert done["approvalForm"]["contentType"].endswith("wordprocessingml.document")
    assert done["certificate"]["documentState"] == "READY"


def rid_pk(global_id: str) -> str:
    from strawberry import relay

    return relay.GlobalID.from_id(global_id).node_id


async def test_the_check_lists_every_missing_item_and_submission_is_refused_with_all_of_them(http):
    world = await recognition_world()
    rid = (await create(http, world))["id"]
    seen = await node(http, rid, world.person.token)
    failed_items = [item for item in seen["check"] if not item["passed"]]
    failed = {item["field"] for item in failed_items}
    assert {"basic.workStartedOn", "basic.originalNumber", "basic.workHistory", "educations", "photo",
            "attachments.ID_CARD", "attachments.PENSION"} <= failed
    assert "basic.remarks" not in failed and "attachments.TRANSFER_ORDER" not in failed
    result = await gql(http, SUBMIT, {"input": {"recognitionId": rid}}, token=world.person.token)
    errors = payload_errors(result, "recognitionSubmit")
    assert {e["code"] for e in errors} == {"CHECK_FAILED"} and len(errors) == len(failed_items)
    assert (await Recognition.get(id=int(rid_pk(rid)))).status == RecognitionStatus.DRAFT


async def test_a_return_goes_back_to_the_person_who_changes_it_and_submits_a_new_round(http, settings):
    world = await recognition_world()
    rid = await submitted(http, world)
    await claim_and_decide(http, world.employer)
    await claim_and_decide(http, world.department, decision="RETURN", opinion="请补充调令")
    seen = await node(http, rid, world.person.token)
    assert seen["status"] == "RETURNED"
    changed = await call(http, UPDATE, {"recognitionId": rid, "basic": {"remarks": "已补充调令"}},
                         world.person.token, "recognitionUpdate")
    assert changed["recognition"]["basic"]["remarks"] == "已补充调令"
    again = await call(http, SUBMIT, {"recognitionId": rid}, world.person.token, "recognitionSubmit")
    assert again["recognition"]["status"] == "IN_REVIEW"
    assert again["recognition"]["flow"][0]["state"] == "CURRENT"


async def test_withdrawal_while_unclaimed_only(http):
    world = await recognition_world()
    rid = await submitted(http, world)
    result = await call(http, WITHDRAW, {"recognitionId": rid}, world.person.token, "recognitionWithdraw")
    assert result["recognition"]["status"] == "DRAFT"
    await call(http, SUBMIT, {"recognitionId": rid}, world.person.token, "recognitionSubmit")
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "TO_CLAIM"},
                       token=world.employer.token))["data"]["tasks"]["nodes"]
    assert len(tasks) == 1
    assert payload_errors(await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}},
                                    token=world.employer.token), "taskClaim") == []
    refused = await gql(http, WITHDRAW, {"input": {"recognitionId": rid}}, token=world.person.token)
    assert [e["code"] for e in payload_errors(refused, "recognitionWithdraw")] == ["NOT_WITHDRAWABLE"]
    assert (await node(http, rid, world.person.token))["status"] == "IN_REVIEW"


async def test_sichuan_requires_its_extra_fields_and_issues_a_numbered_e_certificate(http, settings):
    from models.certificate.models import IssuerCode, NumberRange
    from models.evaluation.results import today

    world = await recognition_world("510104")
    await IssuerCode.create(unit_id=world.province.unit.id, active_unit_id=world.province.unit.id, province="51",
                            code="9351")
    code = await IssuerCode.get(active_unit_id=world.province.unit.id)
    await NumberRange.create(issuer_id=code.id, year=today().year, category="01", start_serial=1, end_serial=9,
                             next_serial=1)
    rid = await ready(http, world)
    seen = await node(http, rid, world.person.token)
    missing = {item["field"] for item in seen["check"] if not item["passed"]}
    assert missing == {"basic.highestEducation", "basic.graduatedFrom", "basic.major", "basic.expertise",
                       "basic.currentWork"}
    await call(http, UPDATE, {"recognitionId": rid, "basic": {
        "highestEducation": "BACHELOR", "graduatedFrom": "四川大学", "major": "土木工程", "expertise": "结构设计",
        "currentWork": "负责公司重点项目的结构设计审核"}}, world.person.token, "recognitionUpdate")
    await call(http, SUBMIT, {"recognitionId": rid}, world.person.token, "recognitionSubmit")
    for actor in (world.employer, world.department, world.city, world.province):
        await claim_and_decide(http, actor)
    done = await node(http, rid, world.person.token)
    assert done["certificate"]["number"] == f"951{today().year}935101000001", done["certificate"]
    assert done["certificate"]["acquisitionMethod"] == "确认"
    await run_jobs(settings)
    assert (await node(http, rid, world.person.token))["certificate"]["documentState"] == "READY"


async def test_my_recognitions_lists_only_mine(http):
    world = await recognition_world()
    await create(http, world)
    mine = (await gql(http, MINE, token=world.person.token))["data"]["myRecognitions"]
    theirs = (await gql(http, MINE, token=world.other_person.token))["data"]["myRecognitions"]
    assert mine["totalCount"] == 1 and theirs["totalCount"] == 0
