"""Joining a unit (变更单位) and the unit's registration review (人员注册审核), with the notice job."""
from __future__ import annotations

import asyncio

import pytest

from models.person.binding import Binding, BindingStatus, require_approved_binding
from models.core.errors import Refused
from models.core.history import HistoryEntry
from models.core.job import Job, JobStatus
from models.messaging.models import Message
from models.person.models import Person
from models.unit.models import UnitAdmin, UnitKind, UnitNature
from tests.conftest import on_postgres
from tests.helpers import (assert_forbidden, assert_unauthenticated, assert_unseen, error_codes, gid, gql,
                           make_account, make_person, make_unit, payload_errors, run_jobs)

REVIEWS = """
query($unitId: ID!, $filter: BindingFilter, $first: Int, $after: String, $last: Int, $before: String) {
  registrationReviews(unitId: $unitId, filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id status opinion explanation isFreelancer
                          person { realName idNumber mobile } unit { name } } }
  }
}"""
DECIDE = """
mutation($input: BindingDecideInput!) {
  bindingDecide(input: $input) { errors { field code message } bindings { id status opinion decidedAt } }
}"""
REQUEST = """
mutation($input: BindingRequestInput!) {
  bindingRequest(input: $input) {
    errors { field code message }
    binding { id status isFreelancer explanation unit { name } person { realName } }
  }
}"""
ME = """
query { me { bindingApproved person { isFreelancer currentUnit { name } } bindings { id status unit { name } } } }"""
MESSAGES = """
query {
  messages(first: 10) { totalCount edges { node { id title body linkType linkId readAt } } }
  unreadMessageCount
}"""
MARK_READ = """
mutation($input: MessageMarkReadInput!) {
  messageMarkRead(input: $input) { errors { field code message } marked unreadCount }
}"""
MY_JOBS = "query { myJobs(first: 10) { totalCount edges { node { id kind status progress total error } } } }"
NODE_JOB = "query($id: ID!) { node(id: $id) { id ... on Job { kind status progress total } } }"


def decide_input(bindings: list, decision: str = "PASS", opinion: str = "") -> dict:
    return {"input": {"bindingIds": [gid("Binding", b.id) for b in bindings], "decision": decision,
                      "opinion": opinion}}


async def binding_of(actor) -> Binding:
    return await Binding.filter(person_id=actor.person.id).order_by("-id").first()


def names(result: dict) -> list[str]:
    return [e["node"]["person"]["realName"] for e in result["data"]["registrationReviews"]["edges"]]


# ---------------------------------------------------------------- registrationReviews


async def test_reviews_list_the_units_bindings_with_full_person(http):
    admin = await make_unit()
    other = await make_unit()
    zhang = await make_person("张三", unit=admin.unit)
    await make_person("李四", unit=admin.unit, status=BindingStatus.APPROVED)
    await make_person("王五", unit=other.unit)
    result = await gql(http, REVIEWS, {"unitId": gid("Unit", admin.unit.id), "first": 10}, token=admin.token)
    assert not result.get("errors"), result
    page = result["data"]["registrationReviews"]
    assert page["totalCount"] == 2
    assert names(result) == ["李四", "张三"]  # newest first
    node = page["edges"][1]["node"]
    assert node["person"] == {"realName": "张三", "idNumber": zhang.person.id_number, "mobile": zhang.person.mobile}
    assert node["status"] == "PENDING" and node["unit"]["name"] == admin.unit.name
    assert node["id"] == gid("Binding", (await binding_of(zhang)).id)


async def test_reviews_filters(http):
    admin = await make_unit()
    zhang = await make_person("张三", unit=admin.unit)
    await make_person("张三丰", unit=admin.unit, status=BindingStatus.APPROVED)
    li = await make_person("李四", unit=admin.unit, status=BindingStatus.RETURNED)
    unit_id = gid("Unit", admin.unit.id)

    async def filtered(**f) -> list[str]:
        result = await gql(http, REVIEWS, {"unitId": unit_id, "filter": f, "first": 10}, token=admin.token)
        assert not result.get("errors"), result
        page = result["data"]["registrationReviews"]
        assert page["totalCount"] == len(page["edges"])
        return names(result)

    assert await filtered(status=["PENDING"]) == ["张三"]
    assert await filtered(status=["APPROVED", "RETURNED"]) == ["李四", "张三丰"]
    assert await filtered(nameContains="张三") == ["张三丰", "张三"]
    assert await filtered(nameContains="张三", status=["PENDING"]) == ["张三"]
    assert await filtered(idNumber=li.person.id_number.lower()) == ["李四"]
    assert await filtered(mobile=zhang.person.mobile) == ["张三"]
    assert await filtered(mobile="13000000000") == []
    assert await filtered(createdFrom="2000-01-01T00:00:00+00:00") == ["李四", "张三丰", "张三"]
    assert await filtered(createdTo="2000-01-01T00:00:00+00:00") == []


async def test_reviews_paging(http):
    admin = await make_unit()
    for i in range(5):
        await make_person(f"人员{i}", unit=admin.unit)
    unit_id = gid("Unit", admin.unit.id)
    first = await gql(http, REVIEWS, {"unitId": unit_id, "first": 2}, token=admin.token)
    page = first["data"]["registrationReviews"]
    assert names(first) == ["人员4", "人员3"] and page["totalCount"] == 5
    assert page["pageInfo"]["hasNextPage"] is True and page["pageInfo"]["hasPreviousPage"] is False
    second = await gql(http, REVIEWS, {"unitId": unit_id, "first": 2, "after": page["pageInfo"]["endCursor"]},
                       token=admin.token)
    assert names(second) == ["人员2", "人员1"]
    assert second["data"]["registrationReviews"]["pageInfo"]["hasNextPage"] is True
    third = await gql(http, REVIEWS, {"unitId": unit_id, "first": 2,
                                      "after": second["data"]["registrationReviews"]["pageInfo"]["endCursor"]},
                      token=admin.token)
    assert names(third) == ["人员0"]
    assert third["data"]["registrationReviews"]["pageInfo"]["hasNextPage"] is False

    last = await gql(http, REVIEWS, {"unitId": unit_id, "last": 2}, token=admin.token)
    assert names(last) == ["人员1", "人员0"]
    assert last["data"]["registrationReviews"]["pageInfo"]["hasPreviousPage"] is True
    before = await gql(http, REVIEWS, {"unitId": unit_id, "last": 2,
                                       "before": last["data"]["registrationReviews"]["pageInfo"]["startCursor"]},
                       token=admin.token)
    assert names(before) == ["人员3", "人员2"]

    bad = await gql(http, REVIEWS, {"unitId": unit_id, "first": 2, "after": "not-a-cursor"}, token=admin.token)
    assert error_codes(bad) == ["INVALID_CURSOR"]


@pytest.mark.parametrize("args", [{}, {"first": 101}, {"first": 0}, {"last": 101}, {"first": 1, "last": 1}])
async def test_reviews_page_size_required_and_bounded(http, args):
    admin = await make_unit()
    result = await gql(http, REVIEWS, {"unitId": gid("Unit", admin.unit.id), **args}, token=admin.token)
    assert error_codes(result) == ["INVALID_PAGINATION"]
    assert result["data"] is None


async def test_reviews_page_size_100_is_fine(http):
    admin = await make_unit()
    result = await gql(http, REVIEWS, {"unitId": gid("Unit", admin.unit.id), "first": 100}, token=admin.token)
    assert not result.get("errors"), result


@pytest.mark.parametrize("who", ["other_admin", "person", "bound_person", "hr_other_region", "hr_bureau_below"])
async def test_reviews_refused(http, who):
    admin = await make_unit(region="340100")
    await make_person(unit=admin.unit)
    actor = await {
        "other_admin": lambda: make_unit(),
        "person": lambda: make_person(),
        "bound_person": lambda: make_person(unit=admin.unit, status=BindingStatus.APPROVED),
        "hr_other_region": lambda: make_unit(kind=UnitKind.HR_BUREAU, region="510000"),
        "hr_bureau_below": lambda: make_unit(kind=UnitKind.HR_BUREAU, region="340102"),
    }[who]()
    result = await gql(http, REVIEWS, {"unitId": gid("Unit", admin.unit.id), "first": 10}, token=actor.token)
    assert_forbidden(result)
    assert result["data"] is None


async def test_reviews_anonymous_and_bad_ids(http):
    admin = await make_unit()
    assert_unauthenticated(await gql(http, REVIEWS, {"unitId": gid("Unit", admin.unit.id), "first": 10}))
    # An unknown unit looks the same as one you may not see.
    assert_forbidden(await gql(http, REVIEWS, {"unitId": gid("Unit", 999999), "first": 10}, token=admin.token))
    for bad in ("garbage", gid("Person", admin.unit.id)):
        result = await gql(http, REVIEWS, {"unitId": bad, "first": 10}, token=admin.token)
        assert error_codes(result) == ["INVALID_ID"], result


@pytest.mark.parametrize("who,full", [("hr_province", False), ("hr_city", False), ("platform", True)])
async def test_reviews_for_overseers(http, who, full):
    admin = await make_unit(region="340100")
    zhang = await make_person("张三", unit=admin.unit)
    actor = await {"hr_province": lambda: make_unit(kind=UnitKind.HR_BUREAU, region="340000"),
                   "hr_city": lambda: make_unit(kind=UnitKind.HR_BUREAU, region="340100"),
                   "platform": lambda: make_account(platform_admin=True)}[who]()
    result = await gql(http, REVIEWS, {"unitId": gid("Unit", admin.unit.id), "first": 10}, token=actor.token)
    assert not result.get("errors"), result
    person = result["data"]["registrationReviews"]["edges"][0]["node"]["person"]
    number = zhang.person.id_number
    if full:
        assert person["idNumber"] == number
    else:  # HR bureaus see numbers masked
        assert person["idNumber"] == number[:2] + "*" * 14 + number[-2:]
        assert person["mobile"] == zhang.person.mobile[:3] + "****" + zhang.person.mobile[-4:]


async def test_hr_bureau_sees_who_asked_on_decided_requests(http):
    admin = await make_unit(region="340100")
    hr = await make_unit(kind=UnitKind.HR_BUREAU, region="340000")
    await make_person("张三", unit=admin.unit, status=BindingStatus.RETURNED)
    result = await gql(http, REVIEWS, {"unitId": gid("Unit", admin.unit.id), "first": 10}, token=hr.token)
    assert not result.get("errors"), result
    assert result["data"]["registrationReviews"]["edges"][0]["node"]["person"]["realName"] == "张三"


# ---------------------------------------------------------------- bindingDecide


async def test_pass_binds_the_person_and_notifies_them(http, settings):
    admin = await make_unit("合肥宏景软件有限公司")
    zhang = await make_person("张三")
    request = await gql(http, REQUEST, {"input": {"unitId": gid("Unit", admin.unit.id), "explanation": "新入职"}},
                        token=zhang.token)
    assert payload_errors(request, "bindingRequest") == []
    binding_gid = request["data"]["bindingRequest"]["binding"]["id"]
    me = (await gql(http, ME, token=zhang.token))["data"]["me"]
    assert me["bindingApproved"] is False and me["person"]["currentUnit"] is None

    result = await gql(http, DECIDE, {"input": {"bindingIds": [binding_gid], "decision": "PASS",
                                                "opinion": " 同意 "}}, token=admin.token)
    assert payload_errors(result, "bindingDecide") == []
    [decided] = result["data"]["bindingDecide"]["bindings"]
    assert decided["status"] == "APPROVED" and decided["opinion"] == "同意" and decided["decidedAt"]
    me = (await gql(http, ME, token=zhang.token))["data"]["me"]
    assert me["bindingApproved"] is True
    assert me["person"]["currentUnit"]["name"] == "合肥宏景软件有限公司"
    assert me["bindings"] == [{"id": binding_gid, "status": "APPROVED", "unit": {"name": "合肥宏景软件有限公司"}}]

    binding_id = (await binding_of(zhang)).id
    history = await HistoryEntry.filter(subject_type="Binding", subject_id=binding_id).order_by("id")
    assert [(h.action, h.actor_id, h.unit_id, h.opinion) for h in history] == [
        ("REQUESTED", zhang.account.id, admin.unit.id, "新入职"),
        ("PASS", admin.account.id, admin.unit.id, "同意"),
    ]

    # The notice is a job: nothing delivered until the worker runs it.
    assert (await gql(http, MESSAGES, token=zhang.token))["data"]["unreadMessageCount"] == 0
    await run_jobs(settings)
    inbox = await gql(http, MESSAGES, token=zhang.token)
    assert inbox["data"]["unreadMessageCount"] == 1
    assert inbox["data"]["messages"]["totalCount"] == 1
    message = inbox["data"]["messages"]["edges"][0]["node"]
    assert message["title"] == "注册审核通过" and "合肥宏景软件有限公司" in message["body"]
    assert message["linkType"] == "Binding" and message["linkId"] == binding_gid and message["readAt"] is None
    # The admin got nothing.
    assert (await gql(http, MESSAGES, token=admin.token))["data"]["messages"]["totalCount"] == 0

    marked = await gql(http, MARK_READ, {"input": {"messageIds": [message["id"]]}}, token=zhang.token)
    assert payload_errors(marked, "messageMarkRead") == []
    assert marked["data"]["messageMarkRead"]["marked"] == 1 and marked["data"]["messageMarkRead"]["unreadCount"] == 0
    inbox = await gql(http, MESSAGES, token=zhang.token)
    assert inbox["data"]["messages"]["edges"][0]["node"]["readAt"] is not None

    # The job row: succeeded, visible to the admin who asked, not to the person.
    jobs = (await gql(http, MY_JOBS, token=admin.token))["data"]["myJobs"]
    assert jobs["totalCount"] == 1
    job = jobs["edges"][0]["node"]
    assert (job["kind"], job["status"], job["progress"], job["total"], job["error"]) == (
        "BINDING_DECISION_NOTICE", "SUCCEEDED", 1, 1, "")
    assert (await gql(http, NODE_JOB, {"id": job["id"]}, token=admin.token))["data"]["node"]["status"] == "SUCCEEDED"
    assert (await gql(http, MY_JOBS, token=zhang.token))["data"]["myJobs"]["totalCount"] == 0
    assert_unseen(await gql(http, NODE_JOB, {"id": job["id"]}, token=zhang.token))


async def test_return_requires_opinion_and_keeps_unit(http, settings):
    admin = await make_unit("合肥宏景软件有限公司")
    zhang = await make_person("张三", unit=admin.unit)
    binding = await binding_of(zhang)
    for opinion in ("", "   "):
        result = await gql(http, DECIDE, decide_input([binding], "RETURN", opinion), token=admin.token)
        assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingDecide")] == [("REQUIRED", ["opinion"])]
    result = await gql(http, DECIDE, decide_input([binding], "RETURN", "材料不全" * 200), token=admin.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingDecide")] == [("TOO_LONG", ["opinion"])]
    assert (await Binding.get(id=binding.id)).status == BindingStatus.PENDING

    result = await gql(http, DECIDE, decide_input([binding], "RETURN", "请上传劳动合同"), token=admin.token)
    assert payload_errors(result, "bindingDecide") == []
    assert result["data"]["bindingDecide"]["bindings"][0]["status"] == "RETURNED"
    me = (await gql(http, ME, token=zhang.token))["data"]["me"]
    assert me["bindingApproved"] is False and me["person"]["currentUnit"] is None
    await run_jobs(settings)
    inbox = await gql(http, MESSAGES, token=zhang.token)
    message = inbox["data"]["messages"]["edges"][0]["node"]
    assert message["title"] == "注册审核退回" and "请上传劳动合同" in message["body"]
    assert await HistoryEntry.filter(subject_id=binding.id, action="RETURN", opinion="请上传劳动合同").exists()


async def test_batch_pass(http, settings):
    admin = await make_unit()
    people = [await make_person(f"人员{i}", unit=admin.unit) for i in range(3)]
    bindings = [await binding_of(p) for p in people]
    result = await gql(http, DECIDE, decide_input(bindings), token=admin.token)
    assert payload_errors(result, "bindingDecide") == []
    assert {b["status"] for b in result["data"]["bindingDecide"]["bindings"]} == {"APPROVED"}
    for p in people:
        assert (await Person.get(id=p.person.id)).current_unit_id == admin.unit.id
    await run_jobs(settings)
    assert await Message.all().count() == 3
    for p in people:
        assert (await gql(http, MESSAGES, token=p.token))["data"]["unreadMessageCount"] == 1
    assert await Job.filter(status=JobStatus.SUCCEEDED).count() == 1


async def test_batch_is_all_or_nothing(http, settings):
    admin = await make_unit()
    pending = [await make_person(f"人员{i}", unit=admin.unit) for i in range(2)]
    done = await make_person("已审核", unit=admin.unit, status=BindingStatus.APPROVED)
    batch = [await binding_of(pending[0]), await binding_of(done), await binding_of(pending[1])]
    result = await gql(http, DECIDE, decide_input(batch), token=admin.token)
    errors = payload_errors(result, "bindingDecide")
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_PENDING", ["bindingIds", "1"])]
    assert result["data"]["bindingDecide"]["bindings"] is None
    for p in pending:
        assert (await binding_of(p)).status == BindingStatus.PENDING
        assert (await Person.get(id=p.person.id)).current_unit_id is None
    assert await HistoryEntry.all().count() == 0
    assert await Job.all().count() == 0
    await run_jobs(settings)
    assert await Message.all().count() == 0


async def test_decide_bad_ids(http):
    admin = await make_unit()
    zhang = await make_person(unit=admin.unit)
    binding = await binding_of(zhang)
    result = await gql(http, DECIDE, {"input": {"bindingIds": [gid("Binding", binding.id), gid("Unit", 1)],
                                                "decision": "PASS"}}, token=admin.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingDecide")] == [
        ("INVALID_ID", ["bindingIds", "1"])]
    result = await gql(http, DECIDE, {"input": {"bindingIds": ["garbage"], "decision": "PASS"}}, token=admin.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingDecide")] == [
        ("INVALID_ID", ["bindingIds", "0"])]
    result = await gql(http, DECIDE, {"input": {"bindingIds": [gid("Binding", 999999)], "decision": "PASS"}},
                       token=admin.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingDecide")] == [
        ("NOT_FOUND", ["bindingIds", "0"])]
    result = await gql(http, DECIDE, {"input": {"bindingIds": [], "decision": "PASS"}}, token=admin.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingDecide")] == [("REQUIRED", ["bindingIds"])]
    result = await gql(http, DECIDE, {"input": {"bindingIds": [gid("Binding", i) for i in range(1, 102)],
                                                "decision": "PASS"}}, token=admin.token)
    assert ("TOO_MANY", ["bindingIds"]) in [(e["code"], e["field"]) for e in payload_errors(result, "bindingDecide")]
    assert (await Binding.get(id=binding.id)).status == BindingStatus.PENDING


async def test_decide_same_binding_twice_in_one_batch(http):
    admin = await make_unit()
    zhang = await make_person(unit=admin.unit)
    binding = await binding_of(zhang)
    result = await gql(http, DECIDE, decide_input([binding, binding]), token=admin.token)
    assert payload_errors(result, "bindingDecide") == []
    assert await HistoryEntry.filter(subject_id=binding.id, action="PASS").count() == 1


@pytest.mark.parametrize("who", ["other_admin", "person", "hr_city", "hr_other_region"])
async def test_decide_refused(http, who):
    admin = await make_unit()
    zhang = await make_person(unit=admin.unit)
    binding = await binding_of(zhang)
    actor = await {"other_admin": lambda: make_unit(), "person": lambda: make_person(),
                   "hr_city": lambda: make_unit(kind=UnitKind.HR_BUREAU, region="340100"),
                   "hr_other_region": lambda: make_unit(kind=UnitKind.HR_BUREAU, region="510000")}[who]()
    assert_forbidden(await gql(http, DECIDE, decide_input([binding]), token=actor.token))
    assert (await Binding.get(id=binding.id)).status == BindingStatus.PENDING


async def test_decide_mixed_units_refused_whole_batch(http):
    admin = await make_unit()
    other = await make_unit()
    mine = await binding_of(await make_person(unit=admin.unit))
    theirs = await binding_of(await make_person(unit=other.unit))
    assert_forbidden(await gql(http, DECIDE, decide_input([mine, theirs]), token=admin.token))
    assert (await Binding.get(id=mine.id)).status == BindingStatus.PENDING
    assert_unauthenticated(await gql(http, DECIDE, decide_input([mine])))


async def test_platform_admin_may_decide(http):
    admin = await make_unit()
    root = await make_account(platform_admin=True)
    zhang = await make_person(unit=admin.unit)
    result = await gql(http, DECIDE, decide_input([await binding_of(zhang)]), token=root.token)
    assert payload_errors(result, "bindingDecide") == []
    assert (await Person.get(id=zhang.person.id)).current_unit_id == admin.unit.id


async def test_notice_job_is_idempotent(http, settings):
    from workers.jobs import run_job
    from zhicheng.services import services

    admin = await make_unit()
    zhang = await make_person(unit=admin.unit)
    result = await gql(http, DECIDE, decide_input([await binding_of(zhang)]), token=admin.token)
    assert payload_errors(result, "bindingDecide") == []
    job = await Job.get()
    assert job.status == JobStatus.PENDING
    assert await run_job({}, job.id) == "SUCCEEDED"
    assert await run_job({}, job.id) == "SUCCEEDED"  # a second delivery leaves a finished job alone
    # The queued copy runs too; and even a job forced to run again delivers nothing twice.
    await services().queue.enqueue_job("run_job", job.id)
    await run_jobs(settings)
    await Job.filter(id=job.id).update(status=JobStatus.PENDING)
    assert await run_job({}, job.id) == "SUCCEEDED"
    assert await Message.filter(recipient_id=zhang.account.id).count() == 1
    job = await Job.get(id=job.id)
    assert job.attempts == 2 and job.finished_at is not None


# ---------------------------------------------------------------- bindingRequest


async def test_request_supersedes_pending_and_keeps_current_unit(http):
    first = await make_unit("第一单位")
    second = await make_unit("第二单位")
    third = await make_unit("第三单位")
    zhang = await make_person("张三", unit=first.unit, status=BindingStatus.APPROVED)
    result = await gql(http, REQUEST, {"input": {"unitId": gid("Unit", second.unit.id), "explanation": "调动"}},
                       token=zhang.token)
    assert payload_errors(result, "bindingRequest") == []
    binding = result["data"]["bindingRequest"]["binding"]
    assert binding["status"] == "PENDING" and binding["unit"]["name"] == "第二单位"
    assert binding["person"]["realName"] == "张三"
    result = await gql(http, REQUEST, {"input": {"unitId": gid("Unit", third.unit.id)}}, token=zhang.token)
    assert payload_errors(result, "bindingRequest") == []

    me = (await gql(http, ME, token=zhang.token))["data"]["me"]
    assert me["person"]["currentUnit"]["name"] == "第一单位" and me["bindingApproved"] is True
    assert [(b["status"], b["unit"]["name"]) for b in me["bindings"]] == [
        ("PENDING", "第三单位"), ("SUPERSEDED", "第二单位"), ("APPROVED", "第一单位")]
    # The superseded request can no longer be decided.
    superseded = await Binding.get(unit_id=second.unit.id)
    result = await gql(http, DECIDE, decide_input([superseded]), token=second.token)
    assert [e["code"] for e in payload_errors(result, "bindingDecide")] == ["NOT_PENDING"]
    assert await HistoryEntry.filter(action="REQUESTED").count() == 2

    result = await gql(http, DECIDE, decide_input([await Binding.get(unit_id=third.unit.id)]), token=third.token)
    assert payload_errors(result, "bindingDecide") == []
    me = (await gql(http, ME, token=zhang.token))["data"]["me"]
    assert me["person"]["currentUnit"]["name"] == "第三单位"


async def test_request_already_bound(http):
    admin = await make_unit()
    zhang = await make_person(unit=admin.unit, status=BindingStatus.APPROVED)
    result = await gql(http, REQUEST, {"input": {"unitId": gid("Unit", admin.unit.id)}}, token=zhang.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingRequest")] == [
        ("ALREADY_BOUND", ["unitId"])]
    assert await Binding.all().count() == 1


async def test_freelancer_needs_hr_unit(http):
    employer = await make_unit()
    center = await make_unit("合肥市人才服务中心", kind=UnitKind.TALENT_CENTER, nature=UnitNature.PUBLIC_INSTITUTION)
    bureau = await make_unit("合肥市人社局", kind=UnitKind.HR_BUREAU, nature=UnitNature.GOVERNMENT_AGENCY)
    zhang = await make_person()
    result = await gql(http, REQUEST, {"input": {"unitId": gid("Unit", employer.unit.id), "isFreelancer": True}},
                       token=zhang.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingRequest")] == [
        ("FREELANCER_NEEDS_HR_UNIT", ["unitId"])]
    assert await Binding.all().count() == 0
    for host in (bureau, center):
        result = await gql(http, REQUEST, {"input": {"unitId": gid("Unit", host.unit.id), "isFreelancer": True}},
                           token=zhang.token)
        assert payload_errors(result, "bindingRequest") == []
        assert result["data"]["bindingRequest"]["binding"]["isFreelancer"] is True
    result = await gql(http, DECIDE, decide_input([await binding_of(zhang)]), token=center.token)
    assert payload_errors(result, "bindingDecide") == []
    me = (await gql(http, ME, token=zhang.token))["data"]["me"]
    assert me["person"] == {"isFreelancer": True, "currentUnit": {"name": "合肥市人才服务中心"}}
    # Same unit as an employee is a change, not a repeat.
    result = await gql(http, REQUEST, {"input": {"unitId": gid("Unit", center.unit.id)}}, token=zhang.token)
    assert payload_errors(result, "bindingRequest") == []


async def test_request_refusals(http):
    admin = await make_unit()
    zhang = await make_person()
    for unit_id, code in ((gid("Unit", 999999), "NOT_FOUND"), (gid("Person", admin.unit.id), "INVALID_ID"),
                          ("garbage", "INVALID_ID")):
        result = await gql(http, REQUEST, {"input": {"unitId": unit_id}}, token=zhang.token)
        assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingRequest")] == [(code, ["unitId"])]
    result = await gql(http, REQUEST, {"input": {"unitId": gid("Unit", admin.unit.id), "explanation": "长" * 201}},
                       token=zhang.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "bindingRequest")] == [
        ("TOO_LONG", ["explanation"])]
    # Only persons ask to join a unit.
    assert_forbidden(await gql(http, REQUEST, {"input": {"unitId": gid("Unit", admin.unit.id)}}, token=admin.token))
    assert_unauthenticated(await gql(http, REQUEST, {"input": {"unitId": gid("Unit", admin.unit.id)}}))
    assert await Binding.all().count() == 0


# ---------------------------------------------------------------- the guard


async def test_require_approved_binding(app):
    admin = await make_unit()
    for status in (None, BindingStatus.PENDING, BindingStatus.RETURNED):
        actor = await make_person(unit=admin.unit if status else None, status=status)
        with pytest.raises(Refused) as refused:
            await require_approved_binding(await Person.get(id=actor.person.id))
        assert [p.code for p in refused.value.problems] == ["BINDING_NOT_APPROVED"]
    approved = await make_person(unit=admin.unit, status=BindingStatus.APPROVED)
    await require_approved_binding(await Person.get(id=approved.person.id))


# ---------------------------------------------------------------- concurrency


@pytest.mark.skipif(not on_postgres(), reason="row locks are real only on PostgreSQL")
async def test_two_admins_decide_the_same_binding_at_once(http, settings):
    admin = await make_unit()
    second = await make_account("第二管理员")
    await UnitAdmin.create(unit=admin.unit, account=second.account)
    for _ in range(3):
        binding = await binding_of(await make_person(unit=admin.unit))
        results = await asyncio.gather(
            gql(http, DECIDE, decide_input([binding], "PASS"), token=admin.token),
            gql(http, DECIDE, decide_input([binding], "RETURN", "不同意"), token=second.token),
        )
        outcomes = [payload_errors(r, "bindingDecide") for r in results]
        assert sorted(len(o) for o in outcomes) == [0, 1], outcomes
        loser = next(o for o in outcomes if o)
        assert loser[0]["code"] in ("CONFLICT", "NOT_PENDING")
        assert await HistoryEntry.filter(subject_id=binding.id).count() == 1
    assert await Job.all().count() == 3
