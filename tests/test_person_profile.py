"""完善信息 (profile edits) and who sees a person's numbers, through the API."""
from __future__ import annotations

from datetime import date

import pytest

from models.account.models import Identity, IdentityProvider
from models.person.binding import BindingStatus
from models.person.models import Person
from models.unit.models import UnitKind
from tests.helpers import (PASSWORD, assert_forbidden, assert_unauthenticated, assert_unseen, gid, gql, make_account,
                           make_person, make_unit, mobile, payload_errors)

PERSON_FIELDS = """
  id realName idType idNumber mobile gender birthDate politicalStatus ethnicity email address workStartDate
  highestEducation degree titleName skillLevel administrativePost landline isFreelancer series { code }
"""
UPDATE = """
mutation Update($input: PersonUpdateProfileInput!) {
  personUpdateProfile(input: $input) { errors { field code message } person { %s } }
}""" % PERSON_FIELDS
ME = "query { me { person { %s } } }" % PERSON_FIELDS
LOGIN = """
mutation Login($input: AuthLoginInput!) {
  authLogin(input: $input) { errors { field code message } accessToken }
}"""
INPUT_FIELDS = '{ __type(name: "PersonUpdateProfileInput") { inputFields { name } } }'
NODE = """
query Node($id: ID!) {
  node(id: $id) { ... on Person { id realName idNumber mobile photo { name } } }
}"""


async def update(http, token: str, **fields) -> dict:
    return await gql(http, UPDATE, {"input": fields}, token=token)


async def me(http, token: str) -> dict:
    return (await gql(http, ME, token=token))["data"]["me"]["person"]


async def login_codes(http, login: str) -> list[str]:
    payload = (await gql(http, LOGIN, {"input": {"login": login, "password": PASSWORD}}))["data"]["authLogin"]
    return [e["code"] for e in payload["errors"]]


async def stored(person_id: int) -> dict:
    row = await Person.get(id=person_id)
    return {k: v for k, v in row.__dict__.items() if not k.startswith("_") and k != "updated_at"}


# --- edits -----------------------------------------------------------------------------------------------------

async def test_partial_update_changes_only_the_fields_sent(http):
    person = await make_person()
    before = await me(http, person.token)
    result = await update(http, person.token, address="安徽省合肥市包河区", series=["ENGINEERING", "HEALTH"],
                          titleName="工程师", degree="BACHELOR", politicalStatus="CPC_MEMBER")
    assert payload_errors(result, "personUpdateProfile") == []
    after = result["data"]["personUpdateProfile"]["person"]
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"address", "series", "titleName", "degree", "politicalStatus"}
    assert after["series"] == [{"code": "ENGINEERING"}, {"code": "HEALTH"}]
    assert await me(http, person.token) == after  # persisted


async def test_optional_fields_can_be_cleared(http):
    person = await make_person()
    await update(http, person.token, titleName="工程师", degree="MASTER", landline="0551-62345678")
    result = await update(http, person.token, titleName=None, degree=None, landline="", series=None)
    assert payload_errors(result, "personUpdateProfile") == []
    after = result["data"]["personUpdateProfile"]["person"]
    assert (after["titleName"], after["degree"], after["landline"], after["series"]) == ("", None, "", [])


async def test_empty_update_changes_nothing(http):
    person = await make_person()
    before = await stored(person.person.id)
    assert payload_errors(await update(http, person.token), "personUpdateProfile") == []
    assert await stored(person.person.id) == before


async def test_update_stamps_updated_at(http):
    person = await make_person()
    before = (await Person.get(id=person.person.id)).updated_at
    assert payload_errors(await update(http, person.token, address="新地址"), "personUpdateProfile") == []
    assert (await Person.get(id=person.person.id)).updated_at > before


async def test_mobile_change_moves_the_sign_in(http):
    person = await make_person()
    old, new = person.person.mobile, mobile()
    result = await update(http, person.token, mobile=new)
    assert payload_errors(result, "personUpdateProfile") == []
    assert result["data"]["personUpdateProfile"]["person"]["mobile"] == new
    assert await login_codes(http, new) == []
    assert await login_codes(http, old) == ["INVALID_CREDENTIALS"]
    phones = await Identity.filter(account_id=person.account.id, provider=IdentityProvider.PHONE.value)
    assert [i.subject for i in phones] == [new]
    # The old number is free again for someone else.
    other = await make_person("李四")
    assert payload_errors(await update(http, other.token, mobile=old), "personUpdateProfile") == []


async def test_mobile_change_to_own_number_is_a_no_op(http):
    person = await make_person()
    result = await update(http, person.token, mobile=person.person.mobile)
    assert payload_errors(result, "personUpdateProfile") == []
    assert await login_codes(http, person.person.mobile) == []


async def test_mobile_change_adds_a_phone_sign_in_when_missing(http):
    person = await make_person()
    await Identity.filter(account_id=person.account.id, provider=IdentityProvider.PHONE.value).delete()
    new = mobile()
    assert payload_errors(await update(http, person.token, mobile=new), "personUpdateProfile") == []
    assert await login_codes(http, new) == []


@pytest.mark.parametrize("owner", ["person", "unit-admin"])
async def test_mobile_taken_is_refused_and_nothing_changes(http, owner):
    person = await make_person()
    other = await make_person("李四") if owner == "person" else await make_unit()
    taken = (await Identity.get(account=other.account, provider=IdentityProvider.PHONE.value)).subject
    before = await stored(person.person.id)
    result = await update(http, person.token, mobile=taken, address="新地址")
    assert [(e["code"], e["field"]) for e in payload_errors(result, "personUpdateProfile")] == [
        ("DUPLICATE_MOBILE", ["mobile"])]
    assert result["data"]["personUpdateProfile"]["person"] is None
    assert await stored(person.person.id) == before
    assert await login_codes(http, person.person.mobile) == []
    phones = await Identity.filter(provider=IdentityProvider.PHONE.value, subject=taken).values_list("account_id",
                                                                                                    flat=True)
    assert phones == [other.account.id]


async def test_name_and_id_are_not_in_the_input(http):
    person = await make_person()
    names = {f["name"] for f in (await gql(http, INPUT_FIELDS))["data"]["__type"]["inputFields"]}
    assert {"mobile", "email", "address", "series"} <= names
    assert not names & {"realName", "idType", "idNumber", "password", "isFreelancer", "photo"}
    for field, value in (("realName", "王五"), ("idNumber", "340121198506150011"), ("idType", "PASSPORT")):
        response = await http.post("/graphql", json={"query": UPDATE, "variables": {"input": {field: value}}},
                                   headers={"Authorization": f"Bearer {person.token}"})
        result = response.json()
        assert result.get("data") is None and field in result["errors"][0]["message"], result
    row = await Person.get(id=person.person.id)
    assert (row.real_name, row.id_number, row.id_type) == ("张三", person.person.id_number, "RESIDENT_ID")


INVALID_EDITS = [
    ("bad-email", {"email": "no-at-sign"}, "INVALID_EMAIL", ["email"]),
    ("null-email", {"email": None}, "REQUIRED", ["email"]),
    ("blank-address", {"address": "   "}, "REQUIRED", ["address"]),
    ("null-mobile", {"mobile": None}, "REQUIRED", ["mobile"]),
    ("bad-mobile", {"mobile": "1391234"}, "INVALID_MOBILE", ["mobile"]),
    ("long-address", {"address": "址" * 101}, "TOO_LONG", ["address"]),
    ("long-title", {"titleName": "工" * 21}, "TOO_LONG", ["titleName"]),
    ("bad-landline", {"landline": "abc"}, "INVALID_LANDLINE", ["landline"]),
    ("bad-ethnicity", {"ethnicity": "火星族"}, "INVALID", ["ethnicity"]),
    ("four-series", {"series": ["ENGINEERING", "HEALTH", "ECONOMICS", "AUDIT"]}, "TOO_MANY_SERIES", ["series"]),
    ("unknown-series", {"series": ["WIZARDRY"]}, "INVALID", ["series"]),
    ("birth-not-id", {"birthDate": "1985-06-16"}, "ID_MISMATCH", ["birthDate"]),
    ("gender-not-id", {"gender": "FEMALE"}, "ID_MISMATCH", ["gender"]),
    ("null-gender", {"gender": None}, "REQUIRED", ["gender"]),
    ("future-work-start", {"workStartDate": "2999-01-01"}, "INVALID_DATE", ["workStartDate"]),
    ("work-start-before-stored-birth", {"workStartDate": "1980-01-01"}, "INVALID_DATE", ["workStartDate"]),
    ("valid-and-invalid", {"address": "新地址", "email": "bad"}, "INVALID_EMAIL", ["email"]),
]


@pytest.mark.parametrize(("fields", "code", "field"), [pytest.param(f, c, p, id=i) for i, f, c, p in INVALID_EDITS])
async def test_invalid_edit_is_refused_and_nothing_changes(http, fields, code, field):
    person = await make_person()
    before = await stored(person.person.id)
    result = await update(http, person.token, **fields)
    errors = payload_errors(result, "personUpdateProfile")
    assert [(e["code"], e["field"]) for e in errors] == [(code, field)]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[0]["message"])
    assert result["data"]["personUpdateProfile"]["person"] is None
    assert await stored(person.person.id) == before


async def test_passport_holder_may_change_birth_date_but_not_past_work_start(http):
    person = await make_person()
    await Person.filter(id=person.person.id).update(id_type="PASSPORT", id_number="E12345678")
    result = await update(http, person.token, birthDate="1986-01-01", gender="FEMALE")
    assert payload_errors(result, "personUpdateProfile") == []
    # Stored work start is 2008-07-01: a birth date after it is refused.
    errors = payload_errors(await update(http, person.token, birthDate="2009-01-01"), "personUpdateProfile")
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_DATE", ["birthDate"])]
    assert (await Person.get(id=person.person.id)).birth_date == date(1986, 1, 1)


async def test_account_without_person_is_forbidden(http):
    admin = await make_unit()
    assert_forbidden(await update(http, admin.token, address="新地址"))
    plain = await make_account()
    assert_forbidden(await update(http, plain.token, address="新地址"))


async def test_anonymous_is_unauthenticated(http):
    person = await make_person()
    before = await stored(person.person.id)
    result = await gql(http, UPDATE, {"input": {"address": "新地址"}})
    assert_unauthenticated(result)
    assert result["data"] is None
    assert await stored(person.person.id) == before


# --- who sees the numbers (masking) ----------------------------------------------------------------------------

def masked_id(number: str) -> str:
    return number[:2] + "*" * 14 + number[-2:]


@pytest.fixture
async def bound():
    """A person who asked to join an employer in 合肥 (340100)."""
    admin = await make_unit("合肥某公司", region="340100")
    person = await make_person(unit=admin.unit, status=BindingStatus.PENDING)
    return admin, person


async def node(http, person, token):
    return await gql(http, NODE, {"id": gid("Person", person.person.id)}, token=token)


async def test_hr_bureau_above_the_unit_sees_masked_numbers(http, bound):
    _, person = bound
    for region in ("340000", "340100"):
        bureau = await make_unit(kind=UnitKind.HR_BUREAU, region=region)
        seen = (await node(http, person, bureau.token))["data"]["node"]
        number = person.person.id_number
        assert seen["idNumber"] == masked_id(number) and seen["idNumber"].startswith("34")
        assert len(seen["idNumber"]) == 18 and number[2:16] not in seen["idNumber"]
        assert seen["mobile"] == person.person.mobile[:3] + "****" + person.person.mobile[-4:]
        assert seen["realName"] == "张三" and seen["photo"] is None


async def test_unit_admin_owner_and_platform_admin_see_full_numbers(http, bound):
    admin, person = bound
    platform = await make_account(platform_admin=True)
    for token in (admin.token, person.token, platform.token):
        seen = (await node(http, person, token))["data"]["node"]
        assert (seen["idNumber"], seen["mobile"]) == (person.person.id_number, person.person.mobile)


async def test_approved_member_is_seen_in_full_by_the_unit(http):
    admin = await make_unit(region="340100")
    person = await make_person(unit=admin.unit, status=BindingStatus.APPROVED)
    seen = (await node(http, person, admin.token))["data"]["node"]
    assert seen["idNumber"] == person.person.id_number


async def test_unrelated_viewers_cannot_see_the_person(http, bound):
    _, person = bound
    other_unit = await make_unit(region="340100")
    other_bureau = await make_unit(kind=UnitKind.HR_BUREAU, region="510000")
    stranger = await make_person("李四")
    for viewer in (other_unit, other_bureau, stranger):
        result = await node(http, person, viewer.token)
        assert_unseen(result)


async def test_anonymous_cannot_see_the_person(http, bound):
    _, person = bound
    assert_unseen(await node(http, person, None))


async def test_returned_binding_no_longer_opens_the_person(http):
    admin = await make_unit(region="340100")
    person = await make_person(unit=admin.unit, status=BindingStatus.RETURNED)
    assert_unseen(await node(http, person, admin.token))
