"""Who may reach a declaration and its tasks: every role against every operation, through the API.

The world: 张三's application is submitted and waits at his employer (合肥宏达, 340102). Each operation
asks as every role in turn; the department is asked once before the task reaches it and, last, once after
(the employer passes, then ``department_after`` asks). One case per cell (operation × role); the
cells of one operation share its world (tests/matrix_support.py). Cells: ``full`` / ``masked`` (allowed; the
applicant's ID number whole or masked), ``hidden`` (allowed, the person is null), ``ok`` (allowed),
an error code (the payload refused it), ``F`` FORBIDDEN, ``U`` UNAUTHENTICATED, ``none`` (``node(id)``
refused it with the null a missing ID gets). A refusal of any kind
leaves the database as it was; an allowed mutation is undone before the next role asks.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.access.masking import mask_id_number
from models.application.models import Application, ApplicationStatus
from models.core.history import HistoryEntry
from models.unit.models import UnitKind, UnitNature
from models.workflow.models import Task, TaskStatus
from tests.declaration_support import (CLAIM, DECIDE, SUBMIT, WITHDRAW, World, build_world, claim_and_decide,
                                       ready_application)
from tests.helpers import error_codes, gid, gql, make_account, make_person, make_unit
from tests.matrix_support import SharedWorld

ROLES = ("anonymous", "applicant", "other_person", "employer", "other_unit", "department_before", "hr_covering",
         "hr_other", "platform", "department_after")
MATRIX = {
    #                      anon  applic.  other    employer  o.unit  dept<  hr-340000 hr-510000 platform dept>
    "node_application":   ("none", "full", "none", "full",  "none", "none", "masked", "none",   "full",  "full"),
    "review_path":        ("U", "ok",    "F",     "ok",     "F",    "F",   "ok",     "F",      "ok",    "ok"),
    "node_task":          ("none", "none", "none", "full",  "none", "none", "none",  "none",   "full",  "none"),
    "employer_tasks":     ("U", "F",     "F",     "full",   "F",    "F",   "F",      "F",      "full",  "F"),
    "task_claim":         ("U", "F",     "F",     "ok",     "F",    "F",   "F",      "F",      "F",     "F"),
    "task_decide":        ("U", "F",     "F",     "ok",     "F",    "F",   "F",      "F",      "F",     "F"),
    "application_check":  ("U", "ok",    "F",     "F",      "F",    "F",   "F",      "F",      "F",     "F"),
    "application_submit": ("U", "NOT_EDITABLE", "NOT_FOUND", "F", "F", "F", "F",     "F",      "F",     "F"),
    "application_withdraw": ("U", "ok",  "NOT_FOUND", "F",  "F",    "F",   "F",      "F",      "F",     "F"),
    "application_discard": ("U", "NOT_EDITABLE", "NOT_FOUND", "F", "F", "F", "F",    "F",      "F",     "F"),
}
# department_after / node_application is "full": a unit holding a task for the application reviews it,
# and DOMAIN.md shows reviewing units the person unmasked (HR bureaus merely above the unit see it masked).

NODE_APPLICATION = """query($id: ID!) { node(id: $id) { id ... on Application { status person { idNumber } } } }"""
REVIEW_PATH = """query($id: ID!) { applicationReviewPath(applicationId: $id) { nodeKind state unit { name } } }"""
NODE_TASK = """query($id: ID!) { node(id: $id) { id ... on Task { status application { person { idNumber } } } } }"""
EMPLOYER_TASKS = """query($unitId: ID!) { tasks(unitId: $unitId, box: TO_CLAIM, first: 10) {
  totalCount nodes { id application { status person { realName idNumber } } } } }"""
CHECK = """query($id: ID!) { applicationCheck(applicationId: $id) { rule passed } }"""
DISCARD = """mutation($input: ApplicationActionInput!) { applicationDiscard(input: $input) {
  errors { field code message } discardedId } }"""


@dataclass
class Matrix:
    world: World
    tokens: dict[str, str | None]
    app_id: str
    app_pk: int
    task_pk: int


async def build_matrix(http) -> Matrix:
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    other_person = await make_person("李四", unit=world.employer.unit, status="APPROVED")
    other_unit = await make_unit("合肥其他建设公司", region="340102")
    hr_other = await make_unit("四川省人力资源和社会保障厅", kind=UnitKind.HR_BUREAU, region="510000",
                               nature=UnitNature.GOVERNMENT_AGENCY)
    platform = await make_account("平台管理员", platform_admin=True)
    tokens = {"anonymous": None, "applicant": world.applicant.token, "other_person": other_person.token,
              "employer": world.employer.token, "other_unit": other_unit.token,
              "department_before": world.department.token, "department_after": world.department.token,
              "hr_covering": world.province_hr.token, "hr_other": hr_other.token, "platform": platform.token}
    [task] = await Task.all()
    return Matrix(world, tokens, app_id, (await Application.get()).id, task.id)


async def state() -> tuple:
    """Everything an operation could change."""
    return (await Application.all().order_by("id").values(), await Task.all().order_by("id").values(),
            await HistoryEntry.all().count())


def denial(result: dict) -> str | None:
    codes = error_codes(result)
    if not codes:
        return None
    assert len(codes) == 1 and codes[0] in ("FORBIDDEN", "UNAUTHENTICATED"), result
    return "F" if codes[0] == "FORBIDDEN" else "U"


def unseen(result: dict) -> str | None:
    assert not result.get("errors"), result
    return "none" if result["data"]["node"] is None else None


def payload(result: dict, name: str) -> str:
    errors = result["data"][name]["errors"]
    if not errors:
        return "ok"
    assert len(errors) == 1, errors
    return errors[0]["code"]


def id_shown(m: Matrix, person: dict | None) -> str:
    if person is None:
        return "hidden"
    full = m.world.applicant.person.id_number
    if person["idNumber"] == full:
        return "full"
    assert person["idNumber"] == mask_id_number(full)
    return "masked"


async def reset_first_task(m: Matrix) -> None:
    """Back to the submitted state: the employer's task READY, nothing after it."""
    await Task.filter(id__gt=m.task_pk).delete()
    await Task.filter(id=m.task_pk).update(status=TaskStatus.READY, claimed_by_id=None, claimed_at=None,
                                           decision=None, opinion="", completed_by_id=None, completed_at=None)


# ----------------------------------------------------------------- operations


async def node_application(http, m: Matrix, token):
    result = await gql(http, NODE_APPLICATION, {"id": m.app_id}, token=token)
    if refused := unseen(result):
        return refused
    return id_shown(m, result["data"]["node"]["person"])


async def review_path(http, m: Matrix, token):
    result = await gql(http, REVIEW_PATH, {"id": m.app_id}, token=token)
    if refused := denial(result):
        return refused
    assert [n["nodeKind"] for n in result["data"]["applicationReviewPath"]] == [
        "EMPLOYER", "COMPETENT_DEPARTMENT", "HR_BUREAU_CITY", "HR_BUREAU_PROVINCE", "ORGANIZER"]
    return "ok"


async def node_task(http, m: Matrix, token):
    result = await gql(http, NODE_TASK, {"id": gid("Task", m.task_pk)}, token=token)
    if refused := unseen(result):
        return refused
    return id_shown(m, result["data"]["node"]["application"]["person"])


async def employer_tasks(http, m: Matrix, token):
    result = await gql(http, EMPLOYER_TASKS, {"unitId": gid("Unit", m.world.employer.unit.id)}, token=token)
    if refused := denial(result):
        assert result["data"] is None
        return refused
    [row] = result["data"]["tasks"]["nodes"]
    assert row["application"]["person"]["realName"] == "张三"
    return id_shown(m, row["application"]["person"])


async def task_claim(http, m: Matrix, token):
    result = await gql(http, CLAIM, {"input": {"taskId": gid("Task", m.task_pk)}}, token=token)
    if refused := denial(result):
        return refused
    outcome = payload(result, "taskClaim")
    await reset_first_task(m)
    return outcome


async def task_decide(http, m: Matrix, token):
    # The employer's admin has claimed it; only they may decide.
    [was] = await Task.filter(id=m.task_pk).values("status", "claimed_by_id", "version")
    await Task.filter(id=m.task_pk).update(status=TaskStatus.CLAIMED, claimed_by_id=m.world.employer.account.id)
    before = await state()
    result = await gql(http, DECIDE, {"input": {"taskId": gid("Task", m.task_pk), "decision": "PASS",
                                                "opinion": "同意"}}, token=token)
    if refused := denial(result):
        assert await state() == before
        await Task.filter(id=m.task_pk).update(**was)
        return refused
    outcome = payload(result, "taskDecide")
    assert outcome == "ok" and await Task.filter(unit_id=m.world.department.unit.id).count() == 1
    await reset_first_task(m)
    await Application.filter(id=m.app_pk).update(path_position=0)
    await HistoryEntry.filter(action="PASS").delete()
    return outcome


async def application_check(http, m: Matrix, token):
    result = await gql(http, CHECK, {"id": m.app_id}, token=token)
    if refused := denial(result):
        return refused
    assert all(c["passed"] for c in result["data"]["applicationCheck"])
    return "ok"


async def application_submit(http, m: Matrix, token):
    result = await gql(http, SUBMIT, {"input": {"applicationId": m.app_id}}, token=token)
    return denial(result) or payload(result, "applicationSubmit")


async def application_withdraw(http, m: Matrix, token):
    result = await gql(http, WITHDRAW, {"input": {"applicationId": m.app_id}}, token=token)
    if refused := denial(result):
        return refused
    outcome = payload(result, "applicationWithdraw")
    if outcome == "ok":
        assert (await Application.get(id=m.app_pk)).status == ApplicationStatus.DRAFT
        await Application.filter(id=m.app_pk).update(status=ApplicationStatus.IN_REVIEW)
        await reset_first_task(m)
        await HistoryEntry.filter(action="WITHDRAWN").delete()
    return outcome


async def application_discard(http, m: Matrix, token):
    result = await gql(http, DISCARD, {"input": {"applicationId": m.app_id}}, token=token)
    return denial(result) or payload(result, "applicationDiscard")


OPERATIONS = {f.__name__: f for f in (node_application, review_path, node_task, employer_tasks, task_claim,
                                       task_decide, application_check, application_submit, application_withdraw,
                                       application_discard)}


def test_matrix_is_complete():
    assert set(MATRIX) == set(OPERATIONS)
    assert all(len(row) == len(ROLES) for row in MATRIX.values())


shared = SharedWorld("op")


@pytest.fixture(autouse=True)
async def clean(request):
    """conftest's ``clean``, except between the cells of one operation."""
    async for _ in shared.clean(request):
        yield


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("op", list(MATRIX))
async def test_permissions(http, op, role):
    async with shared.use(lambda: build_matrix(http)) as m:
        if role == "department_after":  # the employer passes; now the department holds a task
            shared.spoil()  # for good: no later cell gets this world
            await Task.filter(id=m.task_pk).update(status=TaskStatus.CLAIMED,
                                                   claimed_by_id=m.world.employer.account.id)
            result = await gql(http, DECIDE, {"input": {"taskId": gid("Task", m.task_pk), "decision": "PASS"}},
                               token=m.world.employer.token)
            assert payload(result, "taskDecide") == "ok"
        before = await state()
        cell = await OPERATIONS[op](http, m, m.tokens[role])
        if cell != "ok":
            assert await state() == before, (role, "a refusal changed the database")
        assert cell == MATRIX[op][ROLES.index(role)]


REVIEWER_TASKS = """query($unitId: ID!) { tasks(unitId: $unitId, box: TO_CLAIM, first: 10) {
  nodes { id title application { person { realName idNumber } } } } }"""


async def test_hr_bureaus_reviewing_see_the_applicant_in_full(http):
    """Every unit holding a task for the application sees the whole ID number, HR bureaus included."""
    m = await build_matrix(http)
    full, masked = m.world.applicant.person.id_number, mask_id_number(m.world.applicant.person.id_number)
    seen = {}
    for name in ("employer", "department", "city_hr", "province_hr", "organizer"):
        actor = getattr(m.world, name)
        [row] = (await gql(http, REVIEWER_TASKS, {"unitId": gid("Unit", actor.unit.id)}, token=actor.token))[
            "data"]["tasks"]["nodes"]
        person = row["application"]["person"]
        seen[name] = None if person is None else person["idNumber"]
        await claim_and_decide(http, actor)
    assert set(seen.values()) == {full}  # holding the task makes each of them a reviewing unit


async def test_reviewing_units_see_the_applicant(http):
    m = await build_matrix(http)
    await claim_and_decide(http, m.world.employer)
    for actor in (m.world.department, m.world.organizer):
        if actor is m.world.organizer:
            for hr in (m.world.city_hr, m.world.province_hr):
                await claim_and_decide(http, hr)
        [row] = (await gql(http, REVIEWER_TASKS, {"unitId": gid("Unit", actor.unit.id)}, token=actor.token))[
            "data"]["tasks"]["nodes"]
        assert row["application"]["person"] is not None, actor.unit.name
        await claim_and_decide(http, actor)
