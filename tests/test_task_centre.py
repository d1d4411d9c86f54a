"""The task centre (任务中心): the four boxes and their counts, filters, units that skip claiming, the
SQL cost of a page; and where a task goes next (provincial choice, extra units, talent centre, review
paths as configuration, the dry run)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from models.access.masking import mask_id_number
from models.application.models import Application, ApplicationStatus
from models.application.submit import task_title
from models.plan.models import Plan
from models.unit.models import Unit, UnitAdmin, UnitKind, UnitNature
from models.workflow.models import NodeKind, ProcessType, ReviewPath, Task, TaskStatus
from tests.declaration_support import (CLAIM, DECIDE, SUBMIT, World, build_world, claim_and_decide,
                                       ready_application)
from tests.helpers import count_sql, gid, gql, make_account, make_person, make_unit, payload_errors

ROWS = """query($unitId: ID!, $box: TaskBox!, $filter: TaskFilter) {
  tasks(unitId: $unitId, box: $box, filter: $filter, first: 50) {
    totalCount nodes { id title status processType processLabel nodeKind nodeLabel runningSeconds claimedBy
                       createdAt completedAt application { id } } } }"""
COUNTS = """query($unitId: ID!) { taskCounts(unitId: $unitId) { pendingMine toClaim handledByMe handledByUnit } }"""
PAGE = """query($unitId: ID!, $first: Int!) { tasks(unitId: $unitId, box: HANDLED_BY_UNIT, first: $first) {
  nodes { title nodeLabel unit { name } claimedBy
          application { status person { realName } plan { name } titleName { name } } } } }"""
REVIEW_PATH = """query($id: ID!) { applicationReviewPath(applicationId: $id) { nodeKind state unit { name } } }"""
FLOW = """query($id: ID!) { node(id: $id) { ... on Application { status flow { nodeKind state unit { name } } } } }"""
BOXES = ("PENDING_MINE", "TO_CLAIM", "HANDLED_BY_ME", "HANDLED_BY_UNIT")


async def seed_in_review(world: World, n: int, *, plans: list[Plan] | None = None) -> list[Task]:
    """``n`` submitted applications of different people, each with a READY task at the employer —
    written straight to the tables, as a submission leaves them."""
    now = datetime.now(timezone.utc)
    path = [["EMPLOYER", world.employer.unit.id], ["COMPETENT_DEPARTMENT", world.department.unit.id],
            ["HR_BUREAU_CITY", world.city_hr.unit.id], ["HR_BUREAU_PROVINCE", world.province_hr.unit.id],
            ["ORGANIZER", world.organizer.unit.id]]
    plans = plans or [world.plan]
    tasks = []
    for i in range(n):
        person = (await make_person(f"申请人{i:02d}", unit=world.employer.unit, status="APPROVED")).person
        app = await Application.create(
            person=person, plan=plans[i % len(plans)], year=2026, declaration_type="REGULAR", evaluation_mode="REVIEW",
            series_id=world.title.series_id, specialty=world.specialty, title_name=world.title,
            standard=world.standard, level="ASSOCIATE_SENIOR", pledge_accepted_at=now, unit=world.employer.unit,
            status=ApplicationStatus.IN_REVIEW, submitted_at=now, review_path=path)
        tasks.append(await Task.create(process_type=ProcessType.APPLICATION, subject_id=app.id,
                                       unit=world.employer.unit, node_kind=NodeKind.EMPLOYER,
                                       title=await task_title(app), person=person))
    return tasks


async def box(http, actor, name: str, unit=None, **filters) -> dict:
    unit = unit or actor.unit
    result = await gql(http, ROWS, {"unitId": gid("Unit", unit.id), "box": name, "filter": filters or None},
                       token=actor.token)
    assert not result.get("errors"), result
    return result["data"]["tasks"]


async def titles_in(http, actor, name: str, **filters) -> list[str]:
    return [row["title"].split("【")[0] for row in (await box(http, actor, name, **filters))["nodes"]]


async def decide(http, actor, task: Task, decision: str = "PASS", opinion: str = "同意", **options) -> dict:
    result = await gql(http, DECIDE, {"input": {"taskId": gid("Task", task.id), "decision": decision,
                                                "opinion": opinion, **options}}, token=actor.token)
    assert not result.get("errors"), result
    return result["data"]["taskDecide"]


async def claim(http, actor, task: Task) -> None:
    result = await gql(http, CLAIM, {"input": {"taskId": gid("Task", task.id)}}, token=actor.token)
    assert payload_errors(result, "taskClaim") == []


# ----------------------------------------------------------------- boxes, counts, rows


async def test_four_boxes_and_counts_per_admin(http):
    world = await build_world()
    a = world.employer
    b = await make_account("第二管理员")
    await UnitAdmin.create(unit=a.unit, account=b.account)
    b.unit = a.unit
    t0, t1, t2, t3 = await seed_in_review(world, 4)
    await claim(http, a, t0)
    assert (await decide(http, a, t0))["errors"] == []
    await claim(http, a, t1)
    await claim(http, b, t2)
    assert (await decide(http, b, t2, "RETURN", "请补充论文检索证明"))["errors"] == []

    expected = [
        (a, {"PENDING_MINE": ["申请人01"], "TO_CLAIM": ["申请人03"], "HANDLED_BY_ME": ["申请人00"],
            "HANDLED_BY_UNIT": ["申请人02", "申请人00"]}),
        (b, {"PENDING_MINE": [], "TO_CLAIM": ["申请人03"], "HANDLED_BY_ME": ["申请人02"],
            "HANDLED_BY_UNIT": ["申请人02", "申请人00"]}),
    ]
    for actor, boxes in expected:
        assert {name: await titles_in(http, actor, name) for name in BOXES} == {
            name: [f"职称申报-{who}" for who in people] for name, people in boxes.items()}
        counts = (await gql(http, COUNTS, {"unitId": gid("Unit", a.unit.id)}, token=actor.token))["data"]
        assert counts["taskCounts"] == {"pendingMine": len(boxes["PENDING_MINE"]), "toClaim": 1,
                                        "handledByMe": 1, "handledByUnit": 2}
    # The passed application now waits at the department.
    assert await titles_in(http, world.department, "TO_CLAIM") == ["职称申报-申请人00"]
    other = await make_unit("其他单位")
    assert (await gql(http, COUNTS, {"unitId": gid("Unit", a.unit.id)}, token=other.token))["errors"][0][
        "extensions"]["code"] == "FORBIDDEN"


async def test_rows_show_process_node_and_running_time(http):
    world = await build_world()
    admin = world.employer
    waiting, done = await seed_in_review(world, 2)
    await claim(http, admin, done)
    await decide(http, admin, done)
    two_hours_ago = datetime.now(timezone.utc) - timedelta(hours=2)
    await Task.filter(id=waiting.id).update(created_at=two_hours_ago)
    finished = await Task.get(id=done.id)
    await Task.filter(id=done.id).update(created_at=finished.completed_at - timedelta(seconds=90))

    [row] = (await box(http, admin, "TO_CLAIM"))["nodes"]
    person = await Application.get(id=waiting.subject_id).values("person__real_name", "person__id_number")
    # The label carries the ID number masked; application.person has it whole for those allowed.
    assert row["title"] == (f"职称申报-{person['person__real_name']}【{mask_id_number(person['person__id_number'])}】"
                            "-高级工程师")
    assert (row["processType"], row["processLabel"], row["nodeKind"], row["nodeLabel"], row["status"]) == (
        "APPLICATION", "职称申报", "EMPLOYER", "单位审核", "READY")
    assert 7200 <= row["runningSeconds"] < 7200 + 60 and row["claimedBy"] is None and row["completedAt"] is None
    [row] = (await box(http, admin, "HANDLED_BY_ME"))["nodes"]
    assert row["status"] == "COMPLETED" and row["runningSeconds"] == 90  # frozen at completion
    assert row["claimedBy"] == admin.account.display_name and row["completedAt"]


async def test_filters(http):
    world = await build_world()
    admin = world.employer
    tasks = await seed_in_review(world, 3)
    record = await Task.create(process_type=ProcessType.ACHIEVEMENT_RECORD, subject_id=world.paper_id,
                               unit=admin.unit, node_kind=NodeKind.EMPLOYER, title="业绩库-张三-论文",
                               person=world.applicant.person)
    base = datetime(2026, 3, 1, tzinfo=timezone.utc)
    for i, task in enumerate([*tasks, record]):
        await Task.filter(id=task.id).update(created_at=base + timedelta(days=10 * i))
    number = (await Application.get(id=tasks[1].subject_id).values("person__id_number"))["person__id_number"]

    cases = [
        ({}, ["业绩库-张三-论文", "职称申报-申请人02", "职称申报-申请人01", "职称申报-申请人00"]),
        ({"processType": "APPLICATION"}, ["职称申报-申请人02", "职称申报-申请人01", "职称申报-申请人00"]),
        ({"processType": "ACHIEVEMENT_RECORD"}, ["业绩库-张三-论文"]),
        ({"titleContains": " 申请人01 "}, ["职称申报-申请人01"]),
        ({"titleContains": number[-6:]}, ["职称申报-申请人01"]),  # by ID number
        ({"titleContains": "高级工程师"}, ["职称申报-申请人02", "职称申报-申请人01", "职称申报-申请人00"]),
        ({"createdFrom": (base + timedelta(days=5)).isoformat()},
         ["业绩库-张三-论文", "职称申报-申请人02", "职称申报-申请人01"]),
        ({"createdTo": (base + timedelta(days=10)).isoformat()}, ["职称申报-申请人01", "职称申报-申请人00"]),
        ({"createdFrom": (base + timedelta(days=5)).isoformat(), "createdTo": (base + timedelta(days=25)).isoformat(),
          "processType": "APPLICATION"}, ["职称申报-申请人02", "职称申报-申请人01"]),
        ({"titleContains": "李四"}, []),
    ]
    for filters, expected in cases:
        page = await box(http, admin, "TO_CLAIM", **filters)
        assert [r["title"].split("【")[0] for r in page["nodes"]] == expected, filters
        assert page["totalCount"] == len(expected)
    [row] = (await box(http, admin, "TO_CLAIM", processType="ACHIEVEMENT_RECORD"))["nodes"]
    assert row["application"] is None and row["processLabel"] == "业绩库"


async def test_units_that_skip_claiming_decide_straight_away(http):
    world = await build_world()
    admin = world.employer
    await Unit.filter(id=admin.unit.id).update(skip_claim=True)
    first, second = await seed_in_review(world, 2)
    assert (await box(http, admin, "TO_CLAIM"))["totalCount"] == 0
    assert await titles_in(http, admin, "PENDING_MINE") == ["职称申报-申请人01", "职称申报-申请人00"]
    payload = await decide(http, admin, first)
    assert payload["errors"] == [] and payload["task"]["status"] == "COMPLETED"
    assert await titles_in(http, admin, "PENDING_MINE") == ["职称申报-申请人01"]
    assert await titles_in(http, admin, "HANDLED_BY_ME") == ["职称申报-申请人00"]
    assert (await Task.get(id=first.id)).claimed_by_id == admin.account.id  # who decided also claimed
    counts = (await gql(http, COUNTS, {"unitId": gid("Unit", admin.unit.id)}, token=admin.token))["data"]
    assert counts["taskCounts"] == {"pendingMine": 1, "toClaim": 0, "handledByMe": 1, "handledByUnit": 1}
    # The department claims as usual.
    [task] = await Task.filter(unit_id=world.department.unit.id)
    assert [e["code"] for e in (await decide(http, world.department, task))["errors"]] == ["NOT_CLAIMED"]


async def test_a_page_costs_the_same_sql_for_one_task_and_thirty(http):
    world = await build_world()
    admin = world.employer
    reviewers = [admin.account] + [(await make_account(f"审核员{i}")).account for i in range(2)]
    second_plan = await Plan.create(
        name="2026年—安徽省建设工程专业高级职称评审（第二批）", year=2026, committee=world.committee,
        organizer=world.organizer.unit, levels=["ASSOCIATE_SENIOR"], declaration_types=["REGULAR"],
        opens_at=world.plan.opens_at, closes_at=world.plan.closes_at, status="PUBLISHED",
        published_at=world.plan.published_at)

    async def handled(tasks: list[Task], offset: int) -> None:
        for i, task in enumerate(tasks):
            who = reviewers[(i + offset) % len(reviewers)]
            await Task.filter(id=task.id).update(status=TaskStatus.COMPLETED, decision="PASS", claimed_by_id=who.id,
                                                 completed_by_id=who.id, completed_at=datetime.now(timezone.utc))

    async def page() -> tuple[list, list[str]]:
        with count_sql() as statements:
            result = await gql(http, PAGE, {"unitId": gid("Unit", admin.unit.id), "first": 50}, token=admin.token)
        assert not result.get("errors"), result
        return result["data"]["tasks"]["nodes"], list(statements)

    await handled(await seed_in_review(world, 1), 0)
    one, small = await page()
    assert len(one) == 1
    # 29 more: other people, both plans, three different reviewers.
    more = await seed_in_review(world, 29, plans=[second_plan, world.plan])
    await handled(more, 1)
    thirty, large = await page()
    assert len(thirty) == 30
    assert {row["application"]["plan"]["name"] for row in thirty} == {world.plan.name, second_plan.name}
    assert {row["claimedBy"] for row in thirty} == {r.display_name for r in reviewers}
    assert all(row["application"]["person"]["realName"].startswith("申请人") for row in thirty)
    assert len(small) == len(large), "\n".join(large)


# ----------------------------------------------------------------- where a task goes next


def kinds_and_units(nodes: list[dict]) -> list[tuple[str, str]]:
    return [(n["nodeKind"], n["unit"]["name"]) for n in nodes]


async def submitted(http, world: World) -> str:
    app_id = await ready_application(http, world)
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    assert payload_errors(result, "applicationSubmit") == []
    return app_id


async def waiting_task(unit) -> Task:
    return await Task.get(unit_id=unit.id, status=TaskStatus.READY)


async def test_provincial_employer_chooses_the_next_node(http):
    world = await build_world(employer_region="340000")
    app_id = await submitted(http, world)
    path = (await gql(http, FLOW, {"id": app_id}, token=world.applicant.token))["data"]["node"]["flow"]
    assert [n["nodeKind"] for n in path] == ["EMPLOYER", "COMPETENT_DEPARTMENT", "HR_BUREAU_PROVINCE", "ORGANIZER"]
    task = await claim_and_decide(http, world.employer, nextUnitId=gid("Unit", world.province_hr.unit.id))
    assert task["status"] == "COMPLETED"
    assert not await Task.exists(unit_id=world.department.unit.id)  # skipped
    hr_task = await waiting_task(world.province_hr.unit)
    assert hr_task.node_kind == NodeKind.HR_BUREAU_PROVINCE
    flow = (await gql(http, FLOW, {"id": app_id}, token=world.applicant.token))["data"]["node"]["flow"]
    # The department was passed over: it leaves the flow rather than showing a review that never happened.
    assert [(n["nodeKind"], n["state"]) for n in flow] == [
        ("EMPLOYER", "DONE"), ("HR_BUREAU_PROVINCE", "CURRENT"), ("ORGANIZER", "WAITING")]
    await claim_and_decide(http, world.province_hr)
    await claim_and_decide(http, world.organizer)
    assert (await Application.get()).status == ApplicationStatus.APPROVED


async def test_only_provincial_units_choose_the_next_node(http):
    world = await build_world()  # employer in 合肥市瑶海区
    await submitted(http, world)
    task = await waiting_task(world.employer.unit)
    await claim(http, world.employer, task)
    payload = await decide(http, world.employer, task, nextUnitId=gid("Unit", world.province_hr.unit.id))
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NEXT_NODE_NOT_ALLOWED", ["nextUnitId"])]
    assert (await Task.get(id=task.id)).status == TaskStatus.CLAIMED  # the PASS was rolled back
    assert await Task.all().count() == 1


async def test_extra_units_pass_back_to_the_employer(http):
    world = await build_world()
    app_id = await submitted(http, world)
    first = await make_unit("合肥市建筑设计研究院", region="340100", nature=UnitNature.PUBLIC_INSTITUTION)
    second = await make_unit("合肥市建设工程质量监督站", region="340100", nature=UnitNature.PUBLIC_INSTITUTION)
    await claim_and_decide(http, world.employer,
                           extraUnitIds=[gid("Unit", first.unit.id), gid("Unit", second.unit.id)])
    order = []
    for actor in (first, second):
        task = await waiting_task(actor.unit)
        order.append((task.node_kind, actor.unit.name))
        # The extra unit reviews with the application in front of it.
        assert (await gql(http, REVIEW_PATH, {"id": app_id}, token=actor.token)).get("errors") is None
        await claim_and_decide(http, actor)
    assert order == [(NodeKind.EXTRA_UNIT, first.unit.name), (NodeKind.EXTRA_UNIT, second.unit.name)]
    back = await waiting_task(world.employer.unit)
    assert back.node_kind == NodeKind.EMPLOYER
    await claim_and_decide(http, world.employer)
    assert (await waiting_task(world.department.unit)).node_kind == NodeKind.COMPETENT_DEPARTMENT
    # Only the employer adds extra units.
    task = await waiting_task(world.department.unit)
    await claim(http, world.department, task)
    payload = await decide(http, world.department, task, extraUnitIds=[gid("Unit", first.unit.id)])
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["extraUnitIds"])]


async def test_talent_centre_joins_the_path(http):
    world = await build_world()
    app_id = await submitted(http, world)
    centre = await make_unit("合肥市人才服务中心", kind=UnitKind.TALENT_CENTER, region="340100",
                             nature=UnitNature.PUBLIC_INSTITUTION)
    task = await waiting_task(world.employer.unit)
    await claim(http, world.employer, task)
    payload = await decide(http, world.employer, task, talentCenterId=gid("Unit", world.department.unit.id))
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["talentCenterId"])]
    assert (await decide(http, world.employer, task, talentCenterId=gid("Unit", centre.unit.id)))["errors"] == []
    flow = (await gql(http, FLOW, {"id": app_id}, token=world.applicant.token))["data"]["node"]["flow"]
    assert kinds_and_units(flow)[:3] == [("EMPLOYER", world.employer.unit.name),
                                         ("TALENT_CENTER", "合肥市人才服务中心"),
                                         ("COMPETENT_DEPARTMENT", world.department.unit.name)]
    assert [n["state"] for n in flow[:3]] == ["DONE", "CURRENT", "WAITING"]
    await claim_and_decide(http, centre)
    assert await Task.exists(unit_id=world.department.unit.id, status=TaskStatus.READY)


@pytest.mark.parametrize("configured", [False, True])
async def test_dry_run_lists_the_nodes_the_submission_uses(http, configured):
    world = await build_world()
    if configured:
        # The most specific region wins; another mode's path does not apply.
        await ReviewPath.create(evaluation_mode="REVIEW", committee_tier="SENIOR", region_id="340000",
                                node_kinds=["EMPLOYER", "HR_BUREAU_PROVINCE", "ORGANIZER"])
        await ReviewPath.create(evaluation_mode="REVIEW", committee_tier="SENIOR", region_id="340100",
                                node_kinds=["EMPLOYER", "HR_BUREAU_CITY", "ORGANIZER"])
        await ReviewPath.create(evaluation_mode="COMMISSIONED_REVIEW", committee_tier="SENIOR", region_id="340102",
                                node_kinds=["EMPLOYER", "ORGANIZER"])
    app_id = await ready_application(http, world)
    dry = (await gql(http, REVIEW_PATH, {"id": app_id}, token=world.applicant.token))["data"]["applicationReviewPath"]
    assert {n["state"] for n in dry} == {"WAITING"}
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    used = result["data"]["applicationSubmit"]["application"]["flow"]
    assert kinds_and_units(dry) == kinds_and_units(used)
    expected = ([("EMPLOYER", world.employer.unit.name), ("HR_BUREAU_CITY", world.city_hr.unit.name),
                 ("ORGANIZER", world.organizer.unit.name)] if configured else
                [("EMPLOYER", world.employer.unit.name), ("COMPETENT_DEPARTMENT", world.department.unit.name),
                 ("HR_BUREAU_CITY", world.city_hr.unit.name), ("HR_BUREAU_PROVINCE", world.province_hr.unit.name),
                 ("ORGANIZER", world.organizer.unit.name)])
    assert kinds_and_units(used) == expected
    # And the chain really goes that way.
    for kind, name in expected:
        actor = next(a for a in (world.employer, world.department, world.city_hr, world.province_hr,
                                 world.organizer) if a.unit.name == name)
        assert (await waiting_task(actor.unit)).node_kind == kind
        await claim_and_decide(http, actor)
    assert (await Application.get()).status == ApplicationStatus.APPROVED


async def test_an_extra_unit_withdrawing_keeps_the_units_after_it(http):
    from tests.declaration_support import TASK_WITHDRAW

    world = await build_world()
    await submitted(http, world)
    first = await make_unit("合肥市建筑设计研究院", region="340100", nature=UnitNature.PUBLIC_INSTITUTION)
    second = await make_unit("合肥市建设工程质量监督站", region="340100", nature=UnitNature.PUBLIC_INSTITUTION)
    await claim_and_decide(http, world.employer,
                           extraUnitIds=[gid("Unit", first.unit.id), gid("Unit", second.unit.id)])
    passed = await claim_and_decide(http, first)
    result = await gql(http, TASK_WITHDRAW, {"input": {"taskId": passed["id"]}}, token=first.token)
    assert payload_errors(result, "taskWithdraw") == []
    await decide(http, first, await Task.get(unit_id=first.unit.id, status=TaskStatus.CLAIMED))
    assert await Task.exists(unit_id=second.unit.id, status=TaskStatus.READY, node_kind=NodeKind.EXTRA_UNIT)
    assert not await Task.exists(unit_id=world.employer.unit.id, status=TaskStatus.READY)


async def test_extra_units_must_be_distinct_and_not_the_employer(http):
    world = await build_world()
    await submitted(http, world)
    other = await make_unit("合肥市建筑设计研究院", region="340100", nature=UnitNature.PUBLIC_INSTITUTION)
    task = await waiting_task(world.employer.unit)
    await claim(http, world.employer, task)
    for extra in ([other.unit.id, other.unit.id], [world.employer.unit.id]):
        payload = await decide(http, world.employer, task, extraUnitIds=[gid("Unit", u) for u in extra])
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["extraUnitIds"])]
    assert (await Task.get(id=task.id)).status == TaskStatus.CLAIMED


async def test_withdrawing_the_pass_takes_the_talent_centre_off_the_path(http):
    from tests.declaration_support import TASK_WITHDRAW

    world = await build_world()
    app_id = await submitted(http, world)
    centre = await make_unit("合肥市人才服务中心", kind=UnitKind.TALENT_CENTER, region="340100",
                             nature=UnitNature.PUBLIC_INSTITUTION)
    task = await waiting_task(world.employer.unit)
    await claim(http, world.employer, task)
    assert (await decide(http, world.employer, task, talentCenterId=gid("Unit", centre.unit.id)))["errors"] == []
    result = await gql(http, TASK_WITHDRAW, {"input": {"taskId": gid("Task", task.id)}}, token=world.employer.token)
    assert result["data"]["taskWithdraw"]["errors"] == []
    flow = (await gql(http, FLOW, {"id": app_id}, token=world.applicant.token))["data"]["node"]["flow"]
    assert "TALENT_CENTER" not in [n["nodeKind"] for n in flow]
    assert flow[0]["state"] == "CURRENT"


async def test_a_unit_off_the_path_chosen_next_reviews_then_the_path_resumes(http):
    world = await build_world(employer_region="340000")
    app_id = await submitted(http, world)
    centre = await make_unit("安徽省人才服务中心", kind=UnitKind.TALENT_CENTER, region="340000",
                             nature=UnitNature.PUBLIC_INSTITUTION)
    await claim_and_decide(http, world.employer, nextUnitId=gid("Unit", centre.unit.id))
    flow = (await gql(http, FLOW, {"id": app_id}, token=world.applicant.token))["data"]["node"]["flow"]
    assert [(n["nodeKind"], n["state"]) for n in flow][:3] == [
        ("EMPLOYER", "DONE"), ("TALENT_CENTER", "CURRENT"), ("COMPETENT_DEPARTMENT", "WAITING")]
    await claim_and_decide(http, centre)
    assert (await waiting_task(world.department.unit)).node_kind == NodeKind.COMPETENT_DEPARTMENT
