"""补换证 (issue 9 §2) end to end through GraphQL: a holder asks for their certificate again with corrections,
the chain employer → city bureau → issuer reviews it in the task centre, and the issuer's PASS issues a YB
certificate that replaces the old one (verification of the old number says so); returns, withdrawals and
refusals on the way."""
from __future__ import annotations

from strawberry import relay

from models.certificate.models import Certificate, CertificateStatus
from models.messaging.models import Message
from models.person.models import Person
from models.reissue.models import Reissue
from tests.declaration_support import CLAIM, DECIDE, TASK_WITHDRAW, claim_and_decide
from tests.helpers import gid, gql, payload_errors, run_jobs
from tests.reissue_support import (
    MINE,
    NODE,
    SUBMIT,
    TASKS,
    UPDATE,
    WITHDRAW,
    create,
    ready,
    reissue_world,
    submitted,
)

VERIFY = """query($number: String!, $name: String!) { certificateVerify(number: $number, name: $name) {
  found certificate { number status replacedByNumber } } }"""
CORRECTIONS = [{"field": "UNIT_NAME", "value": "合肥宏达建设集团有限公司"},
               {"field": "ACQUIRED_ON", "value": "2026-02-28"}]


async def node(http, reissue_id: str, token: str) -> dict | None:
    return (await gql(http, NODE, {"id": reissue_id}, token=token))["data"]["node"]


async def issuer_passes(http, scene) -> dict:
    """The issuer (the province's bureau) claims its reissue task and passes it; the decision's answer."""
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", scene.province.unit.id), "box": "TO_CLAIM"},
                       token=scene.province.token))["data"]["tasks"]["nodes"]
    assert payload_errors(await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}},
                                    token=scene.province.token), "taskClaim") == []
    return await gql(http, DECIDE, {"input": {"taskId": tasks[0]["id"], "decision": "PASS", "opinion": "同意"}},
                     token=scene.province.token)


async def test_a_reissue_goes_up_the_chain_and_the_issuer_replaces_the_certificate(http, settings):
    world = await reissue_world()
    scene, old = world.scene, world.certificates[0]
    reissue_id = await submitted(http, world, corrections=CORRECTIONS)
    seen = await node(http, reissue_id, world.holder)
    assert seen["status"] == "IN_REVIEW" and seen["inPlatform"] is True
    assert [(n["nodeKind"], n["state"], n["unit"]["name"]) for n in seen["flow"]] == [
        ("EMPLOYER", "CURRENT", scene.employer.unit.name), ("HR_BUREAU_CITY", "WAITING", scene.city.unit.name),
        ("ISSUER", "WAITING", scene.province.unit.name)]
    assert seen["corrected"]["unitName"] == "合肥宏达建设集团有限公司"
    assert {c["field"]: c["originalValue"] for c in seen["corrections"]} == {
        "UNIT_NAME": "合肥宏达建设有限公司", "ACQUIRED_ON": "2026-03-01"}

    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", scene.employer.unit.id), "box": "TO_CLAIM"},
                       token=scene.employer.token))["data"]["tasks"]["nodes"]
    assert [(t["processType"], t["nodeKind"], t["reissue"]["id"]) for t in tasks] == [
        ("REISSUE", "EMPLOYER", reissue_id)]
    assert tasks[0]["title"].startswith("补换证-参评人0【")
    await claim_and_decide(http, scene.employer)
    await claim_and_decide(http, scene.city)
    await claim_and_decide(http, scene.province, opinion="同意换发")

    done = await node(http, reissue_id, world.holder)
    assert done["status"] == "APPROVED" and done["finishedAt"]
    assert all(n["state"] == "DONE" for n in done["flow"])
    new = done["newCertificate"]
    assert new["number"].startswith("YB9342026000101") and new["status"] == "VALID"
    assert (new["unitName"], new["acquisitionMethod"]) == ("合肥宏达建设集团有限公司", "评审")
    assert done["certificate"]["status"] == "REPLACED"
    row = await Certificate.get(id=old.id)
    assert row.status == CertificateStatus.REPLACED and row.replaced_by_id == int(
        (await Certificate.get(number=new["number"])).id)
    assert [h["action"] for h in done["history"]] == ["SUBMITTED", "PASS", "PASS", "PASS"]

    await run_jobs(settings)  # the new certificate rendered and signed
    assert (await Certificate.get(number=new["number"])).document_state == "READY"
    verified = (await gql(http, VERIFY, {"number": old.number, "name": old.name}))["data"]["certificateVerify"]
    assert verified["certificate"] == {"number": old.number, "status": "REPLACED", "replacedByNumber": new["number"]}

    person = await Person.get(id=scene.apps[0].person_id)
    titles = await Message.filter(recipient_id=person.account_id).values_list("title", flat=True)
    assert titles.count("补换证申请审核进度") == 2 and "补换证申请审核通过" in titles
    unit_titles = await Message.filter(recipient_id=scene.city.account.id).values_list("title", flat=True)
    assert "新的补换证审核任务" in unit_titles


async def test_a_return_gives_it_back_and_a_resubmission_starts_the_path_again(http):
    world = await reissue_world()
    scene = world.scene
    reissue_id = await submitted(http, world)
    await claim_and_decide(http, scene.employer)
    await claim_and_decide(http, scene.city, decision="RETURN", opinion="佐证材料不清晰")
    returned = await node(http, reissue_id, world.holder)
    assert returned["status"] == "RETURNED"
    changed = await gql(http, UPDATE, {"input": {"reissueId": reissue_id, "reason": "证书遗失，已登报声明"}},
                        token=world.holder)
    assert payload_errors(changed, "reissueUpdate") == []
    again = await gql(http, SUBMIT, {"input": {"reissueId": reissue_id}}, token=world.holder)
    assert payload_errors(again, "reissueSubmit") == []
    flow = again["data"]["reissueSubmit"]["reissue"]["flow"]
    assert [n["state"] for n in flow] == ["CURRENT", "WAITING", "WAITING"]
    assert [h["action"] for h in again["data"]["reissueSubmit"]["reissue"]["history"]] == [
        "SUBMITTED", "PASS", "RETURN", "SUBMITTED"]


async def test_terminating_frees_the_certificate_for_another_reissue(http):
    world = await reissue_world()
    reissue_id = await submitted(http, world)
    await claim_and_decide(http, world.scene.employer, decision="TERMINATE", opinion="非本单位人员")
    assert (await node(http, reissue_id, world.holder))["status"] == "TERMINATED"
    assert (await create(http, world))["status"] == "DRAFT"


async def test_the_person_withdraws_until_the_employer_claims(http):
    world = await reissue_world()
    scene = world.scene
    reissue_id = await submitted(http, world)
    back = await gql(http, WITHDRAW, {"input": {"reissueId": reissue_id}}, token=world.holder)
    assert back["data"]["reissueWithdraw"]["reissue"]["status"] == "DRAFT"
    again = await gql(http, SUBMIT, {"input": {"reissueId": reissue_id}}, token=world.holder)
    assert payload_errors(again, "reissueSubmit") == []
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", scene.employer.unit.id), "box": "TO_CLAIM"},
                       token=scene.employer.token))["data"]["tasks"]["nodes"]
    claimed = await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}}, token=scene.employer.token)
    assert payload_errors(claimed, "taskClaim") == []
    late = await gql(http, WITHDRAW, {"input": {"reissueId": reissue_id}}, token=world.holder)
    assert [e["code"] for e in payload_errors(late, "reissueWithdraw")] == ["NOT_WITHDRAWABLE"]


async def test_a_reviewer_withdraws_a_pass_while_the_next_node_has_not_claimed(http):
    world = await reissue_world()
    scene = world.scene
    reissue_id = await submitted(http, world)
    task = await claim_and_decide(http, scene.employer)
    assert (await node(http, reissue_id, world.holder))["flow"][1]["state"] == "CURRENT"
    back = await gql(http, TASK_WITHDRAW, {"input": {"taskId": task["id"]}}, token=scene.employer.token)
    assert payload_errors(back, "taskWithdraw") == []
    assert [n["state"] for n in (await node(http, reissue_id, world.holder))["flow"]] == [
        "CURRENT", "WAITING", "WAITING"]


async def test_no_yb_number_left_refuses_the_issuers_pass_and_changes_nothing(http):
    world = await reissue_world(numbers=0)
    scene = world.scene
    reissue_id = await submitted(http, world)
    await claim_and_decide(http, scene.employer)
    await claim_and_decide(http, scene.city)
    refused = await issuer_passes(http, scene)
    assert [e["code"] for e in payload_errors(refused, "taskDecide")] == ["NUMBER_RANGE_EXHAUSTED"]
    row = await Reissue.get(id=int(relay.GlobalID.from_id(reissue_id).node_id))
    assert row.status == "IN_REVIEW" and row.new_certificate_id is None
    assert (await Certificate.get(id=world.certificates[0].id)).status == CertificateStatus.VALID
    assert await Certificate.filter(number__startswith="YB").count() == 0


async def test_my_reissues_lists_mine_only(http):
    world = await reissue_world()
    mine = await create(http, world)
    listed = (await gql(http, MINE, token=world.holder))["data"]["myReissues"]
    assert [n["id"] for n in listed["nodes"]] == [mine["id"]]
    assert (await gql(http, MINE, token=world.other_holder))["data"]["myReissues"]["totalCount"] == 0
    assert (await ready(http, world.__class__(world.scene, world.certificates[1:], world.other_holder,
                                              world.holder)))


async def test_a_revocation_that_lands_during_the_issuers_pass_undoes_the_pass(http, monkeypatch):
    """Guard: _replace's UPDATE is conditional on the old certificate being VALID. A revocation landing
    between the issuer's read and that UPDATE (written inside the decision where the YB number is taken) refuses the PASS
    with CERTIFICATE_NOT_VALID, and the decision, the YB number and the new certificate all roll back."""
    from models.reissue import issuing

    world = await reissue_world()
    scene, old = world.scene, world.certificates[0]
    reissue_id = await submitted(http, world)
    await claim_and_decide(http, scene.employer)
    await claim_and_decide(http, scene.city)
    real = issuing.assign_number

    async def revoked_meanwhile(*args, **kwargs):
        await Certificate.filter(id=old.id).update(status=CertificateStatus.REVOKED)
        return await real(*args, **kwargs)

    monkeypatch.setattr(issuing, "assign_number", revoked_meanwhile)
    refused = await issuer_passes(http, scene)
    assert [e["code"] for e in payload_errors(refused, "taskDecide")] == ["CERTIFICATE_NOT_VALID"]
    row = await Reissue.get(id=int(relay.GlobalID.from_id(reissue_id).node_id))
    assert (row.status, row.new_certificate_id) == ("IN_REVIEW", None)
    assert await Certificate.filter(number__startswith="YB").count() == 0
