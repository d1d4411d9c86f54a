"""专技人才统计 (issue 9 §5, 002 §2.6) end to end through GraphQL: a person fills in their record for a statistics
year, checks and submits it; their unit claims and passes it in the task centre, and approved records are
counted by region, series and level for the unit, the HR bureaus above it and platform admins; returns,
withdrawals, termination and a move to another unit on the way; the Excel exports as jobs read back cell by
cell; the SQL of the list and the counts stays flat as rows grow."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from models.core.file import StoredFile
from models.core.job import Job, JobKind, JobStatus
from models.messaging.models import Message
from models.person.binding import Binding, BindingStatus
from models.person.models import Person
from models.talent_statistics.models import TalentRecord, TalentRecordStatus
from models.unit.models import UnitNature
from models.workflow.models import ProcessType, Task, TaskStatus
from tests.declaration_support import CLAIM, DECIDE, claim_and_decide
from tests.helpers import (
    Actor,
    count_sql,
    gid,
    gql,
    make_person,
    make_unit,
    payload_errors,
    run_jobs,
)
from tests.talent_statistics_support import (
    CREATE,
    DELETE,
    MINE,
    RECORDS_EXPORT,
    STATISTICS_EXPORT,
    SUBMIT,
    TASKS,
    UNIT_RECORDS,
    UPDATE,
    WITHDRAW,
    YEAR,
    Catalogue,
    call,
    catalogue,
    create,
    full_fields,
    node,
    pk,
    ready,
    statistics,
    submitted,
    talent_world,
)

JOB = """query($id: ID!) { node(id: $id) { ... on Job { status error resultFile { name contentType url } } } }"""


async def to_claim(http, unit: Actor) -> list[dict]:
    return (await gql(http, TASKS, {"unitId": gid("Unit", unit.unit.id), "box": "TO_CLAIM"},
                      token=unit.token))["data"]["tasks"]["nodes"]


async def approved(http, person: Actor, unit: Actor, c: Catalogue | None, year: int = YEAR, **changes) -> str:
    """A record submitted and passed by the unit (``c`` None: a person with no title)."""
    if c is None:
        rid = (await create(http, person, year, post="行政岗", postCategory="MANAGEMENT", education="MASTER",
                            degree="MASTER", **changes))["id"]
        await call(http, SUBMIT, {"talentRecordId": rid}, person.token, "talentRecordSubmit")
    else:
        rid = await submitted(http, person, c, year, **changes)
    await claim_and_decide(http, unit)
    return rid


async def test_a_record_goes_to_the_unit_and_is_counted_once_passed(http):
    world = await talent_world()
    rid = await ready(http, world.person, world.engineering)
    seen = await node(http, rid, world.person.token)
    assert (seen["status"], seen["year"], seen["unit"]["name"], seen["region"]) == (
        "DRAFT", YEAR, world.employer.unit.name, {"code": "340102", "name": "瑶海区"})
    assert all(item["passed"] for item in seen["check"]), seen["check"]
    assert (seen["postCategoryLabel"], seen["level"], seen["levelLabel"], seen["titleName"]["name"]) == (
        "专业技术岗位", "INTERMEDIATE", "中级", world.engineering.title_name)
    assert (await statistics(http, world.city.token, group_by=["REGION"]))["total"] == 0

    done = await call(http, SUBMIT, {"talentRecordId": rid}, world.person.token, "talentRecordSubmit")
    assert done["talentRecord"]["status"] == "IN_REVIEW" and done["talentRecord"]["submittedAt"]
    assert [(n["nodeKind"], n["state"], n["unit"]["name"]) for n in done["talentRecord"]["flow"]] == [
        ("EMPLOYER", "CURRENT", world.employer.unit.name)]
    tasks = await to_claim(http, world.employer)
    assert [(t["processType"], t["nodeKind"], t["talentRecord"]) for t in tasks] == [
        ("TALENT_STATISTICS", "EMPLOYER", {"id": rid, "status": "IN_REVIEW", "year": YEAR, "post": "结构设计岗"})]
    assert tasks[0]["title"].startswith("专技人才统计-测试人员【34") and tasks[0]["title"].endswith(f"-{YEAR}年度")
    assert (await statistics(http, world.city.token, group_by=["REGION"]))["total"] == 0  # not counted in review
    assert "新的专技人才统计审核任务" in await Message.filter(recipient_id=world.employer.account.id).values_list(
        "title", flat=True)

    await claim_and_decide(http, world.employer, opinion="信息属实")
    seen = await node(http, rid, world.person.token)
    assert seen["status"] == "APPROVED" and seen["statusLabel"] == "审核通过" and seen["finishedAt"]
    assert [n["state"] for n in seen["flow"]] == ["DONE"]
    assert [(h["action"], h["opinion"]) for h in seen["history"]] == [("SUBMITTED", ""), ("PASS", "信息属实")]
    assert "专技人才统计信息审核通过" in await Message.filter(recipient_id=world.person.account.id).values_list(
        "title", flat=True)
    counted = await statistics(http, world.city.token, group_by=["REGION", "SERIES", "LEVEL"])
    assert counted == {"year": YEAR, "groupBy": ["REGION", "SERIES", "LEVEL"], "total": 1, "rows": [
        {"regionCode": "340102", "regionName": "瑶海区", "series": {"name": "工程技术人员"},
         "seriesName": "工程技术人员", "level": "INTERMEDIATE", "levelLabel": "中级", "count": 1}]}
    # The unit and the province count it too; the year before is empty.
    assert (await statistics(http, world.employer.token))["rows"] == [
        {"regionCode": None, "regionName": None, "series": None, "seriesName": None, "level": None,
         "levelLabel": None, "count": 1}]
    assert (await statistics(http, world.province.token, group_by=["LEVEL"]))["total"] == 1
    assert (await statistics(http, world.province.token, year=YEAR - 1, group_by=["LEVEL"])) == {
        "year": YEAR - 1, "groupBy": ["LEVEL"], "total": 0, "rows": []}
    mine = (await gql(http, MINE, token=world.person.token))["data"]["myTalentRecords"]
    assert mine == {"totalCount": 1, "nodes": [{"id": rid, "year": YEAR, "status": "APPROVED"}]}


async def test_counts_by_region_series_and_level_over_approved_records_only(http):
    world = await talent_world()
    shushan = await make_unit("合肥蜀山实验学校", region="340104", nature=UnitNature.PUBLIC_INSTITUTION)
    wuhu = await make_unit("芜湖镜湖建设有限公司", region="340202", nature=UnitNature.PRIVATE_ENTERPRISE)
    senior = await catalogue("ENGINEERING", "ASSOCIATE_SENIOR")
    teacher = await catalogue("SCHOOL_TEACHER", "INTERMEDIATE")

    async def person(name: str, unit: Actor) -> Actor:
        return await make_person(name, unit=unit.unit, status=BindingStatus.APPROVED)

    await approved(http, world.person, world.employer, world.engineering)  # 340102 工程 中级
    await approved(http, world.other_person, world.employer, senior)  # 340102 工程 副高级
    await approved(http, await person("李老师", shushan), shushan, teacher)  # 340104 中小学 中级
    await approved(http, await person("王行政", shushan), shushan, None)  # 340104 no title
    await approved(http, await person("赵工", wuhu), wuhu, world.engineering)  # 340202 工程 中级
    await approved(http, world.person, world.employer, world.engineering, year=YEAR - 1)
    # Not counted: in review, terminated, a draft, another year.
    await submitted(http, await person("钱审核中", world.employer), world.engineering)
    stopped = await person("孙终止", shushan)
    await submitted(http, stopped, teacher)
    await claim_and_decide(http, shushan, decision="TERMINATE", opinion="不属于专业技术人员")
    await ready(http, await person("周草稿", wuhu), world.engineering)

    by_region = await statistics(http, world.province.token, group_by=["REGION"])
    assert [(r["regionCode"], r["regionName"], r["count"]) for r in by_region["rows"]] == [
        ("340102", "瑶海区", 2), ("340104", "蜀山区", 2), ("340202", "镜湖区", 1)]
    assert by_region["total"] == 5
    assert [(r["regionCode"], r["count"]) for r in (await statistics(http, world.city.token,
                                                                     group_by=["REGION"]))["rows"]] == [
        ("340102", 2), ("340104", 2)]
    assert [(r["regionCode"], r["count"]) for r in (await statistics(http, world.other_city.token,
                                                                     group_by=["REGION"]))["rows"]] == [("340202", 1)]
    by_series = await statistics(http, world.province.token, group_by=["SERIES"])
    assert [(r["series"] and r["series"]["name"], r["seriesName"], r["count"]) for r in by_series["rows"]] == [
        ("工程技术人员", "工程技术人员", 3), ("中小学教师", "中小学教师", 1), (None, "未选择系列", 1)]
    by_level = await statistics(http, world.province.token, group_by=["LEVEL"])
    assert [(r["level"], r["levelLabel"], r["count"]) for r in by_level["rows"]] == [
        ("INTERMEDIATE", "中级", 3), ("ASSOCIATE_SENIOR", "副高级", 1), (None, "未取得职称", 1)]
    both = await statistics(http, world.province.token, group_by=["LEVEL", "SERIES", "LEVEL"])  # order: ours
    assert both["groupBy"] == ["SERIES", "LEVEL"]
    assert [(r["seriesName"], r["levelLabel"], r["count"]) for r in both["rows"]] == [
        ("工程技术人员", "中级", 2), ("工程技术人员", "副高级", 1), ("中小学教师", "中级", 1), ("未选择系列", "未取得职称", 1)]
    # Narrowed: a region (and below), a unit; a unit's admins see their own unit only.
    assert (await statistics(http, world.province.token, regionCode="340104"))["total"] == 2
    assert (await statistics(http, world.province.token, regionCode="340200"))["total"] == 1
    assert (await statistics(http, world.city.token, unitId=gid("Unit", shushan.unit.id)))["total"] == 2
    assert (await statistics(http, world.employer.token, group_by=["SERIES"]))["total"] == 2
    assert (await statistics(http, shushan.token, group_by=["SERIES"]))["total"] == 2
    assert (await statistics(http, world.other_unit.token, group_by=["SERIES"]))["total"] == 0
    assert (await statistics(http, world.city.token, regionCode="340200"))["total"] == 0  # outside: nothing
    assert (await statistics(http, world.province.token, year=YEAR - 1))["total"] == 1
    # The unit's list holds every record submitted from it, by status and year.
    listed = (await gql(http, UNIT_RECORDS, {"unitId": gid("Unit", world.employer.unit.id)},
                        token=world.employer.token))["data"]["talentRecords"]
    assert sorted((n["year"], n["status"]) for n in listed["nodes"]) == [
        (YEAR - 1, "APPROVED"), (YEAR, "APPROVED"), (YEAR, "APPROVED"), (YEAR, "IN_REVIEW")]
    narrowed = (await gql(http, UNIT_RECORDS, {"unitId": gid("Unit", world.employer.unit.id),
                                               "filter": {"status": "APPROVED", "year": YEAR}},
                          token=world.city.token))["data"]["talentRecords"]
    assert narrowed["totalCount"] == 2 and {n["status"] for n in narrowed["nodes"]} == {"APPROVED"}


async def test_the_check_lists_every_missing_item_and_submission_is_refused_with_all_of_them(http):
    world = await talent_world()
    rid = (await create(http, world.person))["id"]
    seen = await node(http, rid, world.person.token)
    assert {i["field"] for i in seen["check"] if not i["passed"]} == {"post", "postCategory", "education"}
    result = await gql(http, SUBMIT, {"input": {"talentRecordId": rid}}, token=world.person.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "talentRecordSubmit")] == [
        ("CHECK_FAILED", ["post"]), ("CHECK_FAILED", ["postCategory"]), ("CHECK_FAILED", ["education"])]
    c = world.engineering
    changed = await call(http, UPDATE, {"talentRecordId": rid, "seriesId": c.series_id, "titleNameId": c.title_id,
                                        "appointed": True}, world.person.token, "talentRecordUpdate")
    assert {i["field"] for i in changed["talentRecord"]["check"] if not i["passed"]} == {
        "post", "postCategory", "education", "specialtyId", "titleObtainedOn", "appointedOn"}
    result = await gql(http, SUBMIT, {"input": {"talentRecordId": rid}}, token=world.person.token)
    assert len(payload_errors(result, "talentRecordSubmit")) == 6
    assert (await TalentRecord.get(id=pk(rid))).status == TalentRecordStatus.DRAFT
    assert not await Task.filter(process_type=ProcessType.TALENT_STATISTICS).exists()
    fixed = await call(http, UPDATE, {"talentRecordId": rid, **full_fields(c)}, world.person.token,
                       "talentRecordUpdate")
    assert all(i["passed"] for i in fixed["talentRecord"]["check"])


async def test_a_return_goes_back_to_the_person_who_changes_it_and_submits_again(http):
    world = await talent_world()
    rid = await submitted(http, world.person, world.engineering)
    await claim_and_decide(http, world.employer, decision="RETURN", opinion="请核对所在岗位")
    seen = await node(http, rid, world.person.token)
    assert seen["status"] == "RETURNED"
    assert "专技人才统计信息被退回" in await Message.filter(recipient_id=world.person.account.id).values_list(
        "title", flat=True)
    assert (await statistics(http, world.employer.token))["total"] == 0
    changed = await call(http, UPDATE, {"talentRecordId": rid, "post": "施工管理岗"}, world.person.token,
                         "talentRecordUpdate")
    assert changed["talentRecord"]["post"] == "施工管理岗"
    again = await call(http, SUBMIT, {"talentRecordId": rid}, world.person.token, "talentRecordSubmit")
    assert again["talentRecord"]["status"] == "IN_REVIEW" and again["talentRecord"]["flow"][0]["state"] == "CURRENT"
    await claim_and_decide(http, world.employer)
    seen = await node(http, rid, world.person.token)
    assert seen["status"] == "APPROVED"
    assert [h["action"] for h in seen["history"]] == ["SUBMITTED", "RETURN", "SUBMITTED", "PASS"]
    assert (await statistics(http, world.employer.token))["total"] == 1


async def test_withdrawal_while_unclaimed_only(http):
    world = await talent_world()
    rid = await submitted(http, world.person, world.engineering)
    result = await call(http, WITHDRAW, {"talentRecordId": rid}, world.person.token, "talentRecordWithdraw")
    assert result["talentRecord"] == {"id": rid, "status": "DRAFT"}
    assert await to_claim(http, world.employer) == []
    assert [t.status for t in await Task.filter(process_type=ProcessType.TALENT_STATISTICS)] == [TaskStatus.CANCELLED]
    await call(http, SUBMIT, {"talentRecordId": rid}, world.person.token, "talentRecordSubmit")
    tasks = await to_claim(http, world.employer)
    assert len(tasks) == 1
    assert payload_errors(await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}},
                                    token=world.employer.token), "taskClaim") == []
    refused = await gql(http, WITHDRAW, {"input": {"talentRecordId": rid}}, token=world.person.token)
    assert [(e["code"], e["field"]) for e in payload_errors(refused, "talentRecordWithdraw")] == [
        ("NOT_WITHDRAWABLE", ["talentRecordId"])]
    assert (await node(http, rid, world.person.token))["status"] == "IN_REVIEW"


async def test_the_unit_is_the_only_reviewer_and_a_terminated_record_is_never_counted(http):
    world = await talent_world()
    rid = await submitted(http, world.person, world.engineering)
    task_id = (await to_claim(http, world.employer))[0]["id"]
    await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=world.employer.token)
    # A PASS naming a next unit is refused: nothing changes, the task is still the admin's.
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "PASS", "opinion": "同意",
                                                "nextUnitId": gid("Unit", world.city.unit.id)}},
                       token=world.employer.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "taskDecide")] == [("INVALID", ["nextUnitId"])]
    assert (await Task.get(id=pk(task_id))).status == TaskStatus.CLAIMED
    # 退回补充 is not a decision of this process.
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "SUPPLEMENT", "opinion": "补充"}},
                       token=world.employer.token)
    assert [e["code"] for e in payload_errors(result, "taskDecide")] == ["SUPPLEMENT_NOT_ALLOWED"]
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "TERMINATE", "opinion": "非专技人员"}},
                       token=world.employer.token)
    assert payload_errors(result, "taskDecide") == []
    assert (await node(http, rid, world.person.token))["status"] == "TERMINATED"
    assert (await statistics(http, world.province.token, group_by=["LEVEL"]))["total"] == 0
    refused = await gql(http, UPDATE, {"input": {"talentRecordId": rid, "post": "其他岗"}}, token=world.person.token)
    assert [e["code"] for e in payload_errors(refused, "talentRecordUpdate")] == ["NOT_EDITABLE"]
    # One record a year: the terminated one keeps the year.
    again = await gql(http, CREATE, {"input": {"year": YEAR}}, token=world.person.token)
    assert [(e["code"], e["field"]) for e in payload_errors(again, "talentRecordCreate")] == [
        ("RECORD_EXISTS", ["year"])]


async def test_a_draft_never_submitted_is_deleted_and_a_submitted_one_stays(http):
    world = await talent_world()
    rid = (await create(http, world.person, post="试验岗"))["id"]
    gone = await call(http, DELETE, {"talentRecordId": rid}, world.person.token, "talentRecordDelete")
    assert gone["deletedId"] == rid and not await TalentRecord.filter(id=pk(rid)).exists()
    rid = await submitted(http, world.person, world.engineering)
    await call(http, WITHDRAW, {"talentRecordId": rid}, world.person.token, "talentRecordWithdraw")
    refused = await gql(http, DELETE, {"input": {"talentRecordId": rid}}, token=world.person.token)
    assert [e["code"] for e in payload_errors(refused, "talentRecordDelete")] == ["NOT_EDITABLE"]
    assert await TalentRecord.filter(id=pk(rid)).exists()


async def test_a_returned_record_goes_to_the_new_unit_and_its_region_after_a_move(http):
    world = await talent_world()
    rid = await submitted(http, world.person, world.engineering)
    await claim_and_decide(http, world.employer, decision="RETURN", opinion="请核对")
    wuhu = await make_unit("芜湖镜湖建设有限公司", region="340202")
    await Binding.create(person_id=world.person.person.id, unit_id=wuhu.unit.id, status=BindingStatus.APPROVED)
    await Person.filter(id=world.person.person.id).update(current_unit_id=wuhu.unit.id)
    again = await call(http, SUBMIT, {"talentRecordId": rid}, world.person.token, "talentRecordSubmit")
    assert again["talentRecord"]["unit"]["name"] == wuhu.unit.name
    assert again["talentRecord"]["region"]["code"] == "340202"
    await claim_and_decide(http, wuhu)
    assert (await statistics(http, world.other_city.token, group_by=["REGION"]))["rows"][0]["regionCode"] == "340202"
    assert (await statistics(http, world.city.token))["total"] == 0
    # The first unit held a task for it: it still opens the record.
    assert (await node(http, rid, world.employer.token))["status"] == "APPROVED"


async def test_two_creations_of_one_year_give_one_record(http, monkeypatch):
    """The twin's insert lands between the existence check and this insert: the unique constraint refuses it,
    caught as RECORD_EXISTS (in a savepoint, so the transaction is still usable on PostgreSQL)."""
    from models.talent_statistics import create as rules

    world = await talent_world()
    person = world.person.person
    real_get = rules.Unit.get

    async def twin_first(*args, **kwargs):
        await TalentRecord.create(person_id=person.id, unit_id=world.employer.unit.id, region_id="340102", year=YEAR)
        return await real_get(*args, **kwargs)

    monkeypatch.setattr(rules.Unit, "get", twin_first)
    result = await gql(http, CREATE, {"input": {"year": YEAR, "post": "结构设计岗"}}, token=world.person.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "talentRecordCreate")] == [
        ("RECORD_EXISTS", ["year"])]
    assert result["data"]["talentRecordCreate"]["talentRecord"] is None
    assert await TalentRecord.filter(person_id=person.id).count() == 0  # the refusal rolled the twin back too


# ------------------------------------------------------------------------------------------- exports

async def result_rows(http, job_id: str, token: str) -> list[list]:
    job = (await gql(http, JOB, {"id": job_id}, token=token))["data"]["node"]
    assert job["status"] == "SUCCEEDED", job
    assert job["resultFile"]["contentType"].endswith("spreadsheetml.sheet")
    response = await http.get(job["resultFile"]["url"])
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


async def test_the_exports_write_what_the_queries_show_and_a_rerun_changes_nothing(http, settings):
    world = await talent_world()
    await approved(http, world.person, world.employer, world.engineering)
    await approved(http, world.other_person, world.employer, None, talentCategory="高层次人才")
    made = await call(http, STATISTICS_EXPORT, {"year": YEAR, "groupBy": ["REGION", "LEVEL"],
                                                "idempotencyKey": "stat-1"}, world.city.token,
                      "talentStatisticsExport")
    assert made["job"]["kind"] == "TALENT_STATISTICS_EXPORT" and made["job"]["status"] == "PENDING"
    twice = await call(http, STATISTICS_EXPORT, {"year": YEAR, "groupBy": ["REGION", "LEVEL"],
                                                 "idempotencyKey": "stat-1"}, world.city.token,
                       "talentStatisticsExport")
    assert twice["job"]["id"] == made["job"]["id"]
    records = await call(http, RECORDS_EXPORT, {"unitId": gid("Unit", world.employer.unit.id),
                                                "filter": {"year": YEAR}}, world.employer.token,
                         "talentRecordsExport")
    masked = await call(http, RECORDS_EXPORT, {"unitId": gid("Unit", world.employer.unit.id)}, world.city.token,
                        "talentRecordsExport")
    await run_jobs(settings)
    assert await result_rows(http, made["job"]["id"], world.city.token) == [
        ["属地代码", "属地", "级别", "人数"], ["340102", "瑶海区", "中级", 1], ["340102", "瑶海区", "未取得职称", 1],
        ["合计", None, None, 2]]
    rows = await result_rows(http, records["job"]["id"], world.employer.token)
    assert rows[0][:5] == ["统计年度", "姓名", "证件号码", "工作单位", "属地"] and rows[0][-1] == "审核状态"
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"测试人员", "其他人员"}
    first = by_name["测试人员"]
    assert first == [YEAR, "测试人员", world.person.person.id_number, world.employer.unit.name, "瑶海区", "结构设计岗",
                     "专业技术岗位", "工程技术人员", first[8], world.engineering.title_name, "中级", "2018-12-20", "是",
                     "2019-03-01", 12, "大学本科", "学士", "市级技术骨干", None, "审核通过"]
    assert by_name["其他人员"][7:13] == [None, None, None, None, None, "否"] and by_name["其他人员"][17] == "高层次人才"
    # The HR bureau's copy masks the ID numbers (the unit reviewed them; the bureau did not).
    bureau = {r[1]: r[2] for r in (await result_rows(http, masked["job"]["id"], world.city.token))[1:]}
    number = world.person.person.id_number
    assert bureau["测试人员"] == number[:2] + "*" * 14 + number[-2:]

    # At least once: a job delivered again finds its file and keeps it; the same rows give the same bytes.
    jobs = await Job.filter(kind=JobKind.TALENT_STATISTICS_EXPORT).order_by("id")
    files = [(j.result_file_id, (await StoredFile.get(id=j.result_file_id)).sha256) for j in jobs]
    from models.core.transaction import enqueue

    await Job.filter(id__in=[j.id for j in jobs]).update(status=JobStatus.PENDING, attempts=0)
    for job in jobs:
        await enqueue(await Job.get(id=job.id))
    await run_jobs(settings)
    again = await Job.filter(kind=JobKind.TALENT_STATISTICS_EXPORT).order_by("id")
    assert [(j.status, j.result_file_id) for j in again] == [(JobStatus.SUCCEEDED, f) for f, _ in files]
    await Job.filter(id=jobs[0].id).update(status=JobStatus.PENDING, attempts=0, result_file_id=None)
    await enqueue(await Job.get(id=jobs[0].id))
    await run_jobs(settings)
    rerendered = await Job.get(id=jobs[0].id)
    assert (await StoredFile.get(id=rerendered.result_file_id)).sha256 == files[0][1]


async def test_an_export_for_a_requester_who_lost_the_role_is_empty(http, settings):
    from models.unit.models import UnitAdmin

    world = await talent_world()
    await approved(http, world.person, world.employer, world.engineering)
    made = await call(http, STATISTICS_EXPORT, {"year": YEAR, "groupBy": ["LEVEL"]}, world.employer.token,
                      "talentStatisticsExport")
    await UnitAdmin.filter(account_id=world.employer.account.id).delete()
    await run_jobs(settings)
    assert await result_rows(http, made["job"]["id"], world.employer.token) == [["级别", "人数"], ["合计", 0]]


# ------------------------------------------------------------------------------------------- SQL

async def sql_of(http, query: str, variables: dict, token: str) -> int:
    with count_sql() as statements:
        result = await gql(http, query, variables, token=token)
    assert not result.get("errors"), result
    return len(statements)


LIST = """query($unitId: ID!) { talentRecords(unitId: $unitId, first: 50) { totalCount nodes { id year status
  statusLabel post postCategoryLabel levelLabel series { name } specialty { name } titleName { name } unit { name }
  region { name } person { realName idNumber } check { field passed } flow { state } } } }"""
COUNTS = """query($year: Int!) { talentStatistics(year: $year, groupBy: [REGION, SERIES, LEVEL]) { total
  rows { regionName series { name } seriesName levelLabel count } } }"""


async def test_the_list_and_the_counts_cost_the_same_sql_for_3_records_as_for_12(http):
    world = await talent_world()
    teacher = await catalogue("SCHOOL_TEACHER", "INTERMEDIATE")
    shushan = await make_unit("合肥蜀山实验学校", region="340104", nature=UnitNature.PUBLIC_INSTITUTION)
    unit_id = gid("Unit", world.employer.unit.id)
    people = [world.person, world.other_person]

    async def add(n: int) -> None:
        for i in range(n):
            at = (world.employer, shushan)[i % 2]
            who = people.pop() if people and at is world.employer else await make_person(
                f"人员{i}", unit=at.unit, status=BindingStatus.APPROVED)
            await approved(http, who, at, (world.engineering, teacher)[i % 3 == 0])

    await add(3)
    small = (await sql_of(http, LIST, {"unitId": unit_id}, world.city.token),
             await sql_of(http, COUNTS, {"year": YEAR}, world.city.token))
    await add(9)
    assert (await statistics(http, world.city.token))["total"] == 12
    large = (await sql_of(http, LIST, {"unitId": unit_id}, world.city.token),
             await sql_of(http, COUNTS, {"year": YEAR}, world.city.token))
    assert large == small, (small, large)
    assert small[1] <= 6, small  # the viewer, the counts, the region names, the series names, the series rows
