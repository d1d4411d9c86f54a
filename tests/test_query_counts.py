"""Lists cost the same number of SQL statements for 1 item as for 30; expensive queries are refused."""
from __future__ import annotations

import pytest

from models.person.binding import Binding, BindingStatus
from models.messaging.models import deliver
from models.unit.models import Unit, UnitKind, UnitNature
from tests.helpers import count_sql, error_codes, gid, gql, make_account, make_person, make_unit

REVIEWS = """
query($unitId: ID!, $first: Int!) {
  registrationReviews(unitId: $unitId, first: $first) {
    totalCount
    edges { node { id status
      person { realName idNumber currentUnit { name region { name } } }
      unit { name } } }
  }
}"""
UNITS = """
query($first: Int!) {
  units(filter: { regionCode: "340000" }, first: $first) {
    totalCount
    edges { node { name region { name parent { name } }
                   competentDepartment { name region { name } }
                   details { contactMobile } admins { displayName } } }
  }
}"""
MESSAGES = "query { messages(first: 50) { totalCount edges { node { id title readAt } } } unreadMessageCount }"
ME = "query { me { person { realName currentUnit { name } } bindings { status unit { name region { name } } } } }"
REGIONS = ["340100", "340102", "340200", "340300"]


async def run_counted(http, query: str, variables: dict, token: str | None) -> tuple[dict, list[str]]:
    with count_sql() as statements:
        result = await gql(http, query, variables, token=token)
    assert not result.get("errors"), result
    return result, list(statements)


async def reviewers():
    """The unit's own admin sees everything itself; an HR bureau goes through the related-units loader."""
    hr = await make_unit("安徽省人社厅", kind=UnitKind.HR_BUREAU, region="340000",
                         nature=UnitNature.GOVERNMENT_AGENCY)
    return {"hr": hr.token, "platform": (await make_account(platform_admin=True)).token}


async def add_applicants(unit: Unit, n: int) -> None:
    """``n`` people, each currently in a different unit, asking to join ``unit``."""
    for i in range(n):
        home = await make_unit(region=REGIONS[i % len(REGIONS)])
        person = await make_person(f"申请人{i}", unit=home.unit, status=BindingStatus.APPROVED)
        await Binding.create(person=person.person, unit=unit)


@pytest.mark.parametrize("who", ["admin", "hr", "platform"])
async def test_registration_reviews_is_flat(http, who):
    target = await make_unit("目标单位")
    tokens = {"admin": target.token, **await reviewers()}
    variables = {"unitId": gid("Unit", target.unit.id), "first": 50}
    await add_applicants(target.unit, 1)
    one, small = await run_counted(http, REVIEWS, variables, tokens[who])
    assert len(one["data"]["registrationReviews"]["edges"]) == 1
    await add_applicants(target.unit, 29)
    many, large = await run_counted(http, REVIEWS, variables, tokens[who])
    edges = many["data"]["registrationReviews"]["edges"]
    assert len(edges) == 30
    assert all(e["node"]["person"]["currentUnit"]["region"]["name"] for e in edges)
    assert len(small) == len(large), "\n".join(large)


async def test_units_search_is_flat(http):
    hr = await make_unit("安徽省人社厅", kind=UnitKind.HR_BUREAU, region="340000",
                         nature=UnitNature.GOVERNMENT_AGENCY)

    async def add_units(n: int) -> None:
        for i in range(n):
            dept = await make_unit(kind=UnitKind.COMPETENT_DEPARTMENT, region=REGIONS[(i + 1) % len(REGIONS)],
                                   nature=UnitNature.GOVERNMENT_AGENCY)
            employer = await make_unit(region=REGIONS[i % len(REGIONS)])
            await Unit.filter(id=employer.unit.id).update(competent_department_id=dept.unit.id)

    for token in (None, hr.token):
        await Unit.filter(kind__in=[UnitKind.EMPLOYER, UnitKind.COMPETENT_DEPARTMENT]).delete()
        await add_units(1)
        one, small = await run_counted(http, UNITS, {"first": 100}, token)
        await add_units(29)
        many, large = await run_counted(http, UNITS, {"first": 100}, token)
        assert len(many["data"]["units"]["edges"]) == len(one["data"]["units"]["edges"]) + 58
        assert len(small) == len(large), "\n".join(large)


async def test_messages_and_me_are_flat(http):
    first = await make_unit()
    zhang = await make_person(unit=first.unit, status=BindingStatus.APPROVED)

    async def grow(n: int, start: int) -> None:
        await deliver([{"recipient_id": zhang.account.id, "title": f"消息{i}", "body": "正文",
                        "dedupe_key": f"q:{i}"} for i in range(start, start + n)])
        for _ in range(n):
            other = await make_unit(region=REGIONS[start % len(REGIONS)])
            await Binding.create(person=zhang.person, unit=other.unit, status=BindingStatus.SUPERSEDED)

    await grow(1, 0)
    _, small = await run_counted(http, MESSAGES, {}, zhang.token)
    _, small_me = await run_counted(http, ME, {}, zhang.token)
    await grow(29, 1)
    many, large = await run_counted(http, MESSAGES, {}, zhang.token)
    me, large_me = await run_counted(http, ME, {}, zhang.token)
    assert many["data"]["messages"]["totalCount"] == 30 and len(me["data"]["me"]["bindings"]) == 31
    assert len(small) == len(large)
    # `me.person.currentUnit` and `me.bindings.unit` are sibling branches: whether their unit loads
    # share one batch depends on which branch's parent query returns first, so the count may differ
    # by that one batch — but it never grows with the 31 bindings.
    assert abs(len(small_me) - len(large_me)) <= 1 and len(large_me) <= 7, "\n".join(large_me)


# ---------------------------------------------------------------- cost, aliases, depth

UNIT_DETAILS = """
  id name kind nature natureLabel creditCode isCentral
  region { code name level parentCode parent { code name } }
  details { legalRepName legalRepPhone address contactName contactMobile email fax industryCode registrationStatus
            economicType taxNumber licenseKind licenseNumber licenseIssuedOn licenseValidYears
            approvalDocumentNumber approvalDate approvingBody createdAt updatedAt }
  admins { accountId displayName addedAt }
"""
HEAVY_REVIEWS = f"""
query($unitId: ID!, $n: Int!) {{
  registrationReviews(unitId: $unitId, first: $n) {{
    totalCount
    edges {{ cursor node {{ id status opinion explanation createdAt decidedAt isFreelancer
      person {{ id realName idNumber mobile gender birthDate ethnicity email address workStartDate
               currentUnit {{ {UNIT_DETAILS} }} }}
      unit {{ {UNIT_DETAILS} }} }} }}
  }}
}}"""


async def test_query_too_complex(http):
    admin = await make_unit()
    await make_person(unit=admin.unit)
    variables = {"unitId": gid("Unit", admin.unit.id)}
    result = await gql(http, HEAVY_REVIEWS, {**variables, "n": 100}, token=admin.token)
    assert error_codes(result) == ["QUERY_TOO_COMPLEX"], result
    assert result["errors"][0]["extensions"]["cost"] > 5000
    assert result.get("data") is None
    # The page size in a literal counts the same as one in a variable.
    literal = HEAVY_REVIEWS.replace("first: $n", "first: 100").replace(", $n: Int!", "")
    assert error_codes(await gql(http, literal, variables, token=admin.token)) == ["QUERY_TOO_COMPLEX"]
    # The same selection on a small page is fine.
    result = await gql(http, HEAVY_REVIEWS, {**variables, "n": 10}, token=admin.token)
    assert not result.get("errors"), result
    assert len(result["data"]["registrationReviews"]["edges"]) == 1


async def test_cost_counts_every_top_level_connection(http):
    fields = "edges { node { id name kind nature natureLabel creditCode isCentral region { code name level } } }"
    query = "query { " + " ".join(f"u{i}: units(first: 100) {{ {fields} }}" for i in range(6)) + " }"
    assert error_codes(await gql(http, query)) == ["QUERY_TOO_COMPLEX"]
    assert not (await gql(http, "query { " + f"units(first: 100) {{ {fields} }}" + " }")).get("errors")


async def test_too_many_aliases(http):
    query = "query { " + " ".join(f"a{i}: unreadMessageCount" for i in range(21)) + " }"
    result = await gql(http, query)
    assert result["errors"] and result.get("data") is None
    assert "alias" in result["errors"][0]["message"].lower()
    zhang = await make_person()
    ok = "query { " + " ".join(f"a{i}: unreadMessageCount" for i in range(20)) + " }"
    assert (await gql(http, ok, token=zhang.token))["data"]["a19"] == 0


async def test_too_deep(http):
    chain = "name"
    for _ in range(12):
        chain = f"parent {{ {chain} }}"
    query = f"query {{ units(first: 1) {{ edges {{ node {{ region {{ {chain} }} }} }} }} }}"
    result = await gql(http, query)
    assert result["errors"] and result.get("data") is None
    assert "depth" in result["errors"][0]["message"].lower()
    shallow = "query { units(first: 1) { edges { node { region { parent { parent { name } } } } } } }"
    assert not (await gql(http, shallow)).get("errors")
