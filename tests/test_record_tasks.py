"""Record reviews appear in the task centre; both doors (task centre, library review) decide alike."""
from models.achievement.models import AchievementRecord
from models.core.history import HistoryEntry
from models.workflow.models import Task
from tests.achievement_support import DECIDE, WITHDRAW, call, pending_record, pk_of, unit_with_person
from tests.declaration_support import CLAIM, DECIDE as TASK_DECIDE, TASKS
from tests.helpers import gid, gql, payload_errors


async def _boxes(http, admin) -> dict:
    out = {}
    for box in ("TO_CLAIM", "PENDING_MINE", "HANDLED_BY_UNIT"):
        result = await gql(http, TASKS, {"unitId": gid("Unit", admin.unit.id), "box": box}, token=admin.token)
        out[box] = result["data"]["tasks"]["nodes"]
    return out


async def test_submitted_record_is_a_task_decided_in_the_task_centre(http):
    admin, person = await unit_with_person()
    record = await pending_record(http, person, "PAPER")
    boxes = await _boxes(http, admin)
    [task] = boxes["TO_CLAIM"]
    assert task["processType"] == "ACHIEVEMENT_RECORD" and task["title"].startswith("张三-业绩库-论文发表情况(")
    assert task["application"] is None
    await gql(http, CLAIM, {"input": {"taskId": task["id"]}}, token=admin.token)
    result = await gql(http, TASK_DECIDE, {"input": {"taskId": task["id"], "decision": "PASS", "opinion": "属实"}},
                       token=admin.token)
    assert not payload_errors(result, "taskDecide")
    row = await AchievementRecord.get(id=pk_of(record["id"]))
    assert row.status == "APPROVED" and row.opinion == "属实"


async def test_a_task_centre_decision_writes_one_history_row(http):
    admin, person = await unit_with_person()
    record = await pending_record(http, person)
    [task] = (await _boxes(http, admin))["TO_CLAIM"]
    await gql(http, CLAIM, {"input": {"taskId": task["id"]}}, token=admin.token)
    result = await gql(http, TASK_DECIDE, {"input": {"taskId": task["id"], "decision": "RETURN",
                                                     "opinion": "请补充证明"}}, token=admin.token)
    assert not payload_errors(result, "taskDecide")
    # The engine's row only: the library's own review must not add a second one for the same decision.
    rows = await HistoryEntry.filter(subject_id=pk_of(record["id"]), action="RETURN").values_list(
        "subject_type", "opinion", "unit_id")
    assert rows == [("AchievementRecord", "请补充证明", admin.unit.id)]


async def test_terminate_is_not_a_record_decision(http):
    admin, person = await unit_with_person()
    record = await pending_record(http, person)
    [task] = (await _boxes(http, admin))["TO_CLAIM"]
    await gql(http, CLAIM, {"input": {"taskId": task["id"]}}, token=admin.token)
    result = await gql(http, TASK_DECIDE, {"input": {"taskId": task["id"], "decision": "TERMINATE",
                                                     "opinion": "不实"}}, token=admin.token)
    assert [e["code"] for e in payload_errors(result, "taskDecide")] == ["INVALID"]
    assert (await AchievementRecord.get(id=pk_of(record["id"]))).status == "PENDING"
    assert (await Task.get(id=pk_of(task["id"]))).status == "CLAIMED"


async def test_library_batch_review_completes_the_tasks(http):
    admin, person = await unit_with_person()
    records = [await pending_record(http, person) for _ in range(2)]
    payload = await call(http, DECIDE, "achievementRecordDecide",
                         {"recordIds": [r["id"] for r in records], "decision": "RETURN", "opinion": "请补充材料"},
                         admin)
    assert payload["errors"] == []
    boxes = await _boxes(http, admin)
    assert boxes["TO_CLAIM"] == [] and len(boxes["HANDLED_BY_UNIT"]) == 2
    assert {t["status"] for t in boxes["HANDLED_BY_UNIT"]} == {"COMPLETED"}


async def test_withdrawn_record_leaves_the_task_centre(http):
    admin, person = await unit_with_person()
    record = await pending_record(http, person)
    payload = await call(http, WITHDRAW, "achievementRecordWithdraw", {"recordId": record["id"]}, person)
    assert payload["errors"] == []
    boxes = await _boxes(http, admin)
    assert boxes["TO_CLAIM"] == [] and boxes["HANDLED_BY_UNIT"] == []
    assert (await Task.get(subject_id=pk_of(record["id"]))).status == "CANCELLED"
