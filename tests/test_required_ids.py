"""A required ID sent as "" is a payload error REQUIRED on that field, in Chinese, with nothing written."""
from __future__ import annotations

import re

from models.person.binding import Binding
from models.plan.models import Plan
from models.workflow.models import Task
from tests.helpers import gql, make_person, make_unit, payload_errors
from tests.plan_support import ERRORS, PLAN_CREATE, hr_bureau, make_committee, organizer, plan_input, specialty

BINDING_REQUEST = f"""
mutation($input: BindingRequestInput!) {{ bindingRequest(input: $input) {{ {ERRORS} binding {{ id }} }} }}"""
TASK_CLAIM = f"mutation($input: TaskClaimInput!) {{ taskClaim(input: $input) {{ {ERRORS} task {{ id }} }} }}"
RECORD_DECIDE = f"""
mutation($input: AchievementRecordDecideInput!) {{
  achievementRecordDecide(input: $input) {{ {ERRORS} records {{ id }} }}
}}"""
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def assert_required(errors: list[dict], *field: str) -> None:
    assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", list(field))], errors
    assert CHINESE.search(errors[0]["message"]), errors


async def test_plan_create_with_empty_committee_id(http):
    org = await organizer()
    committee = await make_committee((await hr_bureau()).unit, organizers=(org.unit,), specialties=(await specialty(),))
    result = await gql(http, PLAN_CREATE, {"input": plan_input(committee, committeeId="")}, token=org.token)
    assert_required(payload_errors(result, "planCreate"), "committeeId")
    assert result["data"]["planCreate"]["plan"] is None
    assert await Plan.all().count() == 0


async def test_plan_create_with_blank_organizer_unit_id_means_none_chosen(http):
    # An optional ID left blank is "not chosen", as before: the committee's one organizer is used.
    org = await organizer()
    committee = await make_committee((await hr_bureau()).unit, organizers=(org.unit,), specialties=(await specialty(),))
    result = await gql(http, PLAN_CREATE, {"input": plan_input(committee, organizerUnitId="")}, token=org.token)
    assert payload_errors(result, "planCreate") == []


async def test_binding_request_with_empty_unit_id(http):
    person = await make_person()
    before = await Binding.all().count()
    result = await gql(http, BINDING_REQUEST, {"input": {"unitId": ""}}, token=person.token)
    assert_required(payload_errors(result, "bindingRequest"), "unitId")
    assert await Binding.all().count() == before


async def test_task_claim_with_blank_task_id(http):
    admin = await make_unit()
    result = await gql(http, TASK_CLAIM, {"input": {"taskId": "  "}}, token=admin.token)
    assert_required(payload_errors(result, "taskClaim"), "taskId")
    assert await Task.all().count() == 0


async def test_record_decide_with_an_empty_id_in_the_list(http):
    admin = await make_unit()
    result = await gql(http, RECORD_DECIDE, {"input": {"recordIds": [""], "decision": "PASS"}}, token=admin.token)
    assert_required(payload_errors(result, "achievementRecordDecide"), "recordIds", "0")
