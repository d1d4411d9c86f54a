"""专技人才统计: every refused input of every talent record mutation gets its code, the field at fault and a
Chinese message, and changes nothing — the record rows read the same before and after, and no task, job,
history or message row appears. One case per way a person (or someone else) can get it wrong; then the
queries' refusals (top-level errors with a code and a field)."""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from models.catalogue.models import Series, Specialty, TitleName
from models.core.history import HistoryEntry
from models.core.job import Job
from models.messaging.models import Message
from models.person.binding import BindingStatus
from models.person.models import Person
from models.talent_statistics.models import TalentRecord
from models.workflow.models import Task
from tests.declaration_support import CLAIM
from tests.helpers import gid, gql, make_person, payload_errors
from tests.talent_statistics_support import (
    CREATE,
    DELETE,
    RECORDS_EXPORT,
    STATISTICS,
    STATISTICS_EXPORT,
    SUBMIT,
    TASKS,
    UPDATE,
    WITHDRAW,
    YEAR,
    TalentWorld,
    call,
    create,
    full_fields,
    pk,
    ready,
    talent_world,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
MISSING = 987654321  # a key no row has
TODAY = date.today()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()


@dataclass
class Scene:
    """The person's full draft (or submitted), the other person's draft, ids of another series' specialty and
    title, and a draft of the person's for another year with no title."""

    world: TalentWorld
    rid: str
    untitled: str
    theirs: str
    foreign_specialty_id: str
    foreign_title_id: str
    made: dict[str, str] = field(default_factory=dict)


async def scene(http, stage: str = "draft") -> Scene:
    world = await talent_world()
    rid = await ready(http, world.person, world.engineering)
    if stage == "submitted":
        await call(http, SUBMIT, {"talentRecordId": rid}, world.person.token, "talentRecordSubmit")
    untitled = (await create(http, world.person, YEAR - 1, post="行政岗"))["id"]
    theirs = (await create(http, world.other_person, post="他人岗位"))["id"]
    engineering = await Series.get(code="ENGINEERING")
    foreign_specialty = await Specialty.filter(series_id__not=engineering.id).first()
    foreign_title = await TitleName.filter(series_id__not=engineering.id).first()
    return Scene(world, rid, untitled, theirs, gid("Specialty", foreign_specialty.id),
                 gid("TitleName", foreign_title.id))


async def state() -> tuple:
    """Everything a talent record mutation writes."""
    return (await TalentRecord.all().order_by("id").values(),
            await Task.all().order_by("id").values(),
            await Job.all().order_by("id").values_list("id", "kind", "status", "params"),
            await HistoryEntry.all().order_by("id").values_list("id", "subject_type", "subject_id", "action"),
            await Message.all().order_by("id").values_list("id", "recipient_id", "title"))


def chinese(message: str) -> bool:
    return bool(message) and CJK.search(message) is not None


def payload_refusal(result: dict, name: str) -> list[tuple[str, list[str] | None]]:
    """The payload's errors as (code, field), each message Chinese, and no object returned with them."""
    assert "errors" not in result, result  # a payload refusal, never a top-level error
    body = result["data"][name]
    errors = body.pop("errors")
    assert errors and all(chinese(e["message"]) for e in errors), result
    assert all(v is None for v in body.values()), result
    return [(e["code"], e["field"]) for e in errors]


Setup = Callable[[Any, Scene], Awaitable[None]]


@dataclass(frozen=True)
class Case:
    query: str
    name: str
    variables: Callable[[Scene], dict]
    expected: list[tuple[str, list[str] | None]]
    stage: str = "draft"
    who: str = "person"
    setup: Setup | None = None


def update(**values: Any) -> Callable[[Scene], dict]:
    return lambda s: {"talentRecordId": s.rid, **values}


def untitled(**values: Any) -> Callable[[Scene], dict]:
    return lambda s: {"talentRecordId": s.untitled, **values}


def make(**values: Any) -> Callable[[Scene], dict]:
    return lambda s: {"year": YEAR - 2, **values}


def rid(s: Scene) -> dict:
    return {"talentRecordId": s.rid}


async def unbind(http, s: Scene) -> None:
    await Person.filter(id=s.world.person.person.id).update(current_unit_id=None)


async def withdrawn(http, s: Scene) -> None:
    await call(http, WITHDRAW, {"talentRecordId": s.rid}, s.world.person.token, "talentRecordWithdraw")


async def claimed(http, s: Scene) -> None:
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", s.world.employer.unit.id), "box": "TO_CLAIM"},
                       token=s.world.employer.token))["data"]["tasks"]["nodes"]
    assert payload_errors(await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}},
                                    token=s.world.employer.token), "taskClaim") == []


async def pending_person(http, s: Scene) -> None:
    s.made["pending"] = (await make_person("待审核人员", unit=s.world.employer.unit, status=BindingStatus.PENDING)).token


async def exported_once(http, s: Scene) -> None:
    await call(http, STATISTICS_EXPORT, {"year": YEAR, "idempotencyKey": "stat-1"}, s.world.city.token,
               "talentStatisticsExport")


RID = ["talentRecordId"]
CASES: dict[str, Case] = {
    # ---- talentRecordCreate
    "create: a year before 2000": Case(CREATE, "talentRecordCreate", lambda s: {"year": 1999},
                                       [("INVALID_YEAR", ["year"])]),
    "create: next year": Case(CREATE, "talentRecordCreate", lambda s: {"year": TODAY.year + 1},
                              [("INVALID_YEAR", ["year"])]),
    "create: a second record for a year": Case(CREATE, "talentRecordCreate", lambda s: {"year": YEAR},
                                               [("RECORD_EXISTS", ["year"])]),
    "create: a year already filled in, by the other person too": Case(
        CREATE, "talentRecordCreate", lambda s: {"year": YEAR}, [("RECORD_EXISTS", ["year"])], who="other"),
    "create: no unit any more": Case(CREATE, "talentRecordCreate", make(), [("NO_EMPLOYER", None)], setup=unbind),
    "create: a binding still pending": Case(CREATE, "talentRecordCreate", make(), [("NO_EMPLOYER", None)],
                                            who="pending", setup=pending_person),
    "create: a post too long": Case(CREATE, "talentRecordCreate", make(post="岗" * 51), [("TOO_LONG", ["post"])]),
    "create: several wrong fields at once": Case(
        CREATE, "talentRecordCreate", make(post="岗" * 51, remarks="备" * 201, professionalYears=-1),
        [("TOO_LONG", ["post"]), ("TOO_LONG", ["remarks"]), ("OUT_OF_RANGE", ["professionalYears"])]),
    "create: a title without a series": Case(
        CREATE, "talentRecordCreate", lambda s: {"year": YEAR - 2, "titleNameId": s.foreign_title_id},
        [("REQUIRED", ["seriesId"])]),
    # ---- talentRecordUpdate: each field on its own
    "update: a post of 51 characters": Case(UPDATE, "talentRecordUpdate", update(post="岗" * 51),
                                            [("TOO_LONG", ["post"])]),
    "update: a talent category of 21 characters": Case(UPDATE, "talentRecordUpdate", update(talentCategory="类" * 21),
                                                       [("TOO_LONG", ["talentCategory"])]),
    "update: remarks of 201 characters": Case(UPDATE, "talentRecordUpdate", update(remarks="备" * 201),
                                              [("TOO_LONG", ["remarks"])]),
    "update: a title of another series": Case(UPDATE, "talentRecordUpdate",
                                              lambda s: {"talentRecordId": s.rid, "titleNameId": s.foreign_title_id},
                                              [("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "update: a specialty of another series": Case(
        UPDATE, "talentRecordUpdate", lambda s: {"talentRecordId": s.rid, "specialtyId": s.foreign_specialty_id},
        [("TITLE_NOT_IN_SERIES", ["specialtyId"])]),
    "update: the series cleared under a specialty and a title": Case(
        UPDATE, "talentRecordUpdate", update(seriesId=None), [("REQUIRED", ["seriesId"])]),
    "update: a series that does not exist": Case(UPDATE, "talentRecordUpdate",
                                                 update(seriesId=gid("Series", MISSING)), [("NOT_FOUND", ["seriesId"])]),
    "update: a title ID of another type": Case(
        UPDATE, "talentRecordUpdate", lambda s: {"talentRecordId": s.rid, "titleNameId": s.foreign_specialty_id},
        [("INVALID_ID", ["titleNameId"])]),
    "update: a title obtained tomorrow": Case(UPDATE, "talentRecordUpdate", update(titleObtainedOn=TOMORROW),
                                              [("FUTURE_DATE", ["titleObtainedOn"])]),
    "update: a title obtained before birth": Case(UPDATE, "talentRecordUpdate", update(titleObtainedOn="1980-01-01"),
                                                  [("DATE_ORDER", ["titleObtainedOn"])]),
    "update: appointed before the title was obtained": Case(
        UPDATE, "talentRecordUpdate", update(appointedOn="2018-12-19"), [("DATE_ORDER", ["appointedOn"])]),
    "update: appointed tomorrow": Case(UPDATE, "talentRecordUpdate", update(appointedOn=TOMORROW),
                                       [("FUTURE_DATE", ["appointedOn"])]),
    "update: not appointed, with an appointment date": Case(
        UPDATE, "talentRecordUpdate", update(appointed=False), [("INVALID", ["appointedOn"])]),
    "update: the title cleared under its dates": Case(
        UPDATE, "talentRecordUpdate", update(titleNameId=None),
        [("INVALID", ["titleObtainedOn"]), ("INVALID", ["appointed"])]),
    "update: an obtained date without a title": Case(
        UPDATE, "talentRecordUpdate", untitled(titleObtainedOn="2015-01-01"), [("INVALID", ["titleObtainedOn"])]),
    "update: appointed without a title": Case(UPDATE, "talentRecordUpdate", untitled(appointed=True),
                                              [("INVALID", ["appointed"])]),
    "update: negative professional years": Case(UPDATE, "talentRecordUpdate", update(professionalYears=-1),
                                                [("OUT_OF_RANGE", ["professionalYears"])]),
    "update: 61 professional years": Case(UPDATE, "talentRecordUpdate", update(professionalYears=61),
                                          [("OUT_OF_RANGE", ["professionalYears"])]),
    "update: more professional years than the age minus 16": Case(
        UPDATE, "talentRecordUpdate", update(professionalYears=TODAY.year - 1985 - 15),
        [("OUT_OF_RANGE", ["professionalYears"])]),
    "update: a record in review": Case(UPDATE, "talentRecordUpdate", update(post="新岗位"),
                                       [("NOT_EDITABLE", RID)], stage="submitted"),
    "update: the other person's record": Case(UPDATE, "talentRecordUpdate",
                                              lambda s: {"talentRecordId": s.theirs, "post": "新岗位"},
                                              [("NOT_FOUND", RID)]),
    "update: a record that does not exist": Case(UPDATE, "talentRecordUpdate",
                                                 lambda s: {"talentRecordId": gid("TalentRecord", MISSING)},
                                                 [("NOT_FOUND", RID)]),
    "update: an ID of another type": Case(UPDATE, "talentRecordUpdate",
                                          lambda s: {"talentRecordId": gid("Unit", s.world.employer.unit.id)},
                                          [("INVALID_ID", RID)]),
    # ---- talentRecordSubmit / Withdraw / Delete
    "submit: an incomplete record": Case(SUBMIT, "talentRecordSubmit", lambda s: {"talentRecordId": s.untitled},
                                         [("CHECK_FAILED", ["postCategory"]), ("CHECK_FAILED", ["education"])]),
    "submit: no unit any more": Case(SUBMIT, "talentRecordSubmit", rid, [("NO_EMPLOYER", RID)], setup=unbind),
    "submit: twice": Case(SUBMIT, "talentRecordSubmit", rid, [("NOT_EDITABLE", RID)], stage="submitted"),
    "submit: the other person's record": Case(SUBMIT, "talentRecordSubmit", lambda s: {"talentRecordId": s.theirs},
                                              [("NOT_FOUND", RID)]),
    "withdraw: a draft": Case(WITHDRAW, "talentRecordWithdraw", rid, [("NOT_WITHDRAWABLE", RID)]),
    "withdraw: once the unit claimed it": Case(WITHDRAW, "talentRecordWithdraw", rid, [("NOT_WITHDRAWABLE", RID)],
                                               stage="submitted", setup=claimed),
    "delete: a record in review": Case(DELETE, "talentRecordDelete", rid, [("NOT_EDITABLE", RID)], stage="submitted"),
    "delete: a draft once submitted": Case(DELETE, "talentRecordDelete", rid, [("NOT_EDITABLE", RID)],
                                           stage="submitted", setup=withdrawn),
    "delete: the other person's record": Case(DELETE, "talentRecordDelete", lambda s: {"talentRecordId": s.theirs},
                                              [("NOT_FOUND", RID)]),
    # ---- the exports
    "statistics export: a year before 2000": Case(STATISTICS_EXPORT, "talentStatisticsExport", lambda s: {"year": 1999},
                                                  [("INVALID_YEAR", ["year"])], who="city"),
    "statistics export: a region that does not exist": Case(
        STATISTICS_EXPORT, "talentStatisticsExport", lambda s: {"year": YEAR, "regionCode": "349999"},
        [("NOT_FOUND", ["regionCode"])], who="city"),
    "statistics export: a key used for another request": Case(
        STATISTICS_EXPORT, "talentStatisticsExport", lambda s: {"year": YEAR - 1, "idempotencyKey": "stat-1"},
        [("IDEMPOTENCY_KEY_REUSED", ["idempotencyKey"])], who="city", setup=exported_once),
    "records export: a year in the future": Case(
        RECORDS_EXPORT, "talentRecordsExport",
        lambda s: {"unitId": gid("Unit", s.world.employer.unit.id), "filter": {"year": TODAY.year + 1}},
        [("INVALID_YEAR", ["filter", "year"])], who="employer"),
    "records export: a unit ID of another type": Case(
        RECORDS_EXPORT, "talentRecordsExport", lambda s: {"unitId": s.rid}, [("INVALID_ID", ["unitId"])],
        who="employer"),
}


def token_of(s: Scene, who: str) -> str:
    actors = {"person": s.world.person, "other": s.world.other_person, "city": s.world.city,
              "employer": s.world.employer}
    return actors[who].token if who in actors else s.made[who]


@pytest.mark.parametrize("name", list(CASES))
async def test_a_refused_input_names_the_field_in_chinese_and_changes_nothing(http, name):
    case = CASES[name]
    s = await scene(http, case.stage)
    if case.setup is not None:
        await case.setup(http, s)
    before = await state()
    result = await gql(http, case.query, {"input": case.variables(s)}, token=token_of(s, case.who))
    assert payload_refusal(result, case.name) == case.expected
    assert await state() == before


async def test_the_rows_keep_every_value_when_one_field_is_refused(http):
    """A refused change leaves the fields that were fine unchanged too: the input is refused whole."""
    s = await scene(http)
    before = await TalentRecord.get(id=pk(s.rid))
    result = await gql(http, UPDATE, {"input": {"talentRecordId": s.rid, "post": "新岗位", "remarks": "备" * 201}},
                       token=s.world.person.token)
    assert payload_refusal(result, "talentRecordUpdate") == [("TOO_LONG", ["remarks"])]
    after = await TalentRecord.get(id=before.id)
    assert (after.post, after.remarks, after.version) == (before.post, before.remarks, before.version)
    fine = await call(http, UPDATE, {"talentRecordId": s.rid, **full_fields(s.world.engineering, post="新岗位")},
                      s.world.person.token, "talentRecordUpdate")
    assert fine["talentRecord"]["post"] == "新岗位"


QUERY_CASES = {
    "a year before 2000": ({"year": 1999}, "INVALID_YEAR", ["year"]),
    "next year": ({"year": TODAY.year + 1}, "INVALID_YEAR", ["year"]),
    "a region that does not exist": ({"year": YEAR, "regionCode": "349999"}, "NOT_FOUND", ["regionCode"]),
    "a unit ID of another type": ({"year": YEAR, "unitId": gid("Series", 1)}, "INVALID_ID", ["unitId"]),
}


@pytest.mark.parametrize("name", list(QUERY_CASES))
async def test_the_statistics_query_refuses_a_bad_argument_with_its_code_and_field(http, name):
    variables, code, path = QUERY_CASES[name]
    world = await talent_world()
    result = await gql(http, STATISTICS, variables, token=world.city.token)
    assert result["data"] is None
    [error] = result["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, path) and chinese(error["message"])


async def test_the_unit_list_refuses_a_bad_filter_with_its_code_and_field(http):
    from tests.talent_statistics_support import UNIT_RECORDS

    world = await talent_world()
    result = await gql(http, UNIT_RECORDS, {"unitId": gid("Unit", world.employer.unit.id),
                                            "filter": {"year": 1999}}, token=world.employer.token)
    [error] = result["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("INVALID_YEAR", ["filter", "year"])
