"""Committees (评委会管理): set up, edit, cancel, admins, search — and bad input changing nothing."""
from __future__ import annotations

import pytest

from models.committee.models import Committee, CommitteeAdmin, CommitteeOrganizer, CommitteeRegion, CommitteeSpecialty
from models.plan.models import PlanStatus
from tests.helpers import gid, gql, make_account, make_person, make_unit, mobile, payload_errors
from tests.plan_support import (COMMITTEE_CANCEL, COMMITTEE_CREATE, COMMITTEE_UPDATE, codes, hr_bureau,
                                make_committee, make_plan, organizer, series, specialty)

COMMITTEES = """
query($filter: CommitteeFilter, $first: Int, $after: String) {
  committees(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id name tier status levels regions { code } admins { displayName } }
  }
}"""
NODE = "query($id: ID!) { node(id: $id) { ... on Committee { id name admins { displayName } } } }"


async def counts() -> tuple[int, ...]:
    return (await Committee.all().count(), await CommitteeRegion.all().count(),
            await CommitteeOrganizer.all().count(), await CommitteeSpecialty.all().count(),
            await CommitteeAdmin.all().count())


async def create_input(**overrides) -> dict:
    s = await series()
    data = {"name": "安徽省工程技术人员高级职称评审委员会", "tier": "SENIOR", "seriesId": gid("Series", s.id),
            "levels": ["ASSOCIATE_SENIOR", "SENIOR"], "regionCodes": ["340000"], "contactName": "周源",
            "contactPhone": "0551-62817147"}
    data.update(overrides)
    return data


async def test_hr_bureau_sets_up_a_committee(http):
    hr = await hr_bureau("340000")
    org = await organizer()
    admin_phone = mobile()
    await make_account("评委会管理员", phone=admin_phone)
    sp = await specialty()
    variables = {"input": await create_input(
        regionCodes=["340100", "340200"], organizerUnitIds=[gid("Unit", org.unit.id)],
        specialtyIds=[gid("Specialty", sp.id)], adminLogins=[admin_phone],
        feeStandards=[{"item": "评审费", "amount": "300"}, {"item": "鉴定费", "amount": "50.5"}])}
    result = await gql(http, COMMITTEE_CREATE, variables, token=hr.token)
    assert payload_errors(result, "committeeCreate") == []
    committee = result["data"]["committeeCreate"]["committee"]
    assert committee["status"] == "ACTIVE" and committee["tier"] == "SENIOR"
    assert committee["series"]["code"] == "ENGINEERING"
    assert committee["managingUnit"]["name"] == hr.unit.name
    assert [r["code"] for r in committee["regions"]] == ["340100", "340200"]
    assert committee["organizers"] == [{"id": gid("Unit", org.unit.id), "name": org.unit.name}]
    assert committee["specialties"][0]["name"] == sp.name
    assert committee["feeStandards"] == [{"item": "评审费", "amount": "300.00"}, {"item": "鉴定费", "amount": "50.50"}]
    assert committee["admins"] == [{"accountId": committee["admins"][0]["accountId"], "displayName": "评委会管理员"}]


async def _bad(case: str, hr, other) -> tuple[dict, tuple]:
    s = await series("SCHOOL_TEACHER")
    foreign = await specialty("SCHOOL_TEACHER")
    cases = {
        "unknown region": ({"regionCodes": ["340000", "999999"]}, ("NOT_FOUND", ("regionCodes", "1"))),
        "region outside the bureau": ({"regionCodes": ["510000"]}, ("OUT_OF_REGION", ("regionCodes", "0"))),
        "specialty of another series": ({"specialtyIds": [gid("Specialty", foreign.id)]},
                                        ("SPECIALTY_NOT_IN_SERIES", ("specialtyIds", "0"))),
        "series ID of another type": ({"seriesId": gid("Unit", hr.unit.id)}, ("INVALID_ID", ("seriesId",))),
        "organizer ID of another type": ({"organizerUnitIds": [gid("Series", s.id)]},
                                         ("INVALID_ID", ("organizerUnitIds", "0"))),
        "organizer of another kind": ({"organizerUnitIds": [gid("Unit", other.unit.id)]},
                                      ("NOT_ORGANIZER", ("organizerUnitIds", "0"))),
        "fee of zero": ({"feeStandards": [{"item": "评审费", "amount": "0"}]},
                        ("INVALID_AMOUNT", ("feeStandards", "0", "amount"))),
        "fee with three decimals": ({"feeStandards": [{"item": "评审费", "amount": "1.234"}]},
                                    ("INVALID_AMOUNT", ("feeStandards", "0", "amount"))),
        "fee not a number": ({"feeStandards": [{"item": "评审费", "amount": "三百"}]},
                             ("INVALID_AMOUNT", ("feeStandards", "0", "amount"))),
        "no levels": ({"levels": []}, ("REQUIRED", ("levels",))),
        "no regions": ({"regionCodes": []}, ("REQUIRED", ("regionCodes",))),
        "no name": ({"name": "  "}, ("REQUIRED", ("name",))),
        "bad phone": ({"contactPhone": "12"}, ("INVALID_PHONE", ("contactPhone",))),
        "unknown admin": ({"adminLogins": ["13800000000"]}, ("NOT_FOUND", ("adminLogins", "0"))),
    }
    return cases[case]


@pytest.mark.parametrize("case", [
    "unknown region", "region outside the bureau", "specialty of another series", "series ID of another type",
    "organizer ID of another type", "organizer of another kind", "fee of zero", "fee with three decimals",
    "fee not a number", "no levels", "no regions", "no name", "bad phone", "unknown admin"])
async def test_create_refuses_bad_input(http, case):
    hr = await hr_bureau("340000")
    other = await make_unit("普通单位")
    overrides, expected = await _bad(case, hr, other)
    before = await counts()
    result = await gql(http, COMMITTEE_CREATE, {"input": await create_input(**overrides)}, token=hr.token)
    errors = payload_errors(result, "committeeCreate")
    assert expected in codes(errors), errors
    assert all(e["message"] for e in errors)
    assert result["data"]["committeeCreate"]["committee"] is None
    assert await counts() == before


async def test_duplicate_name_and_city_bureau_scope(http):
    city = await hr_bureau("340100")
    first = await gql(http, COMMITTEE_CREATE, {"input": await create_input(regionCodes=["340100", "340102"])},
                      token=city.token)
    assert payload_errors(first, "committeeCreate") == []
    again = await gql(http, COMMITTEE_CREATE, {"input": await create_input(regionCodes=["340100"])}, token=city.token)
    assert codes(payload_errors(again, "committeeCreate")) == {("DUPLICATE_NAME", ("name",))}
    assert await Committee.all().count() == 1


async def test_update_replaces_lists_and_checks_version(http):
    hr = await hr_bureau("340000")
    org = await organizer()
    committee = await make_committee(hr.unit, organizers=(org.unit,), specialties=(await specialty(),))
    sp = await specialty(nth=1)
    variables = {"input": {"committeeId": gid("Committee", committee.id), "version": 0, "name": "新名称",
                           "levels": ["SENIOR"], "regionCodes": ["340100"], "specialtyIds": [gid("Specialty", sp.id)],
                           "organizerUnitIds": [], "feeStandards": [{"item": "评审费", "amount": "200.00"}]}}
    result = await gql(http, COMMITTEE_UPDATE, variables, token=hr.token)
    assert payload_errors(result, "committeeUpdate") == []
    updated = result["data"]["committeeUpdate"]["committee"]
    assert updated["name"] == "新名称" and updated["levels"] == ["SENIOR"] and updated["version"] == 1
    assert [r["code"] for r in updated["regions"]] == ["340100"]
    assert [s["id"] for s in updated["specialties"]] == [gid("Specialty", sp.id)]
    assert updated["organizers"] == [] and updated["contactPhone"] == "0551-62817147"
    stale = await gql(http, COMMITTEE_UPDATE, {"input": {**variables["input"], "name": "再改"}}, token=hr.token)
    assert codes(payload_errors(stale, "committeeUpdate")) == {("CONFLICT", ("version",))}
    assert (await Committee.get(id=committee.id)).name == "新名称"


async def test_update_refuses_specialty_of_other_series_and_changes_nothing(http):
    hr = await hr_bureau()
    committee = await make_committee(hr.unit, specialties=(await specialty(),))
    foreign = await specialty("HEALTH")
    result = await gql(http, COMMITTEE_UPDATE, {"input": {
        "committeeId": gid("Committee", committee.id), "name": "改名", "specialtyIds": [gid("Specialty", foreign.id)]}},
        token=hr.token)
    assert codes(payload_errors(result, "committeeUpdate")) == {("SPECIALTY_NOT_IN_SERIES", ("specialtyIds", "0"))}
    row = await Committee.get(id=committee.id)
    assert row.name == committee.name and row.version == 0
    assert await CommitteeSpecialty.filter(committee_id=committee.id).count() == 1


async def test_cancel_needs_reason_and_no_running_plan(http):
    hr = await hr_bureau()
    org = await organizer()
    committee = await make_committee(hr.unit, organizers=(org.unit,))
    ref = gid("Committee", committee.id)
    blank = await gql(http, COMMITTEE_CANCEL, {"input": {"committeeId": ref, "reason": " "}}, token=hr.token)
    assert codes(payload_errors(blank, "committeeCancel")) == {("REQUIRED", ("reason",))}
    plan = await make_plan(committee, org.unit)
    running = await gql(http, COMMITTEE_CANCEL, {"input": {"committeeId": ref, "reason": "合并"}}, token=hr.token)
    assert codes(payload_errors(running, "committeeCancel")) == {("HAS_OPEN_PLANS", None)}
    plan.status = PlanStatus.CLOSED
    await plan.save()
    done = await gql(http, COMMITTEE_CANCEL, {"input": {"committeeId": ref, "reason": "合并"}}, token=hr.token)
    assert payload_errors(done, "committeeCancel") == []
    assert done["data"]["committeeCancel"]["committee"] == {"id": ref, "status": "CANCELLED", "cancelReason": "合并"}
    again = await gql(http, COMMITTEE_CANCEL, {"input": {"committeeId": ref, "reason": "合并"}}, token=hr.token)
    assert codes(payload_errors(again, "committeeCancel")) == {("COMMITTEE_CANCELLED", None)}
    edit = await gql(http, COMMITTEE_UPDATE, {"input": {"committeeId": ref, "name": "x"}}, token=hr.token)
    assert codes(payload_errors(edit, "committeeUpdate")) == {("COMMITTEE_CANCELLED", None)}


ADMIN_ADD = """
mutation($input: CommitteeAdminAddInput!) {
  committeeAdminAdd(input: $input) { errors { field code message } committee { admins { accountId displayName } } }
}"""
ADMIN_REMOVE = """
mutation($input: CommitteeAdminRemoveInput!) {
  committeeAdminRemove(input: $input) { errors { field code message } committee { admins { displayName } } }
}"""


async def test_admins_are_added_removed_and_listed_only_to_managers(http):
    hr = await hr_bureau("340000")
    committee = await make_committee(hr.unit)
    ref = gid("Committee", committee.id)
    phone = mobile()
    member = await make_account("评委会账号", phone=phone)
    added = await gql(http, ADMIN_ADD, {"input": {"committeeId": ref, "login": phone}}, token=hr.token)
    assert payload_errors(added, "committeeAdminAdd") == []
    twice = await gql(http, ADMIN_ADD, {"input": {"committeeId": ref, "login": phone}}, token=hr.token)
    assert codes(payload_errors(twice, "committeeAdminAdd")) == {("ALREADY_ADMIN", ("login",))}
    seen = {}
    outsider = await hr_bureau("510000")
    person = await make_person()
    for who, token in (("anonymous", None), ("person", person.token), ("outsider", outsider.token),
                       ("member", member.token), ("hr", hr.token)):
        seen[who] = (await gql(http, NODE, {"id": ref}, token=token))["data"]["node"]["admins"]
    assert seen["anonymous"] is None and seen["person"] is None and seen["outsider"] is None
    assert seen["member"] == seen["hr"] == [{"displayName": "评委会账号"}]
    member_id = gid("Account", member.account.id)
    removed = await gql(http, ADMIN_REMOVE, {"input": {"committeeId": ref, "accountId": member_id}}, token=hr.token)
    assert removed["data"]["committeeAdminRemove"] == {"errors": [], "committee": {"admins": []}}


async def test_committee_search_filters_and_pages(http):
    hr = await hr_bureau("340000")
    a = await make_committee(hr.unit, name="合肥市工程中级评委会", regions=("340100",), levels=("INTERMEDIATE",))
    b = await make_committee(hr.unit, name="安徽省工程高级评委会", regions=("340000",), levels=("SENIOR",))
    c = await make_committee(hr.unit, name="芜湖市卫生中级评委会", series_code="HEALTH", regions=("340200",))
    c.status = "CANCELLED"
    await c.save()
    s = await series()

    async def names(filter_: dict) -> list[str]:
        data = (await gql(http, COMMITTEES, {"filter": filter_, "first": 10}))["data"]["committees"]
        assert data["totalCount"] == len(data["nodes"])
        return sorted(n["name"] for n in data["nodes"])

    assert await names({"nameContains": "工程"}) == sorted([a.name, b.name])
    assert await names({"seriesId": gid("Series", s.id)}) == sorted([a.name, b.name])
    assert await names({"level": "SENIOR"}) == [b.name]
    assert await names({"regionCode": "340102"}) == sorted([a.name, b.name])  # scope covers 瑶海区
    assert await names({"regionCode": "340203"}) == sorted([b.name, c.name])
    assert await names({"status": "CANCELLED"}) == [c.name]
    page = (await gql(http, COMMITTEES, {"first": 2}))["data"]["committees"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"]
    rest = (await gql(http, COMMITTEES, {"first": 2, "after": page["pageInfo"]["endCursor"]}))["data"]["committees"]
    assert [n["name"] for n in page["nodes"] + rest["nodes"]] == [c.name, b.name, a.name]
    assert all(n["admins"] is None for n in page["nodes"])  # anonymous
    bad = await gql(http, COMMITTEES, {"filter": {"seriesId": gid("Unit", 1)}, "first": 1})
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_ID"
