"""Plans (评审计划): drafting, editing, publishing, closing — and bad input changing nothing."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from models.committee.models import CommitteeStatus
from models.core.job import Job
from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot, PlanFile, PlanSpecialty, PlanStatus
from tests.helpers import gid, gql, make_unit, payload_errors, upload
from tests.plan_support import (PLAN_CLOSE, PLAN_CREATE, PLAN_PUBLISH, PLAN_UPDATE, codes, hr_bureau, iso,
                                make_committee, make_plan, organizer, plan_input, specialty, utc)

SLOT = {"name": "身份证", "description": "正反面", "required": True, "allowedTypes": ["PDF", "JPEG"],
        "maxSizeMb": 10, "maxCount": 2}


async def setting():
    hr = await hr_bureau()
    org = await organizer()
    sp = await specialty()
    committee = await make_committee(hr.unit, organizers=(org.unit,), specialties=(sp,),
                                     levels=("INTERMEDIATE", "ASSOCIATE_SENIOR"))
    return hr, org, committee, sp


async def counts() -> tuple[int, ...]:
    return (await Plan.all().count(), await PlanSpecialty.all().count(), await PlanAttachmentSlot.all().count(),
            await PlanAchievementRule.all().count())


async def test_organizer_drafts_a_full_plan(http):
    _, org, committee, sp = await setting()
    variables = {"input": plan_input(
        committee, levels=["INTERMEDIATE", "ASSOCIATE_SENIOR"], specialtyIds=[gid("Specialty", sp.id)],
        examSpecialtyIds=[gid("Specialty", sp.id)], attachmentSlots=[SLOT],
        opensAt="2030-03-01T09:00:00+08:00", closesAt="2030-03-31T17:30:00", year=utc().year,
        personalFirstSubmitDeadline="2030-03-20T23:59:59+08:00", unitSubmitDeadline="2030-03-31T17:00:00+08:00",
        achievementRules=[{"level": "INTERMEDIATE", "category": "PAPER", "minCount": 1, "maxCount": 3},
                          {"level": "ASSOCIATE_SENIOR", "category": "PAPER", "minCount": 2, "maxCount": 5}])}
    result = await gql(http, PLAN_CREATE, variables, token=org.token)
    assert payload_errors(result, "planCreate") == []
    plan = result["data"]["planCreate"]["plan"]
    assert plan["status"] == "DRAFT" and plan["isOpen"] is False and plan["version"] == 0
    assert plan["organizer"]["id"] == gid("Unit", org.unit.id)
    # Stored in UTC; a time without an offset is Beijing time.
    assert datetime.fromisoformat(plan["opensAt"]) == datetime(2030, 3, 1, 1, 0, tzinfo=timezone.utc)
    assert datetime.fromisoformat(plan["closesAt"]) == datetime(2030, 3, 31, 9, 30, tzinfo=timezone.utc)
    assert plan["specialties"] == [{"id": gid("Specialty", sp.id), "name": sp.name}]
    assert plan["examSpecialties"] == [{"id": gid("Specialty", sp.id)}]
    assert plan["attachmentSlots"][0]["allowedTypes"] == ["PDF", "JPEG"]
    assert plan["achievementRules"][1] == {"level": "ASSOCIATE_SENIOR", "category": "PAPER", "minCount": 2,
                                           "maxCount": 5}


async def _bad_case(case: str, committee, hr) -> tuple[dict, tuple]:
    other_series = await specialty("HEALTH")
    cases = {
        "window ends before it starts": ({"opensAt": iso(10), "closesAt": iso(5)},
                                         ("PLAN_WINDOW_INVALID", ("closesAt",))),
        "deadline outside the window": ({"personalFirstSubmitDeadline": iso(40)},
                                        ("PLAN_DEADLINE_INVALID", ("personalFirstSubmitDeadline",))),
        "deadlines out of order": ({"personalFirstSubmitDeadline": iso(20), "personalModifyDeadline": iso(10)},
                                   ("PLAN_DEADLINE_INVALID", ("personalModifyDeadline",))),
        "min above max": ({"achievementRules": [{"level": "INTERMEDIATE", "category": "PAPER", "minCount": 5,
                                                 "maxCount": 2}]},
                          ("MIN_EXCEEDS_MAX", ("achievementRules", "0", "minCount"))),
        "count above 50": ({"achievementRules": [{"level": "INTERMEDIATE", "category": "BOOK", "minCount": 0,
                                                  "maxCount": 51}]},
                           ("OUT_OF_RANGE", ("achievementRules", "0", "maxCount"))),
        "rule level not in plan": ({"achievementRules": [{"level": "SENIOR", "category": "PAPER", "minCount": 0,
                                                          "maxCount": 2}]},
                                   ("LEVEL_NOT_IN_PLAN", ("achievementRules", "0", "level"))),
        "level not reviewed by committee": ({"levels": ["SENIOR"]}, ("LEVEL_NOT_IN_COMMITTEE", ("levels", "0"))),
        "specialty of another series": ({"specialtyIds": [gid("Specialty", other_series.id)]},
                                        ("SPECIALTY_NOT_IN_SERIES", ("specialtyIds", "0"))),
        "specialty ID of another type": ({"specialtyIds": [gid("Unit", hr.unit.id)]},
                                         ("INVALID_ID", ("specialtyIds", "0"))),
        "committee ID of another type": ({"committeeId": gid("Plan", committee.id)}, ("INVALID_ID", ("committeeId",))),
        "no declaration types": ({"declarationTypes": []}, ("REQUIRED", ("declarationTypes",))),
        "year far off": ({"year": 1990}, ("PLAN_YEAR_INVALID", ("year",))),
        "slot size above 50 MB": ({"attachmentSlots": [{**SLOT, "maxSizeMb": 51}]},
                                  ("OUT_OF_RANGE", ("attachmentSlots", "0", "maxSizeMb"))),
        "slot count 0": ({"attachmentSlots": [{**SLOT, "maxCount": 0}]},
                         ("OUT_OF_RANGE", ("attachmentSlots", "0", "maxCount"))),
        "slot without types": ({"attachmentSlots": [{**SLOT, "allowedTypes": []}]},
                               ("REQUIRED", ("attachmentSlots", "0", "allowedTypes"))),
        "bad phone": ({"contactPhone": "abc"}, ("INVALID_PHONE", ("contactPhone",))),
    }
    return cases[case]


@pytest.mark.parametrize("case", [
    "window ends before it starts", "deadline outside the window", "deadlines out of order", "min above max",
    "count above 50", "rule level not in plan", "level not reviewed by committee", "specialty of another series",
    "specialty ID of another type", "committee ID of another type", "no declaration types", "year far off",
    "slot size above 50 MB", "slot count 0", "slot without types", "bad phone"])
async def test_create_refuses_bad_input(http, case):
    hr, org, committee, _ = await setting()
    overrides, expected = await _bad_case(case, committee, hr)
    result = await gql(http, PLAN_CREATE, {"input": plan_input(committee, **overrides)}, token=org.token)
    errors = payload_errors(result, "planCreate")
    assert expected in codes(errors), errors
    assert result["data"]["planCreate"]["plan"] is None
    assert await counts() == (0, 0, 0, 0)


async def test_cancelled_committee_takes_no_plan(http):
    _, org, committee, _ = await setting()
    committee.status = CommitteeStatus.CANCELLED
    await committee.save()
    result = await gql(http, PLAN_CREATE, {"input": plan_input(committee)}, token=org.token)
    assert ("COMMITTEE_NOT_ACTIVE", ("committeeId",)) in codes(payload_errors(result, "planCreate"))
    assert await Plan.all().count() == 0


async def test_update_keeps_slots_by_id_and_checks_version(http):
    _, org, committee, _ = await setting()
    created = await gql(http, PLAN_CREATE, {"input": plan_input(committee, attachmentSlots=[SLOT])}, token=org.token)
    plan = created["data"]["planCreate"]["plan"]
    slot_id = plan["attachmentSlots"][0]["id"]
    variables = {"input": {"planId": plan["id"], "version": 0, "name": "改名",
                           "attachmentSlots": [{**SLOT, "id": slot_id, "maxCount": 3}, {**SLOT, "name": "学历证书"}]}}
    result = await gql(http, PLAN_UPDATE, variables, token=org.token)
    assert payload_errors(result, "planUpdate") == []
    updated = result["data"]["planUpdate"]["plan"]
    assert updated["name"] == "改名" and updated["version"] == 1
    assert [(s["id"] == slot_id, s["maxCount"]) for s in updated["attachmentSlots"]] == [(True, 3), (False, 2)]
    stale = await gql(http, PLAN_UPDATE, {"input": {**variables["input"], "name": "再改"}}, token=org.token)
    assert codes(payload_errors(stale, "planUpdate")) == {("CONFLICT", ("version",))}
    removing = await gql(http, PLAN_UPDATE, {"input": {"planId": plan["id"], "closesAt": iso(-1)}}, token=org.token)
    assert codes(payload_errors(removing, "planUpdate")) == {("PLAN_WINDOW_INVALID", ("closesAt",))}
    assert (await Plan.first()).name == "改名"


async def test_publish_then_close(http):
    _, org, committee, _ = await setting()
    plan = await make_plan(committee, org.unit, status=PlanStatus.DRAFT)
    ref = gid("Plan", plan.id)
    published = await gql(http, PLAN_PUBLISH, {"input": {"planId": ref, "version": 0}}, token=org.token)
    assert payload_errors(published, "planPublish") == []
    data = published["data"]["planPublish"]
    assert data["plan"]["status"] == "PUBLISHED" and data["plan"]["publishedAt"]
    assert data["job"]["kind"] == "PLAN_PUBLISHED_NOTICE"
    again = await gql(http, PLAN_PUBLISH, {"input": {"planId": ref}}, token=org.token)
    assert codes(payload_errors(again, "planPublish")) == {("NOT_DRAFT", None)}
    assert await Job.all().count() == 1
    closed = await gql(http, PLAN_CLOSE, {"input": {"planId": ref}}, token=org.token)
    assert closed["data"]["planClose"] == {"errors": [], "plan": {"id": ref, "status": "CLOSED"}}
    edit = await gql(http, PLAN_UPDATE, {"input": {"planId": ref, "name": "x"}}, token=org.token)
    assert codes(payload_errors(edit, "planUpdate")) == {("PLAN_CLOSED", None)}


async def test_publish_refuses_stale_version_and_past_window(http):
    _, org, committee, _ = await setting()
    plan = await make_plan(committee, org.unit, status=PlanStatus.DRAFT, opens=-10, closes=-1)
    ref = gid("Plan", plan.id)
    stale = await gql(http, PLAN_PUBLISH, {"input": {"planId": ref, "version": 7}}, token=org.token)
    assert codes(payload_errors(stale, "planPublish")) == {("CONFLICT", ("version",))}
    past = await gql(http, PLAN_PUBLISH, {"input": {"planId": ref}}, token=org.token)
    assert codes(payload_errors(past, "planPublish")) == {("PLAN_WINDOW_PAST", ("closesAt",))}
    assert (await Plan.get(id=plan.id)).status == PlanStatus.DRAFT and await Job.all().count() == 0


FILE_ADD = """
mutation($input: PlanFileAddInput!) {
  planFileAdd(input: $input) { errors { field code message } plan { files { id file { name contentType } } } }
}"""
FILE_REMOVE = """
mutation($input: PlanFileRemoveInput!) {
  planFileRemove(input: $input) { errors { field code message } plan { files { id } } }
}"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def test_plan_files_are_added_and_removed(http):
    _, org, committee, _ = await setting()
    plan = await make_plan(committee, org.unit)
    ref = gid("Plan", plan.id)
    response = await upload(http, FILE_ADD, {"input": {"planId": ref, "file": None}},
                            {"input.file": ("评审政策文件.pdf", PDF, "application/pdf")}, token=org.token)
    data = response.json()["data"]["planFileAdd"]
    assert data["errors"] == [] and data["plan"]["files"][0]["file"] == {"name": "评审政策文件.pdf",
                                                                         "contentType": "application/pdf"}
    lying = await upload(http, FILE_ADD, {"input": {"planId": ref, "file": None}},
                         {"input.file": ("x.pdf", b"plain text, not a pdf", "application/pdf")}, token=org.token)
    assert codes(lying.json()["data"]["planFileAdd"]["errors"]) == {("FILE_TYPE_NOT_ALLOWED", ("file",))}
    stranger = await make_unit("别的单位")
    denied = await upload(http, FILE_ADD, {"input": {"planId": ref, "file": None}},
                          {"input.file": ("a.pdf", PDF, "application/pdf")}, token=stranger.token)
    assert denied.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await PlanFile.all().count() == 1
    file_id = data["plan"]["files"][0]["id"]
    removed = await gql(http, FILE_REMOVE, {"input": {"planId": ref, "planFileId": file_id}}, token=org.token)
    assert removed["data"]["planFileRemove"] == {"errors": [], "plan": {"files": []}}
