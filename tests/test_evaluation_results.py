"""Committee results, publicity and result filing (issue 8 §2): votes that add up and agree with the pass
rule, objections during the publicity, the passed list fixed at its close, and the HR bureau's filing —
the only thing that allows certificates."""
from __future__ import annotations

from datetime import timedelta

import pytest

from models.evaluation.models import (EvaluationScheme, ParticipantResult, PublicityObjection, ResultFiling,
                                      SchemeParticipant, SchemePublicity)
from models.evaluation.results import filed_results, today
from tests.evaluation_support import Scene, approved_scheme, codes_of
from tests.helpers import gid, gql, payload_errors

RECORD = """mutation($input: EvaluationResultsRecordInput!) { evaluationResultsRecord(input: $input) {
  errors { field code message } recorded scheme { status participants { id name result { conclusion votesFor } } } } }"""
START = """mutation($input: EvaluationPublicityStartInput!) { evaluationPublicityStart(input: $input) {
  errors { field code message } scheme { status publicity { startsOn endsOn } } } }"""
OBJECT = """mutation($input: EvaluationObjectionRecordInput!) { evaluationObjectionRecord(input: $input) {
  errors { field code message } objection { id outcome participantId } } }"""
RESOLVE = """mutation($input: EvaluationObjectionResolveInput!) { evaluationObjectionResolve(input: $input) {
  errors { field code message } objection { id outcome handling } } }"""
CLOSE = """mutation($input: EvaluationPublicityCloseInput!) { evaluationPublicityClose(input: $input) {
  errors { field code message } scheme { status participants { name result { publicityPassed } } } } }"""
FILE = """mutation($input: ResultFilingDecideInput!) { resultFilingDecide(input: $input) {
  errors { field code message } scheme { status filings { decision documentNumber filedOn opinion } } } }"""
PASS_RULE = """mutation($input: CommitteeSetPassRuleInput!) { committeeSetPassRule(input: $input) {
  errors { field code message } numerator denominator } }"""
PARTICIPANT_IDS = """query($id: ID!) { node(id: $id) { ... on EvaluationScheme { participants { id name } } } }"""


@pytest.fixture
async def scene(app) -> Scene:
    return await Scene().build()


@pytest.fixture
async def scheme_id(http, scene) -> str:
    return await approved_scheme(http, scene)


async def participant_ids(http, scene, scheme_id) -> list[str]:
    result = await gql(http, PARTICIPANT_IDS, {"id": scheme_id}, token=scene.organizer.token)
    return [p["id"] for p in result["data"]["node"]["participants"]]


def vote(pid: str, present=9, yes=7, no=1, abstain=1, conclusion="PASSED") -> dict:
    return {"participantId": pid, "membersPresent": present, "votesFor": yes, "votesAgainst": no,
            "votesAbstain": abstain, "conclusion": conclusion}


async def call(http, query, variables, token) -> dict:
    result = await gql(http, query, {"input": variables}, token=token)
    assert result.get("data"), result
    return next(iter(result["data"].values()))


async def record_all(http, scene, scheme_id, conclusions=("PASSED", "PASSED", "FAILED")) -> list[str]:
    ids = await participant_ids(http, scene, scheme_id)
    votes = [vote(p) if c == "PASSED" else vote(p, yes=3, no=5, abstain=1, conclusion="FAILED")
             for p, c in zip(ids, conclusions)]
    done = await call(http, RECORD, {"schemeId": scheme_id, "results": votes}, scene.organizer.token)
    assert done["errors"] == [] and done["recorded"] == 3
    return ids


async def test_results_publicity_and_filing(http, scene, scheme_id):
    ids = await record_all(http, scene, scheme_id)
    started = await call(http, START, {"schemeId": scheme_id, "startsOn": str(today()), "endsOn": str(today())},
                         scene.organizer.token)
    assert started["errors"] == [] and started["scheme"]["status"] == "IN_PUBLICITY"
    # Results are fixed once the publicity has begun.
    late = await call(http, RECORD, {"schemeId": scheme_id, "results": [vote(ids[0])]}, scene.organizer.token)
    assert codes_of(late) == [("WRONG_STAGE", ("schemeId",))]

    objection = await call(http, OBJECT, {"schemeId": scheme_id, "participantId": ids[1],
                                          "content": "论文存在抄袭嫌疑", "receivedOn": str(today())}, scene.organizer.token)
    assert objection["errors"] == [] and objection["objection"]["outcome"] == "PENDING"
    pending = await call(http, CLOSE, {"schemeId": scheme_id}, scene.organizer.token)
    assert codes_of(pending) == [("OBJECTIONS_PENDING", ("schemeId",))]
    resolved = await call(http, RESOLVE, {"objectionId": objection["objection"]["id"], "outcome": "UPHELD",
                                          "handling": "经核查属实"}, scene.organizer.token)
    assert resolved["errors"] == [] and resolved["objection"]["outcome"] == "UPHELD"

    closed = await call(http, CLOSE, {"schemeId": scheme_id}, scene.organizer.token)
    assert closed["errors"] == [] and closed["scheme"]["status"] == "PUBLICIZED"
    assert [p["result"]["publicityPassed"] for p in closed["scheme"]["participants"]] == [True, False, False]
    assert await filed_results().count() == 0  # not filed yet: no certificates

    # The organizer cannot file its own results; the managing bureau files them.
    refused = await gql(http, FILE, {"input": {"schemeId": scheme_id, "decision": "PASS", "documentNumber": "皖人社备〔2026〕1号",
                                               "filedOn": str(today())}}, token=scene.organizer.token)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    filed = await call(http, FILE, {"schemeId": scheme_id, "decision": "PASS", "opinion": "同意备案",
                                    "documentNumber": "皖人社备〔2026〕1号", "filedOn": str(today())},
                       scene.province.token)
    assert filed["errors"] == [] and filed["scheme"]["status"] == "FILED"
    assert filed["scheme"]["filings"][0]["documentNumber"] == "皖人社备〔2026〕1号"
    certifiable = await filed_results().prefetch_related("participant")
    assert [r.participant_id for r in certifiable] == [(await SchemeParticipant.filter().order_by("sort").first()).id]


async def test_a_returned_filing_reopens_the_results(http, scene, scheme_id):
    ids = await record_all(http, scene, scheme_id)
    await call(http, START, {"schemeId": scheme_id, "startsOn": str(today()), "endsOn": str(today())},
               scene.organizer.token)
    await call(http, CLOSE, {"schemeId": scheme_id}, scene.organizer.token)
    no_opinion = await call(http, FILE, {"schemeId": scheme_id, "decision": "RETURN"}, scene.province.token)
    assert codes_of(no_opinion) == [("REQUIRED", ("opinion",))]
    returned = await call(http, FILE, {"schemeId": scheme_id, "decision": "RETURN", "opinion": "表决票数有误"},
                          scene.province.token)
    assert returned["errors"] == [] and returned["scheme"]["status"] == "APPROVED"
    corrected = await call(http, RECORD, {"schemeId": scheme_id, "results": [vote(ids[2])]}, scene.organizer.token)
    assert corrected["errors"] == []
    # The results are unfixed again until a new publicity closes.
    assert await ParticipantResult.filter(publicity_passed__isnull=False).count() == 2
    again = await call(http, START, {"schemeId": scheme_id, "startsOn": str(today()), "endsOn": str(today() + timedelta(days=7))},
                       scene.organizer.token)
    assert again["errors"] == [] and await SchemePublicity.all().count() == 1
    early = await call(http, CLOSE, {"schemeId": scheme_id}, scene.organizer.token)
    assert codes_of(early) == [("PUBLICITY_NOT_ENDED", ("schemeId",))]


BAD_VOTES = {
    "do not add up": (vote("P", present=9, yes=5, no=1, abstain=1), [("VOTES_MISMATCH", ("results", "0"))]),
    "pass below 2/3": (vote("P", present=9, yes=5, no=3, abstain=1, conclusion="PASSED"),
                       [("CONCLUSION_CONTRADICTS_RULE", ("results", "0", "conclusion"))]),
    "fail at 2/3": (vote("P", present=9, yes=6, no=2, abstain=1, conclusion="FAILED"),
                    [("CONCLUSION_CONTRADICTS_RULE", ("results", "0", "conclusion"))]),
    "nobody present": (vote("P", present=0, yes=0, no=0, abstain=0), [("OUT_OF_RANGE", ("results", "0", "membersPresent"))]),
    "negative": (vote("P", present=9, yes=10, no=-1, abstain=0), [("OUT_OF_RANGE", ("results", "0"))]),
}


@pytest.mark.parametrize("case", list(BAD_VOTES))
async def test_bad_votes_are_refused_and_nothing_is_written(http, scene, scheme_id, case):
    ids = await participant_ids(http, scene, scheme_id)
    bad, expected = BAD_VOTES[case]
    votes = [vote(ids[0]), {**bad, "participantId": ids[1]}]  # one good row: refused with the bad one
    result = await call(http, RECORD, {"schemeId": scheme_id, "results": votes}, scene.organizer.token)
    assert codes_of(result) == [(c, (f[0], "1", *f[2:])) for c, f in expected], result
    assert all(e["message"] for e in result["errors"])
    assert await ParticipantResult.all().count() == 0


async def test_bad_stage_and_dates_are_refused(http, scene, scheme_id):
    ids = await participant_ids(http, scene, scheme_id)
    await call(http, RECORD, {"schemeId": scheme_id, "results": [vote(ids[0])]}, scene.organizer.token)
    missing = await call(http, START, {"schemeId": scheme_id, "startsOn": str(today()), "endsOn": str(today())},
                         scene.organizer.token)
    assert codes_of(missing) == [("INCOMPLETE", ("schemeId",))] and "2名" in missing["errors"][0]["message"]
    await record_all(http, scene, scheme_id)
    backwards = await call(http, START, {"schemeId": scheme_id, "startsOn": str(today()),
                                         "endsOn": str(today() - timedelta(days=1))}, scene.organizer.token)
    assert codes_of(backwards) == [("OUT_OF_RANGE", ("endsOn",))]
    too_long = await call(http, START, {"schemeId": scheme_id, "startsOn": str(today()),
                                        "endsOn": str(today() + timedelta(days=91))}, scene.organizer.token)
    assert codes_of(too_long) == [("OUT_OF_RANGE", ("endsOn",))]
    not_yet = await call(http, FILE, {"schemeId": scheme_id, "decision": "PASS", "documentNumber": "X",
                                      "filedOn": str(today())}, scene.province.token)
    assert codes_of(not_yet) == [("WRONG_STAGE", ("schemeId",))]
    objection = await call(http, OBJECT, {"schemeId": scheme_id, "participantId": ids[0], "content": "异议",
                                          "receivedOn": str(today())}, scene.organizer.token)
    assert codes_of(objection) == [("WRONG_STAGE", ("schemeId",))]
    assert (await SchemePublicity.all().count(), await PublicityObjection.all().count(),
            await ResultFiling.all().count()) == (0, 0, 0)
    assert (await EvaluationScheme.get()).status == "APPROVED"


async def test_filing_needs_its_number_and_a_date_not_in_the_future(http, scene, scheme_id):
    await record_all(http, scene, scheme_id)
    await call(http, START, {"schemeId": scheme_id, "startsOn": str(today()), "endsOn": str(today())},
               scene.organizer.token)
    await call(http, CLOSE, {"schemeId": scheme_id}, scene.organizer.token)
    empty = await call(http, FILE, {"schemeId": scheme_id, "decision": "PASS"}, scene.province.token)
    assert codes_of(empty) == [("REQUIRED", ("documentNumber",)), ("REQUIRED", ("filedOn",))]
    future = await call(http, FILE, {"schemeId": scheme_id, "decision": "PASS", "documentNumber": "文" * 51,
                                     "filedOn": str(today() + timedelta(days=1))}, scene.province.token)
    assert codes_of(future) == [("TOO_LONG", ("documentNumber",)), ("OUT_OF_RANGE", ("filedOn",))]
    other = await call(http, FILE, {"schemeId": scheme_id, "decision": "MAYBE"}, scene.province.token)
    assert codes_of(other) == [("INVALID", ("decision",))]
    assert await ResultFiling.all().count() == 0 and (await EvaluationScheme.get()).status == "PUBLICIZED"
    # A bureau of another province cannot even see the scheme; a city bureau below the managing one neither.
    for actor in (scene.other_province, scene.city):
        hidden = await call(http, FILE, {"schemeId": scheme_id, "decision": "PASS", "documentNumber": "X",
                                         "filedOn": str(today())}, actor.token)
        assert codes_of(hidden) == [("NOT_FOUND", ("schemeId",))]


async def test_the_pass_rule_is_the_committees(http, scene, scheme_id):
    ids = await participant_ids(http, scene, scheme_id)
    committee = gid("Committee", scene.committee.id)
    refused = await call(http, PASS_RULE, {"committeeId": committee, "numerator": 1, "denominator": 3},
                         scene.province.token)
    assert codes_of(refused) == [("OUT_OF_RANGE", ("numerator",))]
    forbidden = await gql(http, PASS_RULE, {"input": {"committeeId": committee, "numerator": 1, "denominator": 2}},
                          token=scene.organizer.token)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    done = await call(http, PASS_RULE, {"committeeId": committee, "numerator": 1, "denominator": 2},
                      scene.province.token)
    assert (done["numerator"], done["denominator"]) == (1, 2)
    # 5 of 9 now passes (it did not under 2/3).
    ok = await call(http, RECORD, {"schemeId": scheme_id, "results": [vote(ids[0], present=9, yes=5, no=3, abstain=1)]},
                    scene.organizer.token)
    assert ok["errors"] == []


async def test_unknown_participants_and_objections_are_refused(http, scene, scheme_id):
    ids = await participant_ids(http, scene, scheme_id)
    wrong = await call(http, RECORD, {"schemeId": scheme_id, "results": [vote(gid("SchemeParticipant", 999999))]},
                       scene.organizer.token)
    assert codes_of(wrong) == [("NOT_FOUND", ("results", "0", "participantId"))]
    twice = await call(http, RECORD, {"schemeId": scheme_id, "results": [vote(ids[0]), vote(ids[0])]},
                       scene.organizer.token)
    assert codes_of(twice) == [("DUPLICATE", ("results", "1", "participantId"))]
    bad_id = await call(http, RESOLVE, {"objectionId": gid("PublicityObjection", 999999), "outcome": "UPHELD",
                                        "handling": "x"}, scene.organizer.token)
    assert codes_of(bad_id) == [("NOT_FOUND", ("objectionId",))]
    assert await ParticipantResult.all().count() == 0
