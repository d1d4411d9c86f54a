"""The unit's review (业绩档案): lists and counts, batch decisions, messages, templates, statistics."""
from __future__ import annotations

import asyncio

import pytest

from models.achievement.models import AchievementRecord, OpinionTemplate, RecordStatus
from models.person.binding import BindingStatus
from models.core.history import HistoryEntry
from models.core.job import Job, JobKind
from models.messaging.models import Message
from models.unit.models import UnitAdmin
from tests.conftest import on_postgres
from tests.achievement_support import (DECIDE, REVIEWS, attach, call, create, pending_record, pk_of, set_status,
                                       unit_with_person)
from tests.helpers import count_sql, gid, gql, make_account, make_person, run_jobs

COUNTS = """
query($unitId: ID!, $category: AchievementCategory) {
  achievementReviewCounts(unitId: $unitId, category: $category) { category all pending approved returned withdrawn }
}"""
UNIT_STATS = """
query($unitId: ID!) {
  achievementUnitStatistics(unitId: $unitId) {
    total { all pending approved }
    byCategory { category all pending approved returned }
  }
}"""
MY_STATS = """
query { myAchievementStatistics { total byStatus { status label count } byCategory { category label count } } }"""
MY_RECORDS = """
query($filter: AchievementRecordFilter) {
  myAchievementRecords(filter: $filter, first: 10) { totalCount nodes { id category status } }
}"""
TEMPLATES = "query { opinionTemplates(first: 50) { totalCount nodes { id text public } } }"
TEMPLATE_CREATE = """
mutation($input: OpinionTemplateCreateInput!) {
  opinionTemplateCreate(input: $input) { errors { field code message } opinionTemplate { id text public } }
}"""
TEMPLATE_DELETE = """
mutation($input: OpinionTemplateDeleteInput!) {
  opinionTemplateDelete(input: $input) { errors { field code message } opinionTemplate { id } }
}"""


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def test_batch_pass_notifies_each_person_once(http, settings):
    admin, zhang = await unit_with_person("张三")
    li = await make_person("李四", unit=admin.unit, status=BindingStatus.APPROVED)
    records = [await pending_record(http, zhang), await pending_record(http, zhang, "PAPER"),
               await pending_record(http, li, "HONOR")]
    payload = await call(http, DECIDE, "achievementRecordDecide",
                         {"recordIds": [r["id"] for r in records], "decision": "PASS"}, admin)
    assert payload["errors"] == []
    assert {(r["status"], r["opinion"]) for r in payload["records"]} == {("APPROVED", "同意")}
    job = await Job.get(kind=JobKind.ACHIEVEMENT_DECISION_NOTICE)
    await run_jobs(settings)
    await run_jobs(settings)  # a second delivery is harmless
    messages = {m.recipient_id: m for m in await Message.all()}
    assert set(messages) == {zhang.account.id, li.account.id}
    assert messages[zhang.account.id].title == "业绩审核通过" and "2条业绩" in messages[zhang.account.id].body
    assert messages[li.account.id].link_id == records[2]["id"]
    assert (await Job.get(id=job.id)).status == "SUCCEEDED"
    assert await HistoryEntry.filter(action="PASS", actor_id=admin.account.id).count() == 3


async def test_return_needs_an_opinion_and_tells_the_person(http, settings):
    admin, person = await unit_with_person()
    record = await pending_record(http, person)
    missing = await call(http, DECIDE, "achievementRecordDecide",
                         {"recordIds": [record["id"]], "decision": "RETURN", "opinion": "  "}, admin)
    assert [(e["code"], e["field"]) for e in missing["errors"]] == [("REQUIRED", ["opinion"])]
    payload = await call(http, DECIDE, "achievementRecordDecide",
                         {"recordIds": [record["id"]], "decision": "RETURN", "opinion": "附件不清晰"}, admin)
    assert payload["errors"] == [] and payload["records"][0]["status"] == "RETURNED"
    await run_jobs(settings)
    message = await Message.get(recipient_id=person.account.id)
    assert message.title == "业绩审核退回" and "附件不清晰" in message.body


async def test_batch_is_all_or_nothing(http):
    admin, person = await unit_with_person()
    pending = await pending_record(http, person)
    approved = await pending_record(http, person, "PAPER")
    await set_status(approved["id"], RecordStatus.APPROVED)
    payload = await call(http, DECIDE, "achievementRecordDecide",
                         {"recordIds": [pending["id"], approved["id"], gid("AchievementRecord", 999999)],
                          "decision": "PASS"}, admin)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("NOT_PENDING", ["recordIds", "1"]), ("NOT_FOUND", ["recordIds", "2"])]
    assert payload["records"] is None
    assert (await AchievementRecord.get(id=pk_of(pending["id"]))).status == RecordStatus.PENDING
    assert await Job.all().count() == 0 and await HistoryEntry.filter(action="PASS").count() == 0
    too_many = await call(http, DECIDE, "achievementRecordDecide",
                          {"recordIds": [pending["id"]] * 101, "decision": "PASS"}, admin)
    assert codes(too_many) == ["TOO_MANY"]
    wrong_type = await call(http, DECIDE, "achievementRecordDecide",
                            {"recordIds": [gid("Unit", 1)], "decision": "PASS"}, admin)
    assert [(e["code"], e["field"]) for e in wrong_type["errors"]] == [("INVALID_ID", ["recordIds", "0"])]


async def test_reviews_filter_and_count_by_category(http):
    admin, zhang = await unit_with_person("张三")
    li = await make_person("李四", unit=admin.unit, status=BindingStatus.APPROVED)
    await pending_record(http, zhang)
    approved = await pending_record(http, li)
    await set_status(approved["id"], RecordStatus.APPROVED)
    returned = await pending_record(http, li, "PAPER")
    await set_status(returned["id"], RecordStatus.RETURNED)
    await create(http, zhang, "HONOR")  # a draft never reaches the unit
    unit_id = gid("Unit", admin.unit.id)

    async def reviews(**filter) -> dict:
        result = await gql(http, REVIEWS, {"unitId": unit_id, "filter": filter, "first": 20}, admin.token)
        assert not result.get("errors"), result
        return result["data"]["achievementReviews"]

    assert (await reviews())["totalCount"] == 3
    assert (await reviews(category="WORK_EXPERIENCE", status="PENDING"))["totalCount"] == 1
    assert [n["person"]["realName"] for n in (await reviews(personNameContains="李"))["nodes"]] == ["李四", "李四"]
    found = await reviews(workUnitContains="八中")
    assert {n["workUnit"] for n in found["nodes"]} == {"合肥八中"} and found["totalCount"] == 2
    counts = await gql(http, COUNTS, {"unitId": unit_id, "category": "WORK_EXPERIENCE"}, admin.token)
    assert counts["data"]["achievementReviewCounts"] == {"category": "WORK_EXPERIENCE", "all": 2, "pending": 1,
                                                         "approved": 1, "returned": 0, "withdrawn": 0}
    stats = (await gql(http, UNIT_STATS, {"unitId": unit_id}, admin.token))["data"]["achievementUnitStatistics"]
    assert stats["total"] == {"all": 3, "pending": 1, "approved": 1}
    by_category = {c["category"]: c for c in stats["byCategory"]}
    assert len(by_category) == 22 and by_category["PAPER"]["returned"] == 1 and by_category["HONOR"]["all"] == 0


async def test_review_list_costs_the_same_for_1_and_30_records(http):
    admin, person = await unit_with_person()
    unit_id = gid("Unit", admin.unit.id)
    SQL: list[str] = []

    async def statements() -> int:
        with count_sql() as sql:
            result = await gql(http, REVIEWS, {"unitId": unit_id, "first": 50}, admin.token)
        assert not result.get("errors"), result
        SQL[:] = sql
        return len(sql)

    first = await create(http, person)
    await attach(http, person, first["id"])
    await set_status(first["id"], RecordStatus.PENDING, admin.unit.id)
    one = await statements()
    assert one <= 8, "\n".join(SQL)
    others = [await make_person(f"人员{i}", unit=admin.unit, status=BindingStatus.APPROVED) for i in range(5)]
    for i in range(29):
        record = await create(http, others[i % 5])
        await attach(http, others[i % 5], record["id"])
        await set_status(record["id"], RecordStatus.PENDING, admin.unit.id)
    result = await gql(http, REVIEWS, {"unitId": unit_id, "first": 50}, admin.token)
    nodes = result["data"]["achievementReviews"]["nodes"]
    assert len(nodes) == 30 and all(n["attachments"] and n["person"]["realName"] for n in nodes)
    assert await statements() == one


async def test_person_statistics_and_own_list(http):
    admin, person = await unit_with_person()
    await create(http, person)
    await create(http, person, "PAPER")
    paper = await pending_record(http, person, "PAPER")
    await set_status(paper["id"], RecordStatus.APPROVED)
    other = await make_person("李四")
    await create(http, other, "PAPER")
    stats = (await gql(http, MY_STATS, token=person.token))["data"]["myAchievementStatistics"]
    assert stats["total"] == 3
    assert {s["status"]: s["count"] for s in stats["byStatus"]} == {
        "DRAFT": 2, "PENDING": 0, "APPROVED": 1, "RETURNED": 0, "WITHDRAWN": 0}
    assert [c["label"] for c in stats["byCategory"]][:3] == ["成果代表作", "工作经历", "教育经历"]
    assert {c["category"]: c["count"] for c in stats["byCategory"] if c["count"]} == {"WORK_EXPERIENCE": 1, "PAPER": 2}
    mine = await gql(http, MY_RECORDS, {"filter": {"category": "PAPER", "status": "DRAFT"}}, person.token)
    assert mine["data"]["myAchievementRecords"]["totalCount"] == 1


async def test_opinion_templates_public_and_own(http):
    admin, _ = await unit_with_person()
    other_admin, _ = await unit_with_person("李四")
    platform = await make_account("平台", platform_admin=True)
    public = await call(http, TEMPLATE_CREATE, "opinionTemplateCreate", {"text": "材料齐全，同意", "public": True},
                        platform)
    assert public["errors"] == [] and public["opinionTemplate"]["public"] is True
    mine = await call(http, TEMPLATE_CREATE, "opinionTemplateCreate", {"text": "请补充佐证材料"}, admin)
    assert mine["errors"] == [] and mine["opinionTemplate"]["public"] is False
    await call(http, TEMPLATE_CREATE, "opinionTemplateCreate", {"text": "别人的意见"}, other_admin)
    duplicate = await call(http, TEMPLATE_CREATE, "opinionTemplateCreate", {"text": "请补充佐证材料"}, admin)
    assert codes(duplicate) == ["DUPLICATE"]
    forbidden = await gql(http, TEMPLATE_CREATE, {"input": {"text": "公共", "public": True}}, admin.token)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    listed = (await gql(http, TEMPLATES, token=admin.token))["data"]["opinionTemplates"]
    assert {n["text"] for n in listed["nodes"]} == {"材料齐全，同意", "请补充佐证材料"}
    on_public = await gql(http, TEMPLATE_DELETE, {"input": {"templateId": public["opinionTemplate"]["id"]}},
                          admin.token)
    assert on_public["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    on_own = await call(http, TEMPLATE_DELETE, "opinionTemplateDelete",
                        {"templateId": mine["opinionTemplate"]["id"]}, admin)
    assert on_own["errors"] == []
    assert await OpinionTemplate.all().count() == 2
    person = await make_person("王五")
    denied = await gql(http, TEMPLATE_CREATE, {"input": {"text": "我的"}}, person.token)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.skipif(not on_postgres(), reason="row locks are real only on PostgreSQL")
async def test_two_admins_decide_the_same_records_at_once(http):
    admin, person = await unit_with_person()
    second = await make_account("第二管理员")
    await UnitAdmin.create(unit=admin.unit, account=second.account)
    for _ in range(3):
        records = [await pending_record(http, person), await pending_record(http, person, "PAPER")]
        ids = [r["id"] for r in records]
        results = await asyncio.gather(
            call(http, DECIDE, "achievementRecordDecide", {"recordIds": ids, "decision": "PASS"}, admin),
            call(http, DECIDE, "achievementRecordDecide", {"recordIds": ids[::-1], "decision": "RETURN",
                                                           "opinion": "不同意"}, second))
        assert sorted(len(r["errors"]) for r in results) in ([0, 1], [0, 2]), results
        loser = next(r for r in results if r["errors"])
        assert {e["code"] for e in loser["errors"]} <= {"CONFLICT", "NOT_PENDING"}
        statuses = {r.status for r in await AchievementRecord.filter(id__in=[pk_of(i) for i in ids])}
        assert len(statuses) == 1  # both records carry the winner's decision, never a mix
        assert await HistoryEntry.filter(subject_id__in=[pk_of(i) for i in ids],
                                         action__in=["PASS", "RETURN"]).count() == 2
    assert await Job.all().count() == 3
