"""Units: registration (单位注册), detail edits (完善单位信息), admins, and the public search."""
from __future__ import annotations

import random

import pytest
from stdnum.cn import uscc

from models.account.models import Identity
from models.unit.models import Unit, UnitAdmin, UnitKind, UnitNature
from tests.helpers import (assert_forbidden, assert_unauthenticated, gid, gql, make_account, make_person, make_unit,
                           mobile, payload_errors)

VALID_CODE = "91340100683643522D"

UNIT_FIELDS = """
  id name kind nature natureLabel creditCode isCentral
  region { code name }
  competentDepartment { id name }
  details { legalRepName legalRepPhone address contactName contactMobile email fax licenseValidYears
            licenseIssuedOn approvalDate economicType }
  admins { accountId displayName }
"""
UNIT_REGISTER = f"""
mutation($input: UnitRegisterInput!) {{
  unitRegister(input: $input) {{ errors {{ field code message }} unit {{ {UNIT_FIELDS} }} }}
}}"""
UNIT_UPDATE = f"""
mutation($input: UnitUpdateInput!) {{
  unitUpdate(input: $input) {{ errors {{ field code message }} unit {{ {UNIT_FIELDS} }} }}
}}"""
UNIT_ADMIN_ADD = """
mutation($input: UnitAdminAddInput!) {
  unitAdminAdd(input: $input) { errors { field code message } unit { id admins { accountId displayName } } }
}"""
UNIT_ADMIN_REMOVE = """
mutation($input: UnitAdminRemoveInput!) {
  unitAdminRemove(input: $input) { errors { field code message } unit { id admins { accountId displayName } } }
}"""
UNITS = """
query($filter: UnitFilter, $first: Int) {
  units(filter: $filter, first: $first) {
    totalCount
    edges { node { id name kind creditCode region { code } details { contactMobile } admins { displayName } } }
  }
}"""
MEMBERSHIPS = "query { me { memberships { role unit { id name } } } }"


def credit_code(region: str = "34010068") -> str:
    """A fresh, valid unified social credit code (GB 32100)."""
    body = "91" + region[:6] + "".join(random.choice("0123456789") for _ in range(9))
    return body + uscc.calc_check_digit(body + "0")


def register_input(**overrides) -> dict:
    data = {"name": "合肥宏景软件有限公司", "kind": "EMPLOYER", "nature": "PRIVATE_ENTERPRISE",
            "creditCode": VALID_CODE, "contactName": "王经理", "contactMobile": "13912345678",
            "email": "hr@hongjing.cn", "regionCode": "340100"}
    data.update(overrides)
    return data


def codes(errors: list[dict]) -> set[tuple[str, tuple[str, ...] | None]]:
    return {(e["code"], tuple(e["field"]) if e["field"] else None) for e in errors}


async def counts() -> tuple[int, int]:
    return await Unit.all().count(), await UnitAdmin.all().count()


async def hr_bureau(region: str = "340000"):
    return await make_unit(f"{region}人社局", kind=UnitKind.HR_BUREAU, region=region,
                           nature=UnitNature.GOVERNMENT_AGENCY)


# ---------------------------------------------------------------- unitRegister


async def test_register_requires_sign_in(http):
    assert_unauthenticated(await gql(http, UNIT_REGISTER, {"input": register_input()}))
    assert await counts() == (0, 0)


async def test_employer_self_registration_makes_creator_admin(http):
    me = await make_account("王经理")
    result = await gql(http, UNIT_REGISTER, {"input": register_input(creditCode=VALID_CODE.lower(),
                                                                      legalRepName="李四")}, token=me.token)
    assert payload_errors(result, "unitRegister") == []
    unit = result["data"]["unitRegister"]["unit"]
    assert unit["creditCode"] == VALID_CODE  # normalised to upper case
    assert unit["kind"] == "EMPLOYER" and unit["natureLabel"] == "民营企业"
    assert unit["region"] == {"code": "340100", "name": "合肥市"}
    assert unit["details"]["contactMobile"] == "13912345678"
    assert unit["details"]["legalRepName"] == "李四"
    assert unit["details"]["legalRepPhone"] == ""
    assert unit["admins"] == [{"accountId": gid("Account", me.account.id), "displayName": "王经理"}]
    memberships = (await gql(http, MEMBERSHIPS, token=me.token))["data"]["me"]["memberships"]
    assert memberships == [{"role": "UNIT_ADMIN", "unit": {"id": unit["id"], "name": "合肥宏景软件有限公司"}}]


async def test_register_with_named_first_admin(http):
    me = await make_account("代办人")
    phone = mobile()
    other = await make_account("单位管理员", phone=phone)
    result = await gql(http, UNIT_REGISTER, {"input": register_input(adminLogin=phone)}, token=me.token)
    assert payload_errors(result, "unitRegister") == []
    admins = result["data"]["unitRegister"]["unit"]["admins"]
    assert admins is None  # the registrant is not an admin of it, so the private parts are hidden
    assert await UnitAdmin.filter(account_id=other.account.id).count() == 1
    assert await UnitAdmin.filter(account_id=me.account.id).count() == 0


async def test_register_unknown_admin_login(http):
    me = await make_account()
    result = await gql(http, UNIT_REGISTER, {"input": register_input(adminLogin="13800000000")}, token=me.token)
    assert codes(payload_errors(result, "unitRegister")) == {("NOT_FOUND", ("adminLogin",))}
    assert await counts() == (0, 0)


@pytest.mark.parametrize("code", ["91340100683643522X", "9134010068364352", "ABCDEFGHIJKLMNOPQR",
                                  "91340100683643522DD"])
async def test_register_bad_credit_code(http, code):
    me = await make_account()
    result = await gql(http, UNIT_REGISTER, {"input": register_input(creditCode=code)}, token=me.token)
    assert codes(payload_errors(result, "unitRegister")) == {("INVALID_CREDIT_CODE", ("creditCode",))}
    assert await counts() == (0, 0)


async def test_register_credit_code_required_for_self_registration(http):
    me = await make_account()
    result = await gql(http, UNIT_REGISTER, {"input": register_input(creditCode=None)}, token=me.token)
    assert codes(payload_errors(result, "unitRegister")) == {("REQUIRED", ("creditCode",))}


async def test_register_duplicate_credit_code(http):
    first, second = await make_account(), await make_account()
    assert payload_errors(await gql(http, UNIT_REGISTER, {"input": register_input()}, token=first.token),
                          "unitRegister") == []
    result = await gql(http, UNIT_REGISTER, {"input": register_input(name="另一家公司")}, token=second.token)
    assert codes(payload_errors(result, "unitRegister")) == {("DUPLICATE_CREDIT_CODE", ("creditCode",))}
    assert await counts() == (1, 1)


async def test_register_reports_every_missing_or_malformed_field(http):
    me = await make_account()
    result = await gql(http, UNIT_REGISTER, {"input": register_input(
        name="  ", contactName="", email="not-an-email", contactMobile="12345", legalRepPhone="abc",
        address="址" * 201)}, token=me.token)
    assert codes(payload_errors(result, "unitRegister")) == {
        ("REQUIRED", ("name",)), ("REQUIRED", ("contactName",)), ("INVALID_EMAIL", ("email",)),
        ("INVALID_MOBILE", ("contactMobile",)), ("INVALID_MOBILE", ("legalRepPhone",)),
        ("TOO_LONG", ("address",)),
    }
    for error in payload_errors(result, "unitRegister"):
        assert error["message"]  # Chinese, ready to show
    assert await counts() == (0, 0)


async def test_register_missing_non_null_field_is_a_graphql_error(http):
    me = await make_account()
    data = register_input()
    del data["contactName"]
    result = await gql(http, UNIT_REGISTER, {"input": data}, token=me.token)
    assert result["errors"] and result.get("data") is None


async def test_register_unknown_region(http):
    me = await make_account()
    result = await gql(http, UNIT_REGISTER, {"input": register_input(regionCode="349999")}, token=me.token)
    assert codes(payload_errors(result, "unitRegister")) == {("NOT_FOUND", ("regionCode",))}
    assert await counts() == (0, 0)


async def test_register_competent_department_must_be_one(http):
    me = await make_account()
    employer = await make_unit()
    result = await gql(http, UNIT_REGISTER, {"input": register_input(
        competentDepartmentId=gid("Unit", employer.unit.id))}, token=me.token)
    assert codes(payload_errors(result, "unitRegister")) == {("INVALID", ("competentDepartmentId",))}
    result = await gql(http, UNIT_REGISTER, {"input": register_input(
        competentDepartmentId=gid("Unit", 999999))}, token=me.token)
    assert codes(payload_errors(result, "unitRegister")) == {("INVALID", ("competentDepartmentId",))}
    result = await gql(http, UNIT_REGISTER, {"input": register_input(
        competentDepartmentId=gid("Binding", employer.unit.id))}, token=me.token)
    assert codes(payload_errors(result, "unitRegister")) == {("INVALID_ID", ("competentDepartmentId",))}
    assert await counts() == (1, 1)

    dept = await make_unit("合肥市经信局", kind=UnitKind.COMPETENT_DEPARTMENT, nature=UnitNature.GOVERNMENT_AGENCY)
    result = await gql(http, UNIT_REGISTER, {"input": register_input(
        competentDepartmentId=gid("Unit", dept.unit.id))}, token=me.token)
    assert payload_errors(result, "unitRegister") == []
    assert result["data"]["unitRegister"]["unit"]["competentDepartment"]["name"] == "合肥市经信局"


@pytest.mark.parametrize("kind", ["COMPETENT_DEPARTMENT", "HR_BUREAU", "TALENT_CENTER", "ORGANIZER"])
async def test_register_other_kinds_refused_for_normal_accounts(http, kind):
    me = await make_account()
    admin_elsewhere = await make_unit()  # an employer admin is a normal account too
    for actor in (me, admin_elsewhere):
        assert_forbidden(await gql(http, UNIT_REGISTER, {"input": register_input(
            kind=kind, nature="GOVERNMENT_AGENCY", creditCode=credit_code())}, token=actor.token))
    assert await counts() == (1, 1)


@pytest.mark.parametrize("hr_region", ["340000", "340100"])
async def test_register_other_kinds_by_covering_hr_bureau(http, hr_region):
    hr = await hr_bureau(hr_region)
    # No credit code needed when an HR bureau creates the unit.
    result = await gql(http, UNIT_REGISTER, {"input": register_input(
        name="合肥市人才服务中心", kind="TALENT_CENTER", nature="PUBLIC_INSTITUTION", creditCode=None,
        regionCode="340100")}, token=hr.token)
    assert payload_errors(result, "unitRegister") == []
    unit = result["data"]["unitRegister"]["unit"]
    assert unit["kind"] == "TALENT_CENTER" and unit["creditCode"] is None
    assert unit["details"] is not None  # the HR bureau above it manages it


async def test_register_other_kinds_refused_for_hr_bureau_of_another_region(http):
    hr = await hr_bureau("510000")
    assert_forbidden(await gql(http, UNIT_REGISTER, {"input": register_input(
        kind="HR_BUREAU", nature="GOVERNMENT_AGENCY", creditCode=None, regionCode="340100")}, token=hr.token))
    assert await counts() == (1, 1)


async def test_register_other_kinds_by_platform_admin(http):
    root = await make_account(platform_admin=True)
    result = await gql(http, UNIT_REGISTER, {"input": register_input(
        name="四川省人社厅", kind="HR_BUREAU", nature="GOVERNMENT_AGENCY", creditCode=None,
        regionCode="510000")}, token=root.token)
    assert payload_errors(result, "unitRegister") == []
    assert result["data"]["unitRegister"]["unit"]["admins"][0]["displayName"] == root.account.display_name


# ---------------------------------------------------------------- unitUpdate


def update_input(unit, **fields) -> dict:
    return {"unitId": gid("Unit", unit.id), **fields}


async def test_update_by_own_admin(http):
    admin = await make_unit()
    dept = await make_unit("合肥市经信局", kind=UnitKind.COMPETENT_DEPARTMENT, nature=UnitNature.GOVERNMENT_AGENCY)
    result = await gql(http, UNIT_UPDATE, {"input": update_input(
        admin.unit, address="合肥市蜀山区黄山路1号", legalRepName="李四", legalRepPhone="0551-65123456",
        fax="0551-65123457", licenseValidYears=30, licenseIssuedOn="2010-05-01", approvalDate="2010-04-01",
        economicType="有限责任公司", nature="STATE_OWNED_ENTERPRISE", isCentral=True,
        competentDepartmentId=gid("Unit", dept.unit.id))}, token=admin.token)
    assert payload_errors(result, "unitUpdate") == []
    unit = result["data"]["unitUpdate"]["unit"]
    assert unit["nature"] == "STATE_OWNED_ENTERPRISE" and unit["isCentral"] is True
    assert unit["competentDepartment"]["name"] == "合肥市经信局"
    details = unit["details"]
    assert details["address"] == "合肥市蜀山区黄山路1号" and details["legalRepPhone"] == "0551-65123456"
    assert details["licenseValidYears"] == 30 and details["licenseIssuedOn"] == "2010-05-01"
    assert details["contactName"] == "联系人"  # untouched fields stay
    row = await Unit.get(id=admin.unit.id)
    assert row.economic_type == "有限责任公司" and row.competent_department_id == dept.unit.id

    # An explicit null clears the competent department; a text field set to null becomes empty.
    result = await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, competentDepartmentId=None, fax=None)},
                       token=admin.token)
    assert payload_errors(result, "unitUpdate") == []
    assert result["data"]["unitUpdate"]["unit"]["competentDepartment"] is None
    assert result["data"]["unitUpdate"]["unit"]["details"]["fax"] == ""


async def test_update_changes_updated_at(http):
    admin = await make_unit()
    before = (await Unit.get(id=admin.unit.id)).updated_at
    await Unit.filter(id=admin.unit.id).update(updated_at=before.replace(year=2020))
    result = await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, address="新地址")}, token=admin.token)
    assert payload_errors(result, "unitUpdate") == []
    assert (await Unit.get(id=admin.unit.id)).updated_at.year > 2020


@pytest.mark.parametrize("who", ["hr_province", "hr_city", "platform"])
async def test_update_by_overseers(http, who):
    admin = await make_unit()
    actor = {"hr_province": lambda: hr_bureau("340000"), "hr_city": lambda: hr_bureau("340100"),
             "platform": lambda: make_account(platform_admin=True)}[who]
    actor = await actor()
    result = await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, address="改后的地址")}, token=actor.token)
    assert payload_errors(result, "unitUpdate") == []
    assert (await Unit.get(id=admin.unit.id)).address == "改后的地址"


@pytest.mark.parametrize("who", ["other_admin", "person", "bound_person", "hr_other_region"])
async def test_update_refused(http, who):
    admin = await make_unit()
    actor = {"other_admin": lambda: make_unit(), "person": lambda: make_person(),
             "bound_person": lambda: make_person(unit=admin.unit, status="APPROVED"),
             "hr_other_region": lambda: hr_bureau("510000")}[who]
    actor = await actor()
    assert_forbidden(await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, address="偷改")},
                               token=actor.token))
    assert (await Unit.get(id=admin.unit.id)).address == ""


async def test_update_requires_sign_in(http):
    admin = await make_unit()
    assert_unauthenticated(await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, address="x")}))


async def test_update_invalid_values(http):
    admin = await make_unit()
    result = await gql(http, UNIT_UPDATE, {"input": update_input(
        admin.unit, contactMobile="123", email="bad", licenseValidYears=0, contactName=None, nature=None,
        legalRepPhone="电话", isCentral=None, fax="1" * 21)}, token=admin.token)
    assert codes(payload_errors(result, "unitUpdate")) == {
        ("INVALID_MOBILE", ("contactMobile",)), ("INVALID_EMAIL", ("email",)), ("INVALID", ("licenseValidYears",)),
        ("REQUIRED", ("contactName",)), ("REQUIRED", ("nature",)), ("INVALID_MOBILE", ("legalRepPhone",)),
        ("REQUIRED", ("isCentral",)), ("TOO_LONG", ("fax",)),
    }
    result = await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, regionCode="349999")}, token=admin.token)
    assert codes(payload_errors(result, "unitUpdate")) == {("NOT_FOUND", ("regionCode",))}
    result = await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, competentDepartmentId=gid(
        "Unit", admin.unit.id))}, token=admin.token)
    assert codes(payload_errors(result, "unitUpdate")) == {("INVALID", ("competentDepartmentId",))}
    row = await Unit.get(id=admin.unit.id)
    assert (row.contact_name, row.region_id, row.competent_department_id) == ("联系人", "340100", None)


async def test_update_unknown_or_wrong_unit_id(http):
    admin = await make_unit()
    result = await gql(http, UNIT_UPDATE, {"input": {"unitId": gid("Unit", 999999), "address": "x"}},
                       token=admin.token)
    assert codes(payload_errors(result, "unitUpdate")) == {("NOT_FOUND", ("unitId",))}
    result = await gql(http, UNIT_UPDATE, {"input": {"unitId": gid("Person", admin.unit.id), "address": "x"}},
                       token=admin.token)
    assert codes(payload_errors(result, "unitUpdate")) == {("INVALID_ID", ("unitId",))}
    result = await gql(http, UNIT_UPDATE, {"input": {"unitId": "garbage", "address": "x"}}, token=admin.token)
    assert codes(payload_errors(result, "unitUpdate")) == {("INVALID_ID", ("unitId",))}


async def test_hr_bureau_cannot_move_unit_out_of_its_region(http):
    admin = await make_unit(region="340100")
    hr = await hr_bureau("340100")
    assert_forbidden(await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, regionCode="510100")},
                               token=hr.token))
    result = await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, regionCode="340102")}, token=hr.token)
    assert payload_errors(result, "unitUpdate") == []
    assert (await Unit.get(id=admin.unit.id)).region_id == "340102"


# ---------------------------------------------------------------- unit admins


async def test_admin_add_by_mobile_and_id_number(http):
    admin = await make_unit()
    phone = mobile()
    newcomer = await make_account("新管理员", phone=phone)
    result = await gql(http, UNIT_ADMIN_ADD, {"input": {"unitId": gid("Unit", admin.unit.id), "login": f" {phone} "}},
                       token=admin.token)
    assert payload_errors(result, "unitAdminAdd") == []
    names = [a["displayName"] for a in result["data"]["unitAdminAdd"]["unit"]["admins"]]
    assert names == [admin.account.display_name, "新管理员"]
    memberships = (await gql(http, MEMBERSHIPS, token=newcomer.token))["data"]["me"]["memberships"]
    assert memberships[0]["unit"]["id"] == gid("Unit", admin.unit.id)

    person = await make_person("李四")
    id_number = (await Identity.get(account_id=person.account.id, provider="id_number")).subject
    result = await gql(http, UNIT_ADMIN_ADD, {"input": {"unitId": gid("Unit", admin.unit.id),
                                                        "login": id_number.lower()}}, token=newcomer.token)
    assert payload_errors(result, "unitAdminAdd") == []
    assert len(result["data"]["unitAdminAdd"]["unit"]["admins"]) == 3


async def test_admin_add_refusals(http):
    admin = await make_unit()
    unit_id = gid("Unit", admin.unit.id)
    phone = (await Identity.get(account_id=admin.account.id, provider="phone")).subject
    result = await gql(http, UNIT_ADMIN_ADD, {"input": {"unitId": unit_id, "login": phone}}, token=admin.token)
    assert codes(payload_errors(result, "unitAdminAdd")) == {("ALREADY_ADMIN", ("login",))}
    result = await gql(http, UNIT_ADMIN_ADD, {"input": {"unitId": unit_id, "login": "13800000000"}},
                       token=admin.token)
    assert codes(payload_errors(result, "unitAdminAdd")) == {("NOT_FOUND", ("login",))}
    result = await gql(http, UNIT_ADMIN_ADD, {"input": {"unitId": unit_id, "login": "  "}}, token=admin.token)
    assert codes(payload_errors(result, "unitAdminAdd")) == {("REQUIRED", ("login",))}
    assert await UnitAdmin.all().count() == 1


@pytest.mark.parametrize("who", ["anonymous", "other_admin", "person", "bound_person", "hr_other_region"])
async def test_admin_add_and_remove_permissions(http, who):
    admin = await make_unit()
    second = await make_account("第二管理员")
    await UnitAdmin.create(unit=admin.unit, account=second.account)
    phone = mobile()
    await make_account("路人", phone=phone)
    actor = None
    if who != "anonymous":
        actor = await {"other_admin": lambda: make_unit(), "person": lambda: make_person(),
                       "bound_person": lambda: make_person(unit=admin.unit, status="APPROVED"),
                       "hr_other_region": lambda: hr_bureau("510000")}[who]()
    token = actor.token if actor else None
    check = assert_unauthenticated if actor is None else assert_forbidden
    unit_id = gid("Unit", admin.unit.id)
    check(await gql(http, UNIT_ADMIN_ADD, {"input": {"unitId": unit_id, "login": phone}}, token=token))
    check(await gql(http, UNIT_ADMIN_REMOVE, {"input": {"unitId": unit_id,
                                                         "accountId": gid("Account", second.account.id)}},
                    token=token))
    assert await UnitAdmin.filter(unit_id=admin.unit.id).count() == 2


async def test_admin_remove_and_last_admin(http):
    admin = await make_unit()
    second = await make_account("第二管理员")
    await UnitAdmin.create(unit=admin.unit, account=second.account)
    unit_id = gid("Unit", admin.unit.id)
    outsider = await make_account()
    result = await gql(http, UNIT_ADMIN_REMOVE, {"input": {"unitId": unit_id,
                                                           "accountId": gid("Account", outsider.account.id)}},
                       token=admin.token)
    assert codes(payload_errors(result, "unitAdminRemove")) == {("NOT_FOUND", ("accountId",))}
    result = await gql(http, UNIT_ADMIN_REMOVE, {"input": {"unitId": unit_id,
                                                           "accountId": gid("Unit", second.account.id)}},
                       token=admin.token)
    assert codes(payload_errors(result, "unitAdminRemove")) == {("INVALID_ID", ("accountId",))}

    result = await gql(http, UNIT_ADMIN_REMOVE, {"input": {"unitId": unit_id,
                                                           "accountId": gid("Account", second.account.id)}},
                       token=admin.token)
    assert payload_errors(result, "unitAdminRemove") == []
    assert [a["displayName"] for a in result["data"]["unitAdminRemove"]["unit"]["admins"]] == [
        admin.account.display_name]
    # The removed admin lost their powers.
    assert_forbidden(await gql(http, UNIT_UPDATE, {"input": update_input(admin.unit, address="x")},
                               token=second.token))

    result = await gql(http, UNIT_ADMIN_REMOVE, {"input": {"unitId": unit_id,
                                                           "accountId": gid("Account", admin.account.id)}},
                       token=admin.token)
    assert codes(payload_errors(result, "unitAdminRemove")) == {("LAST_ADMIN", ("accountId",))}
    assert await UnitAdmin.filter(unit_id=admin.unit.id).count() == 1


@pytest.mark.parametrize("who", ["hr_province", "platform"])
async def test_admin_add_by_overseers(http, who):
    admin = await make_unit()
    actor = await (hr_bureau("340000") if who == "hr_province" else make_account(platform_admin=True))
    phone = mobile()
    await make_account("新管理员", phone=phone)
    result = await gql(http, UNIT_ADMIN_ADD, {"input": {"unitId": gid("Unit", admin.unit.id), "login": phone}},
                       token=actor.token)
    assert payload_errors(result, "unitAdminAdd") == []
    assert await UnitAdmin.filter(unit_id=admin.unit.id).count() == 2


# ---------------------------------------------------------------- units search


async def test_units_search_is_public_and_filters(http):
    a = await make_unit("合肥宏景软件有限公司", region="340100")
    await make_unit("芜湖宏景机械有限公司", region="340200")
    await make_unit("成都宏景科技有限公司", region="510100")
    await make_unit("合肥市人才服务中心", kind=UnitKind.TALENT_CENTER, region="340100",
                    nature=UnitNature.PUBLIC_INSTITUTION)
    result = await gql(http, UNITS, {"filter": {"nameContains": " 宏景 "}, "first": 10})
    assert not result.get("errors"), result
    page = result["data"]["units"]
    assert page["totalCount"] == 3
    assert [e["node"]["name"] for e in page["edges"]] == ["成都宏景科技有限公司", "芜湖宏景机械有限公司",
                                                          "合肥宏景软件有限公司"]  # newest first
    result = await gql(http, UNITS, {"filter": {"regionCode": "340000", "kind": ["EMPLOYER"]}, "first": 10})
    assert {e["node"]["name"] for e in result["data"]["units"]["edges"]} == {"合肥宏景软件有限公司",
                                                                          "芜湖宏景机械有限公司"}
    result = await gql(http, UNITS, {"filter": {"regionCode": "340100"}, "first": 10})
    assert result["data"]["units"]["totalCount"] == 2
    for edge in result["data"]["units"]["edges"]:
        assert edge["node"]["details"] is None and edge["node"]["admins"] is None
    assert a.unit.name in {e["node"]["name"] for e in result["data"]["units"]["edges"]}


async def test_units_search_requires_page_size(http):
    result = await gql(http, UNITS, {})
    assert result["errors"][0]["extensions"]["code"] == "INVALID_PAGINATION"
    result = await gql(http, UNITS, {"first": 101})
    assert result["errors"][0]["extensions"]["code"] == "INVALID_PAGINATION"


@pytest.mark.parametrize("who,sees", [
    ("anonymous", False), ("person", False), ("bound_person", False), ("other_admin", False),
    ("hr_other_region", False), ("own_admin", True), ("hr_province", True), ("hr_city", True), ("platform", True),
])
async def test_units_private_parts_only_for_managers(http, who, sees):
    admin = await make_unit("合肥宏景软件有限公司")
    builders = {
        "anonymous": None, "person": make_person, "own_admin": None,
        "bound_person": lambda: make_person(unit=admin.unit, status="APPROVED"),
        "other_admin": make_unit, "hr_other_region": lambda: hr_bureau("510000"),
        "hr_province": lambda: hr_bureau("340000"), "hr_city": lambda: hr_bureau("340100"),
        "platform": lambda: make_account(platform_admin=True),
    }
    token = None
    if who == "own_admin":
        token = admin.token
    elif builders[who] is not None:
        token = (await builders[who]()).token
    result = await gql(http, UNITS, {"filter": {"nameContains": "宏景"}, "first": 5}, token=token)
    assert not result.get("errors"), result
    node = result["data"]["units"]["edges"][0]["node"]
    if sees:
        assert node["details"]["contactMobile"] == admin.unit.contact_mobile
        assert node["admins"] == [{"displayName": admin.account.display_name}]
    else:
        assert node["details"] is None and node["admins"] is None


async def test_admin_removing_oneself_sees_the_unit_as_an_outsider(http):
    admin = await make_unit()
    second = await make_account("第二管理员")
    await UnitAdmin.create(unit=admin.unit, account=second.account)
    result = await gql(http, UNIT_ADMIN_REMOVE, {"input": {"unitId": gid("Unit", admin.unit.id),
                                                           "accountId": gid("Account", admin.account.id)}},
                       token=admin.token)
    assert payload_errors(result, "unitAdminRemove") == []
    assert result["data"]["unitAdminRemove"]["unit"]["admins"] is None
    assert await UnitAdmin.filter(unit_id=admin.unit.id).values_list("account_id", flat=True) == [second.account.id]
