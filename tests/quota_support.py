"""Post quotas (岗位核准) and recommendations (单位推荐) for tests: the documents, a public-institution employer
on top of tests/declaration_support.py's province, and helpers that walk an application to the employer."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from models.achievement.models import AchievementRecord, RecordStatus
from models.person.models import Person
from models.plan.models import Plan
from models.unit.models import Unit, UnitNature
from tests.declaration_support import CLAIM, DECIDE, SUBMIT, TASKS, World, build_world, ready_application
from tests.helpers import gid, gql, make_person, payload_errors, upload

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

QUOTA = """year senior associateSenior intermediate primary confirmed confirmedAt version createdBy
  unit { name } approvalFile { name contentType }
  levels { level label vacancies recommended occupying notOccupying remaining }
  changes { reason changedBy unit { name } approvalFileReplaced old { associateSenior } new { associateSenior } }"""
SET = """mutation($input: PostQuotaSetInput!) { postQuotaSet(input: $input) {
  errors { field code message } postQuota { %s } } }""" % QUOTA
CONFIRM = """mutation($input: PostQuotaConfirmInput!) { postQuotaConfirm(input: $input) {
  errors { field code message } postQuota { %s } } }""" % QUOTA
ADJUST = """mutation($input: PostQuotaAdjustInput!) { postQuotaAdjust(input: $input) {
  errors { field code message } postQuota { %s } } }""" % QUOTA
GET = """query($unitId: ID!, $year: Int!) { postQuota(unitId: $unitId, year: $year) { %s } }""" % QUOTA
RECOMMEND = """mutation($input: ApplicationRecommendInput!) { applicationRecommend(input: $input) {
  errors { field code message } quotaUse { applicationId level year occupiesPost reason recordedBy }
  postQuota { levels { level recommended occupying notOccupying remaining } } } }"""
FILE_ADD = """mutation($input: RecommendationFileAddInput!) { recommendationFileAdd(input: $input) {
  errors { field code message } recommendationFile { id kind kindLabel uploadedBy file { name contentType url } } } }"""
FILE_DELETE = """mutation($input: RecommendationFileDeleteInput!) { recommendationFileDelete(input: $input) {
  errors { field code message } deletedId } }"""
FILES = """query($id: ID!) { recommendationFiles(applicationId: $id) { id kind file { name } } }"""
QUOTA_USE = """query($id: ID!) { quotaUse(applicationId: $id) { occupiesPost reason level } }"""
YEAR = 2026  # build_world's plan year


def counts(senior: int = 0, associate: int = 0, intermediate: int = 0, primary: int = 0) -> dict:
    return {"senior": senior, "associateSenior": associate, "intermediate": intermediate, "primary": primary}


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def public_world(*, requires_recommendation: bool = False, nature: UnitNature = UnitNature.PUBLIC_INSTITUTION,
                       **kwargs) -> World:
    """build_world's province with the employer a public institution (事业单位)."""
    world = await build_world(**kwargs)
    await Unit.filter(id=world.employer.unit.id).update(nature=nature)
    world.employer.unit = await Unit.get(id=world.employer.unit.id)
    if requires_recommendation:
        await Plan.filter(id=world.plan.id).update(requires_recommendation=True)
    return world


async def another_applicant(world: World, name: str) -> World:
    """The same world seen from a second applicant of the employer, with approved records."""
    actor = await make_person(name, unit=world.employer.unit, status="APPROVED", birth=date(1988, 3, 1))
    await Person.filter(id=actor.person.id).update(photo_id=(await Person.get(id=world.applicant.person.id)).photo_id)
    education = await AchievementRecord.create(person=actor.person, category="EDUCATION", title="合肥工业大学 土木工程",
                                               status=RecordStatus.APPROVED, data={"school": "合肥工业大学"},
                                               unit=world.employer.unit)
    paper = await AchievementRecord.create(person=actor.person, category="PAPER", title="装配式建筑节点研究",
                                           status=RecordStatus.APPROVED, data={"name": "装配式建筑节点研究"},
                                           unit=world.employer.unit)
    return dataclasses.replace(world, applicant=actor, education_id=education.id, paper_id=paper.id)


async def set_quota(http, world: World, token: str | None = None, *, year: int = YEAR, confirm: bool = False,
                    file: tuple[str, bytes, str] | None = ("岗位核准表.pdf", PDF, "application/pdf"),
                    **levels) -> dict:
    variables = {"input": {"unitId": gid("Unit", world.employer.unit.id), "year": year, **counts(**levels),
                           "approvalFile": None}}
    files = {"input.approvalFile": file} if file else {}
    if file:
        response = await upload(http, SET, variables, files, token=token or world.employer.token)
        result = response.json()
    else:
        result = await gql(http, SET, variables, token=token or world.employer.token)
    if confirm:
        assert not payload_errors(result, "postQuotaSet"), result
        result = await gql(http, CONFIRM, {"input": {"unitId": gid("Unit", world.employer.unit.id), "year": year}},
                           token=token or world.employer.token)
        assert not payload_errors(result, "postQuotaConfirm"), result
    return result


async def submitted(http, world: World) -> str:
    app_id = await ready_application(http, world)
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    assert not payload_errors(result, "applicationSubmit"), result
    return app_id


async def employer_task_id(http, world: World, app_id: str, box: str = "TO_CLAIM") -> str:
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": box},
                       token=world.employer.token))["data"]["tasks"]["nodes"]
    return next(t["id"] for t in tasks if t["application"]["id"] == app_id)


async def claimed(http, world: World, app_id: str) -> str:
    """Claims the employer's task for ``app_id`` and returns the task's ID."""
    task_id = await employer_task_id(http, world, app_id)
    result = await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=world.employer.token)
    assert not payload_errors(result, "taskClaim"), result
    return task_id


async def decide(http, token: str, task_id: str, decision: str = "PASS", opinion: str = "同意") -> list[str]:
    result = await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": decision, "opinion": opinion}},
                       token=token)
    return [e["code"] for e in payload_errors(result, "taskDecide")]


async def recommend(http, token: str, app_id: str, occupies: bool, reason: str | None = None) -> dict:
    result = await gql(http, RECOMMEND, {"input": {"applicationId": app_id, "occupiesPost": occupies,
                                                   "reason": reason}}, token=token)
    return result


async def add_file(http, token: str, app_id: str, kind: str, name: str = "推荐意见.pdf", content: bytes = PDF,
                   content_type: str = "application/pdf"):
    return await upload(http, FILE_ADD, {"input": {"applicationId": app_id, "kind": kind, "file": None}},
                        {"input.file": (name, content, content_type)}, token=token)

