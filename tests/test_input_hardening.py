"""Input that never crashes: every bad value a client can send is refused with its code and field, and
nothing is written. Sent over HTTP as raw JSON (a lone surrogate travels as the escape ``\\ud800``, which
httpx cannot encode itself). NUL bytes and surrogates matter most on PostgreSQL; the table runs on both."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from tortoise import connections

from models.account.auth import ACCESS_AUDIENCE
from models.unit.models import UnitAdmin
from schema.api import build_schema
from tests.conftest import SECRET, _tables
from tests.helpers import gid, make_person, make_unit

BIG = 10**25  # the issue's Plan:10^25, far beyond int64
ERRORS = "errors { field code message }"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
PYTHON_TEXT = re.compile(r"isoformat|Invalid|Expected|cannot represent|decimal", re.I)
NUL, LONE = "\x00", "\ud800"


@dataclass(frozen=True)
class Bad:
    query: str
    variables: dict = field(default_factory=dict)
    code: str = "INVALID_INPUT"
    fields: tuple[tuple[str, ...], ...] = ()  # each refused field's path
    payload: str | None = None  # the mutation whose payload carries the refusal; None: top-level errors


def mutation(name: str, input_type: str, selection: str = "") -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {ERRORS} {selection} }} }}"


CASES = {
    # over-long or malformed lookup values
    "region-7-digits": Bad('{ region(code: "3401041") { name } }', fields=(("code",),)),
    "region-50-chars": Bad("query($c: String!) { region(code: $c) { name } }", {"c": "3" * 50}, fields=(("code",),)),
    "regions-50-chars": Bad("query($c: String) { regions(parentCode: $c) { code } }", {"c": "3" * 50},
                            fields=(("parentCode",),)),
    "review-paths-50-chars": Bad("query($c: String!) { reviewPaths(regionCode: $c) { id } }", {"c": "3" * 50},
                                 fields=(("regionCode",),)),
    "series-50-chars": Bad("query($c: String!) { series(code: $c) { name } }", {"c": "A" * 50}, code="TOO_LONG",
                           fields=(("code",),)),
    "series-bad-shape": Bad('{ series(code: "engineering;--") { name } }', fields=(("code",),)),
    "units-region-5-digits": Bad('{ units(first: 5, filter: {regionCode: "34010"}) { totalCount } }',
                                 fields=(("filter", "regionCode"),)),
    "login-201-chars": Bad(mutation("authLogin", "AuthLoginInput", "accessToken"),
                           {"input": {"login": "1" * 201, "password": "x"}}, "TOO_LONG", (("login",),), "authLogin"),
    "id-number-filter-31-chars": Bad(
        "query($u: ID!, $n: String) { registrationReviews(unitId: $u, first: 5, filter: {idNumber: $n}) "
        "{ totalCount } }", {"u": gid("Unit", 1), "n": "1" * 31}, "TOO_LONG", (("filter", "idNumber"),)),
    "committee-region-codes": Bad(
        mutation("committeeCreate", "CommitteeCreateInput"),
        {"input": {"name": "评委会", "seriesId": gid("Series", 1), "levels": ["SENIOR"], "tier": "SENIOR",
                   "regionCodes": ["340100", "34O100"], "managingUnitId": gid("Unit", 1)}},
        fields=(("regionCodes", "1"),), payload="committeeCreate"),
    "cursor-over-global-cap": Bad("query($a: String) { plans(first: 5, after: $a) { totalCount } }",
                                  {"a": "A" * 20_001}, "TOO_LONG", (("after",),)),
    # global IDs whose key is not a positive int64
    "node-plan-10e25": Bad('{ node(id: "UGxhbjoxMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA==") { id } }', code="INVALID_ID",
                           fields=(("id",),)),
    "node-key-0": Bad("query($id: ID!) { node(id: $id) { id } }", {"id": gid("Plan", 0)}, "INVALID_ID", (("id",),)),
    "node-key-negative": Bad("query($id: ID!) { node(id: $id) { id } }", {"id": gid("Plan", -1)}, "INVALID_ID",
                             (("id",),)),
    "review-counts": Bad("query($u: ID!) { achievementReviewCounts(unitId: $u) { all } }", {"u": gid("Unit", BIG)},
                         "INVALID_ID", (("unitId",),)),
    "unit-statistics": Bad("query($u: ID!) { achievementUnitStatistics(unitId: $u) { total { all } } }",
                           {"u": gid("Unit", BIG)}, "INVALID_ID", (("unitId",),)),
    "post-quota": Bad("query($u: ID!) { postQuota(unitId: $u, year: 2026) { year } }", {"u": gid("Unit", BIG)},
                      "INVALID_ID", (("unitId",),)),
    "record-decide": Bad(mutation("achievementRecordDecide", "AchievementRecordDecideInput"),
                         {"input": {"recordIds": [gid("AchievementRecord", BIG)], "decision": "PASS"}},
                         "INVALID_ID", (("recordIds", "0"),), "achievementRecordDecide"),
    "post-quota-set": Bad(mutation("postQuotaSet", "PostQuotaSetInput"),
                          {"input": {"unitId": gid("Unit", BIG), "year": 2026, "senior": 1, "associateSenior": 1,
                                     "intermediate": 1, "primary": 1}}, "INVALID_ID", (("unitId",),), "postQuotaSet"),
    "plan-close": Bad(mutation("planClose", "PlanTransitionInput"), {"input": {"planId": gid("Plan", BIG)}},
                      "INVALID_ID", (("planId",),), "planClose"),
    "plan-publish": Bad(mutation("planPublish", "PlanTransitionInput"), {"input": {"planId": gid("Plan", BIG)}},
                        "INVALID_ID", (("planId",),), "planPublish"),
    "plan-file-remove": Bad(mutation("planFileRemove", "PlanFileRemoveInput"),
                            {"input": {"planId": gid("Plan", BIG), "planFileId": gid("PlanFile", BIG)}},
                            "INVALID_ID", (("planId",), ("planFileId",)), "planFileRemove"),
    "unit-update": Bad(mutation("unitUpdate", "UnitUpdateInput"), {"input": {"unitId": gid("Unit", BIG)}},
                       "INVALID_ID", (("unitId",),), "unitUpdate"),
    "unit-admin-remove": Bad(mutation("unitAdminRemove", "UnitAdminRemoveInput"),
                             {"input": {"unitId": gid("Unit", BIG), "accountId": gid("Account", BIG)}},
                             "INVALID_ID", (("unitId",), ("accountId",)), "unitAdminRemove"),
    # NUL bytes (PostgreSQL refuses them in text)
    "login-nul": Bad(mutation("authLogin", "AuthLoginInput", "accessToken"),
                     {"input": {"login": f"144{NUL}", "password": "x"}}, fields=(("login",),), payload="authLogin"),
    "plans-filter-nul": Bad("query($f: PlanFilter) { plans(first: 5, filter: $f) { totalCount } }",
                            {"f": {"nameContains": NUL}}, fields=(("filter", "nameContains"),)),
    "profile-address-nul": Bad(mutation("personUpdateProfile", "PersonUpdateProfileInput"),
                               {"input": {"address": f"合肥{NUL}"}}, fields=(("address",),),
                               payload="personUpdateProfile"),
    "cursor-nul": Bad("query($a: String) { plans(first: 5, after: $a) { totalCount } }", {"a": NUL},
                      fields=(("after",),)),
    # lone surrogates (not encodable as UTF-8; PostgreSQL refuses them in JSON)
    "logout-surrogate": Bad(mutation("authLogout", "AuthLogoutInput", "revoked"), {"input": {"refreshToken": LONE}},
                            fields=(("refreshToken",),), payload="authLogout"),
    "region-surrogate": Bad("query($c: String!) { region(code: $c) { name } }", {"c": LONE}, fields=(("code",),)),
    "regions-surrogate": Bad("query($c: String) { regions(parentCode: $c) { code } }", {"c": LONE},
                             fields=(("parentCode",),)),
    "review-paths-surrogate": Bad("query($c: String!) { reviewPaths(regionCode: $c) { id } }", {"c": LONE},
                                  fields=(("regionCode",),)),
    "series-surrogate": Bad("query($c: String!) { series(code: $c) { name } }", {"c": LONE}, fields=(("code",),)),
    "committee-export-surrogate": Bad(mutation("committeeExport", "CommitteeExportInput", "job { id }"),
                                      {"input": {"filter": {"nameContains": f"评委{LONE}"}}},
                                      fields=(("filter", "nameContains"),), payload="committeeExport"),
    # dates and decimals: a Chinese message with the field, not Python's exception text
    "birth-date-feb-30": Bad(mutation("personUpdateProfile", "PersonUpdateProfileInput"),
                             {"input": {"birthDate": "1985-02-30"}}, fields=(("birthDate",),),
                             payload="personUpdateProfile"),
    "birth-date-inline": Bad(f'mutation {{ personUpdateProfile(input: {{birthDate: "yesterday"}}) {{ {ERRORS} }} }}',
                             fields=(("birthDate",),), payload="personUpdateProfile"),
    "task-filter-datetime": Bad(
        "query($u: ID!) { tasks(unitId: $u, box: TO_CLAIM, first: 5, filter: {createdFrom: \"2026-13-01T00:00\"}) "
        "{ totalCount } }", {"u": gid("Unit", 1)}, fields=(("filter", "createdFrom"),)),
    "amount-nan-and-huge": Bad(
        mutation("achievementRecordCreate", "AchievementRecordCreateInput"),
        {"input": {"data": {"researchProject": {"name": "课题", "funding": "1e999999"}}}},
        fields=(("data", "researchProject", "funding"),), payload="achievementRecordCreate"),
    "amount-not-a-number": Bad(
        mutation("achievementRecordCreate", "AchievementRecordCreateInput"),
        {"input": {"data": {"project": {"name": "项目", "amount": "NaN", "startDate": "2020-02-30"}}}},
        fields=(("data", "project", "startDate"), ("data", "project", "amount")),
        payload="achievementRecordCreate"),
}


async def post(http, query: str, variables: dict | None = None, token: str | None = None):
    """The raw HTTP exchange; json.dumps escapes a lone surrogate as \\ud800 (as a browser's JSON would)."""
    body = json.dumps({"query": query, "variables": variables or {}})
    headers = {"content-type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    response = await http.post("/graphql", content=body.encode("ascii"), headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers
    return response.json()


async def row_counts() -> dict[str, int]:
    conn = connections.get("default")
    counts = {}
    for table in await _tables():
        rows = await conn.execute_query_dict(f'SELECT COUNT(*) AS n FROM "{table}"')
        counts[table] = rows[0]["n"]
    return counts


async def everyone() -> str:
    """A person who is also a platform admin and a unit admin: every permission class lets them through, so
    a refusal can only come from the input itself."""
    unit = await make_unit()
    actor = await make_person(unit=unit.unit)
    actor.account.is_platform_admin = True
    await actor.account.save()
    await UnitAdmin.create(unit=unit.unit, account=actor.account)
    return actor.token


def assert_clean(error: dict) -> None:
    assert CHINESE.search(error["message"]), error
    assert not PYTHON_TEXT.search(error["message"]), error


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_bad_input_is_refused_and_nothing_is_written(http, case: Bad):
    token = await everyone()
    before = await row_counts()
    result = await post(http, case.query, case.variables, token)
    if case.payload:
        assert not result.get("errors"), result
        payload = result["data"][case.payload]
        assert [(e["code"], tuple(e["field"])) for e in payload["errors"]] == [(case.code, f) for f in case.fields]
        assert all(v in (None, False) for k, v in payload.items() if k != "errors"), payload  # nothing done
        errors = payload["errors"]
    else:
        assert result.get("data") is None, result
        errors = result["errors"]
        assert [(e["extensions"]["code"], tuple(e["extensions"]["field"])) for e in errors] == \
            [(case.code, f) for f in case.fields], errors
    for error in errors:
        assert_clean(error)
    assert await row_counts() == before


async def test_literal_surrogate_in_the_query_text_is_a_clean_syntax_error(http):
    result = await post(http, '{ region(code: "%s") { name } }' % LONE)
    assert result.get("data") is None and result["errors"], result
    assert "INTERNAL_SERVER_ERROR" not in [e.get("extensions", {}).get("code") for e in result["errors"]], result


async def test_good_values_still_pass(http):
    token = await everyone()
    result = await post(http, '{ region(code: "340100") { name } series(code: "ENGINEERING") { code } }', token=token)
    assert result == {"data": {"region": {"name": "合肥市"}, "series": {"code": "ENGINEERING"}}}
    result = await post(http, mutation("personUpdateProfile", "PersonUpdateProfileInput", "person { workStartDate }"),
                        {"input": {"workStartDate": "2008-02-29", "address": "合肥" + "路" * 98}}, token)
    assert result["data"]["personUpdateProfile"] == {"errors": [], "person": {"workStartDate": "2008-02-29"}}


def test_limits_are_stated_in_the_schema():
    from schema.api import schema

    printed = schema.as_str()
    assert re.search(r'"""Mobile or ID number[^"]*最多 200 个字符。"""\s+login: String!', printed)
    assert re.search(r'"""[^"]*6 位数字的地区代码[^"]*"""\s+regionCode: String', printed)


async def test_production_validation_messages_suggest_no_field_names():
    query = "{ plan { id } }"
    development = await build_schema().execute(query)
    assert "Did you mean" in development.errors[0].message
    production = await build_schema(production=True).execute(query)
    assert production.errors[0].message == "Cannot query field 'plan' on type 'Query'."


# --- access tokens ----------------------------------------------------------------------------------------------

ME = "{ me { account { id } } }"


def token(account_id: int | str, **drop_or_set) -> str:
    now = datetime.now(timezone.utc)
    claims = {"sub": str(account_id), "aud": ACCESS_AUDIENCE, "iat": now, "exp": now + timedelta(minutes=5)}
    for key, value in drop_or_set.items():
        if value is None:
            claims.pop(key)
        else:
            claims[key] = value
    return jwt.encode(claims, SECRET, algorithm="HS256")


def assert_anonymous(result: dict) -> None:
    assert [e["extensions"]["code"] for e in result["errors"]] == ["UNAUTHENTICATED"], result


@pytest.mark.parametrize("claims", [{"exp": None}, {"iat": None}, {"aud": None}, {"sub": None},
                                    {"aud": "zhicheng:download"}],
                         ids=["no-exp", "no-iat", "no-aud", "no-sub", "other-aud"])
async def test_tokens_without_the_required_claims_are_unauthenticated(http, claims):
    person = await make_person()
    assert (await post(http, ME, token=token(person.account.id)))["data"]["me"]["account"]
    assert_anonymous(await post(http, ME, token=token(person.account.id, **claims)))


@pytest.mark.parametrize("sub", ["1000000000000000000000000000000", str(2**63), "0", "-1", "1e3", " 1", "abc"])
async def test_a_subject_that_is_not_a_key_is_unauthenticated_with_http_200(http, sub):
    # load_viewer runs before GraphQL: an overflowing key there was a text/plain HTTP 500
    assert_anonymous(await post(http, ME, token=token(sub)))
