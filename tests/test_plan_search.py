"""Plan search (评审计划): filters, sorts, keyset paging, flat SQL counts."""
from __future__ import annotations

import pytest

from models.plan.models import PlanStatus
from tests.helpers import count_sql, gid, gql
from tests.plan_support import PLANS, hr_bureau, make_committee, make_plan, organizer, series, specialty


async def catalogue_of_plans():
    hr = await hr_bureau()
    org = await organizer()
    hefei = await make_committee(hr.unit, name="合肥市工程中级评委会", regions=("340100",), organizers=(org.unit,),
                                 levels=("INTERMEDIATE",))
    province = await make_committee(hr.unit, name="安徽省卫生高级评委会", series_code="HEALTH", regions=("340000",),
                                    organizers=(org.unit,), levels=("ASSOCIATE_SENIOR", "SENIOR"))
    plans = {
        "open": await make_plan(hefei, org.unit, name="2024年合肥工程中级", year=2024, opens=-5, closes=5),
        "closed": await make_plan(hefei, org.unit, name="2023年合肥工程中级", year=2023, opens=-400, closes=-370,
                                  status=PlanStatus.CLOSED),
        "upcoming": await make_plan(province, org.unit, name="2024年安徽卫生高级", year=2024, opens=3, closes=30,
                                    levels=("ASSOCIATE_SENIOR", "SENIOR"), plan_type="GREEN_CHANNEL"),
        "draft": await make_plan(province, org.unit, name="2025年安徽卫生草稿", year=2025, opens=40, closes=60,
                                 status=PlanStatus.DRAFT, levels=("SENIOR",)),
    }
    return hefei, province, plans


async def names(http, filter_: dict | None = None, sort: str | None = None) -> list[str]:
    variables = {"filter": filter_, "first": 20}
    if sort:
        variables["sort"] = sort
    data = (await gql(http, PLANS, variables))["data"]["plans"]
    assert data["totalCount"] == len(data["nodes"])
    return [n["name"] for n in data["nodes"]]


async def test_filters(http):
    hefei, province, _ = await catalogue_of_plans()
    health = await series("HEALTH")
    assert await names(http) == ["2024年安徽卫生高级", "2024年合肥工程中级", "2023年合肥工程中级"]
    assert await names(http, {"nameContains": "合肥"}) == ["2024年合肥工程中级", "2023年合肥工程中级"]
    assert await names(http, {"year": 2023}) == ["2023年合肥工程中级"]
    assert await names(http, {"level": "SENIOR"}) == ["2024年安徽卫生高级"]
    assert await names(http, {"seriesId": gid("Series", health.id)}) == ["2024年安徽卫生高级"]
    assert await names(http, {"committeeId": gid("Committee", hefei.id)}) == ["2024年合肥工程中级",
                                                                             "2023年合肥工程中级"]
    assert await names(http, {"regionCode": "340102"}) == ["2024年安徽卫生高级", "2024年合肥工程中级",
                                                          "2023年合肥工程中级"]
    assert await names(http, {"regionCode": "340200"}) == ["2024年安徽卫生高级"]
    assert await names(http, {"planType": "GREEN_CHANNEL"}) == ["2024年安徽卫生高级"]
    assert await names(http, {"openNow": True}) == ["2024年合肥工程中级"]
    assert await names(http, {"openNow": False}) == ["2024年安徽卫生高级", "2023年合肥工程中级"]
    assert await names(http, {"status": "DRAFT"}) == []  # drafts are never public
    bad = await gql(http, PLANS, {"filter": {"committeeId": gid("Series", health.id)}, "first": 5})
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_ID"


async def test_sorts(http):
    await catalogue_of_plans()
    assert await names(http, sort="CLOSES_AT_ASC") == ["2023年合肥工程中级", "2024年合肥工程中级", "2024年安徽卫生高级"]
    # Ties (same year) fall back to the newest id first.
    assert await names(http, sort="YEAR_DESC") == ["2024年安徽卫生高级", "2024年合肥工程中级", "2023年合肥工程中级"]


@pytest.mark.parametrize("sort", ["OPENS_AT_DESC", "CLOSES_AT_ASC", "YEAR_DESC"])
async def test_keyset_paging_forward_and_back(http, sort):
    hr = await hr_bureau()
    org = await organizer()
    committee = await make_committee(hr.unit, organizers=(org.unit,))
    for i in range(7):
        await make_plan(committee, org.unit, name=f"计划{i}", year=2020 + i % 3, opens=-i, closes=i % 4 + 1)
    everything = await names(http, sort=sort)
    assert len(everything) == 7
    seen, after = [], None
    while True:
        data = (await gql(http, PLANS, {"sort": sort, "first": 3, "after": after}))["data"]["plans"]
        seen += [n["name"] for n in data["nodes"]]
        assert data["totalCount"] == 7
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert seen == everything
    back = (await gql(http, PLANS, {"sort": sort, "last": 3, "before": after}))["data"]["plans"]
    assert [n["name"] for n in back["nodes"]] == everything[2:5]  # the three before the 6th
    assert back["pageInfo"]["hasPreviousPage"] is True
    bad = await gql(http, PLANS, {"first": 3, "after": "bm90LWEtY3Vyc29y"})
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


SEARCH = """
query($first: Int!) {
  plans(first: $first, filter: { regionCode: "340100" }) {
    totalCount
    nodes { name levels isOpen committee { name levels series { name } } specialties { name }
            attachmentSlots { name allowedTypes } }
  }
}"""


async def test_search_costs_the_same_sql_for_1_and_50_plans(http):
    hr = await hr_bureau()
    org = await organizer()
    committees = [await make_committee(hr.unit, series_code=code, organizers=(org.unit,))
                  for code in ("ENGINEERING", "HEALTH", "SCHOOL_TEACHER")]
    sps = [await specialty(code) for code in ("ENGINEERING", "HEALTH", "SCHOOL_TEACHER")]
    for i in range(50):
        await make_plan(committees[i % 3], org.unit, specialties=(sps[i % 3],), slots=2)
    counts = {}
    for first in (1, 50):
        with count_sql() as statements:
            result = await gql(http, SEARCH, {"first": first})
        assert not result.get("errors"), result
        assert len(result["data"]["plans"]["nodes"]) == first
        counts[first] = len(statements)
    assert counts[1] == counts[50] <= 4, counts
