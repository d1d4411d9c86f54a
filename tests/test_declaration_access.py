"""Who may reach a declaration, its parts and the labels about it (models/access/): every role against
every path — root fields, nested fields and ``node(id)``.

The world: 张三 has filled a complete application (with an attachment and imported snapshots) under a plan of
the provincial committee; his employer 合肥宏达 (340102) sits under the city (340100) and province (340000) HR
bureaus. Cells: ``seen`` (allowed), ``none`` (``node(id)`` or a nested field answered null, as for an ID that
does not exist), ``F`` FORBIDDEN, ``U`` UNAUTHENTICATED.
"""
from __future__ import annotations

from datetime import date

import pytest

from models.access.masking import mask_id_number
from models.application.models import Application, ApplicationAttachment, ApplicationRecord
from models.blacklist.models import BlacklistEntry
from models.core.job import Job, JobKind
from models.messaging.models import Message
from models.person.binding import Binding
from models.workflow.models import NodeKind, ProcessType, ReviewPath, Task
from tests.declaration_support import SUBMIT, WITHDRAW, World, build_world, claim_and_decide, ready_application
from tests.helpers import error_codes, gid, gql, make_account, make_person, payload_errors, run_jobs

ROLES = ("applicant", "employer", "department", "city_hr", "province_hr", "other_person", "platform", "anonymous")
DRAFT = {
    #                  applic. employer department city_hr province other  platform anon
    "node_application": ("seen", "none", "none",   "none",  "none",  "none", "seen",  "none"),
    "node_attachment":  ("seen", "none", "none",   "none",  "none",  "none", "seen",  "none"),
    "node_snapshot":    ("seen", "none", "none",   "none",  "none",  "none", "seen",  "none"),
    "review_path":      ("seen", "F",    "F",      "F",     "F",     "F",    "seen",  "U"),
    "quota_use":        ("seen", "F",    "F",      "F",     "F",     "F",    "seen",  "U"),
    "task_application": ("none", "none", "none",   "none",  "none",  "none", "seen",  "none"),
}
# From the first submission on, the units and bureaus above the employer see it, a later withdrawal
# (back to DRAFT) included; the department only once it holds a task. ``task_application``: only units'
# admins (and platform admins) reach a task at all.
SUBMITTED = {
    "node_application": ("seen", "seen", "none",   "seen",  "seen",  "none", "seen",  "none"),
    "node_attachment":  ("seen", "seen", "none",   "seen",  "seen",  "none", "seen",  "none"),
    "node_snapshot":    ("seen", "seen", "none",   "seen",  "seen",  "none", "seen",  "none"),
    "review_path":      ("seen", "seen", "F",      "seen",  "seen",  "F",    "seen",  "U"),
    "quota_use":        ("seen", "seen", "F",      "seen",  "seen",  "F",    "seen",  "U"),
    "task_application": ("none", "seen", "seen",   "seen",  "seen",  "none", "seen",  "none"),
}

NODE_APPLICATION = """query($id: ID!) { node(id: $id) { ... on Application { id
  attachments { id file { url } } records { id } } } }"""
NODE_ATTACHMENT = "query($id: ID!) { node(id: $id) { ... on ApplicationAttachment { id file { name url } } } }"
NODE_SNAPSHOT = "query($id: ID!) { node(id: $id) { ... on ApplicationRecordSnapshot { id title category } } }"
REVIEW_PATH = "query($id: ID!) { applicationReviewPath(applicationId: $id) { nodeKind } }"
QUOTA_USE = "query($id: ID!) { quotaUse(applicationId: $id) { occupiesPost } }"
NODE_TASK = "query($id: ID!) { node(id: $id) { ... on Task { id title application { id } } } }"
NODE_ANY = "query($id: ID!) { node(id: $id) { id } }"


async def world(http) -> tuple[World, dict[str, str | None], str]:
    w = await build_world()
    app_id = await ready_application(http, w)
    other = await make_person("李四", unit=w.employer.unit, status="APPROVED")
    platform = await make_account("平台管理员", platform_admin=True)
    tokens = {"applicant": w.applicant.token, "employer": w.employer.token, "department": w.department.token,
              "city_hr": w.city_hr.token, "province_hr": w.province_hr.token, "other_person": other.token,
              "platform": platform.token, "anonymous": None}
    return w, tokens, app_id


def unseen(result: dict) -> str:
    assert not result.get("errors"), result
    return "none" if result["data"]["node"] is None else "seen"


def refusal(result: dict) -> str:
    codes = error_codes(result)
    if not codes:
        return "seen"
    assert len(codes) == 1 and codes[0] in ("FORBIDDEN", "UNAUTHENTICATED"), result
    return "F" if codes[0] == "FORBIDDEN" else "U"


async def node_application(http, w: World, app_id: str, token: str | None) -> str:
    result = await gql(http, NODE_APPLICATION, {"id": app_id}, token=token)
    if unseen(result) == "seen":  # whoever sees it may download its files
        [attachment] = result["data"]["node"]["attachments"]
        assert (await http.get(attachment["file"]["url"])).status_code == 200
    return unseen(result)


async def node_attachment(http, w: World, app_id: str, token: str | None) -> str:
    row = await ApplicationAttachment.get()
    result = await gql(http, NODE_ATTACHMENT, {"id": gid("ApplicationAttachment", row.id)}, token=token)
    if unseen(result) == "seen":
        assert result["data"]["node"]["file"]["name"] == "身份证.png"
    return unseen(result)


async def node_snapshot(http, w: World, app_id: str, token: str | None) -> str:
    row = await ApplicationRecord.filter(category="PAPER").get()
    result = await gql(http, NODE_SNAPSHOT, {"id": gid("ApplicationRecordSnapshot", row.id)}, token=token)
    if unseen(result) == "seen":
        assert result["data"]["node"] == {"id": gid("ApplicationRecordSnapshot", row.id),
                                          "title": "大跨度钢结构施工技术研究", "category": "PAPER"}
    return unseen(result)


async def review_path(http, w: World, app_id: str, token: str | None) -> str:
    return refusal(await gql(http, REVIEW_PATH, {"id": app_id}, token=token))


async def quota_use(http, w: World, app_id: str, token: str | None) -> str:
    return refusal(await gql(http, QUOTA_USE, {"id": app_id}, token=token))


async def task_application(http, w: World, app_id: str, token: str | None) -> str:
    """``node(Task) { application }``, each unit's admin asking about a task addressed to their unit: nested,
    the application scopes itself. For a draft the task is a stray one (an import, a bug) — even then the
    draft stays the applicant's."""
    app = await Application.get()
    task = await Task.filter(subject_id=app.id).order_by("id").first() or await Task.create(
        process_type=ProcessType.APPLICATION, subject_id=app.id, unit=w.employer.unit, node_kind=NodeKind.EMPLOYER,
        title="职称申报-张三", person=w.applicant.person)
    units = {a.token: a.unit.id for a in (w.employer, w.department, w.city_hr, w.province_hr)}
    await Task.filter(id=task.id).update(unit_id=units.get(token, task.unit_id))
    node = (await gql(http, NODE_TASK, {"id": gid("Task", task.id)}, token=token))["data"]["node"]
    await Task.filter(id=task.id).update(unit_id=task.unit_id)
    return "seen" if node and node["application"] else "none"


OPERATIONS = {f.__name__: f for f in (node_application, node_attachment, node_snapshot, review_path, quota_use,
                                       task_application)}


def test_matrices_are_complete():
    assert set(DRAFT) == set(SUBMITTED) == set(OPERATIONS)
    assert all(len(row) == len(ROLES) for row in [*DRAFT.values(), *SUBMITTED.values()])


@pytest.mark.parametrize("op", list(OPERATIONS))
async def test_a_draft_is_the_applicants_alone(http, op):
    w, tokens, app_id = await world(http)
    assert (await Application.get()).submitted_at is None
    actual = {role: await OPERATIONS[op](http, w, app_id, tokens[role]) for role in ROLES}
    assert actual == dict(zip(ROLES, DRAFT[op]))


@pytest.mark.parametrize("op", list(OPERATIONS))
@pytest.mark.parametrize("withdrawn", [False, True], ids=["in_review", "withdrawn"])
async def test_from_its_first_submission_the_reviewers_see_it(http, op, withdrawn):
    w, tokens, app_id = await world(http)
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=w.applicant.token)
    assert not payload_errors(result, "applicationSubmit"), result
    if withdrawn:
        result = await gql(http, WITHDRAW, {"input": {"applicationId": app_id}}, token=w.applicant.token)
        assert result["data"]["applicationWithdraw"]["application"]["status"] == "DRAFT"
    actual = {role: await OPERATIONS[op](http, w, app_id, tokens[role]) for role in ROLES}
    assert actual == dict(zip(ROLES, SUBMITTED[op]))


# ---------------------------------------------------------------- node(id): missing and forbidden alike


async def test_review_paths_resolve_by_node_for_anyone_signed_in(http):
    row = await ReviewPath.create(evaluation_mode="REVIEW", committee_tier="SENIOR", region_id="340000",
                                  node_kinds=["EMPLOYER", "HR_BUREAU_PROVINCE"])
    query = "query($id: ID!) { node(id: $id) { ... on ReviewPath { id nodeKinds region { code } } } }"
    person = await make_person("王五")
    result = await gql(http, query, {"id": gid("ReviewPath", row.id)}, token=person.token)
    assert result["data"]["node"] == {"id": gid("ReviewPath", row.id), "region": {"code": "340000"},
                                      "nodeKinds": ["EMPLOYER", "HR_BUREAU_PROVINCE"]}
    assert await gql(http, query, {"id": gid("ReviewPath", row.id)}) == {"data": {"node": None}}


async def test_blacklist_entries_resolve_by_node_for_the_bureaus_above(http):
    w, tokens, _ = await world(http)
    entry = await BlacklistEntry.create(person=w.applicant.person, reason="学术不端", starts_on=date(2020, 1, 1),
                                        ends_on=date(2021, 1, 1))
    query = "query($id: ID!) { node(id: $id) { ... on BlacklistEntry { id reason person { realName } } } }"
    seen = {role: (await gql(http, query, {"id": gid("BlacklistEntry", entry.id)}, token=tokens[role]))["data"]["node"]
            for role in ROLES}
    assert {role for role, node in seen.items() if node} == {"city_hr", "province_hr", "platform"}
    assert seen["city_hr"] == {"id": gid("BlacklistEntry", entry.id), "reason": "学术不端",
                               "person": {"realName": "张三"}}


async def test_missing_and_forbidden_look_the_same(http, settings):
    """For every private type, an existing ID the caller may not see answers exactly like one that does not
    exist: the answer tells an outsider nothing."""
    w, tokens, app_id = await world(http)
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=w.applicant.token)
    assert not payload_errors(result, "applicationSubmit"), result
    await run_jobs(settings)  # the employer's admins hear of the new task
    draft_plan = w.plan
    await type(draft_plan).filter(id=draft_plan.id).update(status="DRAFT")
    job = await Job.create(kind=JobKind.BINDING_DECISION_NOTICE, params={"binding_ids": []},
                           requester_id=w.employer.account.id)
    existing = {
        "Person": w.applicant.person.id,
        "Binding": (await Binding.get(person_id=w.applicant.person.id)).id,
        "Message": (await Message.filter(recipient_id=w.employer.account.id).first()).id,
        "Job": job.id,
        "Account": w.employer.account.id,
        "AchievementRecord": w.paper_id,
        "Application": (await Application.get()).id,
        "ApplicationAttachment": (await ApplicationAttachment.get()).id,
        "ApplicationRecordSnapshot": (await ApplicationRecord.filter(category="PAPER").get()).id,
        "Task": (await Task.get()).id,
        "Plan": draft_plan.id,
        "BlacklistEntry": (await BlacklistEntry.create(person=w.applicant.person, reason="学术不端",
                                                        starts_on=date(2020, 1, 1), ends_on=date(2021, 1, 1))).id,
    }
    outsider = await make_person("赵六")
    for type_name, pk in existing.items():
        owner_view = await gql(http, NODE_ANY, {"id": gid(type_name, pk)}, token=tokens["platform"])
        assert owner_view == {"data": {"node": {"id": gid(type_name, pk)}}}, type_name  # it does exist
        for token in (outsider.token, None):
            forbidden = await gql(http, NODE_ANY, {"id": gid(type_name, pk)}, token=token)
            missing = await gql(http, NODE_ANY, {"id": gid(type_name, 987654321)}, token=token)
            assert forbidden == missing == {"data": {"node": None}}, (type_name, forbidden)


# ---------------------------------------------------------------- masking: labels never carry the whole number


async def test_task_titles_and_messages_carry_the_id_number_masked(http, settings):
    w, tokens, app_id = await world(http)
    full = w.applicant.person.id_number
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=w.applicant.token)
    assert not payload_errors(result, "applicationSubmit"), result
    await claim_and_decide(http, w.employer)  # the department holds the next task
    await run_jobs(settings)
    messages = "query { messages(first: 10) { nodes { id title body } } }"
    tasks = """query($unitId: ID!) { tasks(unitId: $unitId, box: HANDLED_BY_UNIT, first: 10) { nodes { id title } }
      pending: tasks(unitId: $unitId, box: TO_CLAIM, first: 10) { nodes { id title } } }"""
    for actor in (w.employer, w.department):
        [message] = (await gql(http, messages, token=actor.token))["data"]["messages"]["nodes"]
        assert message["title"] == "新的待审核任务" and f"【{mask_id_number(full)}】" in message["body"]
        node = await gql(http, "query($id: ID!) { node(id: $id) { ... on Message { body } } }",
                         {"id": message["id"]}, token=actor.token)
        assert node["data"]["node"]["body"] == message["body"]
        page = (await gql(http, tasks, {"unitId": gid("Unit", actor.unit.id)}, token=actor.token))["data"]
        [task] = page["tasks"]["nodes"] + page["pending"]["nodes"]
        assert task["title"] == f"职称申报-张三【{mask_id_number(full)}】-高级工程师"
        node = await gql(http, NODE_TASK, {"id": task["id"]}, token=actor.token)
        assert node["data"]["node"]["title"] == task["title"]
    # The whole number is nowhere in what the API hands out as text about the task.
    for actor in (w.employer, w.department):
        for query, variables in ((messages, {}), (tasks, {"unitId": gid("Unit", actor.unit.id)})):
            assert full not in str(await gql(http, query, variables, token=actor.token))
    # Searching by the number still finds the task for its unit.
    found = await gql(http, """query($unitId: ID!, $q: String!) { tasks(unitId: $unitId, box: TO_CLAIM, first: 5,
      filter: { titleContains: $q }) { totalCount } }""", {"unitId": gid("Unit", w.department.unit.id), "q": full},
                      token=w.department.token)
    assert found["data"]["tasks"]["totalCount"] == 1


async def test_one_viewer_sees_a_person_one_way_on_every_path(http):
    """An HR bureau merely above the unit sees 张三 masked everywhere; once it reviews him (holds a task), it
    sees him whole everywhere — node(Person) agrees with application.person."""
    w, tokens, app_id = await world(http)
    full = w.applicant.person.id_number
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=w.applicant.token)
    assert not payload_errors(result, "applicationSubmit"), result
    person = "query($id: ID!) { node(id: $id) { ... on Person { idNumber } } }"
    through_app = "query($id: ID!) { node(id: $id) { ... on Application { person { idNumber } } } }"

    async def seen_by(actor) -> set[str]:
        direct = await gql(http, person, {"id": gid("Person", w.applicant.person.id)}, token=actor.token)
        nested = await gql(http, through_app, {"id": app_id}, token=actor.token)
        return {direct["data"]["node"]["idNumber"], nested["data"]["node"]["person"]["idNumber"]}

    assert await seen_by(w.city_hr) == {mask_id_number(full)}
    for actor in (w.employer, w.department):
        await claim_and_decide(http, actor)
    assert await seen_by(w.city_hr) == {full}  # the city bureau now holds a task: a reviewing unit
    assert await seen_by(w.province_hr) == {mask_id_number(full)}
