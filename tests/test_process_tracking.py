"""审核流程查询 (issue 9 §6, 003 §1.24): an HR bureau follows every process that passed through a unit of its
region and below, with each step (过程跟踪), whatever the process type; nobody else may ask; a page costs the
same SQL for three processes as for thirty."""
from __future__ import annotations

from strawberry import relay

from tests.declaration_support import build_world, claim_and_decide
from tests.helpers import count_sql, gql
from tests.recognition_support import NODE, recognition_world, submitted
from tests.test_task_centre import seed_in_review
from tests.test_task_centre_processes import seed_others

TRACKING = """query($type: ProcessType, $title: String) { processTracking(processType: $type, titleContains: $title,
  first: 50) { totalCount nodes { processType processLabel title subjectId startedAt
    current { nodeKind nodeLabel status unit { name } }
    steps { nodeKind nodeLabel status decision opinion completedAt unit { name } } } } }"""


async def track(http, token, **variables) -> dict:
    result = await gql(http, TRACKING, variables, token=token)
    assert not result.get("errors"), result
    return result["data"]["processTracking"]


async def test_a_bureau_follows_a_recognition_through_its_region_step_by_step(http):
    world = await recognition_world()
    rid = await submitted(http, world)
    await claim_and_decide(http, world.employer, opinion="材料齐全")
    await claim_and_decide(http, world.department, opinion="同意上报")
    for bureau in (world.city, world.province):
        page = await track(http, bureau.token)
        assert page["totalCount"] == 1
        [trace] = page["nodes"]
        assert (trace["processType"], trace["processLabel"]) == ("RECOGNITION", "异地职称确认")
        assert trace["title"].startswith("异地职称确认-测试人员【") and "*" in trace["title"]  # the ID masked
        assert [(s["nodeKind"], s["status"], s["decision"], s["opinion"], s["unit"]["name"]) for s in trace["steps"]] == [
            ("EMPLOYER", "COMPLETED", "PASS", "材料齐全", world.employer.unit.name),
            ("COMPETENT_DEPARTMENT", "COMPLETED", "PASS", "同意上报", world.department.unit.name),
            ("HR_BUREAU_CITY", "READY", None, "", world.city.unit.name)]
        assert (trace["current"]["nodeLabel"], trace["current"]["unit"]["name"]) == ("市人社部门审核",
                                                                                    world.city.unit.name)
        assert relay.GlobalID.from_id(trace["subjectId"]).type_name == "Recognition" and trace["subjectId"] == rid
        seen = (await gql(http, NODE, {"id": trace["subjectId"]}, token=bureau.token))["data"]["node"]
        assert seen["status"] == "IN_REVIEW"  # the subject itself, under its own rule
    assert (await track(http, world.city.token, type="REISSUE"))["totalCount"] == 0
    assert (await track(http, world.city.token, title="测试人员"))["totalCount"] == 1
    assert (await track(http, world.city.token, title="无此人"))["totalCount"] == 0
    # Another province's bureau follows nothing here; units and people may not ask.
    assert (await track(http, world.other_province.token))["totalCount"] == 0
    for actor, code in ((world.employer, "FORBIDDEN"), (world.department, "FORBIDDEN"), (world.person, "FORBIDDEN")):
        result = await gql(http, TRACKING, {}, token=actor.token)
        assert result["errors"][0]["extensions"]["code"] == code and result["data"] is None
    result = await gql(http, TRACKING, {})
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_tracking_page_costs_the_same_sql_for_four_processes_and_forty(http):
    world = await build_world()

    async def page() -> tuple[dict, int]:
        with count_sql() as statements:
            result = await track(http, world.city_hr.token)
        return result, len(statements)

    await seed_in_review(world, 1)
    await seed_others(world, 1)
    small, few = await page()
    assert small["totalCount"] == 4
    assert {n["processType"] for n in small["nodes"]} == {"APPLICATION", "REISSUE", "RECOGNITION",
                                                          "INITIAL_DETERMINATION"}
    await seed_in_review(world, 9)
    await seed_others(world, 9)
    large, many = await page()
    assert large["totalCount"] == 40 and len(large["nodes"]) == 40
    assert few == many


def test_every_process_type_names_its_subject_for_node():
    """A process type without its subject's GraphQL type would fail every tracking page that holds one."""
    from models.workflow.models import ProcessType
    from schema.tracking import SUBJECT_TYPES

    assert set(SUBJECT_TYPES) == set(ProcessType)
