"""Certificate numbers (models/certificate/numbering.py) and issuer codes (models/certificate/issuers.py), called
directly: which range and issuer a number comes from, what it is formatted with, that a subject keeps its number
whatever happened to the code or the range since, the two races assign_number recovers from (injected), and the
refusals and writes of a cancellation. Written for the mutation run (tests/mutation/run.py), which found them
unasserted."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.expressions import F

from models.access.viewer import load_viewer
from models.certificate import numbering
from models.certificate.issuers import assign_issuer_code, cancel_issuer_code
from models.certificate.models import (
    CertificateNumber,
    IssuerCode,
    IssuerCodeStatus,
    NumberRange,
)
from models.certificate.numbering import (
    PLACEHOLDERS,
    NumberingSettings,
    assign_number,
    configure,
    format_number,
    numbering_settings,
)
from models.core.errors import Problem, Refused
from models.core.transaction import atomic
from tests.test_certificate_numbers import code_for, range_for, world


async def _refused(call) -> list[Problem]:
    with pytest.raises(Refused) as caught:
        async with atomic():
            await call
    return caught.value.problems


# ---------------------------------------------------------------- the pattern setting

@pytest.mark.parametrize("pattern", ["{serial}{unknown}", "9{province}{year}{issuer}{category}"])
def test_a_pattern_needs_known_placeholders_and_the_serial(pattern):
    """Either fault alone refuses the pattern, and the message names the pattern and the rule."""
    with pytest.raises(ValueError) as refused:
        NumberingSettings(patterns={"51": pattern})
    assert str(refused.value) == (f"certificate number pattern {pattern!r}: placeholders are {sorted(PLACEHOLDERS)}, "
                                  "and it needs {serial}")


def test_configure_installs_the_settings_numbers_use():
    before = numbering_settings()
    sichuan = NumberingSettings(default_province="51")
    try:
        configure(sichuan)
        assert numbering_settings() is sichuan
        assert format_number(None, 2024, "0003", "02", 7) == "9512024000302000007"
    finally:
        configure(before)


# ---------------------------------------------------------------- where a number comes from

async def test_a_number_is_taken_from_the_issuers_own_range_of_that_year(app):
    w = await world()
    issuer = await code_for(w, "0001")
    other_unit = w["employer"].unit  # any unit: the code is what matters here
    other = await IssuerCode.create(unit=other_unit, province="34", code="0002")
    others_range = await range_for(other, 1, 10)  # same year and category, another issuer: never used
    last_year = await range_for(issuer, 1, 10, year=2022)  # same issuer and category, another year: never used
    mine = await range_for(issuer, 50, 60)
    number = await assign_number(issuer.id, 2023, "01", "result:1")  # by id, for a subject not numbered yet
    assert (number.range_id, number.serial, number.number) == (mine.id, 50, "9342023000101000050")
    assert number.subject_kind == "RESULT"  # the default kind
    for untouched in (others_range, last_year):
        assert (await NumberRange.get(id=untouched.id)).next_serial == 1


async def test_the_number_carries_the_issuers_province_and_the_settings_handed_in(app):
    w = await world()
    sichuan = await IssuerCode.create(unit=w["issuer_unit"], province="51", code="0003")
    await range_for(sichuan, 7, 9, year=2024, category="02")
    assert (await assign_number(sichuan, 2024, "02", "result:1")).number == "9512024000302000007"
    dashed = NumberingSettings(patterns={"51": "{province}-{year}-{issuer}{category}-{serial:05d}"})
    assert (await assign_number(sichuan, 2024, "02", "result:2", settings=dashed)).number == "51-2024-000302-00008"


async def test_one_key_under_two_kinds_is_two_subjects(app):
    w = await world()
    issuer = await code_for(w, "0001")
    await range_for(issuer, 1, 10)
    result = await assign_number(issuer, 2023, "01", "1")
    reissue = await assign_number(issuer, 2023, "01", "1", subject_kind="REISSUE", reissue=True)
    assert (result.serial, reissue.serial) == (1, 2)
    assert reissue.number == "YB9342023000101000002" and reissue.subject_kind == "REISSUE"


@pytest.mark.parametrize("since", ["code cancelled", "range exhausted"])
async def test_a_numbered_subject_keeps_its_number_whatever_happened_since(app, since):
    """Idempotent before any check: a job run again after the code was cancelled, or the range used up, gets
    the number it was given, not a refusal."""
    w = await world()
    issuer = await code_for(w, "0001")
    numbers = await range_for(issuer, 1, 1)
    first = await assign_number(issuer, 2023, "01", "result:1")
    if since == "code cancelled":
        await IssuerCode.filter(id=issuer.id).update(status=IssuerCodeStatus.CANCELLED, active_unit_id=None)
        issuer = await IssuerCode.get(id=issuer.id)
    else:
        assert (await NumberRange.get(id=numbers.id)).next_serial == 2
    again = await assign_number(issuer, 2023, "01", "result:1")
    assert again.id == first.id


# ---------------------------------------------------------------- races, injected

async def test_a_range_emptied_by_a_concurrent_call_moves_on_to_the_next(app, monkeypatch):
    """Between reading the open ranges and moving the counter, a concurrent call takes the first range's last
    serial: the UPDATE finds nothing, and the next range gives the number."""
    w = await world()
    issuer = await code_for(w, "0001")
    first = await range_for(issuer, 1, 5)
    second = await range_for(issuer, 10, 20)
    real = numbering._take_serial
    taken: list[int] = []

    async def after_a_concurrent_call(conn, range_id):
        if not taken:
            taken.append(range_id)
            await NumberRange.filter(id=range_id).update(next_serial=F("end_serial") + 1)
        return await real(conn, range_id)

    monkeypatch.setattr(numbering, "_take_serial", after_a_concurrent_call)
    number = await assign_number(issuer, 2023, "01", "result:1")
    assert taken == [first.id]
    assert (number.range_id, number.serial) == (second.id, 10)


async def test_a_subject_numbered_by_a_concurrent_call_gets_that_number(app, monkeypatch):
    """The concurrent call's number is not yet visible to the first read; the insert then hits the unique
    subject, the savepoint gives the serial back, and the number found is returned."""
    w = await world()
    issuer = await code_for(w, "0001")
    numbers = await range_for(issuer, 1, 10)
    theirs = await assign_number(issuer, 2023, "01", "result:1")
    await assign_number(issuer, 2023, "01", "result:1", subject_kind="REISSUE")  # same key, another kind
    await assign_number(issuer, 2023, "01", "result:2")  # same kind, another key
    real = CertificateNumber.get_or_none
    reads: list[dict] = []

    async def not_yet_visible(*args, **kwargs):
        reads.append(kwargs)
        return None if len(reads) == 1 else await real(*args, **kwargs)

    monkeypatch.setattr(CertificateNumber, "get_or_none", not_yet_visible)
    got = await assign_number(issuer, 2023, "01", "result:1")
    assert got.id == theirs.id and len(reads) == 2
    assert (await NumberRange.get(id=numbers.id)).next_serial == 4  # the serial went back
    assert await CertificateNumber.all().count() == 3


# ---------------------------------------------------------------- issuer codes

async def test_issuer_code_refusals_say_why(app):
    w = await world()
    city = await load_viewer(w["city_hr"].account.id)
    issuer = await code_for(w, "0001")
    assert await _refused(assign_issuer_code(city, 999_999, "0002")) == [Problem("NOT_FOUND", "单位不存在", ("unitId",))]
    assert await _refused(cancel_issuer_code(city, issuer.id + 1000, "单位撤销")) == [
        Problem("NOT_FOUND", "发证单位编码不存在", ("issuerCodeId",))]
    assert await _refused(cancel_issuer_code(city, issuer.id, " ")) == [
        Problem("REQUIRED", "请填写注销原因", ("reason",))]
    assert await _refused(cancel_issuer_code(city, issuer.id, "长" * 501)) == [
        Problem("TOO_LONG", "注销原因不能超过500个字符", ("reason",))]


async def test_a_cancellation_records_who_and_when(app, monkeypatch):
    """cancelled_at is the instant of the cancellation on a host of any local time (here New York's: a naive
    local time would be read in the database's Asia/Shanghai, 13 hours off)."""
    w = await world()
    city = await load_viewer(w["city_hr"].account.id)
    issuer = await code_for(w, "0001")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        async with atomic():
            cancelled = await cancel_issuer_code(city, issuer.id, " 单位合并 ")
    finally:
        monkeypatch.undo()
        time.tzset()
    row = await IssuerCode.get(id=issuer.id)
    assert (cancelled.status, row.status, row.cancel_reason) == (IssuerCodeStatus.CANCELLED,) * 2 + ("单位合并",)
    assert row.cancelled_by_id == city.account_id and row.active_unit_id is None
    assert abs(row.cancelled_at - datetime.now(UTC)) < timedelta(minutes=5)


async def test_an_assigned_code_records_its_unit_and_who_assigned_it(app):
    w = await world()
    city = await load_viewer(w["city_hr"].account.id)
    async with atomic():
        made = await assign_issuer_code(city, w["issuer_unit"].id, " 0007 ")
    row = await IssuerCode.get(id=made.id)
    assert (row.code, row.province, row.unit_id) == ("0007", "34", w["issuer_unit"].id)
    assert (row.active_unit_id, row.assigned_by_id) == (w["issuer_unit"].id, city.account_id)
    assert await _refused(assign_issuer_code(city, w["issuer_unit"].id, "0008")) == [
        Problem("UNIT_HAS_ISSUER_CODE", "该单位已有有效的发证单位编码，请先注销", ("unitId",))]
    assert await _refused(assign_issuer_code(city, w["issuer_unit"].id, "0000")) == [
        Problem("INVALID_ISSUER_CODE", "发证单位编码须为4位数字（0001–9999）", ("code",))]


async def _sichuan_holds(code: str) -> None:
    from tests.helpers import make_unit

    chengdu = await make_unit("成都市第一人民医院", region="510104")
    await IssuerCode.create(unit=chengdu.unit, active_unit_id=chengdu.unit.id, province="51", code=code)


async def test_a_code_is_taken_per_province(app):
    """Sichuan's 0009 does not make Anhui's 0009 taken."""
    w = await world()
    await _sichuan_holds("0009")
    platform = await load_viewer(w["platform"].account.id)
    async with atomic():
        made = await assign_issuer_code(platform, w["issuer_unit"].id, "0009")
    assert (made.province, made.code) == ("34", "0009")


class _TwinAfterChecks:
    """Stands in for ``IssuerCode`` in the issuers module: right after assign_issuer_code's last check (the
    unit has no active code), a racing twin request inserts its code (``twin()``), so the insert fails on a
    unique constraint and the refusal must say which."""

    def __init__(self, twin):
        self.twin = twin

    def __getattr__(self, name):
        return getattr(IssuerCode, name)

    def filter(self, **kw):
        real = IssuerCode.filter(**kw)
        if "active_unit_id" not in kw:
            return real
        twin = self.twin

        class _Checked:
            async def exists(self):
                found = await real.exists()
                await twin()
                return found
        return _Checked()


@pytest.mark.parametrize("twin_code, problem", [
    ("0009", Problem("ISSUER_CODE_TAKEN", "发证单位编码 0009 已被使用过", ("code",))),
    ("0010", Problem("UNIT_HAS_ISSUER_CODE", "该单位已有有效的发证单位编码", ("unitId",))),
])
async def test_an_assignment_that_loses_the_race_says_to_what(app, monkeypatch, twin_code, problem):
    """The twin took the same code for another unit (TAKEN), or another code for the same unit (the unit now
    has one); Sichuan's 0009 must not be mistaken for Anhui's."""
    from models.certificate import issuers
    from tests.helpers import make_unit

    w = await world()
    await _sichuan_holds("0009")
    other = (await make_unit("合肥市第二人民医院", region="340103")).unit
    unit = w["issuer_unit"]
    twin_unit = other if twin_code == "0009" else unit

    async def twin():
        await IssuerCode.create(unit=twin_unit, active_unit_id=twin_unit.id, province="34", code=twin_code)

    monkeypatch.setattr(issuers, "IssuerCode", _TwinAfterChecks(twin))
    platform = await load_viewer(w["platform"].account.id)
    assert await _refused(assign_issuer_code(platform, unit.id, "0009")) == [problem]


async def test_a_cancellation_changes_that_code_only_and_only_once(app):
    w = await world()
    city = await load_viewer(w["city_hr"].account.id)
    issuer = await code_for(w, "0001")
    bystander = await IssuerCode.create(unit=w["employer"].unit, province="34", code="0002")
    async with atomic():
        cancelled = await cancel_issuer_code(city, issuer.id, "单位合并")
    assert (cancelled.id, cancelled.status) == (issuer.id, IssuerCodeStatus.CANCELLED)
    assert (await IssuerCode.get(id=bystander.id)).status == IssuerCodeStatus.ACTIVE
    assert await _refused(cancel_issuer_code(city, issuer.id, "再次注销")) == [
        Problem("ALREADY_CANCELLED", "该发证单位编码已注销", ("issuerCodeId",))]
    assert (await IssuerCode.get(id=issuer.id)).cancel_reason == "单位合并"


async def test_next_years_ranges_may_be_prepared_and_no_later(app):
    from datetime import date

    from models.certificate.ranges import create_range

    w = await world()
    city = await load_viewer(w["city_hr"].account.id)
    issuer = await code_for(w, "0001")
    next_year = date.today().year + 1
    async with atomic():
        made = await create_range(city, issuer.id, next_year, "01", 1, 10)
    assert (made.year, made.next_serial, made.created_by_id) == (next_year, 1, city.account_id)
    assert await _refused(create_range(city, issuer.id, next_year + 1, "01", 1, 10)) == [
        Problem("INVALID_YEAR", f"年度须在 1980–{next_year} 之间", ("year",))]


@pytest.mark.parametrize("year, category, start, end, problem", [
    (2023, "0A", 1, 10, Problem("INVALID_CATEGORY", "证书类别须为2位数字", ("category",))),
    (2023, "01", 0, 10, Problem("INVALID_SERIAL", "开始序号须在 1–999999 之间", ("startSerial",))),
    (2023, "01", 1, 1_000_000, Problem("INVALID_SERIAL", "结束序号须在 1–999999 之间", ("endSerial",))),
    (2023, "01", 5, 1, Problem("INVALID_RANGE", "开始序号不能大于结束序号", ("endSerial",))),
    (2023, "01", 999_999, 5, Problem("INVALID_RANGE", "开始序号不能大于结束序号", ("endSerial",))),
])
async def test_a_bad_range_is_refused_saying_why(app, year, category, start, end, problem):
    from models.certificate.ranges import create_range

    w = await world()
    city = await load_viewer(w["city_hr"].account.id)
    issuer = await code_for(w, "0001")
    assert await _refused(create_range(city, issuer.id, year, category, start, end)) == [problem]
    assert await NumberRange.all().count() == 0


async def test_ranges_at_the_bounds_are_accepted(app):
    """The first year, one serial (start = end), and the last serial."""
    from models.certificate.ranges import create_range

    w = await world()
    city = await load_viewer(w["city_hr"].account.id)
    issuer = await code_for(w, "0001")
    for year, category, start, end in ((1980, "01", 1, 10), (2023, "01", 7, 7), (2023, "02", 999_990, 999_999)):
        async with atomic():
            made = await create_range(city, issuer.id, year, category, start, end)
        assert (made.year, made.start_serial, made.end_serial) == (year, start, end)
    assert await _refused(create_range(city, issuer.id + 1000, 2023, "03", 1, 10)) == [
        Problem("NOT_FOUND", "发证单位编码不存在", ("issuerCodeId",))]


# ---------------------------------------------------------------- what the lists hold

async def test_a_bureau_of_two_regions_sees_both_and_a_non_bureau_nothing(app):
    from models.certificate.issuers import visible_issuer_codes
    from models.certificate.ranges import visible_ranges
    from models.unit.models import UnitAdmin
    from tests.helpers import make_unit

    w = await world()
    await range_for(await code_for(w, "0001"))  # in 合肥 (340102)
    wuhu = (await make_unit("芜湖市第二人民医院", region="340202")).unit
    await range_for(await IssuerCode.create(unit=wuhu, active_unit_id=wuhu.id, province="34", code="0002"))
    await UnitAdmin.create(unit=w["other_hr"].unit, account_id=w["city_hr"].account.id)  # also 芜湖's bureau
    both = await load_viewer(w["city_hr"].account.id)
    assert sorted(await visible_issuer_codes(both).values_list("code", flat=True)) == ["0001", "0002"]
    assert await visible_ranges(both).count() == 2
    person = await load_viewer(w["person"].account.id)
    assert (await visible_issuer_codes(person).count(), await visible_ranges(person).count()) == (0, 0)


async def test_ranges_narrowed_by_issuer_year_and_category(app):
    from models.certificate.ranges import visible_ranges

    w = await world()
    first = await code_for(w, "0001")
    second = await IssuerCode.create(unit=w["employer"].unit, province="34", code="0002")
    wanted = await range_for(first, 1, 10, year=2023, category="01")
    for issuer, year, category in ((second, 2023, "01"), (first, 2024, "01"), (first, 2023, "02")):
        await range_for(issuer, 1, 10, year=year, category=category)
    platform = await load_viewer(w["platform"].account.id)
    assert await visible_ranges(platform).count() == 4
    narrowed = visible_ranges(platform, issuer_code_id=first.id, year=2023, category="01")
    assert await narrowed.values_list("id", flat=True) == [wanted.id]
    assert await visible_ranges(platform, issuer_code_id=second.id).count() == 1
    assert await visible_ranges(platform, year=2024).count() == 1
    assert await visible_ranges(platform, category="02").count() == 1


async def test_only_the_issuers_own_ranges_of_that_category_that_really_overlap_refuse(app):
    from models.certificate.ranges import create_range

    w = await world()
    city = await load_viewer(w["city_hr"].account.id)
    issuer = await code_for(w, "0001")
    other = await IssuerCode.create(unit=w["employer"].unit, province="34", code="0002")
    await range_for(other, 1, 100)  # another issuer's, same year and category
    await range_for(issuer, 1, 100, category="02")  # its own, another category
    await range_for(issuer, 50, 60)
    for start, end in ((1, 10), (70, 80)):  # before and after 50–60
        async with atomic():
            await create_range(city, issuer.id, 2023, "01", start, end)
    assert await NumberRange.filter(issuer_id=issuer.id, category="01").count() == 3
    await IssuerCode.filter(id=issuer.id).update(status=IssuerCodeStatus.CANCELLED, active_unit_id=None)
    assert await _refused(create_range(city, issuer.id, 2023, "01", 200, 300)) == [
        Problem("ISSUER_CODE_CANCELLED", "该发证单位编码已注销，不能生成证书编号", ("issuerCodeId",))]
