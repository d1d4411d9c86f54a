"""Every category's typed fields: a valid record per category, and what each refuses, through the API."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.achievement.models import AchievementCategory, AchievementRecord
from tests.achievement_support import CREATE, UPDATE, VALID, create, data
from tests.helpers import error_codes, gql, make_person, payload_errors

FUTURE = (date.today() + timedelta(days=3)).isoformat()
NEXT_YEAR = date.today().year + 1

# category → (changes to the valid payload, expected code, field at fault)
INVALID = {
    "REPRESENTATIVE_WORK": ({"completedOn": FUTURE}, "FUTURE_DATE", "completedOn"),
    "WORK_EXPERIENCE": ({"endDate": "2014-01-01"}, "DATE_ORDER", "endDate"),
    "EDUCATION": ({"degree": None}, "REQUIRED", "degree"),
    "PROJECT": ({"amount": "-1"}, "OUT_OF_RANGE", "amount"),
    "PAPER": ({"name": "  "}, "REQUIRED", "name"),
    "CONTINUING_EDUCATION": ({"hours": -1}, "OUT_OF_RANGE", "hours"),
    "ACADEMIC_POST": ({"post": "理" * 31}, "TOO_LONG", "post"),
    "ANNUAL_ASSESSMENT": ({"year": NEXT_YEAR}, "OUT_OF_RANGE", "year"),
    "WORK_REPORT": ({"summary": "字" * 2001}, "TOO_LONG", "summary"),
    "PROJECT_AWARD": ({"rank": 0}, "OUT_OF_RANGE", "rank"),
    "RESULT_ADOPTION": ({"adoptedOn": FUTURE}, "FUTURE_DATE", "adoptedOn"),
    "BOOK": ({"wordsThousand": "1.234"}, "INVALID", "wordsThousand"),
    "HONOR": ({"issuer": None}, "REQUIRED", "issuer"),
    "STANDARD": ({"number": ""}, "REQUIRED", "number"),
    "PATENT": ({"authorizedOn": FUTURE}, "FUTURE_DATE", "authorizedOn"),
    "RESEARCH_PROJECT": ({"endDate": "2020-01-01"}, "DATE_ORDER", "endDate"),
    "AID_EXPERIENCE": ({"endDate": "2018-01-01"}, "DATE_ORDER", "endDate"),
    "COMPREHENSIVE_PERFORMANCE": ({"description": "   "}, "REQUIRED", "description"),
    "HEALTH_CASE_RECORD": ({"dischargedOn": "2022-02-01"}, "DATE_ORDER", "dischargedOn"),
    "HEALTH_TOPIC": ({"finishedOn": FUTURE}, "FUTURE_DATE", "finishedOn"),
    "HEALTH_PAPER": ({"authorRank": None}, "REQUIRED", "authorRank"),
    "HEALTH_REVIEW": ({"wordCount": -5}, "OUT_OF_RANGE", "wordCount"),
}


def test_every_category_has_cases():
    assert set(VALID) == set(INVALID) == {c.value for c in AchievementCategory}


@pytest.mark.parametrize("category", sorted(VALID))
async def test_valid_record_per_category(http, category):
    person = await make_person()
    result = await gql(http, CREATE, {"input": {"data": data(category)}}, person.token)
    assert payload_errors(result, "achievementRecordCreate") == []
    record = result["data"]["achievementRecordCreate"]["record"]
    assert (record["category"], record["status"], record["editable"]) == (category, "DRAFT", True)
    assert record["title"] and record["displayFields"]
    assert record["fields"]["__typename"].endswith("Fields")
    row = await AchievementRecord.get(person_id=person.person.id)
    assert row.category == category and row.title == record["title"]


@pytest.mark.parametrize("category", sorted(INVALID))
async def test_invalid_record_per_category(http, category):
    person = await make_person()
    changes, code, field = INVALID[category]
    result = await gql(http, CREATE, {"input": {"data": data(category, **changes)}}, person.token)
    errors = payload_errors(result, "achievementRecordCreate")
    member = VALID[category][0]
    assert {(e["code"], tuple(e["field"])) for e in errors} == {(code, ("data", member, field))}, errors
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]) for e in errors)
    assert result["data"]["achievementRecordCreate"]["record"] is None
    assert await AchievementRecord.all().count() == 0


async def test_every_problem_is_reported_at_once(http):
    person = await make_person()
    result = await gql(http, CREATE, {"input": {"data": {"project": {"amount": "-2", "endDate": "2000-01-01",
                                                                     "startDate": "2001-01-01"}}}}, person.token)
    errors = payload_errors(result, "achievementRecordCreate")
    assert {(e["code"], e["field"][-1]) for e in errors} == {
        ("REQUIRED", "name"), ("REQUIRED", "role"), ("OUT_OF_RANGE", "amount"), ("DATE_ORDER", "endDate")}


async def test_exactly_one_category_member(http):
    person = await make_person()
    both = {**data("PAPER"), **data("HONOR")}
    assert error_codes(await gql(http, CREATE, {"input": {"data": both}}, person.token))
    assert error_codes(await gql(http, CREATE, {"input": {"data": {}}}, person.token))
    assert await AchievementRecord.all().count() == 0


async def test_work_experience_title_open_end_and_typed_fields(http):
    person = await make_person()
    record = await create(http, person, "WORK_EXPERIENCE")
    assert record["title"] == "合肥八中" and record["workUnit"] == "合肥八中"
    assert record["fields"] == {"__typename": "WorkExperienceFields", "startDate": "2015-03-04", "endDate": None,
                                "workUnit": "合肥八中"}
    shown = {f["key"]: f["value"] for f in record["displayFields"]}
    assert shown["endDate"] == "至今" and shown["technicalPost"] == "一级教师"
    paper = await create(http, person, "PAPER")
    assert paper["fields"] == {"__typename": "PaperFields", "name": "论混凝土养护", "authorRank": "FIRST"}
    assert {f["key"]: f["value"] for f in paper["displayFields"]}["authorRank"] == "第一作者"


async def test_update_keeps_the_category(http):
    person = await make_person()
    record = await create(http, person, "PAPER")
    result = await gql(http, UPDATE, {"input": {"recordId": record["id"], "data": data("HONOR")}}, person.token)
    assert [e["code"] for e in payload_errors(result, "achievementRecordUpdate")] == ["CATEGORY_MISMATCH"]
    result = await gql(http, UPDATE, {"input": {"recordId": record["id"], "data": data("PAPER", name="新题目")}},
                       person.token)
    assert payload_errors(result, "achievementRecordUpdate") == []
    assert result["data"]["achievementRecordUpdate"]["record"]["title"] == "新题目"
    bad = await gql(http, UPDATE, {"input": {"recordId": record["id"], "data": data("PAPER", publishedOn=FUTURE)}},
                    person.token)
    assert [e["code"] for e in payload_errors(bad, "achievementRecordUpdate")] == ["FUTURE_DATE"]
    assert (await AchievementRecord.get()).title == "新题目"


def test_choices_of_two_enums_that_share_a_value_keep_their_own_labels():
    """学历 本科 and 学位 学士 are both BACHELOR; 奖项级别 国家级 and 标准类别 国家标准 both NATIONAL."""
    from models.achievement.choices import LABELS, AwardLevel, StandardKind
    from models.achievement.fields import display
    from models.person.models import Degree, Education

    assert (LABELS[Education.BACHELOR], LABELS[Degree.BACHELOR]) == ("大学本科", "学士")
    assert (LABELS[AwardLevel.NATIONAL], LABELS[StandardKind.NATIONAL]) == ("国家级", "国家标准")
    shown = {label: value for _, label, value in display(AchievementCategory.EDUCATION, {
        "education": "MASTER", "degree": "MASTER", "degree_obtained": True})}
    assert (shown["学历"], shown["学位"]) == ("硕士研究生", "硕士")
