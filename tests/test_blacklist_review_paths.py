"""HR bureaus keep the blacklist and configure review paths for their region."""
from datetime import date, timedelta

import pytest

from models.blacklist.models import BlacklistEntry
from models.unit.models import UnitKind
from models.workflow.models import ReviewPath
from tests.declaration_support import CREATE, build_world
from tests.helpers import (assert_forbidden, assert_unauthenticated, gid, gql, make_account, make_unit,
                           payload_errors)

ADD = """mutation($input: BlacklistAddInput!) { blacklistAdd(input: $input) {
  errors { field code message } entry { id reason liftedAt person { realName } } } }"""
LIFT = """mutation($input: BlacklistLiftInput!) { blacklistLift(input: $input) {
  errors { field code message } entry { id liftedAt liftReason } } }"""
ENTRIES = "query($id: ID!) { blacklistEntries(personId: $id) { reason liftedAt } }"
SET_PATH = """mutation($input: ReviewPathSetInput!) { reviewPathSet(input: $input) {
  errors { field code message } reviewPath { id nodeKinds region { code } committeeTier } } }"""
PATHS = "query($code: String!) { reviewPaths(regionCode: $code) { region { code } nodeKinds } }"
DRY_RUN = "query($id: ID!) { applicationReviewPath(applicationId: $id) { nodeKind unit { name } } }"


def _add_input(world, **overrides) -> dict:
    values = {"personId": gid("Person", world.applicant.person.id), "reason": "论文造假",
              "startsOn": str(date.today()), "endsOn": str(date.today() + timedelta(days=365))}
    values.update(overrides)
    return {"input": values}


async def test_blacklisting_blocks_declaring_until_lifted(http):
    world = await build_world()
    result = await gql(http, ADD, _add_input(world), token=world.city_hr.token)
    entry = result["data"]["blacklistAdd"]["entry"]
    assert entry["person"]["realName"] == "张三"
    refused = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    assert [e["code"] for e in payload_errors(refused, "applicationCreate")] == ["BLACKLISTED"]
    result = await gql(http, LIFT, {"input": {"entryId": entry["id"], "reason": "经复核，举报不实"}},
                       token=world.province_hr.token)
    assert result["data"]["blacklistLift"]["entry"]["liftReason"] == "经复核，举报不实"
    again = await gql(http, LIFT, {"input": {"entryId": entry["id"], "reason": "重复"}}, token=world.city_hr.token)
    assert [e["code"] for e in payload_errors(again, "blacklistLift")] == ["ALREADY_LIFTED"]
    created = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    assert not payload_errors(created, "applicationCreate")
    entries = await gql(http, ENTRIES, {"id": gid("Person", world.applicant.person.id)}, token=world.city_hr.token)
    assert entries["data"]["blacklistEntries"][0]["liftedAt"]


@pytest.mark.parametrize("overrides, code, field", [
    ({"reason": " "}, "REQUIRED", ["reason"]),
    ({"endsOn": "2020-01-01"}, "INVALID_DATE", ["endsOn"]),
    ({"personId": "UGVyc29uOjk5OTk5"}, "NOT_FOUND", ["personId"]),
])
async def test_bad_blacklist_input_writes_nothing(http, overrides, code, field):
    world = await build_world()
    result = await gql(http, ADD, _add_input(world, **overrides), token=world.city_hr.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "blacklistAdd")] == [(code, field)]
    assert not await BlacklistEntry.exists()


async def test_only_bureaus_above_the_person_manage_the_blacklist(http):
    world = await build_world()
    sichuan = await make_unit(kind=UnitKind.HR_BUREAU, region="510000")
    for token in (world.employer.token, world.applicant.token, sichuan.token):
        assert_forbidden(await gql(http, ADD, _add_input(world), token=token))
    assert_unauthenticated(await gql(http, ADD, _add_input(world)))
    admin = await make_account(platform_admin=True)
    assert not payload_errors(await gql(http, ADD, _add_input(world), token=admin.token), "blacklistAdd")


async def test_configured_path_overrides_the_default(http):
    world = await build_world()
    created = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    app_id = created["data"]["applicationCreate"]["application"]["id"]
    default = await gql(http, DRY_RUN, {"id": app_id}, token=world.applicant.token)
    assert [n["nodeKind"] for n in default["data"]["applicationReviewPath"]] == [
        "EMPLOYER", "COMPETENT_DEPARTMENT", "HR_BUREAU_CITY", "HR_BUREAU_PROVINCE", "ORGANIZER"]
    result = await gql(http, SET_PATH, {"input": {"evaluationMode": "REVIEW", "committeeTier": "SENIOR",
                                                  "regionCode": "340100",
                                                  "nodeKinds": ["EMPLOYER", "HR_BUREAU_CITY", "ORGANIZER"]}},
                       token=world.city_hr.token)
    assert not payload_errors(result, "reviewPathSet")
    configured = await gql(http, DRY_RUN, {"id": app_id}, token=world.applicant.token)
    assert [(n["nodeKind"], n["unit"]["name"]) for n in configured["data"]["applicationReviewPath"]] == [
        ("EMPLOYER", "合肥宏达建设有限公司"), ("HR_BUREAU_CITY", "合肥市人力资源和社会保障局"),
        ("ORGANIZER", "安徽省建设工程高评委组建单位")]
    paths = await gql(http, PATHS, {"code": "340102"}, token=world.employer.token)
    assert paths["data"]["reviewPaths"][0]["region"]["code"] == "340100"


@pytest.mark.parametrize("kinds, code", [
    ([], "REQUIRED"),
    (["HR_BUREAU_CITY", "EMPLOYER"], "INVALID"),
    (["EMPLOYER", "EXTRA_UNIT"], "INVALID"),
    (["EMPLOYER", "ORGANIZER", "ORGANIZER"], "INVALID"),
])
async def test_bad_paths_are_refused(http, kinds, code):
    hr = await make_unit(kind=UnitKind.HR_BUREAU, region="340100")
    result = await gql(http, SET_PATH, {"input": {"evaluationMode": "REVIEW", "committeeTier": "SENIOR",
                                                  "regionCode": "340100", "nodeKinds": kinds}}, token=hr.token)
    assert [e["code"] for e in payload_errors(result, "reviewPathSet")] == [code]
    assert not await ReviewPath.exists()


async def test_paths_outside_the_region_are_forbidden(http):
    hr = await make_unit(kind=UnitKind.HR_BUREAU, region="340100")
    employer = await make_unit(region="340100")
    variables = {"input": {"evaluationMode": "REVIEW", "committeeTier": "SENIOR", "regionCode": "340200",
                           "nodeKinds": ["EMPLOYER", "ORGANIZER"]}}
    assert_forbidden(await gql(http, SET_PATH, variables, token=hr.token))
    variables["input"]["regionCode"] = "340100"
    assert_forbidden(await gql(http, SET_PATH, variables, token=employer.token))
