"""退回补充 (issue 9 §6, 003 §1.12): an HR bureau reviewing a task sends the subject back to the previous unit on
the review path — not to the person. That unit gets a new task and passes it up again (through the normal path),
returns it to the person, or, when it is itself an HR bureau with a unit before it, sends it further down. Only HR
bureaus, only processes with a path behind the node (not the record or scheme reviews, not single-node
processes), always with an opinion; a refusal changes nothing. Withdrawn like a PASS, while the new task is
unclaimed. On declarations (models/application/submit.py) and on the person's requests
(models/workflow/person_request.py: recognition, reissue), the path side shared in models/workflow/chain.py."""
from __future__ import annotations

import pytest
from strawberry import relay

from models.application.models import Application, ApplicationStatus
from models.core.errors import Refused
from models.core.history import HistoryEntry, SubjectType
from models.messaging.models import Message
from models.recognition.models import Recognition, RecognitionStatus
from models.reissue.models import Reissue, ReissueStatus
from models.unit.models import UnitAdmin, UnitKind
from models.workflow.chain import previous_step, supplement_withdrawn_position
from models.workflow.models import NodeKind, ProcessType, Task, TaskStatus
from models.workflow.processes import PROCESSES, Process
from tests.achievement_support import pending_record, pk_of
from tests.declaration_support import (
    CLAIM,
    DECIDE,
    NODE,
    PERSONAL,
    SUBMIT,
    TASK_WITHDRAW,
    World,
    build_world,
    claim_and_decide,
    ready_application,
)
from tests.helpers import (
    gid,
    gql,
    make_account,
    make_person,
    make_unit,
    payload_errors,
    run_jobs,
)

BOX = """query($unitId: ID!, $box: TaskBox!) { tasks(unitId: $unitId, box: $box, first: 50) {
  totalCount nodes { id status nodeKind decision opinion processType } } }"""
COUNTS = """query($unitId: ID!) { taskCounts(unitId: $unitId) { pendingMine toClaim handledByMe handledByUnit } }"""
TASK_NODE = """query($id: ID!) { node(id: $id) { ... on Task { id status decision opinion nodeKind unit { name } } } }"""
PATH_KINDS = ["EMPLOYER", "COMPETENT_DEPARTMENT", "HR_BUREAU_CITY", "HR_BUREAU_PROVINCE", "ORGANIZER"]
NOT_BUREAU = ("SUPPLEMENT_NOT_ALLOWED", "只有人社部门可以退回补充", ["decision"])


def _pk(global_id: str) -> int:
    return int(relay.GlobalID.from_id(global_id).node_id)


async def _box(http, actor, box: str) -> list[dict]:
    result = await gql(http, BOX, {"unitId": gid("Unit", actor.unit.id), "box": box}, token=actor.token)
    assert not result.get("errors"), result
    return result["data"]["tasks"]["nodes"]


async def _claimed(http, actor) -> str:
    """The one task in the unit's 待领取, claimed by its admin."""
    [task] = await _box(http, actor, "TO_CLAIM")
    assert payload_errors(await gql(http, CLAIM, {"input": {"taskId": task["id"]}}, token=actor.token),
                          "taskClaim") == []
    return task["id"]


async def _decide(http, actor, task_id: str, decision: str, opinion: str, **options) -> dict:
    return await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": decision, "opinion": opinion,
                                              **options}}, token=actor.token)


def _problems(result: dict) -> list[tuple]:
    return [(e["code"], e["message"], e["field"]) for e in payload_errors(result, "taskDecide")]


async def _at_city(http) -> tuple[World, str]:
    """A declaration the employer and the competent department passed: at the city bureau, unclaimed."""
    world = await build_world()
    app_id = await ready_application(http, world)
    assert payload_errors(await gql(http, SUBMIT, {"input": {"applicationId": app_id}},
                                    token=world.applicant.token), "applicationSubmit") == []
    await claim_and_decide(http, world.employer)
    await claim_and_decide(http, world.department)
    return world, app_id


async def _seen(http, app_id: str, token: str) -> dict:
    return (await gql(http, NODE, {"id": app_id}, token=token))["data"]["node"]


async def _snapshot(subject_type: SubjectType, subject_id: int, process_type: ProcessType) -> tuple:
    """What a refused decision must leave alone: the subject's tasks and its history."""
    tasks = await Task.filter(process_type=process_type, subject_id=subject_id).order_by("id").values_list(
        "id", "status", "decision", "version")
    history = await HistoryEntry.filter(subject_type=subject_type.value, subject_id=subject_id).count()
    return tasks, history


# ----------------------------------------------------------------------------------------------- declarations


async def test_city_bureau_sends_a_declaration_back_to_the_department_which_passes_it_up_again(http, settings):
    world, app_id = await _at_city(http)
    app_pk = _pk(app_id)
    task_id = await _claimed(http, world.city_hr)
    result = await _decide(http, world.city_hr, task_id, "SUPPLEMENT", "  请主管部门补充业绩佐证材料  ")
    assert payload_errors(result, "taskDecide") == []
    assert result["data"]["taskDecide"]["task"] == {"id": task_id, "status": "COMPLETED", "decision": "SUPPLEMENT",
                                                    "opinion": "请主管部门补充业绩佐证材料"}

    # Still in review, now at the department again; the person's flow and history show it.
    seen = await _seen(http, app_id, world.applicant.token)
    assert seen["status"] == "IN_REVIEW"
    assert [(n["nodeKind"], n["state"]) for n in seen["flow"]] == list(zip(
        PATH_KINDS, ["DONE", "CURRENT", "WAITING", "WAITING", "WAITING"]))
    last = seen["history"][-1]
    assert (last["action"], last["opinion"], last["unit"]["name"]) == (
        "SUPPLEMENT", "请主管部门补充业绩佐证材料", world.city_hr.unit.name)
    app = await Application.get(id=app_pk)
    assert (app.status, app.path_position) == (ApplicationStatus.IN_REVIEW, 1)

    # The department has a new task (待领取), after the city's; the city's is among its handled ones.
    [new] = await _box(http, world.department, "TO_CLAIM")
    assert (new["status"], new["nodeKind"], new["processType"]) == ("READY", "COMPETENT_DEPARTMENT", "APPLICATION")
    assert (await Task.get(id=_pk(new["id"]))).previous_id == _pk(task_id)
    counts = (await gql(http, COUNTS, {"unitId": gid("Unit", world.department.unit.id)},
                        token=world.department.token))["data"]["taskCounts"]
    assert counts == {"pendingMine": 0, "toClaim": 1, "handledByMe": 1, "handledByUnit": 1}
    assert await _box(http, world.city_hr, "TO_CLAIM") == []
    handled = await _box(http, world.city_hr, "HANDLED_BY_UNIT")
    assert [(t["id"], t["decision"]) for t in handled] == [(task_id, "SUPPLEMENT")]
    shown = (await gql(http, TASK_NODE, {"id": task_id}, token=world.city_hr.token))["data"]["node"]
    assert (shown["decision"], shown["opinion"]) == ("SUPPLEMENT", "请主管部门补充业绩佐证材料")

    # Notices: the department's admins of the new task, the person that it went back for supplement.
    await run_jobs(settings)
    admin_titles = await Message.filter(recipient_id=world.department.account.id).values_list("title", flat=True)
    assert admin_titles.count("新的待审核任务") == 2
    [notice] = await Message.filter(recipient_id=world.applicant.account.id, title="申报退回补充")
    assert world.city_hr.unit.name in notice.body and "请主管部门补充业绩佐证材料" in notice.body

    # The department passes: the city bureau gets a new task, passes on, and the chain runs to the end.
    await claim_and_decide(http, world.department, opinion="已补充佐证材料")
    [again] = await _box(http, world.city_hr, "TO_CLAIM")
    assert again["nodeKind"] == "HR_BUREAU_CITY" and again["id"] != task_id
    assert (await Application.get(id=app_pk)).path_position == 2
    for actor in (world.city_hr, world.province_hr, world.organizer):
        await claim_and_decide(http, actor)
    seen = await _seen(http, app_id, world.applicant.token)
    assert seen["status"] == "APPROVED" and [n["state"] for n in seen["flow"]] == ["DONE"] * 5
    assert [h["action"] for h in seen["history"]] == ["CREATED", "SUBMITTED", "PASS", "PASS", "SUPPLEMENT",
                                                      "PASS", "PASS", "PASS", "PASS"]


async def test_the_previous_unit_returns_it_to_the_person_who_changes_it_and_submits_again(http):
    world, app_id = await _at_city(http)
    await claim_and_decide(http, world.city_hr, "SUPPLEMENT", "请核实论文真实性")
    await claim_and_decide(http, world.department, "RETURN", "论文检索证明缺失，请补充")
    seen = await _seen(http, app_id, world.applicant.token)
    assert seen["status"] == "RETURNED"
    assert [h["action"] for h in seen["history"]][-2:] == ["SUPPLEMENT", "RETURN"]
    result = await gql(http, PERSONAL, {"input": {"applicationId": app_id, "professionalYears": 5}},
                       token=world.applicant.token)
    assert payload_errors(result, "applicationUpdatePersonalInfo") == []
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    assert payload_errors(result, "applicationSubmit") == []
    flow = result["data"]["applicationSubmit"]["application"]["flow"]
    assert [n["state"] for n in flow] == ["CURRENT"] + ["WAITING"] * 4
    assert len(await _box(http, world.employer, "TO_CLAIM")) == 1


async def test_a_bureau_sends_it_back_to_a_bureau_which_sends_it_further_down(http):
    world, app_id = await _at_city(http)
    await claim_and_decide(http, world.city_hr)
    await claim_and_decide(http, world.province_hr, "SUPPLEMENT", "请市局复核")
    assert (await Application.get(id=_pk(app_id))).path_position == 2
    [task] = await _box(http, world.city_hr, "TO_CLAIM")
    assert task["nodeKind"] == "HR_BUREAU_CITY"
    await claim_and_decide(http, world.city_hr, "SUPPLEMENT", "请主管部门补充")
    assert (await Application.get(id=_pk(app_id))).path_position == 1
    # The department is no HR bureau: it cannot send it to the employer, only pass it or return it.
    task_id = await _claimed(http, world.department)
    assert _problems(await _decide(http, world.department, task_id, "SUPPLEMENT", "请单位补充")) == [NOT_BUREAU]
    await _decide(http, world.department, task_id, "PASS", "已补充")
    await claim_and_decide(http, world.city_hr)
    await claim_and_decide(http, world.province_hr)
    assert len(await _box(http, world.organizer, "TO_CLAIM")) == 1
    seen = await _seen(http, app_id, world.applicant.token)
    assert [(h["action"], h["unit"]["name"]) for h in seen["history"][4:]] == [
        ("PASS", world.city_hr.unit.name), ("SUPPLEMENT", world.province_hr.unit.name),
        ("SUPPLEMENT", world.city_hr.unit.name), ("PASS", world.department.unit.name),
        ("PASS", world.city_hr.unit.name), ("PASS", world.province_hr.unit.name)]


async def test_a_unit_that_is_no_hr_bureau_cannot_send_it_back_and_nothing_changes(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    await claim_and_decide(http, world.employer)
    task_id = await _claimed(http, world.department)
    before = await _snapshot(SubjectType.APPLICATION, _pk(app_id), ProcessType.APPLICATION)
    app_before = await Application.get(id=_pk(app_id))
    assert _problems(await _decide(http, world.department, task_id, "SUPPLEMENT", "请补充")) == [NOT_BUREAU]
    assert await _snapshot(SubjectType.APPLICATION, _pk(app_id), ProcessType.APPLICATION) == before
    app = await Application.get(id=_pk(app_id))
    assert (app.status, app.path_position, app.version) == (app_before.status, 1, app_before.version)
    task = await Task.get(id=_pk(task_id))
    assert (task.status, task.decision, task.claimed_by_id) == (TaskStatus.CLAIMED, None,
                                                                world.department.account.id)
    assert await _box(http, world.employer, "TO_CLAIM") == []
    # The same task still takes a PASS.
    assert payload_errors(await _decide(http, world.department, task_id, "PASS", "同意"), "taskDecide") == []


async def test_a_supplement_needs_an_opinion_and_chooses_no_next_unit(http):
    world, app_id = await _at_city(http)
    task_id = await _claimed(http, world.city_hr)
    before = await _snapshot(SubjectType.APPLICATION, _pk(app_id), ProcessType.APPLICATION)
    assert _problems(await _decide(http, world.city_hr, task_id, "SUPPLEMENT", "   ")) == [
        ("REQUIRED", "请填写退回补充意见", ["opinion"])]
    assert _problems(await _decide(http, world.city_hr, task_id, "SUPPLEMENT", "请补充",
                                   nextUnitId=gid("Unit", world.organizer.unit.id))) == [
        ("INVALID", "退回补充时不能选择下一审核单位、其他审核单位或人事代理机构", ["nextUnitId"])]
    assert await _snapshot(SubjectType.APPLICATION, _pk(app_id), ProcessType.APPLICATION) == before
    assert (await Task.get(id=_pk(task_id))).status == TaskStatus.CLAIMED


async def test_an_extra_unit_the_employer_consulted_is_not_on_the_path_and_cannot_send_it_back(http):
    """The employer had the city bureau look first (其他单位审核): that task is no node of the review path, so there
    is no previous node to send it to — it passes back to the employer, or returns."""
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    await claim_and_decide(http, world.employer, extraUnitIds=[gid("Unit", world.city_hr.unit.id)])
    task_id = await _claimed(http, world.city_hr)
    assert (await Task.get(id=_pk(task_id))).node_kind == NodeKind.EXTRA_UNIT
    before = await _snapshot(SubjectType.APPLICATION, _pk(app_id), ProcessType.APPLICATION)
    assert _problems(await _decide(http, world.city_hr, task_id, "SUPPLEMENT", "请补充")) == [
        ("SUPPLEMENT_NOT_ALLOWED", "该审核节点不在审核路径上，不能退回补充", ["decision"])]
    assert await _snapshot(SubjectType.APPLICATION, _pk(app_id), ProcessType.APPLICATION) == before
    assert payload_errors(await _decide(http, world.city_hr, task_id, "PASS", "同意"), "taskDecide") == []
    [back] = await _box(http, world.employer, "TO_CLAIM")
    assert back["nodeKind"] == "EMPLOYER"


async def test_a_supplement_is_withdrawn_while_the_new_task_is_unclaimed(http):
    world, app_id = await _at_city(http)
    task_id = await _claimed(http, world.city_hr)
    await _decide(http, world.city_hr, task_id, "SUPPLEMENT", "请补充")
    [new] = await _box(http, world.department, "TO_CLAIM")
    # Another admin of the city bureau cannot withdraw it; the one who decided can.
    other = await make_account("市局第二管理员")
    await UnitAdmin.create(unit_id=world.city_hr.unit.id, account_id=other.account.id)
    result = await gql(http, TASK_WITHDRAW, {"input": {"taskId": task_id}}, token=other.token)
    assert [e["code"] for e in payload_errors(result, "taskWithdraw")] == ["NOT_WITHDRAWABLE"]
    result = await gql(http, TASK_WITHDRAW, {"input": {"taskId": task_id}}, token=world.city_hr.token)
    assert payload_errors(result, "taskWithdraw") == []
    assert result["data"]["taskWithdraw"]["task"] == {"id": task_id, "status": "CLAIMED", "decision": None}
    assert (await Task.get(id=_pk(new["id"]))).status == TaskStatus.CANCELLED
    assert await _box(http, world.department, "TO_CLAIM") == []
    seen = await _seen(http, app_id, world.applicant.token)
    assert seen["status"] == "IN_REVIEW"
    assert [n["state"] for n in seen["flow"]] == ["DONE", "DONE", "CURRENT", "WAITING", "WAITING"]
    assert [h["action"] for h in seen["history"]][-2:] == ["SUPPLEMENT", "WITHDRAW_DECISION"]
    assert (await Application.get(id=_pk(app_id))).path_position == 2
    # The bureau decides again: a PASS goes on to the province.
    assert payload_errors(await _decide(http, world.city_hr, task_id, "PASS", "同意"), "taskDecide") == []
    assert len(await _box(http, world.province_hr, "TO_CLAIM")) == 1
    assert (await Application.get(id=_pk(app_id))).path_position == 3


async def test_a_supplement_cannot_be_withdrawn_once_the_previous_unit_claimed_it(http):
    world, app_id = await _at_city(http)
    task_id = await _claimed(http, world.city_hr)
    await _decide(http, world.city_hr, task_id, "SUPPLEMENT", "请补充")
    await _claimed(http, world.department)
    result = await gql(http, TASK_WITHDRAW, {"input": {"taskId": task_id}}, token=world.city_hr.token)
    assert [(e["code"], e["message"]) for e in payload_errors(result, "taskWithdraw")] == [
        ("NOT_WITHDRAWABLE", "下一审核节点已领取或已处理，不能撤回")]
    assert (await Application.get(id=_pk(app_id))).path_position == 1


# ------------------------------------------------------------------------------- processes without it


async def test_a_record_review_at_an_hr_bureau_cannot_send_it_back(http):
    """A freelancer's records are reviewed by the HR bureau they are bound to: one node, nothing before it."""
    bureau = await make_unit("合肥市人力资源和社会保障局", kind=UnitKind.HR_BUREAU, region="340100")
    person = await make_person("自由职业者", unit=bureau.unit, status="APPROVED")
    record = await pending_record(http, person, "PAPER")
    task_id = await _claimed(http, bureau)
    before = await _snapshot(SubjectType.ACHIEVEMENT_RECORD, pk_of(record["id"]), ProcessType.ACHIEVEMENT_RECORD)
    assert _problems(await _decide(http, bureau, task_id, "SUPPLEMENT", "请补充")) == [
        ("SUPPLEMENT_NOT_ALLOWED", "业绩库审核不能退回补充，请使用通过或退回", ["decision"])]
    assert await _snapshot(SubjectType.ACHIEVEMENT_RECORD, pk_of(record["id"]),
                           ProcessType.ACHIEVEMENT_RECORD) == before
    from models.achievement.models import AchievementRecord

    assert (await AchievementRecord.get(id=pk_of(record["id"]))).status == "PENDING"


@pytest.mark.parametrize("process_type, label", [(ProcessType.EVALUATION_SCHEME, "呈报方案"),
                                                 (ProcessType.CERTIFICATE_VERIFICATION, "证书核验")])
async def test_single_node_processes_cannot_send_it_back(http, process_type, label):
    """The engine refuses before the process is asked: the task alone says which process it is."""
    bureau = await make_unit("安徽省人力资源和社会保障厅", kind=UnitKind.HR_BUREAU, region="340000")
    task = await Task.create(process_type=process_type, subject_id=1, unit_id=bureau.unit.id,
                             node_kind=NodeKind.SCHEME_REVIEW, title="任务", status=TaskStatus.CLAIMED,
                             claimed_by_id=bureau.account.id)
    assert _problems(await _decide(http, bureau, gid("Task", task.id), "SUPPLEMENT", "请补充")) == [
        ("SUPPLEMENT_NOT_ALLOWED", f"{label}审核不能退回补充，请使用通过或退回", ["decision"])]
    after = await Task.get(id=task.id)
    assert (after.status, after.decision, after.version) == (TaskStatus.CLAIMED, None, task.version)
    assert not await Task.filter(previous_id=task.id).exists() and not await HistoryEntry.exists()


def test_which_processes_have_it():
    assert {t for t, p in PROCESSES.items() if p.supplement} == {
        ProcessType.APPLICATION, ProcessType.REISSUE, ProcessType.RECOGNITION, ProcessType.INITIAL_DETERMINATION,
        ProcessType.ACCREDITATION}
    # A process registered without saying so (专技人才统计 next) has none.
    assert Process(SubjectType.TALENT_RECORD, PROCESSES[ProcessType.ACHIEVEMENT_RECORD].handler).supplement is False
    for p in PROCESSES.values():
        if p.supplement:
            assert callable(getattr(p.handler, "on_supplement_withdrawn", None)), p


def test_the_previous_step_on_a_path():
    path = [(NodeKind.EMPLOYER, 1), (NodeKind.COMPETENT_DEPARTMENT, 2), (NodeKind.HR_BUREAU_CITY, 3),
            (NodeKind.HR_BUREAU_PROVINCE, 4)]
    step = previous_step(path, 2, 3)
    assert (step.path, step.position, step.next) == (path, 1, (NodeKind.COMPETENT_DEPARTMENT, 2))
    assert previous_step(path, 1, 2).next == (NodeKind.EMPLOYER, 1)
    with pytest.raises(Refused) as first:
        previous_step([(NodeKind.EMPLOYER, 3), *path[1:]], 0, 3)  # an HR bureau as the freelancer's unit
    assert [(p.code, p.message) for p in first.value.problems] == [
        ("SUPPLEMENT_NOT_ALLOWED", "没有可退回补充的上一审核单位，请使用退回")]
    for position, unit in ((1, 3), (7, 3), (-1, 4)):  # not the current node, or no node at all
        with pytest.raises(Refused):
            previous_step(path, position, unit)
    assert supplement_withdrawn_position(path, 1, 3) == 2
    assert supplement_withdrawn_position(path + [(NodeKind.ORGANIZER, 3)], 1, 3) == 2


# ---------------------------------------------------------------------------------- a person's requests


async def test_a_recognition_goes_back_down_the_bureaus_and_up_again(http):
    from tests.recognition_support import node, recognition_world, submitted

    world = await recognition_world()
    rid = await submitted(http, world)
    for actor in (world.employer, world.department, world.city):
        await claim_and_decide(http, actor)
    await claim_and_decide(http, world.province, "SUPPLEMENT", "请市局核实调动情况")
    row = await Recognition.get(id=_pk(rid))
    assert (row.status, row.path_position) == (RecognitionStatus.IN_REVIEW, 2)
    seen = await node(http, rid, world.person.token)
    assert [(n["nodeKind"], n["state"]) for n in seen["flow"]] == [
        ("EMPLOYER", "DONE"), ("COMPETENT_DEPARTMENT", "DONE"), ("HR_BUREAU_CITY", "CURRENT"),
        ("HR_BUREAU_PROVINCE", "WAITING")]
    assert (seen["history"][-1]["action"], seen["history"][-1]["opinion"]) == ("SUPPLEMENT", "请市局核实调动情况")
    [notice] = await Message.filter(recipient_id=world.person.account.id, title="异地职称确认退回补充")
    assert world.province.unit.name in notice.body and world.city.unit.name in notice.body
    assert "请市局核实调动情况" in notice.body
    [task] = await _box(http, world.city, "TO_CLAIM")
    assert task["processType"] == "RECOGNITION" and task["nodeKind"] == "HR_BUREAU_CITY"
    assert await Message.filter(recipient_id=world.city.account.id, title="新的异地职称确认审核任务").count() == 2

    # The city bureau sends it further down; the department (no bureau) passes it up; the chain ends.
    await claim_and_decide(http, world.city, "SUPPLEMENT", "请主管部门补充调令")
    assert (await Recognition.get(id=_pk(rid))).path_position == 1
    dept_task = await _claimed(http, world.department)
    assert _problems(await _decide(http, world.department, dept_task, "SUPPLEMENT", "请单位补充")) == [NOT_BUREAU]
    await _decide(http, world.department, dept_task, "PASS", "调令已补充")
    await claim_and_decide(http, world.city)
    await claim_and_decide(http, world.province, opinion="同意确认")
    done = await node(http, rid, world.person.token)
    assert done["status"] == "APPROVED" and all(n["state"] == "DONE" for n in done["flow"])
    assert [h["action"] for h in done["history"]] == ["SUBMITTED", "PASS", "PASS", "PASS", "SUPPLEMENT",
                                                      "SUPPLEMENT", "PASS", "PASS", "PASS"]


async def test_a_recognition_sent_back_is_returned_to_the_person_and_a_withdrawn_supplement_reopens(http):
    from tests.recognition_support import SUBMIT as RECOGNITION_SUBMIT
    from tests.recognition_support import call, node, recognition_world, submitted

    world = await recognition_world()
    rid = await submitted(http, world)
    for actor in (world.employer, world.department):
        await claim_and_decide(http, actor)
    task_id = await _claimed(http, world.city)
    await _decide(http, world.city, task_id, "SUPPLEMENT", "请补充")
    # Withdrawn while the department has not claimed it: back at the city bureau.
    result = await gql(http, TASK_WITHDRAW, {"input": {"taskId": task_id}}, token=world.city.token)
    assert payload_errors(result, "taskWithdraw") == []
    assert (await Recognition.get(id=_pk(rid))).path_position == 2
    assert await _box(http, world.department, "TO_CLAIM") == []
    # Sent back again, and the department returns it to the person, who submits a new round.
    await _decide(http, world.city, task_id, "SUPPLEMENT", "请核实原职称证书")
    await claim_and_decide(http, world.department, "RETURN", "请补充原职称证书扫描件")
    assert (await node(http, rid, world.person.token))["status"] == "RETURNED"
    again = await call(http, RECOGNITION_SUBMIT, {"recognitionId": rid}, world.person.token, "recognitionSubmit")
    assert again["recognition"]["status"] == "IN_REVIEW" and again["recognition"]["flow"][0]["state"] == "CURRENT"


async def test_a_reissue_goes_back_from_the_issuer_to_the_city_and_on_to_the_employer(http):
    from tests.reissue_support import NODE as REISSUE_NODE
    from tests.reissue_support import reissue_world, submitted

    world = await reissue_world()
    scene = world.scene
    reissue_id = await submitted(http, world)
    await claim_and_decide(http, scene.employer)
    await claim_and_decide(http, scene.city)
    await claim_and_decide(http, scene.province, "SUPPLEMENT", "请市局核实遗失情况")
    await claim_and_decide(http, scene.city, "SUPPLEMENT", "请单位出具遗失证明")
    row = await Reissue.get(id=_pk(reissue_id))
    assert (row.status, row.path_position) == (ReissueStatus.IN_REVIEW, 0)
    [task] = await _box(http, scene.employer, "TO_CLAIM")
    assert task["nodeKind"] == "EMPLOYER"
    await claim_and_decide(http, scene.employer, "RETURN", "请补充遗失声明")
    seen = (await gql(http, REISSUE_NODE, {"id": reissue_id}, token=world.holder))["data"]["node"]
    assert seen["status"] == "RETURNED"
    assert [h["action"] for h in seen["history"]][-3:] == ["SUPPLEMENT", "SUPPLEMENT", "RETURN"]
