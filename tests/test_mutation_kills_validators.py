"""Edges of models/core/validators.py that the mutation run (tests/mutation/run.py) found unguarded:
each case fails when one operator or bound of a validator is changed."""
from __future__ import annotations

from datetime import date

import pytest

from models.core.validators import is_credit_code, is_email, is_landline, is_mobile, resident_id_facts


def test_an_id_ending_in_x_is_accepted_in_either_case():
    assert resident_id_facts("34010219850612109X") == (date(1985, 6, 12), "MALE")
    assert resident_id_facts("34010219850612109x") == (date(1985, 6, 12), "MALE")


def test_the_first_day_of_1900_is_the_earliest_birth_accepted():
    assert resident_id_facts("340102190001011235") == (date(1900, 1, 1), "MALE")


@pytest.mark.parametrize("number,why", [
    ("34010219800307A005", "a letter among the first 17 (its check digit matches in base 13)"),
    ("3401021980030700004", "19 characters whose last matches the check of the first 18"),
    (None, "not a string"),
    (340102198003079950, "a number, not a string"),
])
def test_malformed_ids_are_refused_not_crashed_on(number, why):
    assert resident_id_facts(number) is None, why


def test_credit_codes_are_checked_by_their_check_character():
    assert is_credit_code("91110000600037341L")
    assert not is_credit_code("91110000600037341M")


@pytest.mark.parametrize("value,ok", [("0551-62345678", True), ("62345678", True), ("010-1234567-89", True),
                                      ("0551-623", False), ("电话", False)])
def test_landlines(value, ok):
    assert is_landline(value) is ok


@pytest.mark.parametrize("value,ok", [("13800138000", True), ("12800138000", False), ("1380013800", False)])
def test_mobiles(value, ok):
    assert is_mobile(value) is ok


def test_email_is_at_most_100_characters_and_well_formed():
    at_limit = "a" * 94 + "@b.com"
    assert len(at_limit) == 100 and is_email(at_limit)
    assert not is_email("a" + at_limit)
    assert not is_email("not-an-address")
    assert not is_email("a" * 200)
