"""Races against real servers: two `zhicheng api` processes (production mode, each its own pool) on PostgreSQL,
many requests at once over TCP, shared out between the two (tests/race_support.py). Each test names the guard it protects; tests/race_mutants.py removes
that guard in a scratch copy and shows the test fails.

The in-process versions (test_declaration_concurrency.py, test_bindings.py, test_quota.py, test_auth.py)
stay: they check the outcomes a user sees; these check that the guard holds when requests really overlap.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from models.account.models import RefreshToken
from models.application.models import Application, ApplicationStatus
from models.core.history import HistoryEntry, SubjectType
from models.person.binding import Binding, BindingStatus
from models.person.models import Person
from models.plan.models import Plan
from models.quota.models import QuotaUse
from models.unit.models import UnitAdmin
from models.workflow.models import Task, TaskStatus
from tests.conftest import on_postgres
from tests.declaration_support import CLAIM, CREATE, DECIDE, SUBMIT, TASK_WITHDRAW, build_world, ready_application
from tests.helpers import gid, gql, make_account, make_person, make_unit
from tests.quota_support import RECOMMEND, employer_task_id, public_world, set_quota, submitted
from tests.race_support import (BINDING_DECIDE, REFRESH, applicants, at_once, claimed_applications, outcome,
                                refresh_token_for, running_api, wire_client)

pytestmark = pytest.mark.skipif(not on_postgres(), reason="real concurrent transactions need PostgreSQL")


# The withdrawal-against-claim rounds: how many, and how much later (or earlier) the withdrawal is sent after
# a round it won (lost). The two requests take a few milliseconds; where they meet depends on the machine.
WITHDRAW_ROUNDS = 24
STAGGER_STEP = 0.0005


@pytest.fixture(scope="module")
def api(app, settings, tmp_path_factory):
    with running_api(settings, tmp_path_factory.mktemp("race-api")) as server:
        yield server


@pytest.fixture
async def wire(api):
    async with wire_client(api) as client:
        yield client


async def test_fifty_admins_claim_one_task(http, wire):
    """Guard: models/workflow/engine.py, claim_task — the claim is
    ``UPDATE task … WHERE id = … AND status = READY AND version = <the version read>``; the status check
    before it reads without a lock, so only that condition stops a second admin who read READY too.
    Fifty admins claim one task at once, four tasks in turn: one winner each."""
    world = await build_world()
    admins = [await make_account(f"管理员{i}") for i in range(50)]
    await UnitAdmin.bulk_create([UnitAdmin(unit_id=world.employer.unit.id, account_id=a.account.id) for a in admins])
    worlds = await applicants(world, 4)
    task_ids = [await employer_task_id(http, w, await submitted(http, w)) for w in worlds]
    rounds = []
    for task_id in task_ids:
        rounds.append([outcome(r, "taskClaim") for r in await at_once(
            wire, [(CLAIM, {"input": {"taskId": task_id}}, a.token) for a in admins])])
    assert all(Counter(r) == {"ok": 1, "CONFLICT": 49} for r in rounds), [Counter(r) for r in rounds]
    for task_id, outcomes in zip(task_ids, rounds):
        task = await Task.get(id=int(_pk(task_id)))
        assert task.status == TaskStatus.CLAIMED and task.claimed_by_id == admins[outcomes.index("ok")].account.id


async def test_one_claimed_task_decided_at_once(http, wire):
    """Guard: models/workflow/engine.py, decide_task — the task row is locked (``_locked``: SELECT … FOR UPDATE)
    before its status is checked, and the completion is ``UPDATE … WHERE status = <read> AND version = <read>``.
    Either alone holds; without both, two decisions complete the task and the application moves twice.
    The claimer sends twenty PASS and RETURN decisions at once: one is recorded, with its consequence."""
    world = await build_world()
    [(_, _, task_id)] = await claimed_applications(http, [world])
    decisions = ["PASS", "RETURN"] * 10
    calls = [(DECIDE, {"input": {"taskId": task_id, "decision": d, "opinion": "同意" if d == "PASS" else "材料不全"}},
              world.employer.token) for d in decisions]
    outcomes = [outcome(r, "taskDecide") for r in await at_once(wire, calls)]
    assert outcomes.count("ok") == 1 and set(outcomes) <= {"ok", "NOT_ACTIVE", "CONFLICT"}, Counter(outcomes)
    decided = decisions[outcomes.index("ok")]
    task = await Task.get(id=int(_pk(task_id)))
    assert task.status == TaskStatus.COMPLETED and task.decision == decided
    assert await HistoryEntry.filter(subject_type=SubjectType.APPLICATION, subject_id=task.subject_id,
                                     action__in=["PASS", "RETURN"]).count() == 1
    app = await Application.get(id=task.subject_id)
    following = await Task.filter(previous_id=task.id).count()
    if decided == "PASS":
        assert (app.status, app.path_position, following) == (ApplicationStatus.IN_REVIEW, 1, 1)
    else:
        assert (app.status, following) == (ApplicationStatus.RETURNED, 0)


async def test_withdrawal_against_the_next_claim(http, wire):
    """Guard: models/workflow/engine.py, withdraw_decision — the next task is cancelled with
    ``UPDATE … WHERE status = READY AND version = <read>``, as claim_task claims it; without the withdrawal's
    condition a claim that commits between the withdrawal's read of the next task and its write is cancelled
    under the claimer, and both succeed. A unit withdraws its PASS on one replica while the next unit on the
    review path claims the next task on the other, round after round up the path; the withdrawal is sent a
    little later after each round it wins and earlier after each the claim wins (the claim later, once the
    withdrawal already leaves first and still loses), so the rounds gather where the two meet. Every round exactly one side wins and the rows agree with it; both sides win some rounds."""
    world = await build_world()
    path = [world.employer, world.department, world.city_hr, world.province_hr, world.organizer]
    # (position on the path, the task there, claimed by that unit's admin)
    chains = [(0, task_id) for _, _, task_id in await claimed_applications(http, await applicants(world, 3))]
    delay, rounds = 0.0, []
    while chains and len(rounds) < WITHDRAW_ROUNDS:
        here, task_id = chains.pop()
        unit, following_unit = path[here], path[here + 1]
        result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "PASS", "opinion": "同意"}},
                           token=unit.token)
        assert outcome(result, "taskDecide") == "ok", result
        following = await Task.get(previous_id=int(_pk(task_id)), status=TaskStatus.READY)
        withdrawal, claim = await at_once(wire, [
            (TASK_WITHDRAW, {"input": {"taskId": task_id}}, unit.token),
            (CLAIM, {"input": {"taskId": gid("Task", following.id)}}, following_unit.token)],
            delays=[max(delay, 0.0), max(-delay, 0.0)])  # a negative stagger holds the claim back instead
        withdrawn, claimed = outcome(withdrawal, "taskWithdraw"), outcome(claim, "taskClaim")
        rounds.append((round(delay * 1000, 1), withdrawn, claimed))
        mine, theirs = await Task.get(id=following.previous_id), await Task.get(id=following.id)
        app = await Application.get(id=mine.subject_id)
        assert (withdrawn == "ok") != (claimed == "ok"), rounds
        if claimed == "ok":
            assert withdrawn in ("NOT_WITHDRAWABLE", "CONFLICT"), rounds
            assert (theirs.status, mine.status, mine.decision, app.path_position) == (
                TaskStatus.CLAIMED, TaskStatus.COMPLETED, "PASS", here + 1)
            if here + 2 < len(path):  # the next unit now has a decision to withdraw
                chains.insert(0, (here + 1, gid("Task", theirs.id)))
            delay -= 2 * STAGGER_STEP
        else:
            assert claimed == "NOT_ACTIVE", rounds
            assert (theirs.status, mine.status, mine.decision, app.path_position) == (
                TaskStatus.CANCELLED, TaskStatus.CLAIMED, None, here)
            chains.insert(0, (here, task_id))
            delay += STAGGER_STEP
        live = await Task.filter(subject_id=app.id, status__in=[TaskStatus.READY, TaskStatus.CLAIMED]).count()
        assert live == 1
    assert {w == "ok" for _, w, _ in rounds} == {True, False}, rounds  # the rounds reached where the two meet


async def test_one_application_submitted_at_once(http, wire):
    """Guard: models/application/create.py, own_application (the application row locked with
    SELECT … FOR UPDATE before submit_application checks that it is still editable), backed by bump's
    ``UPDATE … WHERE version = <read>``. Without both, every submission that read DRAFT opens a review
    chain of its own. Twenty submissions of one application at once: submitted once, one task."""
    world = await build_world()
    app_id = await ready_application(http, world)
    calls = [(SUBMIT, {"input": {"applicationId": app_id}}, world.applicant.token)] * 20
    outcomes = [outcome(r, "applicationSubmit") for r in await at_once(wire, calls)]
    assert outcomes.count("ok") == 1 and set(outcomes) <= {"ok", "NOT_EDITABLE", "CONFLICT"}, Counter(outcomes)
    app = await Application.get()
    assert app.status == ApplicationStatus.IN_REVIEW
    assert await Task.all().count() == 1
    assert await HistoryEntry.filter(subject_type=SubjectType.APPLICATION, subject_id=app.id,
                                     action="SUBMITTED").count() == 1


async def test_one_application_a_year_created_at_once(http, wire):
    """Guard: the unique constraint on application (person_id, year) (models/application/models.py, created by
    models/migrations/0002_catalogue_library.py), whose IntegrityError create_application turns into
    APPLICATION_EXISTS; its own "already one this year?" read cannot see an uncommitted twin. Twenty
    creations at once, in two plans of the same year: one application."""
    world = await build_world()
    now = datetime.now(timezone.utc)
    second = await Plan.create(
        name="2026年—安徽省建设工程专业高级职称评审（第二批）", year=2026, committee=world.committee,
        organizer=world.organizer.unit, levels=["ASSOCIATE_SENIOR"], declaration_types=["REGULAR"],
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), status="PUBLISHED", published_at=now)
    inputs = [world.create_input(), world.create_input(planId=gid("Plan", second.id))] * 10
    calls = [(CREATE, {"input": i}, world.applicant.token) for i in inputs]
    outcomes = [outcome(r, "applicationCreate") for r in await at_once(wire, calls)]
    assert outcomes.count("ok") == 1 and set(outcomes) == {"ok", "APPLICATION_EXISTS"}, Counter(outcomes)
    assert await Application.filter(person_id=world.applicant.person.id).count() == 1


async def test_the_last_post_vacancy(http, wire):
    """Guard: models/quota/rules.py, take_post — the quota row is locked (locked_quota: SELECT … FOR UPDATE)
    before the occupied posts are counted against the vacancies, so two recommendations (单位推荐, which take
    the post; the employer's PASS then requires it) cannot both count the last vacancy as free. A public
    institution with one associate-senior vacancy; ten applications claimed by its admins, each recommended
    as occupying a post at once: one takes it, nine get NO_VACANCY."""
    world = await public_world()
    await set_quota(http, world, associate=1, confirm=True)
    chains = await claimed_applications(http, await applicants(world, 10))
    calls = [(RECOMMEND, {"input": {"applicationId": app_id, "occupiesPost": True}}, world.employer.token)
             for _, app_id, _ in chains]
    outcomes = [outcome(r, "applicationRecommend") for r in await at_once(wire, calls)]
    assert outcomes.count("ok") == 1 and set(outcomes) == {"ok", "NO_VACANCY"}, Counter(outcomes)
    assert await QuotaUse.filter(occupies=True).count() == 1


async def test_binding_decided_twice_at_once(http, wire):
    """Guard: models/person/binding.py, decide_bindings — the bindings are locked (SELECT … FOR UPDATE) before
    their PENDING status is checked, and each decision is ``UPDATE … WHERE status = PENDING AND version =
    <read>``. Either alone holds; without both, a PASS and a RETURN of one registration both go through.
    Ten registrations, each passed by one admin and returned by another at the same moment."""
    admin = await make_unit()
    second = await make_account("第二管理员")
    await UnitAdmin.create(unit=admin.unit, account=second.account)
    people = [await make_person(f"注册人{i}", unit=admin.unit) for i in range(10)]
    bindings = [await Binding.get(person_id=p.person.id) for p in people]
    calls = []
    for b in bindings:
        ids = [gid("Binding", b.id)]
        calls += [(BINDING_DECIDE, {"input": {"bindingIds": ids, "decision": "PASS", "opinion": ""}}, admin.token),
                  (BINDING_DECIDE, {"input": {"bindingIds": ids, "decision": "RETURN", "opinion": "信息不符"}},
                   second.token)]
    results = await at_once(wire, calls)
    for i, (b, person) in enumerate(zip(bindings, people)):
        passed, returned = outcome(results[2 * i], "bindingDecide"), outcome(results[2 * i + 1], "bindingDecide")
        assert sorted([passed, returned]) in (["CONFLICT", "ok"], ["NOT_PENDING", "ok"]), (passed, returned)
        row = await Binding.get(id=b.id)
        assert row.status == (BindingStatus.APPROVED if passed == "ok" else BindingStatus.RETURNED)
        assert (await Person.get(id=person.person.id)).current_unit_id == (admin.unit.id if passed == "ok" else None)
        assert await HistoryEntry.filter(subject_type=SubjectType.BINDING, subject_id=b.id, action__in=["PASS", "RETURN"]).count() == 1


async def test_refresh_token_used_at_once(http, wire):
    """Guard: models/account/auth.py, rotate_refresh_token — the token row is locked (SELECT … FOR UPDATE)
    before ``rotated_at`` is checked, and the rotation is ``UPDATE … WHERE rotated_at IS NULL``. The lock makes
    a concurrent twin wait, see the rotation and revoke the sign-in (reuse means a leaked token); the condition
    alone would only refuse the twin and leave both sessions alive; without both, one token rotates twice.
    Twenty sign-ins, each refresh token presented twice at once: one rotation, and the sign-in revoked."""
    person = await make_person()
    tokens = [await refresh_token_for(person.account.id) for _ in range(20)]
    calls = [(REFRESH, {"input": {"refreshToken": t}}, None) for t in tokens for _ in range(2)]
    results = await at_once(wire, calls)
    for i, token in enumerate(tokens):
        mine = sorted(outcome(r, "authRefresh") for r in results[2 * i:2 * i + 2])
        assert mine == ["TOKEN_REUSED", "ok"], mine
        family = (await RefreshToken.get(token_hash=_digest(token))).family
        assert await RefreshToken.filter(family=family, rotated_at__isnull=False).count() == 1
        assert await RefreshToken.filter(family=family).count() == 2  # the token and its one successor
        assert await RefreshToken.filter(family=family, revoked_at=None).count() == 0


def _pk(global_id: str) -> str:
    from strawberry import relay

    return relay.from_base64(global_id)[1]


def _digest(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


async def test_one_determination_a_year_created_at_once(http, wire):
    """Guard: the unique constraint on determination (person_id, year, evaluation_mode)
    (models/determination/models.py, migration 0012), whose IntegrityError create_determination turns into
    DETERMINATION_EXISTS; its own "already one this year?" read cannot see an uncommitted twin. Twenty 初定
    declarations at once: one row."""
    from models.determination.models import Determination
    from tests.determination_support import CREATE as DETERMINATION_CREATE
    from tests.determination_support import create_input, determination_world

    world = await determination_world(http)
    calls = [(DETERMINATION_CREATE, {"input": create_input(world)}, world.person.token)] * 20
    outcomes = [outcome(r, "determinationCreate") for r in await at_once(wire, calls)]
    assert outcomes.count("ok") == 1 and set(outcomes) == {"ok", "DETERMINATION_EXISTS"}, Counter(outcomes)
    assert await Determination.filter(person_id=world.person.person.id).count() == 1


async def test_one_determination_submitted_at_once(http, wire):
    """Guard: models/determination/create.py own_determination (the row locked with SELECT … FOR UPDATE before
    the submission checks that it is still editable), backed by RequestKind.bump's ``UPDATE … WHERE version =
    <read>``. Without both, every submission that read DRAFT opens a review path of its own. Twenty at once:
    submitted once, one task."""
    from models.determination.models import Determination, DeterminationStatus
    from tests.determination_support import SUBMIT as DETERMINATION_SUBMIT
    from tests.determination_support import determination_world, ready

    world = await determination_world(http)
    did = await ready(http, world)
    calls = [(DETERMINATION_SUBMIT, {"input": {"determinationId": did}}, world.person.token)] * 20
    outcomes = [outcome(r, "determinationSubmit") for r in await at_once(wire, calls)]
    assert outcomes.count("ok") == 1 and set(outcomes) <= {"ok", "NOT_EDITABLE", "CONFLICT"}, Counter(outcomes)
    row = await Determination.get()
    assert row.status == DeterminationStatus.IN_REVIEW
    assert await Task.all().count() == 1
    assert await HistoryEntry.filter(subject_type=SubjectType.DETERMINATION, subject_id=row.id,
                                     action="SUBMITTED").count() == 1


async def test_bureau_admins_supplement_and_pass_one_task_at_once(http, wire):
    """Guard: models/workflow/engine.py, decide_task (the task row locked, the completion conditional on status
    and version) — here for SUPPLEMENT as for PASS. The city bureau skips claiming, so each of its twelve
    admins may decide its ready task; they send SUPPLEMENT and PASS at once, over two servers: one decision
    is recorded, with its one consequence."""
    from models.application.models import Application, ApplicationStatus
    from models.unit.models import Unit
    from models.workflow.models import Decision
    from tests.test_task_supplement import _at_city

    world, _ = await _at_city(http)
    await Unit.filter(id=world.city_hr.unit.id).update(skip_claim=True)
    admins = [world.city_hr] + [await make_account(f"市局管理员{i}") for i in range(11)]
    await UnitAdmin.bulk_create([UnitAdmin(unit_id=world.city_hr.unit.id, account_id=a.account.id)
                                 for a in admins[1:]])
    task = await Task.get(unit_id=world.city_hr.unit.id, status=TaskStatus.READY)
    decisions = ["SUPPLEMENT", "PASS"] * 6
    calls = [(DECIDE, {"input": {"taskId": gid("Task", task.id), "decision": d,
                                 "opinion": "请补充" if d == "SUPPLEMENT" else "同意"}}, a.token)
             for d, a in zip(decisions, admins)]
    outcomes = [outcome(r, "taskDecide") for r in await at_once(wire, calls)]
    assert outcomes.count("ok") == 1 and set(outcomes) <= {"ok", "NOT_ACTIVE", "CONFLICT"}, Counter(outcomes)
    winner = outcomes.index("ok")
    done = await Task.get(id=task.id)
    assert (done.status, done.decision, done.completed_by_id) == (
        TaskStatus.COMPLETED, Decision(decisions[winner]), admins[winner].account.id)
    assert await HistoryEntry.filter(subject_type=SubjectType.APPLICATION, subject_id=task.subject_id,
                                     unit_id=world.city_hr.unit.id).count() == 1
    [following] = await Task.filter(previous_id=task.id)
    app = await Application.get(id=task.subject_id)
    if decisions[winner] == "SUPPLEMENT":
        assert (following.unit_id, app.path_position) == (world.department.unit.id, 1)
    else:
        assert (following.unit_id, app.path_position) == (world.province_hr.unit.id, 3)
    assert app.status == ApplicationStatus.IN_REVIEW
