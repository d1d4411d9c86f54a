"""Evaluation schemes (呈报方案, issue 8 §1): composed by the committee's organizer, reviewed by the HR bureau
that manages the committee through the task centre (EVALUATION_SCHEME), special ones in their own queue."""
from __future__ import annotations

from decimal import Decimal

import pytest

from models.core.history import HistoryEntry
from models.evaluation.models import EvaluationScheme
from models.messaging.models import Message
from models.plan.models import PlanStatus
from models.workflow.models import Task
from tests.evaluation_support import (CLAIM, CREATE, DECIDE, FILE_ADD, NEEDS, NODE, PARTICIPANTS, PDF, SCHEMES, SCORING, SUBMIT,
                                      TASKS, UPDATE, Scene, codes_of, complete, counts, create)
from tests.helpers import gid, gql, make_person, payload_errors, upload
from tests.plan_support import make_plan


@pytest.fixture
async def scene(app) -> Scene:
    return await Scene().build()


# ---------------------------------------------------------------- the walk-through


async def test_compose_submit_and_review_a_scheme(http, scene):
    made = await create(http, scene)
    assert made["errors"] == [] and made["scheme"]["status"] == "DRAFT" and made["scheme"]["kind"] == "NORMAL"
    scheme_id = made["scheme"]["id"]
    await complete(http, scene, scheme_id)
    response = await upload(http, FILE_ADD, {"input": {"schemeId": scheme_id, "file": None}},
                            {"input.file": ("评审工作方案.pdf", PDF, "application/pdf")}, token=scene.organizer.token)
    assert response.json()["data"]["evaluationSchemeFileAdd"]["errors"] == []

    submitted = (await gql(http, SUBMIT, {"input": {"schemeId": scheme_id}}, token=scene.organizer.token))["data"][
        "evaluationSchemeSubmit"]
    assert submitted["errors"] == [] and submitted["scheme"]["status"] == "SUBMITTED"

    # The managing bureau sees it in its task centre with the scheme's detail.
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", scene.province.unit.id), "box": "TO_CLAIM"},
                       token=scene.province.token))["data"]["tasks"]["nodes"]
    assert [(t["processType"], t["nodeKind"]) for t in tasks] == [("EVALUATION_SCHEME", "SCHEME_REVIEW")]
    assert tasks[0]["evaluationScheme"]["participantCount"] == 3 and "呈报方案" in tasks[0]["title"]
    detail = (await gql(http, SCHEMES, {"filter": {"planId": gid("Plan", scene.plan.id)}},
                        token=scene.province.token))["data"]["evaluationSchemes"]["nodes"][0]
    assert [p["name"] for p in detail["participants"]] == ["参评人0", "参评人1", "参评人2"]
    assert detail["expertNeeds"] == [{"level": "SENIOR", "count": 9, "specialty": {"name": scene.specialty.name}}]
    assert [(i["name"], Decimal(i["weight"])) for i in detail["scoringItems"]] == [("业绩成果", 60), ("答辩", 40)]
    assert Decimal(detail["passMark"]) == 60 and detail["attachments"][0]["file"]["name"] == "评审工作方案.pdf"

    # Submitted: no more changes.
    again = (await gql(http, UPDATE, {"input": {"schemeId": scheme_id, "name": "改名"}}, token=scene.organizer.token))
    assert codes_of(again["data"]["evaluationSchemeUpdate"]) == [("NOT_EDITABLE", ("schemeId",))]

    # RETURN → editable → submitted again → PASS.
    task_id = tasks[0]["id"]
    await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=scene.province.token)
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "RETURN", "opinion": "专家人数不足"}},
                       token=scene.province.token)
    assert payload_errors(result, "taskDecide") == []
    assert (await EvaluationScheme.get()).status == "RETURNED"
    notice = await Message.filter(recipient_id=scene.organizer.account.id).first()
    assert "被退回" in notice.title and "专家人数不足" in notice.body
    assert payload_errors(await gql(http, UPDATE, {"input": {"schemeId": scheme_id, "name": "修改后的方案"}},
                                    token=scene.organizer.token), "evaluationSchemeUpdate") == []
    assert payload_errors(await gql(http, SUBMIT, {"input": {"schemeId": scheme_id}}, token=scene.organizer.token),
                          "evaluationSchemeSubmit") == []
    second = (await gql(http, TASKS, {"unitId": gid("Unit", scene.province.unit.id), "box": "TO_CLAIM"},
                        token=scene.province.token))["data"]["tasks"]["nodes"][0]["id"]
    await gql(http, CLAIM, {"input": {"taskId": second}}, token=scene.province.token)
    assert payload_errors(await gql(http, DECIDE, {"input": {"taskId": second, "decision": "PASS", "opinion": "同意"}},
                                    token=scene.province.token), "taskDecide") == []
    assert (await EvaluationScheme.get()).status == "APPROVED"
    actions = await HistoryEntry.filter(subject_type="EvaluationScheme").order_by("id").values_list("action", flat=True)
    assert actions == ["CREATE", "SUBMIT", "RETURN", "SUBMIT", "PASS"]


async def test_a_special_scheme_goes_to_the_special_case_reviewers(http, scene):
    refused = await create(http, scene, kind="SPECIAL")
    assert codes_of(refused) == [("REQUIRED", ("specialReason",))]
    made = await create(http, scene, kind="SPECIAL", specialReason="参评人员含破格申报")
    await complete(http, scene, made["scheme"]["id"])
    await gql(http, SUBMIT, {"input": {"schemeId": made["scheme"]["id"]}}, token=scene.organizer.token)
    task = await Task.get()
    assert (task.node_kind, task.unit_id) == ("SPECIAL_SCHEME_REVIEW", scene.province.unit.id)
    assert "特殊情况" in task.title


async def test_terminate_is_not_a_scheme_decision(http, scene):
    made = await create(http, scene)
    await complete(http, scene, made["scheme"]["id"])
    await gql(http, SUBMIT, {"input": {"schemeId": made["scheme"]["id"]}}, token=scene.organizer.token)
    task_id = gid("Task", (await Task.get()).id)
    await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=scene.province.token)
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "TERMINATE", "opinion": "不符合"}},
                       token=scene.province.token)
    assert [e["code"] for e in payload_errors(result, "taskDecide")] == ["INVALID"]
    assert (await EvaluationScheme.get()).status == "SUBMITTED" and (await Task.get()).status == "CLAIMED"


# ---------------------------------------------------------------- bad input changes nothing


BAD_PARTS = {
    "participant in review": (PARTICIPANTS, lambda s, sid: {"schemeId": sid, "applicationIds": [gid("Application", s.apps[3].id)]},
                              [("NOT_A_PARTICIPANT", ("applicationIds", "0"))]),
    "participant twice": (PARTICIPANTS, lambda s, sid: {"schemeId": sid, "applicationIds": s.app_ids(1) * 2},
                          [("DUPLICATE", ("applicationIds", "1"))]),
    "participant not an application": (PARTICIPANTS, lambda s, sid: {"schemeId": sid, "applicationIds": [gid("Plan", 1)]},
                                       [("INVALID_ID", ("applicationIds", "0"))]),
    "experts 0": (NEEDS, lambda s, sid: {"schemeId": sid, "needs": [{"specialtyId": gid("Specialty", s.specialty.id),
                                                                     "level": "SENIOR", "count": 0}]},
                  [("OUT_OF_RANGE", ("needs", "0", "count"))]),
    "experts 100": (NEEDS, lambda s, sid: {"schemeId": sid, "needs": [{"specialtyId": gid("Specialty", s.specialty.id),
                                                                       "level": "SENIOR", "count": 100}]},
                    [("OUT_OF_RANGE", ("needs", "0", "count"))]),
    "need twice": (NEEDS, lambda s, sid: {"schemeId": sid, "needs": [{"specialtyId": gid("Specialty", s.specialty.id),
                                                                      "level": "SENIOR", "count": 3}] * 2},
                   [("DUPLICATE", ("needs", "1"))]),
    "weights 90": (SCORING, lambda s, sid: {"schemeId": sid, "passMark": "60", "items": [
        {"name": "业绩", "weight": "50"}, {"name": "答辩", "weight": "40"}]}, [("WEIGHTS_NOT_100", ("items",))]),
    "weight 0 and pass mark 101": (SCORING, lambda s, sid: {"schemeId": sid, "passMark": "101", "items": [
        {"name": "业绩", "weight": "0"}, {"name": "答辩", "weight": "100"}]},
        [("OUT_OF_RANGE", ("items", "0", "weight")), ("OUT_OF_RANGE", ("passMark",))]),
    "three decimals": (SCORING, lambda s, sid: {"schemeId": sid, "passMark": "60", "items": [
        {"name": "业绩", "weight": "99.995"}, {"name": "答辩", "weight": "0.005"}]},
        [("OUT_OF_RANGE", ("items", "0", "weight")), ("OUT_OF_RANGE", ("items", "1", "weight"))]),
    "item twice": (SCORING, lambda s, sid: {"schemeId": sid, "passMark": "60", "items": [
        {"name": "业绩", "weight": "50"}, {"name": "业绩", "weight": "50"}]}, [("DUPLICATE", ("items", "1", "name"))]),
    "no items": (SCORING, lambda s, sid: {"schemeId": sid, "passMark": "60", "items": []}, [("REQUIRED", ("items",))]),
}


@pytest.mark.parametrize("case", list(BAD_PARTS))
async def test_bad_parts_are_refused_and_change_nothing(http, scene, case):
    query, variables, expected = BAD_PARTS[case]
    made = await create(http, scene)
    before = await counts()
    result = await gql(http, query, {"input": variables(scene, made["scheme"]["id"])}, token=scene.organizer.token)
    name = next(iter(result["data"]))
    assert codes_of(result["data"][name]) == expected, result
    assert all(e["message"] for e in result["data"][name]["errors"])
    assert await counts() == before


async def test_bad_facts_are_refused(http, scene):
    before = await counts()
    assert codes_of(await create(http, scene, name="")) == [("REQUIRED", ("name",))]
    assert codes_of(await create(http, scene, name="方" * 101)) == [("TOO_LONG", ("name",))]
    assert codes_of(await create(http, scene, meetingDate="1999-12-31")) == [("OUT_OF_RANGE", ("meetingDate",))]
    draft = await make_plan(scene.committee, scene.organizer.unit, status=PlanStatus.DRAFT)
    refused = (await gql(http, CREATE, {"input": {"planId": gid("Plan", draft.id), "name": "方案"}},
                         token=scene.organizer.token))["data"]["evaluationSchemeCreate"]
    assert codes_of(refused) == [("PLAN_NOT_PUBLISHED", ("planId",))]
    assert await counts() == before


async def test_an_incomplete_scheme_is_not_submitted(http, scene):
    made = await create(http, scene)
    result = (await gql(http, SUBMIT, {"input": {"schemeId": made["scheme"]["id"]}}, token=scene.organizer.token))
    assert {c for c, _ in codes_of(result["data"]["evaluationSchemeSubmit"])} == {"INCOMPLETE"}
    assert [f for _, f in codes_of(result["data"]["evaluationSchemeSubmit"])] == [
        ("participants",), ("expertNeeds",), ("scoring",)]
    assert (await EvaluationScheme.get()).status == "DRAFT" and await Task.all().count() == 0


async def test_a_declaration_is_in_one_scheme_only(http, scene):
    first = await create(http, scene)
    second = await create(http, scene, name="第二个方案")
    ok = await gql(http, PARTICIPANTS, {"input": {"schemeId": first["scheme"]["id"], "applicationIds": scene.app_ids(2)}},
                   token=scene.organizer.token)
    assert payload_errors(ok, "evaluationSchemeSetParticipants") == []
    taken = await gql(http, PARTICIPANTS, {"input": {"schemeId": second["scheme"]["id"],
                                                     "applicationIds": scene.app_ids(3)[1:]}},
                      token=scene.organizer.token)
    assert codes_of(taken["data"]["evaluationSchemeSetParticipants"]) == [("ALREADY_IN_SCHEME", ("applicationIds", "0"))]
    # Replacing a scheme's own list keeps working (its own participants are not "taken").
    again = await gql(http, PARTICIPANTS, {"input": {"schemeId": first["scheme"]["id"], "applicationIds": scene.app_ids(1)}},
                      token=scene.organizer.token)
    assert again["data"]["evaluationSchemeSetParticipants"]["scheme"]["participantCount"] == 1


# ---------------------------------------------------------------- who may do what


ROLES = ["organizer", "other_organizer", "province", "city", "other_province", "person", "employer", "anonymous",
         "platform"]


async def actor_of(scene: Scene, role: str):
    if role == "anonymous":
        return None
    if role == "platform":
        admin = await make_person("平台管理员")
        admin.account.is_platform_admin = True
        await admin.account.save()
        return admin
    return getattr(scene, role)


# Who sees a scheme (list, node, task detail) and who composes it.
SEES = {"organizer", "province", "platform"}
COMPOSES = {"organizer", "platform"}  # as for the plan itself (models/access/plan.py)


@pytest.mark.parametrize("role", ROLES)
async def test_who_sees_a_scheme(http, scene, role):
    made = await create(http, scene)
    actor = await actor_of(scene, role)
    token = actor.token if actor else None
    node = await gql(http, NODE, {"id": made["scheme"]["id"]}, token=token)
    listed = await gql(http, SCHEMES, token=token)
    if role in SEES:
        assert node["data"]["node"]["name"] == "2026年建设工程高级评审呈报方案"
        assert listed["data"]["evaluationSchemes"]["totalCount"] == 1
    else:
        assert node["data"]["node"] is None
        if role == "anonymous":
            assert listed["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        else:
            assert listed["data"]["evaluationSchemes"]["totalCount"] == 0


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", ["create", "update", "participants", "submit"])
async def test_who_composes_a_scheme(http, scene, role, operation):
    made = await create(http, scene)
    scheme_id = made["scheme"]["id"]
    await complete(http, scene, scheme_id)
    actor = await actor_of(scene, role)
    token = actor.token if actor else None
    query, variables = {
        "create": (CREATE, {"planId": gid("Plan", scene.plan.id), "name": "另一个方案"}),
        "update": (UPDATE, {"schemeId": scheme_id, "name": "改名"}),
        "participants": (PARTICIPANTS, {"schemeId": scheme_id, "applicationIds": scene.app_ids(1)}),
        "submit": (SUBMIT, {"schemeId": scheme_id}),
    }[operation]
    before = await counts()
    result = await gql(http, query, {"input": variables}, token=token)
    name = next(iter(result.get("data") or {}), None)
    if role in COMPOSES:
        assert payload_errors(result, name) == [], result
        return
    if role == "anonymous":
        assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    elif operation == "create" or role in SEES:
        # May see the scheme (or the plan) but not compose it.
        assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN", result
    else:
        # Cannot even see it: the same answer as for a scheme that does not exist.
        assert codes_of(result["data"][name]) == [("NOT_FOUND", ("schemeId",))], result
    assert await counts() == before
    assert (await EvaluationScheme.first()).name == "2026年建设工程高级评审呈报方案"


async def test_only_the_managing_bureau_decides_the_review(http, scene):
    made = await create(http, scene)
    await complete(http, scene, made["scheme"]["id"])
    await gql(http, SUBMIT, {"input": {"schemeId": made["scheme"]["id"]}}, token=scene.organizer.token)
    task_id = gid("Task", (await Task.get()).id)
    for actor in (scene.organizer, scene.city, scene.other_province, scene.person):
        result = await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=actor.token)
        assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN", result
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", scene.city.unit.id), "box": "TO_CLAIM"},
                       token=scene.city.token))["data"]["tasks"]["nodes"]
    assert tasks == []


# ---------------------------------------------------------------- lists stay flat


async def test_the_scheme_list_costs_the_same_for_one_scheme_as_for_many(http, scene):
    from tests.helpers import count_sql

    async def listed() -> int:
        with count_sql() as statements:
            result = await gql(http, SCHEMES, token=scene.province.token)
        assert not result.get("errors"), result
        return len(list(statements))

    first = await create(http, scene)
    await complete(http, scene, first["scheme"]["id"])
    one = await listed()
    for i in range(4):
        made = await create(http, scene, name=f"方案{i}")
        await gql(http, NEEDS, {"input": {"schemeId": made["scheme"]["id"], "needs": [
            {"specialtyId": gid("Specialty", scene.specialty.id), "level": "SENIOR", "count": i + 1}]}},
                  token=scene.organizer.token)
    assert await listed() == one
