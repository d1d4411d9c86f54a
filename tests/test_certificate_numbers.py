"""Issuer codes (发证单位编码), number ranges (证书编号库) and certificate numbers: who may manage them, what bad
input is answered with, the number's format, and that a number is never assigned twice or skipped — also with
50 callers at once on PostgreSQL."""
from __future__ import annotations

import asyncio
from datetime import date

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.certificate.models import CertificateNumber, IssuerCode, IssuerCodeStatus, NumberRange
from models.certificate.numbering import NumberingSettings, assign_number, format_number
from models.core.errors import Refused
from models.unit.models import UnitKind, UnitNature
from tests.conftest import on_postgres
from tests.helpers import (assert_forbidden, assert_unauthenticated, assert_unseen, count_sql, gid, gql, make_account,
                           make_person, make_unit, payload_errors)

ASSIGN = """mutation($input: IssuerCodeAssignInput!) { issuerCodeAssign(input: $input) {
  errors { field code message } issuerCode { id code province status unit { name } } } }"""
CANCEL = """mutation($input: IssuerCodeCancelInput!) { issuerCodeCancel(input: $input) {
  errors { field code message } issuerCode { id status cancelReason cancelledAt } } }"""
RANGE_CREATE = """mutation($input: NumberRangeCreateInput!) { numberRangeCreate(input: $input) {
  errors { field code message } numberRange { id year category startSerial endSerial nextSerial used remaining
  issuerCode { code } } } }"""
ISSUER_CODES = """query($filter: IssuerCodeFilter, $first: Int!) { issuerCodes(filter: $filter, first: $first) {
  totalCount edges { node { id code status unit { name region { name } } } } } }"""
RANGES = """query($filter: NumberRangeFilter, $first: Int!) { numberRanges(filter: $filter, first: $first) {
  totalCount edges { node { id year category used remaining issuerCode { code unit { name region { name } } } } } } }"""
NODE = """query($id: ID!) { node(id: $id) { id ... on IssuerCode { code } ... on NumberRange { startSerial } } }"""

ROLES = ["person", "employer", "city_hr", "province_hr", "other_hr", "platform", "anonymous"]
ALLOWED = {"city_hr", "province_hr", "platform"}
THIS_YEAR = date.today().year


async def hr(name: str, region: str):
    return await make_unit(name, kind=UnitKind.HR_BUREAU, region=region, nature=UnitNature.GOVERNMENT_AGENCY)


async def world() -> dict:
    """An issuer unit in 瑶海区 (340102, inside 合肥 340100), the bureaus above and beside it, and the others."""
    employer = await make_unit("合肥市第一人民医院", region="340102", nature=UnitNature.PUBLIC_INSTITUTION)
    person = await make_person("陈静", unit=employer.unit)
    return {"issuer_unit": employer.unit, "employer": employer, "person": person,
            "city_hr": await hr("合肥市人社局", "340100"), "province_hr": await hr("安徽省人社厅", "340000"),
            "other_hr": await hr("芜湖市人社局", "340200"), "platform": await make_account(platform_admin=True)}


def token(w: dict, role: str) -> str | None:
    return None if role == "anonymous" else w[role].token


async def code_for(w: dict, code: str = "0001", **extra) -> IssuerCode:
    unit = w["issuer_unit"]
    return await IssuerCode.create(unit=unit, active_unit_id=unit.id, province="34", code=code, **extra)


async def range_for(issuer: IssuerCode, start: int = 1, end: int = 100, year: int = 2023,
                    category: str = "01") -> NumberRange:
    return await NumberRange.create(issuer=issuer, year=year, category=category, start_serial=start,
                                    end_serial=end, next_serial=start)


def assert_refused(result: dict, role: str) -> None:
    (assert_unauthenticated if role == "anonymous" else assert_forbidden)(result)


# ---------------------------------------------------------------- the permission matrix

@pytest.mark.parametrize("role", ROLES)
async def test_who_may_assign_an_issuer_code(http, role):
    w = await world()
    result = await gql(http, ASSIGN, {"input": {"unitId": gid("Unit", w["issuer_unit"].id), "code": "0007"}},
                       token=token(w, role))
    if role in ALLOWED:
        assert payload_errors(result, "issuerCodeAssign") == []
        node = result["data"]["issuerCodeAssign"]["issuerCode"]
        assert (node["code"], node["province"], node["status"]) == ("0007", "34", "ACTIVE")
    else:
        assert_refused(result, role)
        assert await IssuerCode.all().count() == 0


@pytest.mark.parametrize("role", ROLES)
async def test_who_may_cancel_an_issuer_code(http, role):
    w = await world()
    issuer = await code_for(w)
    result = await gql(http, CANCEL, {"input": {"issuerCodeId": gid("IssuerCode", issuer.id), "reason": "单位合并"}},
                       token=token(w, role))
    await issuer.refresh_from_db()
    if role in ALLOWED:
        assert payload_errors(result, "issuerCodeCancel") == []
        assert result["data"]["issuerCodeCancel"]["issuerCode"]["status"] == "CANCELLED"
        assert (issuer.status, issuer.cancel_reason) == (IssuerCodeStatus.CANCELLED, "单位合并")
        assert issuer.active_unit_id is None  # the unit may be given a new code
    else:
        assert_refused(result, role)
        assert issuer.status == IssuerCodeStatus.ACTIVE


@pytest.mark.parametrize("role", ROLES)
async def test_who_may_create_a_number_range(http, role):
    w = await world()
    issuer = await code_for(w)
    result = await gql(http, RANGE_CREATE, {"input": {"issuerCodeId": gid("IssuerCode", issuer.id), "year": 2023,
                                                      "category": "01", "startSerial": 1, "endSerial": 500}},
                       token=token(w, role))
    if role in ALLOWED:
        assert payload_errors(result, "numberRangeCreate") == []
        created = result["data"]["numberRangeCreate"]["numberRange"]
        assert (created["nextSerial"], created["used"], created["remaining"]) == (1, 0, 500)
    else:
        assert_refused(result, role)
        assert await NumberRange.all().count() == 0


@pytest.mark.parametrize("role", ROLES)
async def test_who_sees_issuer_codes_and_ranges(http, role):
    w = await world()
    issuer = await code_for(w)
    numbers = await range_for(issuer)
    lists = [await gql(http, ISSUER_CODES, {"first": 10}, token=token(w, role)),
             await gql(http, RANGES, {"first": 10}, token=token(w, role))]
    nodes = [await gql(http, NODE, {"id": gid("IssuerCode", issuer.id)}, token=token(w, role)),
             await gql(http, NODE, {"id": gid("NumberRange", numbers.id)}, token=token(w, role))]
    if role in ALLOWED:
        assert lists[0]["data"]["issuerCodes"]["totalCount"] == 1
        assert lists[1]["data"]["numberRanges"]["totalCount"] == 1
        assert nodes[0]["data"]["node"]["code"] == "0001" and nodes[1]["data"]["node"]["startSerial"] == 1
    elif role == "other_hr":  # a bureau beside the unit's region: the lists hold nothing of it
        assert lists[0]["data"]["issuerCodes"]["totalCount"] == 0
        assert lists[1]["data"]["numberRanges"]["totalCount"] == 0
        for result in nodes:
            assert_unseen(result)
    else:
        for result in lists:
            assert_refused(result, role)
        for result in nodes:
            assert_unseen(result)


async def test_issuer_codes_filter_by_region_status_and_name(http):
    w = await world()
    await code_for(w, "0001")
    wuhu = await make_unit("芜湖市第二人民医院", region="340202")
    await IssuerCode.create(unit=wuhu.unit, province="34", code="0002", status=IssuerCodeStatus.CANCELLED)
    province = w["province_hr"].token

    async def codes(filter_: dict) -> list[str]:
        result = await gql(http, ISSUER_CODES, {"filter": filter_, "first": 10}, token=province)
        assert not result.get("errors"), result
        return [e["node"]["code"] for e in result["data"]["issuerCodes"]["edges"]]

    assert await codes({}) == ["0002", "0001"]
    assert await codes({"regionCode": "340200"}) == ["0002"]
    assert await codes({"status": "ACTIVE"}) == ["0001"]
    assert await codes({"unitNameContains": "第二"}) == ["0002"]
    assert await codes({"code": "0001"}) == ["0001"]
    # The city bureau sees its region only, whatever it asks for.
    result = await gql(http, ISSUER_CODES, {"filter": {"regionCode": "340200"}, "first": 10}, token=w["city_hr"].token)
    assert result["data"]["issuerCodes"]["totalCount"] == 0


# ---------------------------------------------------------------- bad input answers a code and writes nothing

async def _assign(http, w, code="0009", unit=None):
    return await gql(http, ASSIGN, {"input": {"unitId": gid("Unit", (unit or w["issuer_unit"]).id), "code": code}},
                     token=w["city_hr"].token), "issuerCodeAssign"


async def _cancel(http, w, reason="单位撤销"):
    issuer = await IssuerCode.get(code="0001")
    return await gql(http, CANCEL, {"input": {"issuerCodeId": gid("IssuerCode", issuer.id), "reason": reason}},
                     token=w["city_hr"].token), "issuerCodeCancel"


async def _range(http, w, **overrides):
    issuer = await IssuerCode.get(code="0001")
    values = {"issuerCodeId": gid("IssuerCode", issuer.id), "year": 2023, "category": "01", "startSerial": 201,
              "endSerial": 300, **overrides}
    return await gql(http, RANGE_CREATE, {"input": values}, token=w["city_hr"].token), "numberRangeCreate"


async def _cancelled_code(w):
    await IssuerCode.filter(code="0001").update(status=IssuerCodeStatus.CANCELLED, active_unit_id=None,
                                                cancel_reason="已撤销")


async def _other_unit_took_0009(w):
    other = await make_unit(region="340103")
    await IssuerCode.create(unit=other.unit, province="34", code="0009", status=IssuerCodeStatus.CANCELLED)


BAD_INPUT = [
    ("code of 3 digits", None, lambda h, w: _assign(h, w, "123"), "INVALID_ISSUER_CODE", ["code"]),
    ("code with a letter", None, lambda h, w: _assign(h, w, "12a4"), "INVALID_ISSUER_CODE", ["code"]),
    ("code 0000", None, lambda h, w: _assign(h, w, "0000"), "INVALID_ISSUER_CODE", ["code"]),
    ("code taken, even cancelled", _other_unit_took_0009, lambda h, w: _assign(h, w, "0009"), "ISSUER_CODE_TAKEN",
     ["code"]),
    ("unit already has a code", None, lambda h, w: _assign(h, w, "0010"), "UNIT_HAS_ISSUER_CODE", ["unitId"]),
    ("cancelling twice", _cancelled_code, lambda h, w: _cancel(h, w), "ALREADY_CANCELLED", ["issuerCodeId"]),
    ("cancelling without a reason", None, lambda h, w: _cancel(h, w, "  "), "REQUIRED", ["reason"]),
    ("reason too long", None, lambda h, w: _cancel(h, w, "长" * 501), "TOO_LONG", ["reason"]),
    ("start after end", None, lambda h, w: _range(h, w, startSerial=300, endSerial=201), "INVALID_RANGE",
     ["endSerial"]),
    ("overlapping another", None, lambda h, w: _range(h, w, startSerial=50, endSerial=150), "NUMBER_RANGE_OVERLAPS",
     ["startSerial"]),
    ("inside another", None, lambda h, w: _range(h, w, startSerial=10, endSerial=20), "NUMBER_RANGE_OVERLAPS",
     ["startSerial"]),
    ("serial beyond 999999", None, lambda h, w: _range(h, w, endSerial=1_000_000), "INVALID_SERIAL", ["endSerial"]),
    ("serial 0", None, lambda h, w: _range(h, w, startSerial=0), "INVALID_SERIAL", ["startSerial"]),
    ("year too early", None, lambda h, w: _range(h, w, year=1979), "INVALID_YEAR", ["year"]),
    ("year too late", None, lambda h, w: _range(h, w, year=THIS_YEAR + 2), "INVALID_YEAR", ["year"]),
    ("category of 1 digit", None, lambda h, w: _range(h, w, category="1"), "INVALID_CATEGORY", ["category"]),
    ("category with a letter", None, lambda h, w: _range(h, w, category="0A"), "INVALID_CATEGORY", ["category"]),
    ("range under a cancelled code", _cancelled_code, lambda h, w: _range(h, w), "ISSUER_CODE_CANCELLED",
     ["issuerCodeId"]),
]


async def _state() -> tuple:
    codes = await IssuerCode.all().order_by("id").values_list("code", "status", "cancel_reason", "active_unit_id")
    ranges = await NumberRange.all().order_by("id").values_list("start_serial", "end_serial", "next_serial")
    return tuple(codes), tuple(ranges)


@pytest.mark.parametrize("case, setup, call, code, field", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
async def test_bad_input_answers_a_code_and_changes_nothing(http, case, setup, call, code, field):
    w = await world()
    issuer = await code_for(w, "0001")
    await range_for(issuer, 1, 100)
    if setup is not None:
        await setup(w)
    before = await _state()
    result, name = await call(http, w)
    errors = payload_errors(result, name)
    assert [(e["code"], e["field"]) for e in errors] == [(code, field)], errors
    assert all(e["message"] for e in errors)
    assert await _state() == before


async def test_a_cancelled_code_is_never_reassigned_but_the_unit_may_get_a_new_one(http):
    w = await world()
    issuer = await code_for(w, "0001")
    await gql(http, CANCEL, {"input": {"issuerCodeId": gid("IssuerCode", issuer.id), "reason": "更换编码"}},
              token=w["city_hr"].token)
    other = await make_unit(region="340104")
    again, _ = await _assign(http, w, "0001", other.unit)
    assert [e["code"] for e in payload_errors(again, "issuerCodeAssign")] == ["ISSUER_CODE_TAKEN"]
    fresh, _ = await _assign(http, w, "0002")
    assert payload_errors(fresh, "issuerCodeAssign") == []


# ---------------------------------------------------------------- numbering

def test_the_number_reads_as_the_manuals_print_it():
    assert format_number("34", 2023, "0001", "01", 136) == "9342023000101000136"
    assert format_number("34", 2023, "0001", "01", 136, reissue=True) == "YB9342023000101000136"
    sichuan = NumberingSettings(patterns={"51": "{province}-{year}-{issuer}{category}-{serial:05d}"})
    assert format_number("51", 2024, "0003", "02", 7, settings=sichuan) == "51-2024-000302-00007"
    assert format_number("34", 2024, "0003", "02", 7, settings=sichuan) == "9342024000302000007"
    with pytest.raises(ValueError):
        NumberingSettings(default_pattern="9{province}{year}{unknown}")


async def test_assign_number_formats_and_is_idempotent_per_subject(app):
    w = await world()
    issuer = await code_for(w, "0001")
    await range_for(issuer, 136, 200)
    first = await assign_number(issuer, 2023, "01", "result:1")
    assert (first.number, first.serial) == ("9342023000101000136", 136)
    again = await assign_number(issuer.id, 2023, "01", "result:1")
    assert again.id == first.id
    second = await assign_number(issuer, 2023, "01", "result:2")
    assert second.number == "9342023000101000137"
    assert (await NumberRange.get()).next_serial == 138
    reissue = await assign_number(issuer, 2023, "01", "reissue:1", subject_kind="REISSUE", reissue=True)
    assert reissue.number == "YB9342023000101000138"


async def test_an_exhausted_range_moves_on_then_refuses(app):
    w = await world()
    issuer = await code_for(w, "0001")
    await range_for(issuer, 10, 11)
    await range_for(issuer, 1, 2)
    await range_for(issuer, 1, 5, category="02")  # another category is not used
    serials = [(await assign_number(issuer, 2023, "01", f"result:{i}")).serial for i in range(4)]
    assert serials == [1, 2, 10, 11]
    with pytest.raises(Refused) as refused:
        await assign_number(issuer, 2023, "01", "result:99")
    assert [p.code for p in refused.value.problems] == ["NUMBER_RANGE_EXHAUSTED"]
    assert await CertificateNumber.filter(subject_key="result:99").count() == 0
    assert await CertificateNumber.all().count() == 4
    with pytest.raises(Refused) as refused:
        await assign_number(issuer, 2024, "01", "result:100")  # no range for the year at all
    assert refused.value.problems[0].code == "NUMBER_RANGE_EXHAUSTED"


async def test_no_number_under_a_cancelled_code(app):
    w = await world()
    issuer = await code_for(w, "0001", status=IssuerCodeStatus.CANCELLED)
    await range_for(issuer)
    with pytest.raises(Refused) as refused:
        await assign_number(issuer, 2023, "01", "result:1")
    assert refused.value.problems[0].code == "ISSUER_CODE_CANCELLED"


async def test_the_database_refuses_a_second_number(app):
    w = await world()
    numbers = await range_for(await code_for(w, "0001"))
    await CertificateNumber.create(number="9342023000101000001", range=numbers, serial=1, subject_kind="RESULT",
                                   subject_key="result:1")
    for clash in ({"number": "9342023000101000001", "serial": 2, "subject_key": "result:2"},
                  {"number": "9342023000101000099", "serial": 1, "subject_key": "result:3"},
                  {"number": "9342023000101000098", "serial": 98, "subject_key": "result:1"}):
        with pytest.raises(IntegrityError):
            async with in_transaction():
                await CertificateNumber.create(range=numbers, subject_kind="RESULT", **clash)
    with pytest.raises(IntegrityError):  # the counter cannot leave its range
        async with in_transaction():
            await NumberRange.filter(id=numbers.id).update(next_serial=102)
    assert await CertificateNumber.all().count() == 1


# ---------------------------------------------------------------- lists stay flat

@pytest.mark.parametrize("query, name", [(ISSUER_CODES, "issuerCodes"), (RANGES, "numberRanges")])
async def test_lists_cost_the_same_for_1_and_20_rows(http, query, name):
    province = await hr("安徽省人社厅", "340000")
    regions = ["340102", "340103", "340202", "340302"]

    async def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            unit = (await make_unit(region=regions[i % len(regions)])).unit
            issuer = await IssuerCode.create(unit=unit, active_unit_id=unit.id, province="34", code=f"{i + 1:04d}")
            await range_for(issuer, 1, 10 + i)

    async def counted() -> tuple[int, int]:
        with count_sql() as statements:
            result = await gql(http, query, {"first": 50}, token=province.token)
        assert not result.get("errors"), result
        return len(result["data"][name]["edges"]), len(statements)

    await add(0, 1)
    rows_one, one = await counted()
    await add(1, 19)
    rows_many, many = await counted()
    assert (rows_one, rows_many) == (1, 20)
    assert one == many


# ---------------------------------------------------------------- races, on PostgreSQL

@pytest.mark.skipif(not on_postgres(), reason="concurrent transactions and row locks need PostgreSQL")
async def test_fifty_concurrent_assignments_take_fifty_consecutive_numbers(app):
    w = await world()
    issuer = await code_for(w, "0001")
    await range_for(issuer, 1, 1000)

    async def one(subject: str) -> CertificateNumber:
        async with in_transaction():  # each call its own transaction on its own pooled connection
            return await assign_number(issuer.id, 2023, "01", subject)

    numbers = await asyncio.gather(*(one(f"result:{i}") for i in range(50)))
    assert len({n.number for n in numbers}) == 50
    assert sorted(n.serial for n in numbers) == list(range(1, 51))  # distinct, consecutive, no gap
    assert (await NumberRange.get()).next_serial == 51
    assert await CertificateNumber.all().count() == 50


@pytest.mark.skipif(not on_postgres(), reason="concurrent transactions and row locks need PostgreSQL")
async def test_fifty_concurrent_assignments_for_one_subject_take_one_number(app):
    w = await world()
    issuer = await code_for(w, "0001")
    await range_for(issuer, 1, 1000)

    async def one() -> CertificateNumber:
        async with in_transaction():
            return await assign_number(issuer.id, 2023, "01", "result:1")

    numbers = await asyncio.gather(*(one() for _ in range(50)))
    assert {n.number for n in numbers} == {"9342023000101000001"}
    assert await CertificateNumber.all().count() == 1
    assert (await NumberRange.get()).next_serial == 2  # the losers' serials were given back: no gap
