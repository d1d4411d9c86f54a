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
    assert fast_resolvers.install(build_schema()) > 300


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
