"""职称初定 / 职称认定 (issue 9 §4) end to end through GraphQL: a person declares without a plan or a committee,
fills the sections of 002 §2.2.1.2 (basic information, titles, qualifications, library records, photo), checks
and submits; the chain employer → competent department → issuer (the acceptance body) reviews it in the task
centre and the issuer's PASS issues the certificate directly (取得方式 初定 / 认定), numbered under its code and
rendered; returns, withdrawals, paths as configuration and the acceptance bodies on the way."""
from __future__ import annotations

import pytest

from models.application.models import Application
from models.certificate.models import Certificate, DocumentState
from models.determination.models import (
    AcceptanceBody,
    Determination,
    DeterminationStatus,
)
from models.workflow.models import ProcessPath
from tests.declaration_support import claim_and_decide
from tests.determination_support import (
    CREATE,
    MINE,
    REMOVE,
    SUBMIT,
    TASKS,
    WITHDRAW,
    call,
    create,
    create_input,
    determination_world,
    node,
    submitted,
)
from tests.helpers import gid, gql, payload_errors, run_jobs


@pytest.mark.parametrize("mode, method, process", [("INITIAL_DETERMINATION", "初定", "INITIAL_DETERMINATION"),
                                                   ("RECOGNITION", "认定", "ACCREDITATION")])
async def test_a_declaration_goes_up_the_chain_and_the_issuer_issues_the_certificate(http, settings, mode, method,
                                                                                    process):
    world = await determination_world(http)
    did = await submitted(http, world, mode)
    seen = await node(http, did, world.person.token)
    assert seen["status"] == "IN_REVIEW" and seen["evaluationMode"] == mode
    assert all(item["passed"] for item in seen["check"]), seen["check"]
    assert [(n["nodeKind"], n["state"], n["unit"]["name"]) for n in seen["flow"]] == [
        ("EMPLOYER", "CURRENT", world.employer.unit.name),
        ("COMPETENT_DEPARTMENT", "WAITING", world.department.unit.name),
        ("ISSUER", "WAITING", world.province.unit.name)]
    assert sorted(r["category"] for r in seen["records"]) == ["EDUCATION", "WORK_EXPERIENCE"]

    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "TO_CLAIM"},
                       token=world.employer.token))["data"]["tasks"]["nodes"]
    assert [(t["processType"], t["nodeKind"], t["determination"]["id"]) for t in tasks] == [
        (process, "EMPLOYER", did)]
    assert tasks[0]["title"].startswith(f"职称{method}-测试人员【")
    # The employer sees the whole declaration through node, the other person does not.
    assert (await node(http, did, world.employer.token))["basic"]["postalCode"] == "230031"
    assert await node(http, did, world.other_person.token) is None
    for actor in (world.employer, world.department):
        await claim_and_decide(http, actor)
    await claim_and_decide(http, world.province, opinion="同意发证")

    done = await node(http, did, world.person.token)
    assert done["status"] == "APPROVED" and done["finishedAt"]
    assert all(n["state"] == "DONE" for n in done["flow"])
    assert [h["action"] for h in done["history"]] == ["CREATED", "SUBMITTED", "PASS", "PASS", "PASS"]
    cert = done["certificate"]
    assert (cert["status"], cert["acquisitionMethod"], cert["titleName"], cert["issuerName"]) == (
        "VALID", method, world.title_name, world.province.unit.name)
    assert cert["number"].startswith(f"934{cert['number'][3:7]}000101")  # 9 + 34 + year + 0001 + 01 + serial
    row = await Certificate.get(number=cert["number"])
    assert row.subject_kind == "DETERMINATION" and row.document_state == DocumentState.GENERATING
    await run_jobs(settings)
    assert (await Certificate.get(id=row.id)).document_state == DocumentState.READY
    assert (await Determination.get(id=row.subject_key)).certificate_id == row.id


async def test_no_plan_no_committee_and_the_rules_of_creating(http):
    world = await determination_world(http, modes=("INITIAL_DETERMINATION",))
    token = world.person.token
    # 认定 is not accepted for the level here: refused, nothing created.
    result = await gql(http, CREATE, {"input": create_input(world, "RECOGNITION")}, token=token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "determinationCreate")] == [
        ("NO_ACCEPTANCE_BODY", ["titleNameId"])]
    # 评审 is declared under a plan, not here.
    result = await gql(http, CREATE, {"input": create_input(world, "REVIEW")}, token=token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "determinationCreate")] == [
        ("INVALID_MODE", ["evaluationMode"])]
    result = await gql(http, CREATE, {"input": create_input(world, year=2000)}, token=token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "determinationCreate")] == [
        ("INVALID_YEAR", ["year"])]
    assert await Determination.all().count() == 0
    await create(http, world)
    result = await gql(http, CREATE, {"input": create_input(world)}, token=token)
    assert [e["code"] for e in payload_errors(result, "determinationCreate")] == ["DETERMINATION_EXISTS"]
    assert await Determination.all().count() == 1
    # 初定 under a plan: applicationCreate refuses the mode before looking at the plan.
    apply = """mutation($input: ApplicationCreateInput!) { applicationCreate(input: $input) {
      errors { field code message } application { id } } }"""
    result = await gql(http, apply, {"input": {
        "planId": gid("Plan", 1), "declarationType": "REGULAR", "evaluationMode": "INITIAL_DETERMINATION",
        "specialtyId": world.specialty_id, "titleNameId": world.title_id, "standardId": gid("EvaluationStandard", 1),
        "pledgeAccepted": True}}, token=token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "applicationCreate")] == [
        ("NO_COMMITTEE_NEEDED", ["evaluationMode"])], result
    assert await Application.all().count() == 0


async def test_check_lists_every_missing_rule_and_submit_refuses_with_them(http):
    world = await determination_world(http)
    did = (await create(http, world))["id"]
    result = await gql(http, SUBMIT, {"input": {"determinationId": did}}, token=world.person.token)
    errors = payload_errors(result, "determinationSubmit")
    assert {e["code"] for e in errors} == {"CHECK_FAILED"}
    fields = {".".join(e["field"]) for e in errors}
    assert {"basic.nationality", "basic.householdAddress", "basic.performanceSummary", "photo",
            "records.EDUCATION", "records.WORK_EXPERIENCE"} <= fields, fields
    row = await Determination.first()
    assert row.status == DeterminationStatus.DRAFT and row.submitted_at is None


async def test_return_edit_and_resubmit_then_withdraw(http):
    world = await determination_world(http)
    did = await submitted(http, world)
    await claim_and_decide(http, world.employer, decision="RETURN", opinion="请补充继续教育")
    seen = await node(http, did, world.person.token)
    assert seen["status"] == "RETURNED"
    # Returned: editable again; remove a record and resubmit is refused until it is back.
    education = next(r["id"] for r in seen["records"] if r["category"] == "EDUCATION")
    await call(http, REMOVE, {"determinationId": did, "snapshotIds": [education]}, world.person.token,
               "determinationRemoveRecords")
    result = await gql(http, SUBMIT, {"input": {"determinationId": did}}, token=world.person.token)
    assert [e["field"] for e in payload_errors(result, "determinationSubmit")] == [["records", "EDUCATION"]]
    from tests.determination_support import IMPORT

    await call(http, IMPORT, {"determinationId": did, "recordIds": world.record_ids[:1]}, world.person.token,
               "determinationImportRecords")
    await call(http, SUBMIT, {"determinationId": did}, world.person.token, "determinationSubmit")
    withdrawn = await call(http, WITHDRAW, {"determinationId": did}, world.person.token, "determinationWithdraw")
    assert withdrawn["determination"]["status"] == "DRAFT"
    mine = (await gql(http, MINE, token=world.person.token))["data"]["myDeterminations"]
    assert mine["totalCount"] == 1 and mine["nodes"][0]["status"] == "DRAFT"


async def test_the_configured_path_and_the_acceptance_bodies_decide_who_reviews(http):
    world = await determination_world(http)
    # The province configures 初定: employer → city bureau → issuer; the city's acceptance body at the city node.
    await ProcessPath.create(process_type="INITIAL_DETERMINATION", level="", region_id="340000",
                             node_kinds=["EMPLOYER", "HR_BUREAU_CITY", "ISSUER"])
    await AcceptanceBody.create(unit_id=world.department.unit.id, node_kind="HR_BUREAU_CITY", level=world.level,
                                evaluation_mode="INITIAL_DETERMINATION", region_id="340100")
    did = await submitted(http, world)
    seen = await node(http, did, world.person.token)
    assert [(n["nodeKind"], n["unit"]["name"]) for n in seen["flow"]] == [
        ("EMPLOYER", world.employer.unit.name), ("HR_BUREAU_CITY", world.department.unit.name),
        ("ISSUER", world.province.unit.name)]
    # 认定 keeps its own (default) path.
    rid = await submitted(http, world, "RECOGNITION")
    assert [n["nodeKind"] for n in (await node(http, rid, world.person.token))["flow"]] == [
        "EMPLOYER", "COMPETENT_DEPARTMENT", "ISSUER"]


async def test_an_issuer_without_numbers_refuses_and_the_decision_is_undone(http):
    world = await determination_world(http, numbers=0)
    did = await submitted(http, world)
    for actor in (world.employer, world.department):
        await claim_and_decide(http, actor)
    from tests.declaration_support import CLAIM, DECIDE

    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.province.unit.id), "box": "TO_CLAIM"},
                       token=world.province.token))["data"]["tasks"]["nodes"]
    await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}}, token=world.province.token)
    result = await gql(http, DECIDE, {"input": {"taskId": tasks[0]["id"], "decision": "PASS", "opinion": "同意"}},
                       token=world.province.token)
    assert [e["code"] for e in payload_errors(result, "taskDecide")] == ["NUMBER_RANGE_EXHAUSTED"], result
    assert (await node(http, did, world.person.token))["status"] == "IN_REVIEW"
    assert await Certificate.all().count() == 0
