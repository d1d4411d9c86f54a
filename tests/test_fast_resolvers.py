"""schema/core/fast_resolvers.py: which fields get a direct resolver, and that those answer as before."""
from __future__ import annotations

from schema.api import build_schema
from schema.core import fast_resolvers
from tests.helpers import gql
from tests.plan_support import hr_bureau, make_committee, make_plan, organizer


def test_direct_resolvers_only_where_strawberry_adds_nothing():
    schema = build_schema()
    types = schema._schema.type_map
    plan, query = types["Plan"].fields, types["Query"].fields
    assert plan["levels"].resolve.__qualname__.startswith("_direct")  # (self) only
    assert plan["committee"].resolve.__qualname__.startswith("_direct")  # (self, info)
    assert plan["id"].resolve.__qualname__.startswith("_node_id")
    assert not plan["achievementRules"].resolve.__qualname__.startswith("_direct")  # takes an argument
    assert not query["me"].resolve.__qualname__.startswith("_direct")  # permission_classes: an extension
    assert not query["myPlans"].resolve.__qualname__.startswith("_direct")
    assert plan["name"].resolve.__qualname__.startswith("_attribute")  # a plain field
    assert fast_resolvers.install(build_schema()) > 1000


async def test_direct_resolvers_answer_as_strawberry_did(http):
    hr = await hr_bureau()
    org = await organizer()
    committee = await make_committee(hr.unit, name="合肥市工程中级评委会", regions=("340100",), organizers=(org.unit,),
                                     levels=("INTERMEDIATE",))
    plan = await make_plan(committee, org.unit, name="2024年合肥工程中级", year=2024, opens=-5, closes=5)
    data = (await gql(http, "query { plans(first: 5) { nodes { id levels isOpen committee { name series { code } } "
                            "organizer { name } } } }"))["data"]["plans"]["nodes"]
    from strawberry import relay

    assert data == [{"id": relay.to_base64("Plan", plan.id), "levels": ["INTERMEDIATE"], "isOpen": True,
                     "committee": {"name": "合肥市工程中级评委会", "series": {"code": "ENGINEERING"}},
                     "organizer": {"name": org.unit.name}}]


PAGE_OF_TASKS = """query($unitId: ID!) { tasks(unitId: $unitId, box: TO_CLAIM, first: 50) { edges { node {
  id title nodeLabel status unit { name } application { status person { realName } } } } } }"""


async def test_a_prefetched_page_waits_for_nothing(http, monkeypatch):
    """Every relation of these pages is loaded by prefetch_page before graphql-core walks them: no field
    falls back to an await (which would still answer right, only slower: nothing else would notice)."""
    from schema.core import prefetch
    from tests.declaration_support import SUBMIT, build_world, ready_application
    from tests.helpers import gid

    world = await build_world()
    app_id = await ready_application(http, world)
    assert "errors" not in await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    waits = []
    real = prefetch._later
    monkeypatch.setattr(prefetch, "_later", lambda future, build: waits.append(build) or real(future, build))
    plans = await gql(http, "query { plans(first: 5) { edges { node { id committee { name series { name } } "
                            "organizer { name } specialties { name } } } } }")
    tasks = await gql(http, PAGE_OF_TASKS, {"unitId": gid("Unit", world.employer.unit.id)}, token=world.employer.token)
    assert plans["data"]["plans"]["edges"] and "errors" not in plans
    [edge] = tasks["data"]["tasks"]["edges"]
    assert edge["node"]["application"]["person"]["realName"] == "张三"
    assert waits == []


COMMITTEES = """query { committees(first: 20) { nodes { name series { name } managingUnit { name }
  regions { code } organizers { name } } } }"""


async def test_the_committee_list_costs_the_same_statements_for_2_and_8_committees(http):
    from tests.helpers import count_sql

    org = await organizer()
    counts = []
    for total in (2, 8):
        while len((await gql(http, "query { committees(first: 20) { nodes { id } } }"))["data"]["committees"][
                "nodes"]) < total:
            hr = await hr_bureau()  # each its own managing unit: nothing shared to batch by accident
            await make_committee(hr.unit, series_code="HEALTH" if total == 8 else "ENGINEERING",
                                 regions=("340100",), organizers=(org.unit,))
        with count_sql() as statements:
            answer = await gql(http, COMMITTEES)
        assert len(answer["data"]["committees"]["nodes"]) == total
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
