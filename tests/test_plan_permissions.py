"""Who may do what with committees and plans: every role × every operation, through HTTP, one case per cell.

A refusal changes nothing: counts and versions are compared before and after.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.committee.models import Committee
from models.plan.models import Plan, PlanStatus
from tests.helpers import (assert_forbidden, assert_unauthenticated, gid, gql, make_account, make_person, make_unit,
                           payload_errors)
from tests.plan_support import (COMMITTEE_CANCEL, COMMITTEE_CREATE, COMMITTEE_UPDATE, NODE_PLAN, PLAN_CLOSE,
                                PLAN_CREATE, PLAN_PUBLISH, PLAN_UPDATE, PLANS, hr_bureau, make_committee, make_plan,
                                organizer, plan_input, series)
from tests.matrix_support import SharedWorld

ROLES = ["anonymous", "person", "employer_admin", "hr_in_region", "hr_out_of_region", "organizer_admin",
         "committee_admin", "platform_admin"]


@dataclass
class World:
    tokens: dict[str, str | None]
    hr: object
    org: object
    committee: Committee
    draft: Plan
    published: Plan


async def world() -> World:
    hr = await hr_bureau("340000")
    org = await organizer("340100")
    member = await make_account("评委会账号")
    committee = await make_committee(hr.unit, organizers=(org.unit,), regions=("340100",), admins=(member.account,))
    employer = await make_unit("合肥某公司", region="340100")
    tokens = {
        "anonymous": None,
        "person": (await make_person(unit=employer.unit)).token,
        "employer_admin": employer.token,
        "hr_in_region": hr.token,
        "hr_out_of_region": (await hr_bureau("510000")).token,
        "organizer_admin": org.token,
        "committee_admin": member.token,
        "platform_admin": (await make_account(platform_admin=True)).token,
    }
    draft = await make_plan(committee, org.unit, status=PlanStatus.DRAFT, name="草稿计划", opens=1, closes=20)
    published = await make_plan(committee, org.unit, name="已发布计划")
    return World(tokens, hr, org, committee, draft, published)


async def snapshot() -> list:
    committees = await Committee.all().order_by("id").values_list("id", "name", "status", "version")
    plans = await Plan.all().order_by("id").values_list("id", "name", "status", "version")
    return [committees, plans]


async def committee_create(http, w: World, token):
    s = await series()
    data = {"name": f"新评委会{w.committee.id}", "tier": "INTERMEDIATE", "seriesId": gid("Series", s.id),
            "levels": ["INTERMEDIATE"], "regionCodes": ["340100"], "managingUnitId": gid("Unit", w.hr.unit.id)}
    return await gql(http, COMMITTEE_CREATE, {"input": data}, token=token), "committeeCreate"


async def committee_update(http, w: World, token):
    data = {"committeeId": gid("Committee", w.committee.id), "name": f"改名评委会{w.committee.id}"}
    return await gql(http, COMMITTEE_UPDATE, {"input": data}, token=token), "committeeUpdate"


async def committee_cancel(http, w: World, token):
    data = {"committeeId": gid("Committee", w.committee.id), "reason": "撤并"}
    return await gql(http, COMMITTEE_CANCEL, {"input": data}, token=token), "committeeCancel"


async def plan_create(http, w: World, token):
    return await gql(http, PLAN_CREATE, {"input": plan_input(w.committee)}, token=token), "planCreate"


async def plan_update(http, w: World, token):
    data = {"planId": gid("Plan", w.draft.id), "name": "改名计划"}
    return await gql(http, PLAN_UPDATE, {"input": data}, token=token), "planUpdate"


async def plan_publish(http, w: World, token):
    return await gql(http, PLAN_PUBLISH, {"input": {"planId": gid("Plan", w.draft.id)}}, token=token), "planPublish"


async def plan_close(http, w: World, token):
    return await gql(http, PLAN_CLOSE, {"input": {"planId": gid("Plan", w.published.id)}}, token=token), "planClose"


MANAGERS = {"hr_in_region", "platform_admin"}
ORGANIZERS = {"organizer_admin", "platform_admin"}
MUTATIONS = {
    "committeeCreate": (committee_create, MANAGERS),
    "committeeUpdate": (committee_update, MANAGERS),
    "committeeCancel": (committee_cancel, MANAGERS),
    "planCreate": (plan_create, ORGANIZERS),
    "planUpdate": (plan_update, ORGANIZERS),
    "planPublish": (plan_publish, ORGANIZERS),
    "planClose": (plan_close, ORGANIZERS),
}


async def _attempt(http, operation: str, role: str) -> None:
    w = await world()
    call, allowed = MUTATIONS[operation]
    if operation == "committeeCancel":  # a committee with a running plan cannot be cancelled
        w.published.status = PlanStatus.CLOSED
        await w.published.save()
    before = await snapshot()
    result, name = await call(http, w, w.tokens[role])
    if role in allowed:
        assert payload_errors(result, name) == [], (role, result)
        assert await snapshot() != before
        return
    if role == "anonymous":
        assert_unauthenticated(result)
    else:
        assert_forbidden(result)
    assert result["data"] is None or result["data"].get(name) is None
    assert await snapshot() == before, role


shared = SharedWorld("operation")


@pytest.fixture(autouse=True)
async def clean(request):
    """conftest's ``clean``, except between the cells of one operation."""
    async for _ in shared.clean(request):
        yield


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(MUTATIONS))
async def test_mutation_matrix(http, operation, role):
    """One cell: it builds its own world on top of those its operation's earlier cells left."""
    async with shared.use():
        await _attempt(http, operation, role)


DRAFT_READERS = {"hr_in_region", "organizer_admin", "committee_admin", "platform_admin"}


@pytest.mark.parametrize("role", ROLES)
async def test_draft_plan_by_node_and_search(http, role):
    w = await world()
    token = w.tokens[role]
    node = await gql(http, NODE_PLAN, {"id": gid("Plan", w.draft.id)}, token=token)
    if role in DRAFT_READERS:
        assert node["data"]["node"] == {"id": gid("Plan", w.draft.id), "name": "草稿计划", "status": "DRAFT"}
    else:  # refused like an ID that does not exist
        assert node == {"data": {"node": None}}
    published = await gql(http, NODE_PLAN, {"id": gid("Plan", w.published.id)}, token=token)
    assert published["data"]["node"]["status"] == "PUBLISHED"
    # The public search never lists drafts, whoever asks.
    listed = (await gql(http, PLANS, {"first": 10}, token=token))["data"]["plans"]
    assert [n["name"] for n in listed["nodes"]] == ["已发布计划"] and listed["totalCount"] == 1


MY_PLANS = "query { myPlans(first: 10) { totalCount nodes { name status } } }"


@pytest.mark.parametrize("role", ROLES[1:])
async def test_my_plans_lists_drafts_to_those_who_may_see_them(http, role):
    w = await world()
    result = await gql(http, MY_PLANS, token=w.tokens[role])
    names = sorted(n["name"] for n in result["data"]["myPlans"]["nodes"])
    assert names == (["已发布计划", "草稿计划"] if role in DRAFT_READERS else [])
