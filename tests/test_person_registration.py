"""个人注册 through the API: the happy paths and a table of refused inputs that must write nothing."""
from __future__ import annotations

import asyncio
from datetime import date

import pytest

from models.account.models import Account, Identity, IdentityProvider, RefreshToken
from models.account.auth import verify_password
from models.person.binding import Binding, BindingStatus
from models.core.history import HistoryEntry
from models.person.models import Person
from models.unit.models import UnitKind
from tests.conftest import on_postgres
from tests.helpers import gid, gql, make_person, make_unit, mobile, payload_errors, resident_id

REGISTER = """
mutation Register($input: PersonRegisterInput!) {
  personRegister(input: $input) {
    errors { field code message }
    accessToken refreshToken
    person {
      id realName idType idNumber mobile gender birthDate politicalStatus ethnicity email address workStartDate
      highestEducation degree titleName skillLevel administrativePost landline isFreelancer
      series { code name } currentUnit { id } photo { name }
    }
  }
}"""
ME = """
query { me { account { displayName } person { id idNumber mobile isFreelancer currentUnit { id } }
             bindingApproved bindings { status isFreelancer explanation unit { id name } } } }"""
LOGIN = """
mutation Login($input: AuthLoginInput!) {
  authLogin(input: $input) { errors { field code message } accessToken }
}"""
PASSWORD = "Secr3t!pass"
BIRTH = date(1990, 3, 8)


def register_input(**overrides) -> dict:
    data = {
        "realName": "李四", "idType": "RESIDENT_ID", "idNumber": resident_id(BIRTH, male=True),
        "mobile": mobile(), "password": PASSWORD, "gender": "MALE", "birthDate": BIRTH.isoformat(),
        "politicalStatus": "CPC_MEMBER", "ethnicity": "汉族", "email": "lisi@example.cn",
        "address": "安徽省合肥市蜀山区长江西路100号", "workStartDate": "2012-07-01", "highestEducation": "MASTER",
        "series": ["ENGINEERING"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not DROP}


DROP = object()


async def register(http, **overrides) -> dict:
    return await gql(http, REGISTER, {"input": register_input(**overrides)})


async def row_counts() -> dict[str, int]:
    return {m.__name__: await m.all().count()
            for m in (Account, Identity, Person, Binding, RefreshToken, HistoryEntry)}


# --- happy paths -----------------------------------------------------------------------------------------------

async def test_register_creates_account_identities_person_and_signs_in(http):
    data = register_input(landline="0551-62345678", titleName="工程师", degree="MASTER",
                          series=["ENGINEERING", "ECONOMICS"], idNumber=resident_id(BIRTH, male=True).lower())
    result = await gql(http, REGISTER, {"input": data})
    payload = result["data"]["personRegister"]
    assert payload["errors"] == []
    person = payload["person"]
    number = data["idNumber"].upper()
    assert person["realName"] == "李四" and person["idNumber"] == number and person["mobile"] == data["mobile"]
    assert person["idType"] == "RESIDENT_ID" and person["gender"] == "MALE" and person["birthDate"] == "1990-03-08"
    assert person["series"] == [{"code": "ENGINEERING", "name": "工程技术人员"}, {"code": "ECONOMICS", "name": "经济专业人员"}]
    assert (person["landline"], person["titleName"], person["degree"]) == ("0551-62345678", "工程师", "MASTER")
    assert (person["skillLevel"], person["administrativePost"]) == ("", "")
    assert person["currentUnit"] is None and person["photo"] is None and person["isFreelancer"] is False

    account = await Account.get()
    assert account.display_name == "李四" and verify_password(account.password_hash, PASSWORD)
    assert PASSWORD not in account.password_hash
    identities = {(i.provider, i.subject) for i in await Identity.filter(account=account)}
    assert identities == {(IdentityProvider.PHONE.value, data["mobile"]), (IdentityProvider.ID_NUMBER.value, number)}
    row = await Person.get(account=account)
    assert gid("Person", row.id) == person["id"]
    assert await Binding.all().count() == 0

    me = (await gql(http, ME, token=payload["accessToken"]))["data"]["me"]
    assert me["person"]["id"] == person["id"] and me["bindings"] == [] and me["bindingApproved"] is False
    assert await RefreshToken.filter(account=account).count() == 1
    for login in (data["mobile"], number):
        signed_in = (await gql(http, LOGIN, {"input": {"login": login, "password": PASSWORD}}))["data"]["authLogin"]
        assert signed_in["errors"] == [] and signed_in["accessToken"]


async def test_register_trims_text(http):
    phone = mobile()
    payload = (await register(http, realName="  李四 ", mobile=f" {phone} ", email=" lisi@example.cn ",
                              address=" 合肥 "))["data"]["personRegister"]
    assert payload["errors"] == []
    person = payload["person"]
    assert (person["realName"], person["mobile"], person["email"], person["address"]) == (
        "李四", phone, "lisi@example.cn", "合肥")


async def test_register_with_unit_requests_a_pending_binding(http):
    admin = await make_unit("合肥宏景软件有限公司")
    payload = (await register(http, unitId=gid("Unit", admin.unit.id),
                              bindingExplanation="新入职"))["data"]["personRegister"]
    assert payload["errors"] == [] and payload["person"]["currentUnit"] is None
    binding = await Binding.get()
    assert binding.status == BindingStatus.PENDING and binding.unit_id == admin.unit.id
    assert binding.explanation == "新入职" and binding.is_freelancer is False
    me = (await gql(http, ME, token=payload["accessToken"]))["data"]["me"]
    assert me["bindingApproved"] is False
    assert me["bindings"] == [{"status": "PENDING", "isFreelancer": False, "explanation": "新入职",
                               "unit": {"id": gid("Unit", admin.unit.id), "name": "合肥宏景软件有限公司"}}]


@pytest.mark.parametrize("kind", [UnitKind.HR_BUREAU, UnitKind.TALENT_CENTER])
async def test_freelancer_binds_to_hr_bureau_or_talent_centre(http, kind):
    admin = await make_unit(kind=kind)
    payload = (await register(http, isFreelancer=True, unitId=gid("Unit", admin.unit.id)))["data"]["personRegister"]
    # The profile says freelancer only once the HR bureau or talent centre approves the binding.
    assert payload["errors"] == [] and payload["person"]["isFreelancer"] is False
    binding = await Binding.get()
    assert binding.is_freelancer is True and binding.status == BindingStatus.PENDING


async def test_passport_registration_skips_resident_id_checks(http):
    payload = (await register(http, idType="PASSPORT", idNumber="e12345678", gender="FEMALE",
                              birthDate="1979-01-02", ethnicity="外国血统"))["data"]["personRegister"]
    assert payload["errors"] == []
    assert (payload["person"]["idType"], payload["person"]["idNumber"]) == ("PASSPORT", "E12345678")
    signed_in = await gql(http, LOGIN, {"input": {"login": "e12345678", "password": PASSWORD}})
    assert signed_in["data"]["authLogin"]["errors"] == []


async def test_same_number_under_another_id_type_is_a_different_person(http):
    existing = await make_person()
    # The person table allows it (id_type + id_number), but the number is someone's sign-in already.
    result = await register(http, idType="PASSPORT", idNumber=existing.person.id_number)
    errors = payload_errors(result, "personRegister")
    assert [(e["code"], e["field"]) for e in errors] == [("DUPLICATE_ID_NUMBER", ["idNumber"])]


async def test_two_people_may_not_share_a_mobile_with_a_unit_admin(http):
    admin = await make_unit()
    taken = (await Identity.get(account=admin.account)).subject
    errors = payload_errors(await register(http, mobile=taken), "personRegister")
    assert [(e["code"], e["field"]) for e in errors] == [("DUPLICATE_MOBILE", ["mobile"])]


async def test_all_problems_are_reported_at_once(http):
    errors = payload_errors(await register(http, email="", address="", password="short",
                                           mobile="12345"), "personRegister")
    assert {(e["code"], tuple(e["field"])) for e in errors} == {
        ("REQUIRED", ("email",)), ("REQUIRED", ("address",)), ("WEAK_PASSWORD", ("password",)),
        ("INVALID_MOBILE", ("mobile",))}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]) for e in errors)


# --- refused inputs --------------------------------------------------------------------------------------------

def wrong_check_digit() -> str:
    number = resident_id(BIRTH)
    return number[:17] + ("0" if number[17] != "0" else "1")


def with_check_digit(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


async def _existing_id(http) -> dict:
    return {"idNumber": (await make_person(birth=BIRTH)).person.id_number}


async def _existing_mobile(http) -> dict:
    return {"mobile": (await make_person()).person.mobile}


async def _wrong_type_unit(http) -> dict:
    return {"unitId": gid("Person", (await make_person()).person.id)}


async def _missing_unit(http) -> dict:
    admin = await make_unit()
    return {"unitId": gid("Unit", admin.unit.id + 100)}


async def _freelancer_employer(http) -> dict:
    admin = await make_unit(kind=UnitKind.EMPLOYER)
    return {"isFreelancer": True, "unitId": gid("Unit", admin.unit.id)}


def static(**overrides):
    async def build(http) -> dict:
        return overrides
    return build


REFUSED = [
    ("wrong-check-digit", lambda: static(idNumber=wrong_check_digit()), "INVALID_ID_NUMBER", ["idNumber"]),
    ("impossible-birth-date", lambda: static(idNumber=with_check_digit("34012119900231001")),
     "INVALID_ID_NUMBER", ["idNumber"]),
    ("unknown-region", lambda: static(idNumber=with_check_digit("99999919900308001")),
     "INVALID_ID_NUMBER", ["idNumber"]),
    ("id-too-short", lambda: static(idNumber="34012119900308"), "INVALID_ID_NUMBER", ["idNumber"]),
    ("empty-id", lambda: static(idNumber=" "), "REQUIRED", ["idNumber"]),
    ("birth-mismatch", lambda: static(birthDate="1990-03-09"), "ID_MISMATCH", ["birthDate"]),
    ("gender-mismatch", lambda: static(gender="FEMALE"), "ID_MISMATCH", ["gender"]),
    ("duplicate-id", lambda: _existing_id, "DUPLICATE_ID_NUMBER", ["idNumber"]),
    ("duplicate-mobile", lambda: _existing_mobile, "DUPLICATE_MOBILE", ["mobile"]),
    ("weak-password-short", lambda: static(password="Ab1!"), "WEAK_PASSWORD", ["password"]),
    ("weak-password-two-kinds", lambda: static(password="abcdefgh1234"), "WEAK_PASSWORD", ["password"]),
    ("weak-password-too-long", lambda: static(password="Aa1!" * 17), "WEAK_PASSWORD", ["password"]),
    ("empty-password", lambda: static(password=""), "REQUIRED", ["password"]),
    ("address-too-long", lambda: static(address="合" * 101), "TOO_LONG", ["address"]),
    ("name-too-long", lambda: static(realName="张" * 51), "TOO_LONG", ["realName"]),
    ("empty-name", lambda: static(realName="  "), "REQUIRED", ["realName"]),
    ("empty-email", lambda: static(email=""), "REQUIRED", ["email"]),
    ("invalid-email", lambda: static(email="lisi.example.cn"), "INVALID_EMAIL", ["email"]),
    ("email-with-space", lambda: static(email="li si@example.cn"), "INVALID_EMAIL", ["email"]),
    ("invalid-mobile-short", lambda: static(mobile="1391234567"), "INVALID_MOBILE", ["mobile"]),
    ("invalid-mobile-prefix", lambda: static(mobile="12912345678"), "INVALID_MOBILE", ["mobile"]),
    ("invalid-landline", lambda: static(landline="电话"), "INVALID_LANDLINE", ["landline"]),
    ("unknown-ethnicity", lambda: static(ethnicity="火星族"), "INVALID", ["ethnicity"]),
    ("four-series", lambda: static(series=["ENGINEERING", "ECONOMICS", "HEALTH", "AGRICULTURE"]),
     "TOO_MANY_SERIES", ["series"]),
    ("unknown-series", lambda: static(series=["WIZARDRY"]), "INVALID", ["series"]),
    ("repeated-series", lambda: static(series=["HEALTH", "HEALTH"]), "INVALID", ["series"]),
    ("work-before-birth", lambda: static(workStartDate="1990-03-08"), "INVALID_DATE", ["workStartDate"]),
    ("work-in-future", lambda: static(workStartDate="2999-01-01"), "INVALID_DATE", ["workStartDate"]),
    ("unit-id-of-wrong-type", lambda: _wrong_type_unit, "INVALID_ID", ["unitId"]),
    ("unit-id-garbage", lambda: static(unitId="not-an-id"), "INVALID_ID", ["unitId"]),
    ("unit-not-found", lambda: _missing_unit, "NOT_FOUND", ["unitId"]),
    ("freelancer-at-employer", lambda: _freelancer_employer, "FREELANCER_NEEDS_HR_UNIT", ["unitId"]),
    ("freelancer-without-unit", lambda: static(isFreelancer=True), "REQUIRED", ["unitId"]),
    ("explanation-too-long", lambda: _with_unit(bindingExplanation="说" * 201), "TOO_LONG", ["explanation"]),
]


def _with_unit(**overrides):
    async def build(http) -> dict:
        admin = await make_unit()
        return {"unitId": gid("Unit", admin.unit.id), **overrides}
    return build


@pytest.mark.parametrize(("setup", "code", "field"), [pytest.param(s, c, f, id=i) for i, s, c, f in REFUSED])
async def test_refused_registration_writes_nothing(http, setup, code, field):
    overrides = await setup()(http)
    before = await row_counts()
    result = await register(http, **overrides)
    payload = result["data"]["personRegister"]
    assert [(e["code"], e["field"]) for e in payload_errors(result, "personRegister")] == [(code, field)]
    assert payload["person"] is None and payload["accessToken"] is None and payload["refreshToken"] is None
    assert await row_counts() == before


@pytest.mark.parametrize(("field", "value"), [
    ("gender", "UNKNOWN"), ("idType", "DRIVING_LICENCE"), ("politicalStatus", "PIRATE"),
    ("highestEducation", "KINDERGARTEN"), ("birthDate", "1990-02-30"), ("realName", None),
])
async def test_malformed_input_is_a_graphql_error(http, field, value):
    before = await row_counts()
    response = await http.post("/graphql", json={"query": REGISTER, "variables": {"input": register_input(
        **{field: value})}})
    result = response.json()
    if field == "birthDate":  # a date that does not parse is refused in the payload, in Chinese (schema/core/inputs.py)
        errors = result["data"]["personRegister"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INPUT", ["birthDate"])], result
    else:
        assert result.get("data") is None and result["errors"], result
        assert field in result["errors"][0]["message"]
    assert await row_counts() == before


async def test_registration_of_the_same_number_twice_keeps_one(http):
    data = register_input()
    assert payload_errors(await gql(http, REGISTER, {"input": data}), "personRegister") == []
    again = dict(data, mobile=mobile())
    errors = payload_errors(await gql(http, REGISTER, {"input": again}), "personRegister")
    assert [e["code"] for e in errors] == ["DUPLICATE_ID_NUMBER"]
    assert await Person.all().count() == 1 and await Account.all().count() == 1


@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL's concurrent transactions")
async def test_concurrent_identical_registrations_create_one_person(http):
    data = register_input()
    results = await asyncio.gather(*(gql(http, REGISTER, {"input": dict(data, mobile=mobile())})
                                     for _ in range(3)))
    codes = sorted(tuple(e["code"] for e in payload_errors(r, "personRegister")) for r in results)
    assert codes == [(), ("DUPLICATE_ID_NUMBER",), ("DUPLICATE_ID_NUMBER",)]
    assert await Person.all().count() == 1 and await Account.all().count() == 1
    assert await Identity.all().count() == 2
