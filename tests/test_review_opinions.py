"""Every review opinion fits the history column it ends up in: a longer one is a payload error (TOO_LONG on
["opinion"]) at each door — taskDecide, the library's record review, the binding review — never a database error."""
from __future__ import annotations

import pytest

from models.core.history import HistoryEntry
from models.workflow.models import Task
from tests.achievement_support import DECIDE as RECORD_DECIDE
from tests.achievement_support import pending_record, pk_of, unit_with_person
from tests.declaration_support import CLAIM, DECIDE, TASKS, build_world
from tests.helpers import gid, gql, make_person, make_unit, payload_errors
from tests.quota_support import claimed, submitted
from tests.test_bindings import DECIDE as BINDING_DECIDE
from tests.test_bindings import binding_of, decide_input

LIMIT = HistoryEntry._meta.fields_map["opinion"].max_length  # 500
TOO_LONG = [("TOO_LONG", ["opinion"], f"审核意见不能超过{LIMIT}个字符")]


def problems(result: dict, name: str) -> list[tuple]:
    return [(e["code"], e["field"], e["message"]) for e in payload_errors(result, name)]


@pytest.mark.parametrize("decision", ["PASS", "RETURN"])
async def test_task_decide_refuses_an_opinion_the_history_cannot_hold(http, decision):
    world = await build_world()
    task_id = await claimed(http, world, await submitted(http, world))
    for length in (LIMIT + 1, 1000):
        result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": decision, "opinion": "意" * length}},
                           token=world.employer.token)
        assert problems(result, "taskDecide") == TOO_LONG
        assert result["data"]["taskDecide"]["task"] is None
    assert (await Task.get(id=pk_of(task_id))).status == "CLAIMED"
    assert not await HistoryEntry.filter(action=decision).exists()

    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": decision, "opinion": "意" * LIMIT}},
                       token=world.employer.token)
    assert problems(result, "taskDecide") == []
    assert [len(o) for o in await HistoryEntry.filter(action=decision).values_list("opinion", flat=True)] == [LIMIT]


async def test_every_review_door_refuses_the_same_length(http):
    admin, person = await unit_with_person()
    record = await pending_record(http, person)
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", admin.unit.id), "box": "TO_CLAIM"},
                       token=admin.token))["data"]["tasks"]["nodes"]
    await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}}, token=admin.token)
    result = await gql(http, DECIDE, {"input": {"taskId": tasks[0]["id"], "decision": "RETURN",
                                                "opinion": "意" * (LIMIT + 1)}}, token=admin.token)
    assert problems(result, "taskDecide") == TOO_LONG
    result = await gql(http, RECORD_DECIDE, {"input": {"recordIds": [record["id"]], "decision": "RETURN",
                                                       "opinion": "意" * (LIMIT + 1)}}, token=admin.token)
    assert problems(result, "achievementRecordDecide") == TOO_LONG

    employer = await make_unit("合肥宏景软件有限公司")
    binding = await binding_of(await make_person("李四", unit=employer.unit))
    result = await gql(http, BINDING_DECIDE, decide_input([binding], "RETURN", "意" * (LIMIT + 1)),
                       token=employer.token)
    assert problems(result, "bindingDecide") == TOO_LONG
    result = await gql(http, BINDING_DECIDE, decide_input([binding], "RETURN", "意" * LIMIT), token=employer.token)
    assert problems(result, "bindingDecide") == []

