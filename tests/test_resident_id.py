"""GB 11643 resident IDs: every genuine number is accepted (the seed manuals' own test accounts among
them), with its birth date and gender; a wrong check digit, an impossible or future date is refused."""
from __future__ import annotations

from datetime import date

import pytest

from models.core.validators import resident_id_facts
from models.person.models import Person
from tests.helpers import mobile
from tests.test_person_registration import register

# The manuals' test accounts (seeds 001–003). 340102 was assigned in 1983: the two 1980 births carry
# the code of the office that issued them, which python-stdnum's birth-year rule wrongly refuses.
GENUINE = [
    ("432427198408126687", date(1984, 8, 12), "FEMALE"),
    ("340102198003079950", date(1980, 3, 7), "MALE"),
    ("340102198003073073", date(1980, 3, 7), "MALE"),
    ("432427198704189607", date(1987, 4, 18), "FEMALE"),
    ("432427198512282022", date(1985, 12, 28), "FEMALE"),
]
REFUSED = [
    *[(number[:-1] + ("0" if number[-1] != "0" else "1"), "wrong check digit") for number, _, _ in GENUINE],
    ("340102198002301230", "30 February"),
    ("340102209901011238", "born in 2099"),
    ("340102189912311230", "born before 1900"),
    ("990102198003079951", "no such region"),
    ("３40102198003079950", "full-width digit"),
    ("34010219800307995", "17 characters"),
]


@pytest.mark.parametrize("number,birth,gender", GENUINE)
def test_genuine_ids_give_their_birth_date_and_gender(number, birth, gender):
    assert resident_id_facts(number) == (birth, gender)


@pytest.mark.parametrize("number,why", REFUSED)
def test_impossible_ids_are_refused(number, why):
    assert resident_id_facts(number) is None, why


def test_a_birth_in_the_future_is_refused_even_with_a_valid_check_digit():
    assert resident_id_facts("432427198408126687", today=date(1984, 8, 11)) is None
    assert resident_id_facts("432427198408126687", today=date(1984, 8, 12)) is not None


@pytest.mark.parametrize("number,birth,gender", GENUINE[1:3])
async def test_the_manuals_1980_accounts_can_register(http, number, birth, gender):
    result = await register(http, idNumber=number, birthDate=birth.isoformat(), gender=gender, mobile=mobile())
    body = result["data"]["personRegister"]
    assert body["errors"] == []
    assert body["person"]["birthDate"] == birth.isoformat()
    assert await Person.filter(id_number=number).count() == 1


async def test_registration_with_a_future_birth_id_is_refused(http):
    result = await register(http, idNumber="340102209901011238", birthDate="2099-01-01")
    errors = result["data"]["personRegister"]["errors"]
    assert "INVALID_ID_NUMBER" in [e["code"] for e in errors]
    assert await Person.filter(id_number="340102209901011238").count() == 0
