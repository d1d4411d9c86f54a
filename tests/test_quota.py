"""岗位核准: set once a year with the stamped form, confirm, then only an HR bureau above the unit adjusts."""
import asyncio
import shutil
from pathlib import Path

import pytest

from models.quota import rules as quota_rules
from models.core.file import StoredFile
from models.quota.models import PostQuota, PostQuotaChange
from models.unit.models import UnitKind, UnitNature
from tests.conftest import on_postgres
from tests.declaration_support import PNG
from tests.helpers import (assert_forbidden, assert_unauthenticated, count_sql, gid, gql, make_person, make_unit,
                           payload_errors, upload)
from tests.quota_support import (ADJUST, CONFIRM, GET, PDF, YEAR, claimed, counts, public_world, recommend,
                                 set_quota, stored_files, submitted)


@pytest.fixture
def storage_dir(settings):
    shutil.rmtree(settings.storage_dir, ignore_errors=True)
    return Path(settings.storage_dir)


def codes(result: dict, name: str) -> list[str]:
    return [e["code"] for e in payload_errors(result, name)]


def adjust_input(world, reason: str = "岗位设置方案调整，依据新核准表", **levels) -> dict:
    return {"input": {"unitId": gid("Unit", world.employer.unit.id), "year": YEAR, **counts(**levels),
                      "reason": reason}}


async def test_set_confirm_then_only_the_hr_bureau_changes_it(http, storage_dir):
    world = await public_world()
    unit_id = gid("Unit", world.employer.unit.id)
    result = await set_quota(http, world, senior=1, associate=3, intermediate=5, primary=2)
    quota = result["data"]["postQuotaSet"]["postQuota"]
    assert not result["data"]["postQuotaSet"]["errors"], result
    assert (quota["associateSenior"], quota["confirmed"], quota["approvalFile"]["contentType"]) == (
        3, False, "application/pdf")
    assert quota["createdBy"] == f"{world.employer.unit.name}管理员"
    assert [(lv["label"], lv["vacancies"], lv["remaining"], lv["recommended"]) for lv in quota["levels"]] == [
        ("正高级", 1, 1, 0), ("副高级", 3, 3, 0), ("中级", 5, 5, 0), ("初级", 2, 2, 0)]

    # Until confirmed the unit may set it again; the stamped form is kept when none is sent.
    result = await set_quota(http, world, file=None, senior=1, associate=4)
    assert result["data"]["postQuotaSet"]["postQuota"]["associateSenior"] == 4
    assert result["data"]["postQuotaSet"]["postQuota"]["approvalFile"]["name"] == "岗位核准表.pdf"
    result = await gql(http, CONFIRM, {"input": {"unitId": unit_id, "year": YEAR}}, token=world.employer.token)
    assert result["data"]["postQuotaConfirm"]["postQuota"]["confirmed"] is True

    # 确认后不可更改: by the unit, neither counts nor the form.
    files_before = await StoredFile.all().count()
    result = await set_quota(http, world, senior=9)
    assert codes(result, "postQuotaSet") == ["QUOTA_CONFIRMED"]
    assert (await PostQuota.get(unit_id=world.employer.unit.id, year=YEAR)).senior == 1
    assert await StoredFile.all().count() == files_before
    result = await gql(http, CONFIRM, {"input": {"unitId": unit_id, "year": YEAR}}, token=world.employer.token)
    assert codes(result, "postQuotaConfirm") == ["QUOTA_CONFIRMED"]

    # The HR bureau of the unit's city changes it, with a reason and optionally a new form (以此为准).
    response = await upload(http, ADJUST, {"input": dict(adjust_input(world, senior=1, associate=6)["input"],
                                                         approvalFile=None)},
                            {"input.approvalFile": ("岗位核准表（以此为准）.png", PNG, "image/png")},
                            token=world.city_hr.token)
    quota = response.json()["data"]["postQuotaAdjust"]["postQuota"]
    assert quota["associateSenior"] == 6 and quota["approvalFile"]["name"] == "岗位核准表（以此为准）.png"
    assert quota["changes"] == [{"reason": "岗位设置方案调整，依据新核准表", "changedBy": "合肥市人力资源和社会保障局管理员",
                                 "unit": {"name": "合肥市人力资源和社会保障局"}, "approvalFileReplaced": True,
                                 "old": {"associateSenior": 4}, "new": {"associateSenior": 6}}]
    # The province covers every city; a bureau of another city does not.
    result = await gql(http, ADJUST, adjust_input(world, associate=7), token=world.province_hr.token)
    assert not payload_errors(result, "postQuotaAdjust")
    wuhu = await make_unit("芜湖市人力资源和社会保障局", kind=UnitKind.HR_BUREAU, region="340200",
                           nature=UnitNature.GOVERNMENT_AGENCY)
    assert_forbidden(await gql(http, ADJUST, adjust_input(world, associate=8), token=wuhu.token))
    assert await PostQuotaChange.all().count() == 2


async def test_adjust_refusals_change_nothing(http):
    world = await public_world()
    result = await gql(http, ADJUST, adjust_input(world, associate=2), token=world.city_hr.token)
    assert codes(result, "postQuotaAdjust") == ["QUOTA_NOT_SET"]
    await set_quota(http, world, associate=2, confirm=True)
    for reason in ("", "   "):
        result = await gql(http, ADJUST, adjust_input(world, reason, associate=5), token=world.city_hr.token)
        assert [(e["code"], e["field"]) for e in payload_errors(result, "postQuotaAdjust")] == [
            ("REQUIRED", ["reason"])]
    result = await gql(http, ADJUST, adjust_input(world, associate=-1, primary=100_001), token=world.city_hr.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "postQuotaAdjust")] == [
        ("INVALID", ["associateSenior"]), ("INVALID", ["primary"])]
    result = await gql(http, ADJUST, adjust_input(world, associate=2), token=world.city_hr.token)
    assert codes(result, "postQuotaAdjust") == ["NO_CHANGE"]
    # The unit itself may not use the HR door.
    assert_forbidden(await gql(http, ADJUST, adjust_input(world, associate=5), token=world.employer.token))
    quota = await PostQuota.get(unit_id=world.employer.unit.id, year=YEAR)
    assert (quota.associate_senior, quota.version) == (2, 1) and not await PostQuotaChange.exists()


@pytest.mark.parametrize("nature, applicable", [
    (UnitNature.PUBLIC_INSTITUTION, True), (UnitNature.CENTRAL_PUBLIC_INSTITUTION, True),
    (UnitNature.STATE_OWNED_ENTERPRISE, False), (UnitNature.GOVERNMENT_AGENCY, False),
])
async def test_only_public_institutions_keep_quotas(http, storage_dir, nature, applicable):
    world = await public_world(nature=nature)
    result = await set_quota(http, world, associate=1)
    if applicable:
        assert not payload_errors(result, "postQuotaSet")
        return
    assert [(e["code"], e["field"]) for e in payload_errors(result, "postQuotaSet")] == [
        ("NOT_APPLICABLE", ["unitId"])]
    assert not await PostQuota.exists() and not await StoredFile.filter(purpose="post_quota").exists()
    assert stored_files(storage_dir) == []


async def test_set_validates_before_storing(http, storage_dir):
    world = await public_world()
    result = await set_quota(http, world, file=None, associate=1)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "postQuotaSet")] == [
        ("REQUIRED", ["approvalFile"])]
    result = await set_quota(http, world, senior=-2, year=1999)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "postQuotaSet")] == [
        ("INVALID", ["year"]), ("INVALID", ["senior"])]
    assert not await PostQuota.exists() and not await StoredFile.filter(purpose="post_quota").exists()
    assert stored_files(storage_dir) == []


@pytest.mark.parametrize("name, content, code", [
    ("核准表.txt", "空缺岗位数：3".encode(), "FILE_TYPE_NOT_ALLOWED"),
    ("核准表.pdf", b"", "EMPTY_FILE"),
    ("核准表.pdf", PDF + b"0" * 4096, "FILE_TOO_LARGE"),
    ("../核准表.pdf", PDF, "INVALID_FILE_NAME"),
])
async def test_bad_approval_files_store_nothing(http, storage_dir, monkeypatch, name, content, code):
    monkeypatch.setattr(quota_rules, "MAX_FILE_BYTES", 2048)
    world = await public_world()
    result = await set_quota(http, world, file=(name, content, "application/pdf"), associate=1)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "postQuotaSet")] == [(code, ["approvalFile"])]
    assert not await PostQuota.exists() and not await StoredFile.filter(purpose="post_quota").exists()
    assert stored_files(storage_dir) == []


async def test_who_may_read_and_set(http):
    world = await public_world()
    await set_quota(http, world, associate=2)
    unit_id = gid("Unit", world.employer.unit.id)
    variables = {"unitId": unit_id, "year": YEAR}
    other_unit = await make_unit("合肥市第一人民医院", nature=UnitNature.PUBLIC_INSTITUTION)
    wuhu = await make_unit("芜湖市人力资源和社会保障局", kind=UnitKind.HR_BUREAU, region="340200",
                           nature=UnitNature.GOVERNMENT_AGENCY)
    stranger = await make_person("王五")
    assert_unauthenticated(await gql(http, GET, variables))
    for actor in (world.applicant, stranger, other_unit, wuhu, world.department):
        assert_forbidden(await gql(http, GET, variables, token=actor.token))
    for actor in (world.employer, world.city_hr, world.province_hr):
        quota = (await gql(http, GET, variables, token=actor.token))["data"]["postQuota"]
        assert quota["associateSenior"] == 2 and quota["unit"]["name"] == world.employer.unit.name
    assert (await gql(http, GET, dict(variables, year=2030), token=world.employer.token))["data"]["postQuota"] is None
    assert_forbidden(await gql(http, GET, {"unitId": gid("Plan", 1), "year": YEAR}, token=world.employer.token))

    confirm = {"input": {"unitId": unit_id, "year": YEAR}}
    assert_unauthenticated(await gql(http, CONFIRM, confirm))
    for actor in (world.applicant, other_unit, world.city_hr, world.province_hr):
        assert_forbidden(await gql(http, CONFIRM, confirm, token=actor.token))
        assert_forbidden(await set_quota(http, world, token=actor.token, file=None, associate=5))
    quota = await PostQuota.get(unit_id=world.employer.unit.id, year=YEAR)
    assert (quota.associate_senior, quota.confirmed_at) == (2, None)


async def test_counters_come_from_one_grouped_query(http):
    world = await public_world()
    await set_quota(http, world, associate=5, confirm=True)
    app_id = await submitted(http, world)
    await claimed(http, world, app_id)
    variables = {"unitId": gid("Unit", world.employer.unit.id), "year": YEAR}

    async def statements() -> int:
        with count_sql() as sql:
            result = await gql(http, GET, variables, token=world.employer.token)
        assert not result.get("errors"), result
        return len([s for s in sql if "quota_use" in s])

    assert await statements() == 1
    assert not payload_errors(await recommend(http, world.employer.token, app_id, True), "applicationRecommend")
    assert await statements() == 1
    levels = (await gql(http, GET, variables, token=world.employer.token))["data"]["postQuota"]["levels"]
    assert levels[1] == {"level": "ASSOCIATE_SENIOR", "label": "副高级", "vacancies": 5, "recommended": 1,
                         "occupying": 1, "notOccupying": 0, "remaining": 4}


async def test_vacancies_cannot_drop_below_occupied_posts(http):
    world = await public_world()
    await set_quota(http, world, associate=2)
    app_id = await submitted(http, world)
    await claimed(http, world, app_id)
    assert not payload_errors(await recommend(http, world.employer.token, app_id, True), "applicationRecommend")
    result = await set_quota(http, world, file=None, associate=0)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "postQuotaSet")] == [
        ("BELOW_OCCUPIED", ["associateSenior"])]
    await gql(http, CONFIRM, {"input": {"unitId": gid("Unit", world.employer.unit.id), "year": YEAR}},
              token=world.employer.token)
    result = await gql(http, ADJUST, adjust_input(world, associate=0), token=world.city_hr.token)
    assert codes(result, "postQuotaAdjust") == ["BELOW_OCCUPIED"]
    assert not payload_errors(await gql(http, ADJUST, adjust_input(world, associate=1), token=world.city_hr.token),
                              "postQuotaAdjust")


@pytest.mark.skipif(not on_postgres(), reason="concurrent transactions need PostgreSQL")
async def test_two_first_sets_at_once_make_one_quota(http):
    world = await public_world()
    results = await asyncio.gather(*(set_quota(http, world, associate=n) for n in (1, 2)))
    outcomes = sorted(tuple(codes(r, "postQuotaSet")) for r in results)
    assert outcomes in ([(), ()], [(), ("CONFLICT",)]), results
    assert await PostQuota.all().count() == 1
