"""The whole declaration chain through GraphQL: check, submit, every node, return, terminate, withdraw."""
from models.application.models import Application
from models.blacklist.models import BlacklistEntry
from models.workflow.models import Task
from tests.declaration_support import (CHECK, CLAIM, CREATE, DECIDE, NODE, SUBMIT, TASK_WITHDRAW, TASKS, WITHDRAW,
                                       build_world, claim_and_decide, ready_application)
from tests.helpers import gid, gql, payload_errors, run_jobs

MESSAGES = "{ messages(first: 20) { nodes { title body linkType } } }"


async def test_check_lists_every_failing_rule_and_submit_refuses(http):
    world = await build_world()
    result = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    app_id = result["data"]["applicationCreate"]["application"]["id"]
    assert result["data"]["applicationCreate"]["application"]["status"] == "DRAFT"
    checks = (await gql(http, CHECK, {"id": app_id}, token=world.applicant.token))["data"]["applicationCheck"]
    failing = {c["rule"] for c in checks if not c["passed"]}
    assert {"PERSONAL_INFO", "QUALIFYING_EDUCATION", "ACHIEVEMENT_PAPER", f"ATTACHMENT_{world.slot.id}"} <= failing
    assert all(c["message"] for c in checks)
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    errors = payload_errors(result, "applicationSubmit")
    assert {e["code"] for e in errors} == {"CHECK_FAILED"} and len(errors) == len(failing)
    assert (await Application.get(id=int(result and 0) or (await Application.first()).id)).status == "DRAFT"
    assert not await Task.exists()


async def test_whole_chain_to_approval(http, settings):
    world = await build_world()
    app_id = await ready_application(http, world)
    checks = (await gql(http, CHECK, {"id": app_id}, token=world.applicant.token))["data"]["applicationCheck"]
    assert all(c["passed"] for c in checks), checks
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    app = result["data"]["applicationSubmit"]["application"]
    assert app["status"] == "IN_REVIEW"
    # Professional years were clamped to the years actually worked.
    assert app["personalInfo"]["professionalYears"] == app["personalInfo"]["workingYears"]
    assert [(n["nodeKind"], n["unit"]["name"]) for n in app["flow"]] == [
        ("EMPLOYER", "合肥宏达建设有限公司"), ("COMPETENT_DEPARTMENT", "合肥市城乡建设局"),
        ("HR_BUREAU_CITY", "合肥市人力资源和社会保障局"), ("HR_BUREAU_PROVINCE", "安徽省人力资源和社会保障厅"),
        ("ORGANIZER", "安徽省建设工程高评委组建单位")]
    assert app["flow"][0]["state"] == "CURRENT"

    for actor in (world.employer, world.department, world.city_hr, world.province_hr, world.organizer):
        task = await claim_and_decide(http, actor)
        assert task["status"] == "COMPLETED" and task["decision"] == "PASS"
    node = (await gql(http, NODE, {"id": app_id}, token=world.applicant.token))["data"]["node"]
    assert node["status"] == "APPROVED"
    assert [n["state"] for n in node["flow"]] == ["DONE"] * 5
    assert [h["action"] for h in node["history"]] == ["CREATED", "SUBMITTED"] + ["PASS"] * 5

    await run_jobs(settings)
    titles = [m["title"] for m in (await gql(http, MESSAGES, token=world.applicant.token))["data"]["messages"]["nodes"]]
    assert titles.count("申报审核进度") == 4 and "申报审核通过" in titles
    admin_titles = [m["title"] for m in (await gql(http, MESSAGES, token=world.department.token))[
        "data"]["messages"]["nodes"]]
    assert admin_titles == ["新的待审核任务"]


async def test_return_then_resubmit_starts_again_at_the_employer(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    await claim_and_decide(http, world.employer)
    task = await claim_and_decide(http, world.department, "RETURN", "论文佐证材料不清晰，请补充")
    assert task["decision"] == "RETURN"
    node = (await gql(http, NODE, {"id": app_id}, token=world.applicant.token))["data"]["node"]
    assert node["status"] == "RETURNED" and node["history"][-1]["opinion"] == "论文佐证材料不清晰，请补充"
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    assert result["data"]["applicationSubmit"]["application"]["flow"][0]["state"] == "CURRENT"
    await claim_and_decide(http, world.employer)
    # The person cannot withdraw any more: the employer acted this round.
    result = await gql(http, WITHDRAW, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    assert [e["code"] for e in payload_errors(result, "applicationWithdraw")] == ["NOT_WITHDRAWABLE"]


async def test_return_needs_an_opinion(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "TO_CLAIM"},
                       token=world.employer.token))["data"]["tasks"]["nodes"]
    await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}}, token=world.employer.token)
    result = await gql(http, DECIDE, {"input": {"taskId": tasks[0]["id"], "decision": "RETURN", "opinion": " "}},
                       token=world.employer.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "taskDecide")] == [("REQUIRED", ["opinion"])]
    assert (await Task.get(id=(await Task.first()).id)).status == "CLAIMED"


async def test_terminate_bars_the_year(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    await claim_and_decide(http, world.employer, "TERMINATE", "材料造假")
    node = (await gql(http, NODE, {"id": app_id}, token=world.applicant.token))["data"]["node"]
    assert node["status"] == "TERMINATED"
    result = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    assert [e["code"] for e in payload_errors(result, "applicationCreate")] == ["TERMINATED_THIS_YEAR"]


async def test_person_withdraws_until_the_first_unit_claims(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    result = await gql(http, WITHDRAW, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    assert result["data"]["applicationWithdraw"]["application"]["status"] == "DRAFT"
    assert (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "TO_CLAIM"},
                      token=world.employer.token))["data"]["tasks"]["totalCount"] == 0
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "TO_CLAIM"},
                       token=world.employer.token))["data"]["tasks"]["nodes"]
    await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}}, token=world.employer.token)
    result = await gql(http, WITHDRAW, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    assert [e["code"] for e in payload_errors(result, "applicationWithdraw")] == ["NOT_WITHDRAWABLE"]


async def test_reviewer_withdraws_a_pass_until_the_next_node_claims(http):
    world = await build_world()
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    task = await claim_and_decide(http, world.employer)
    result = await gql(http, TASK_WITHDRAW, {"input": {"taskId": task["id"]}}, token=world.employer.token)
    assert result["data"]["taskWithdraw"]["task"]["status"] == "CLAIMED"
    assert (await gql(http, TASKS, {"unitId": gid("Unit", world.department.unit.id), "box": "TO_CLAIM"},
                      token=world.department.token))["data"]["tasks"]["totalCount"] == 0
    node = (await gql(http, NODE, {"id": app_id}, token=world.applicant.token))["data"]["node"]
    assert [n["state"] for n in node["flow"]][:2] == ["CURRENT", "WAITING"]
    # Pass again; once the department claims, the withdrawal is refused.
    await gql(http, DECIDE, {"input": {"taskId": task["id"], "decision": "PASS", "opinion": "同意"}},
              token=world.employer.token)
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.department.unit.id), "box": "TO_CLAIM"},
                       token=world.department.token))["data"]["tasks"]["nodes"]
    await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}}, token=world.department.token)
    result = await gql(http, TASK_WITHDRAW, {"input": {"taskId": task["id"]}}, token=world.employer.token)
    assert [e["code"] for e in payload_errors(result, "taskWithdraw")] == ["NOT_WITHDRAWABLE"]


async def test_second_claim_conflicts_and_decide_needs_a_claim(http):
    world = await build_world()
    from tests.helpers import make_account
    from models.unit.models import UnitAdmin

    second = await make_account("第二管理员")
    await UnitAdmin.create(unit=world.employer.unit, account=second.account)
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    task_id = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "TO_CLAIM"},
                         token=world.employer.token))["data"]["tasks"]["nodes"][0]["id"]
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "PASS"}}, token=world.employer.token)
    assert [e["code"] for e in payload_errors(result, "taskDecide")] == ["NOT_CLAIMED"]
    assert not payload_errors(await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=world.employer.token),
                              "taskClaim")
    result = await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=second.token)
    assert [e["code"] for e in payload_errors(result, "taskClaim")] == ["CONFLICT"]
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "PASS"}}, token=second.token)
    assert [e["code"] for e in payload_errors(result, "taskDecide")] == ["CONFLICT"]
    mine = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "PENDING_MINE"},
                      token=world.employer.token))["data"]["tasks"]
    assert mine["totalCount"] == 1 and mine["nodes"][0]["title"].startswith("职称申报-张三【")
    assert mine["nodes"][0]["application"]["person"]["realName"] == "张三"


async def test_creation_refusals(http):
    world = await build_world()
    token = world.applicant.token
    cases = [
        (world.create_input(pledgeAccepted=False), "PLEDGE_REQUIRED"),
        (world.create_input(declarationType="TRANSFER"), "DECLARATION_TYPE_NOT_ALLOWED"),
        (world.create_input(planId=gid("Unit", world.employer.unit.id)), "INVALID_ID"),
    ]
    for variables, code in cases:
        result = await gql(http, CREATE, {"input": variables}, token=token)
        assert code in [e["code"] for e in payload_errors(result, "applicationCreate")], (code, result)
    from datetime import date, timedelta

    entry = await BlacklistEntry.create(person=world.applicant.person, reason="论文造假",
                                        starts_on=date.today() - timedelta(days=1),
                                        ends_on=date.today() + timedelta(days=365))
    result = await gql(http, CREATE, {"input": world.create_input()}, token=token)
    assert [e["code"] for e in payload_errors(result, "applicationCreate")] == ["BLACKLISTED"]
    await BlacklistEntry.filter(id=entry.id).delete()
    assert not payload_errors(await gql(http, CREATE, {"input": world.create_input()}, token=token),
                              "applicationCreate")
    result = await gql(http, CREATE, {"input": world.create_input()}, token=token)
    assert [e["code"] for e in payload_errors(result, "applicationCreate")] == ["APPLICATION_EXISTS"]
    assert await Application.all().count() == 1


async def test_closed_plan_and_unapproved_binding_are_refused(http):
    world = await build_world(plan_open=False)
    result = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    assert [e["code"] for e in payload_errors(result, "applicationCreate")] == ["PLAN_NOT_OPEN"]
    from tests.helpers import make_person

    pending = await make_person("李四", unit=world.employer.unit, status="PENDING")
    result = await gql(http, CREATE, {"input": world.create_input()}, token=pending.token)
    assert [e["code"] for e in payload_errors(result, "applicationCreate")] == ["BINDING_NOT_APPROVED"]


async def test_committee_outside_the_region_needs_a_commission(http):
    world = await build_world(employer_region="510104")
    result = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    errors = payload_errors(result, "applicationCreate")
    assert [(e["code"], e["field"]) for e in errors] == [("COMMISSION_REQUIRED", ["evaluationMode"])]
    result = await gql(http, CREATE, {"input": world.create_input(evaluationMode="COMMISSIONED_REVIEW")},
                       token=world.applicant.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "applicationCreate")] == [
        ("COMMISSION_REQUIRED", ["commissionReference"])]
    result = await gql(http, CREATE, {"input": world.create_input(evaluationMode="COMMISSIONED_REVIEW",
                                                                  commissionReference="川人社委〔2026〕12号")},
                       token=world.applicant.token)
    assert not payload_errors(result, "applicationCreate")
