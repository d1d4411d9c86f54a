"""Races on PostgreSQL, where row locks are real: many claims of one task, double submissions, double
creations in one plan year, and a reviewer's withdrawal against the next unit's claim."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from models.application.models import Application, ApplicationStatus
from models.plan.models import Plan
from models.unit.models import UnitAdmin
from models.workflow.models import Task, TaskStatus
from tests.conftest import on_postgres
from tests.declaration_support import (CLAIM, CREATE, DECIDE, SUBMIT, TASK_WITHDRAW, TASKS, build_world,
                                       ready_application)
from tests.helpers import gid, gql, make_account

pytestmark = pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent transactions need PostgreSQL")


def outcome(result: dict, name: str) -> str:
    """``ok`` or the single error code of a payload."""
    assert not result.get("errors"), result
    errors = result["data"][name]["errors"]
    if not errors:
        return "ok"
    assert len(errors) == 1, errors
    return errors[0]["code"]


async def employer_task_id(http, world) -> str:
    page = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "TO_CLAIM"},
                      token=world.employer.token))["data"]["tasks"]
    assert page["totalCount"] == 1, page
    return page["nodes"][0]["id"]


async def test_fifty_admins_claim_one_task_and_one_wins(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    task_id = await employer_task_id(http, world)
    admins = [await make_account(f"管理员{i}") for i in range(50)]
    await UnitAdmin.bulk_create([UnitAdmin(unit_id=world.employer.unit.id, account_id=a.account.id) for a in admins])

    results = await asyncio.gather(*(gql(http, CLAIM, {"input": {"taskId": task_id}}, token=a.token)
                                     for a in admins))
    outcomes = [outcome(r, "taskClaim") for r in results]
    assert sorted(set(outcomes)) == ["CONFLICT", "ok"] and outcomes.count("ok") == 1, outcomes
    winner = admins[outcomes.index("ok")]
    [task] = await Task.all()
    assert task.status == TaskStatus.CLAIMED and task.claimed_by_id == winner.account.id
    assert task.version == 1  # one conditional update went through
    assert results[outcomes.index("ok")]["data"]["taskClaim"]["task"]["claimedBy"] == winner.account.display_name


async def test_two_submissions_at_once_open_one_task(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    results = await asyncio.gather(*(gql(http, SUBMIT, {"input": {"applicationId": app_id}},
                                         token=world.applicant.token) for _ in range(2)))
    outcomes = sorted(outcome(r, "applicationSubmit") for r in results)
    assert outcomes == ["NOT_EDITABLE", "ok"], results
    app = await Application.get()
    assert app.status == ApplicationStatus.IN_REVIEW
    assert await Task.all().count() == 1


@pytest.mark.parametrize("plans", ["same plan", "two plans of one year"])
async def test_two_creations_in_one_year_make_one_application(http, plans):
    world = await build_world()
    inputs = [world.create_input(), world.create_input()]
    if plans == "two plans of one year":
        now = datetime.now(timezone.utc)
        second = await Plan.create(
            name="2026年—安徽省建设工程专业高级职称评审（第二批）", year=2026, committee=world.committee,
            organizer=world.organizer.unit, levels=["ASSOCIATE_SENIOR"], declaration_types=["REGULAR"],
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), status="PUBLISHED",
            published_at=now)
        inputs[1] = world.create_input(planId=gid("Plan", second.id))
    results = await asyncio.gather(*(gql(http, CREATE, {"input": i}, token=world.applicant.token) for i in inputs))
    outcomes = sorted(outcome(r, "applicationCreate") for r in results)
    assert outcomes == ["APPLICATION_EXISTS", "ok"], results
    assert await Application.all().count() == 1


async def test_reviewer_withdrawal_races_the_next_claim(http):
    """Whichever lands first wins; the other is refused and the rows agree with each other. Several rounds
    so both orders get a chance."""
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    employer_task = await employer_task_id(http, world)
    await gql(http, CLAIM, {"input": {"taskId": employer_task}}, token=world.employer.token)
    for _ in range(6):
        passed = await gql(http, DECIDE, {"input": {"taskId": employer_task, "decision": "PASS", "opinion": "同意"}},
                           token=world.employer.token)
        assert outcome(passed, "taskDecide") == "ok", passed
        next_task = await Task.get(unit_id=world.department.unit.id, status=TaskStatus.READY)
        withdrawal, claim = await asyncio.gather(
            gql(http, TASK_WITHDRAW, {"input": {"taskId": employer_task}}, token=world.employer.token),
            gql(http, CLAIM, {"input": {"taskId": gid("Task", next_task.id)}}, token=world.department.token))
        withdrawn, claimed = outcome(withdrawal, "taskWithdraw"), outcome(claim, "taskClaim")
        mine, following = await Task.get(id=next_task.previous_id), await Task.get(id=next_task.id)
        app = await Application.get()
        assert app.status == ApplicationStatus.IN_REVIEW
        if claimed == "ok":
            assert withdrawn in ("NOT_WITHDRAWABLE", "CONFLICT"), withdrawal
            assert following.status == TaskStatus.CLAIMED and following.claimed_by_id == world.department.account.id
            assert mine.status == TaskStatus.COMPLETED and mine.decision == "PASS"
            assert app.path_position == 1
            break
        assert withdrawn == "ok" and claimed == "NOT_ACTIVE", (withdrawal, claim)
        assert following.status == TaskStatus.CANCELLED
        assert mine.status == TaskStatus.CLAIMED and mine.decision is None
        assert app.path_position == 0
    else:
        pytest.fail("the claim never won in six rounds")
    # Never more than one live task for the application.
    live = await Task.filter(status__in=[TaskStatus.READY, TaskStatus.CLAIMED]).count()
    assert live == 1
