"""单位推荐: before an employer passes, a public institution records whether the application occupies a post
(under a confirmed quota with a vacancy left), and recommendation files are uploaded where the plan asks."""
import asyncio

import pytest

from models.application.models import Application, ApplicationStatus
from models.core.history import HistoryEntry
from models.core.job import Job
from models.quota.models import QuotaUse
from models.unit.models import Unit, UnitKind, UnitNature
from models.workflow.models import Task
from tests.achievement_support import pk_of
from tests.conftest import on_postgres
from tests.declaration_support import CLAIM, DECIDE, SUBMIT
from tests.helpers import assert_forbidden, assert_unauthenticated, gid, gql, make_account, payload_errors
from tests.quota_support import (CONFIRM, GET, QUOTA_USE, YEAR, add_file, another_applicant, claimed, decide,
                                 employer_task_id, public_world, recommend, set_quota, submitted)


def codes(result: dict, name: str = "applicationRecommend") -> list[str]:
    return [e["code"] for e in payload_errors(result, name)]


async def remaining(http, world) -> dict:
    quota = (await gql(http, GET, {"unitId": gid("Unit", world.employer.unit.id), "year": YEAR},
                       token=world.employer.token))["data"]["postQuota"]
    level = next(lv for lv in quota["levels"] if lv["level"] == "ASSOCIATE_SENIOR")
    return {k: level[k] for k in ("recommended", "occupying", "notOccupying", "remaining")}


# employer_pass_guard's file rule, as a client meets it: the code, no field (the refusal is about the
# application, not an input), and the message naming the missing file.
MISSING = {"RECOMMENDATION": ("RECOMMENDATION_REQUIRED", None, "请先上传单位推荐意见"),
           "PUBLICITY_PROOF": ("RECOMMENDATION_REQUIRED", None, "请先上传单位公示证明和材料")}


async def pass_task(http, token: str, task_id: str) -> tuple[list[tuple], dict | None]:
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "PASS", "opinion": "同意推荐"}},
                       token=token)
    assert not result.get("errors"), result
    payload = result["data"]["taskDecide"]
    return [(e["code"], e["field"], e["message"]) for e in payload["errors"]], payload["task"]


async def written() -> list:
    """Everything a decision writes: tasks, the application, its history, the notice jobs."""
    return [await Task.all().order_by("id").values_list("id", "unit_id", "status", "decision", "opinion", "version",
                                                        "completed_by_id"),
            await Application.all().order_by("id").values_list("id", "status", "version", "path_position"),
            await HistoryEntry.all().order_by("id").values_list("id", "subject_id", "action"),
            await Job.all().order_by("id").values_list("id", "kind", "params")]


@pytest.mark.parametrize("uploaded", [(), ("RECOMMENDATION",), ("PUBLICITY_PROOF", "OTHER")],
                         ids=lambda kinds: "+".join(kinds) or "none")
async def test_pass_is_refused_until_both_recommendation_files_are_uploaded(http, uploaded):
    """Guard: models.quota.recommendation.employer_pass_guard, the plan's requires_recommendation files."""
    # An enterprise employer: no post quota, so only the file rule stands between the employer and PASS.
    world = await public_world(nature=UnitNature.STATE_OWNED_ENTERPRISE, requires_recommendation=True)
    app_id = await submitted(http, world)
    task_id = await claimed(http, world, app_id)
    token = world.employer.token
    for kind in uploaded:
        assert not (await add_file(http, token, app_id, kind)).json()["data"]["recommendationFileAdd"]["errors"]
    missing = [kind for kind in MISSING if kind not in uploaded]

    before = await written()
    errors, task = await pass_task(http, token, task_id)
    assert (errors, task) == ([MISSING[kind] for kind in missing], None)
    # The engine had completed the task and written the PASS before the guard refused: all of it is undone.
    assert await written() == before
    assert (await Task.get(id=pk_of(task_id))).status == "CLAIMED"
    assert (await Application.get(id=pk_of(app_id))).status == ApplicationStatus.IN_REVIEW
    assert not await HistoryEntry.filter(action="PASS").exists()

    for kind in missing:
        assert not (await add_file(http, token, app_id, kind)).json()["data"]["recommendationFileAdd"]["errors"]
    errors, task = await pass_task(http, token, task_id)
    assert (errors, task["status"], task["decision"]) == ([], "COMPLETED", "PASS")
    assert await HistoryEntry.filter(subject_id=pk_of(app_id), action="PASS").count() == 1
    assert await Task.filter(unit_id=world.department.unit.id, status="READY").exists()


async def test_employer_cannot_pass_until_the_post_decision_and_files_exist(http):
    world = await public_world(requires_recommendation=True)
    await set_quota(http, world, associate=2)
    app_id = await submitted(http, world)
    task_id = await claimed(http, world, app_id)
    token = world.employer.token

    assert await decide(http, token, task_id) == ["QUOTA_DECISION_REQUIRED", "QUOTA_NOT_CONFIRMED",
                                                  "RECOMMENDATION_REQUIRED", "RECOMMENDATION_REQUIRED"]
    # A refused PASS changes nothing: the task stays claimed, no next task, no history.
    task = await Task.get(unit_id=world.employer.unit.id)
    assert (task.status, task.decision) == ("CLAIMED", None) and await Task.all().count() == 1
    assert not await HistoryEntry.filter(action="PASS").exists()

    result = await recommend(http, token, app_id, True)
    assert payload_errors(result, "applicationRecommend") == []
    use = result["data"]["applicationRecommend"]["quotaUse"]
    assert (use["applicationId"], use["level"], use["occupiesPost"], use["recordedBy"]) == (
        app_id, "ASSOCIATE_SENIOR", True, f"{world.employer.unit.name}管理员")
    assert await remaining(http, world) == {"recommended": 1, "occupying": 1, "notOccupying": 0, "remaining": 1}
    assert await decide(http, token, task_id) == ["QUOTA_NOT_CONFIRMED", "RECOMMENDATION_REQUIRED",
                                                  "RECOMMENDATION_REQUIRED"]
    await gql(http, CONFIRM, {"input": {"unitId": gid("Unit", world.employer.unit.id), "year": YEAR}}, token=token)
    response = await add_file(http, token, app_id, "OTHER", "审批材料.pdf")
    assert not response.json()["data"]["recommendationFileAdd"]["errors"]
    response = await add_file(http, token, app_id, "RECOMMENDATION")
    added = response.json()["data"]["recommendationFileAdd"]["recommendationFile"]
    assert (added["kindLabel"], added["file"]["contentType"]) == ("单位推荐意见", "application/pdf")
    assert await decide(http, token, task_id) == ["RECOMMENDATION_REQUIRED"]
    await add_file(http, token, app_id, "PUBLICITY_PROOF", "公示证明.pdf")
    assert await decide(http, token, task_id) == []
    assert await Task.filter(unit_id=world.department.unit.id, status="READY").exists()

    # Once passed, the employer's recommendation is closed.
    assert codes(await recommend(http, token, app_id, False, "不占用")) == ["NOT_ACTIVE"]
    response = await add_file(http, token, app_id, "OTHER")
    assert [e["code"] for e in response.json()["data"]["recommendationFileAdd"]["errors"]] == ["NOT_ACTIVE"]
    # The person and the bureaus above see the decision.
    for actor in (world.applicant, world.city_hr):
        result = await gql(http, QUOTA_USE, {"id": app_id}, token=actor.token)
        assert result["data"]["quotaUse"]["occupiesPost"] is True


@pytest.mark.parametrize("decision", ["RETURN", "TERMINATE"])
async def test_return_and_terminate_are_not_blocked(http, decision):
    world = await public_world(requires_recommendation=True)  # no quota, no decision, no files
    app_id = await submitted(http, world)
    task_id = await claimed(http, world, app_id)
    assert await decide(http, world.employer.token, task_id, decision, "材料不全") == []
    app = await Application.get(id=(await Task.get(unit_id=world.employer.unit.id)).subject_id)
    assert app.status == ("RETURNED" if decision == "RETURN" else "TERMINATED")


async def test_not_occupying_needs_a_reason_and_keeps_the_vacancy(http):
    world = await public_world()
    await set_quota(http, world, associate=1, confirm=True)
    app_id = await submitted(http, world)
    task_id = await claimed(http, world, app_id)
    for reason in (None, "  "):
        result = await recommend(http, world.employer.token, app_id, False, reason)
        assert [(e["code"], e["field"]) for e in payload_errors(result, "applicationRecommend")] == [
            ("REQUIRED", ["reason"])]
    assert not await QuotaUse.exists()
    result = await recommend(http, world.employer.token, app_id, False, "引进高层次人才，单列指标")
    assert not payload_errors(result, "applicationRecommend")
    assert await remaining(http, world) == {"recommended": 1, "occupying": 0, "notOccupying": 1, "remaining": 1}
    assert await decide(http, world.employer.token, task_id) == []  # the plan asks for no files


async def test_no_vacancy_and_a_return_gives_the_post_back(http):
    world = await public_world()
    await set_quota(http, world, associate=1, confirm=True)
    first = await submitted(http, world)
    second_world = await another_applicant(world, "李四")
    second = await submitted(http, second_world)
    first_task, second_task = await claimed(http, world, first), await claimed(http, world, second)
    token = world.employer.token

    assert not payload_errors(await recommend(http, token, first, True), "applicationRecommend")
    assert not payload_errors(await recommend(http, token, first, True), "applicationRecommend")  # its own post
    result = await recommend(http, token, second, True)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "applicationRecommend")] == [
        ("NO_VACANCY", ["occupiesPost"])]
    assert not payload_errors(await recommend(http, token, second, False, "转岗人员，不占用"), "applicationRecommend")
    assert await remaining(http, world) == {"recommended": 2, "occupying": 1, "notOccupying": 1, "remaining": 0}

    # The first is returned: its post is free again and the second takes it.
    assert await decide(http, token, first_task, "RETURN", "请补充聘任材料") == []
    assert await remaining(http, world) == {"recommended": 1, "occupying": 0, "notOccupying": 1, "remaining": 1}
    assert not payload_errors(await recommend(http, token, second, True), "applicationRecommend")
    assert await decide(http, token, second_task) == []
    # Resubmitted, the first needs a new decision, and no post is left for it.
    result = await gql(http, SUBMIT, {"input": {"applicationId": first}}, token=world.applicant.token)
    assert not payload_errors(result, "applicationSubmit")
    first_task = await claimed(http, world, first)
    assert await decide(http, token, first_task) == ["QUOTA_DECISION_REQUIRED"]
    assert codes(await recommend(http, token, first, True)) == ["NO_VACANCY"]
    assert await remaining(http, world) == {"recommended": 1, "occupying": 1, "notOccupying": 0, "remaining": 0}


async def test_recommending_needs_the_employers_active_task(http):
    world = await public_world()
    await set_quota(http, world, associate=3, confirm=True)
    app_id = await submitted(http, world)
    token = world.employer.token
    assert codes(await recommend(http, token, app_id, True)) == ["NOT_CLAIMED"]
    await Unit.filter(id=world.employer.unit.id).update(skip_claim=True)
    assert codes(await recommend(http, token, app_id, True)) == []  # single-admin units act without claiming
    await Unit.filter(id=world.employer.unit.id).update(skip_claim=False)

    colleague = await make_account("同单位另一管理员")
    from models.unit.models import UnitAdmin

    await UnitAdmin.create(unit_id=world.employer.unit.id, account=colleague.account)
    task_id = await employer_task_id(http, world, app_id)
    assert not payload_errors(await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=colleague.token),
                              "taskClaim")
    assert codes(await recommend(http, token, app_id, False, "不占用")) == ["CONFLICT"]
    assert codes(await recommend(http, colleague.token, app_id, False, "不占用")) == []

    assert_unauthenticated(await recommend(http, None, app_id, True))
    for actor in (world.applicant, world.department, world.city_hr, world.province_hr):
        assert_forbidden(await recommend(http, actor.token, app_id, True))
    assert codes(await recommend(http, token, gid("Plan", world.plan.id), True)) == ["INVALID_ID"]
    use = await QuotaUse.get()
    assert (use.occupies, use.reason) == (False, "不占用")


async def test_enterprises_record_no_post_decision(http):
    world = await public_world(nature=UnitNature.STATE_OWNED_ENTERPRISE, requires_recommendation=True)
    app_id = await submitted(http, world)
    task_id = await claimed(http, world, app_id)
    assert codes(await recommend(http, world.employer.token, app_id, True)) == ["NOT_APPLICABLE"]
    # Files are still required where the plan asks, whatever the unit's nature; OTHER does not count.
    await add_file(http, world.employer.token, app_id, "OTHER")
    assert await decide(http, world.employer.token, task_id) == ["RECOMMENDATION_REQUIRED"] * 2
    await add_file(http, world.employer.token, app_id, "RECOMMENDATION")
    await add_file(http, world.employer.token, app_id, "PUBLICITY_PROOF", "公示.png")
    assert await decide(http, world.employer.token, task_id) == []


@pytest.mark.skipif(not on_postgres(), reason="row locks are real only on PostgreSQL")
async def test_two_recommendations_cannot_both_take_the_last_post(http):
    world = await public_world()
    await set_quota(http, world, associate=1, confirm=True)
    worlds = [world] + [await another_applicant(world, name) for name in ("李四", "王五", "赵六")]
    app_ids = [await submitted(http, w) for w in worlds]
    for app_id in app_ids:
        await claimed(http, world, app_id)
    results = await asyncio.gather(*(recommend(http, world.employer.token, a, True) for a in app_ids))
    outcomes = sorted(tuple(codes(r)) for r in results)
    assert outcomes == [()] + [("NO_VACANCY",)] * 3, results
    assert await QuotaUse.filter(occupies=True).count() == 1
    assert (await remaining(http, world))["remaining"] == 0


async def test_hr_bureau_out_of_region_cannot_see_the_decision(http):
    world = await public_world()
    await set_quota(http, world, associate=1, confirm=True)
    app_id = await submitted(http, world)
    await claimed(http, world, app_id)
    await recommend(http, world.employer.token, app_id, True)
    from tests.helpers import make_unit

    wuhu = await make_unit("芜湖市人力资源和社会保障局", kind=UnitKind.HR_BUREAU, region="340200",
                           nature=UnitNature.GOVERNMENT_AGENCY)
    assert_forbidden(await gql(http, QUOTA_USE, {"id": app_id}, token=wuhu.token))
    assert_unauthenticated(await gql(http, QUOTA_USE, {"id": app_id}))
    assert (await gql(http, QUOTA_USE, {"id": app_id}, token=world.employer.token))["data"]["quotaUse"] is not None
