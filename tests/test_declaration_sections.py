"""Filling a declaration section by section: personal info, titles, imported records, the special form,
declaration type and standard, attachments, discarding. Every refusal leaves the database unchanged."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from models.achievement.models import AchievementRecord, RecordStatus
from models.application.models import Application, ApplicationAttachment, ApplicationRecord, ApplicationTitle
from models.catalogue.models import EvaluationStandard, Series
from models.core.file import StoredFile
from models.plan.models import Plan, PlanAttachmentSlot
from tests.achievement_support import VALID
from tests.achievement_support import UPDATE as RECORD_UPDATE
from tests.achievement_support import WITHDRAW as RECORD_WITHDRAW
from tests.declaration_support import (APPLICATION, ATTACH, CHECK, CREATE, IMPORT, PERSONAL, PNG, SUBMIT, WITHDRAW,
                                       World, build_world, ready_application)
from tests.helpers import gid, gql, make_person, payload_errors, upload

SECTIONS = APPLICATION + """
  declarationType specialForm { reason achievementsSummary }
  standard { name }
  titles { titleName obtainedOn appointedOn position }
  snapshots: records { id category title data position isQualifyingEducation }"""


def mutation(name: str, input_type: str, selection: str = SECTIONS) -> str:
    return """mutation($input: %s!) { %s(input: $input) { errors { field code message } application { %s } } }""" % (
        input_type, name, selection)


TITLES = mutation("applicationSetTitles", "ApplicationSetTitlesInput")
PERSONAL_FULL = mutation("applicationUpdatePersonalInfo", "ApplicationPersonalInfoInput")
IMPORT_FULL = mutation("applicationImportRecords", "ApplicationImportRecordsInput")
REMOVE = mutation("applicationRemoveRecords", "ApplicationRecordsInput")
REORDER = mutation("applicationReorderRecords", "ApplicationRecordsInput")
SPECIAL = mutation("applicationSetSpecialForm", "ApplicationSpecialFormInput")
CHANGE_TYPE = mutation("applicationChangeDeclarationType", "ApplicationChangeTypeInput")
CHANGE_STANDARD = mutation("applicationChangeStandard", "ApplicationChangeStandardInput")
QUALIFY = mutation("applicationMarkQualifyingEducation", "ApplicationQualifyingEducationInput")
SUBMIT_FULL = mutation("applicationSubmit", "ApplicationActionInput")
DISCARD = """mutation($input: ApplicationActionInput!) { applicationDiscard(input: $input) {
  errors { field code message } discardedId } }"""
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def db_state() -> tuple:
    return (await Application.all().order_by("id").values(), await ApplicationTitle.all().order_by("id").values(),
            await ApplicationRecord.all().order_by("id").values(),
            await ApplicationAttachment.all().order_by("id").values(), await StoredFile.all().count(),
            await AchievementRecord.all().order_by("id").values())


async def refused(http, document: str, name: str, variables: dict, token: str) -> list[tuple[str, list | None]]:
    """Sends a mutation that must be refused; returns (code, field) pairs after checking nothing changed."""
    before = await db_state()
    result = await gql(http, document, variables, token=token)
    errors = payload_errors(result, name)
    assert errors and result["data"][name].get("application") is None, result
    assert await db_state() == before, f"{name} was refused but changed the database"
    return [(e["code"], e["field"]) for e in errors]


async def draft(http, world: World) -> str:
    result = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    assert not payload_errors(result, "applicationCreate")
    return result["data"]["applicationCreate"]["application"]["id"]


async def ok(http, document: str, name: str, variables: dict, token: str) -> dict:
    result = await gql(http, document, variables, token=token)
    assert not payload_errors(result, name), result
    return result["data"][name]["application"]


def failing(checks: list[dict]) -> dict[str, str]:
    return {c["rule"]: c["message"] for c in checks if not c["passed"]}


async def approved_record(person, category: str, title: str, **data) -> int:
    row = await AchievementRecord.create(person=person, category=category, title=title, status=RecordStatus.APPROVED,
                                         data=data or {"name": title}, unit_id=person.current_unit_id)
    return row.id


# ----------------------------------------------------------------- personal info and titles


async def test_personal_info_clamps_and_refuses(http):
    world = await build_world()
    app_id, token = await draft(http, world), world.applicant.token
    app = await ok(http, PERSONAL_FULL, "applicationUpdatePersonalInfo",
                   {"input": {"applicationId": app_id, "professionalYears": 5, "birthplace": " 合肥 "}}, token)
    worked = app["personalInfo"]["workingYears"]
    assert worked >= 17 and app["personalInfo"]["professionalYears"] == 5
    app = await ok(http, PERSONAL_FULL, "applicationUpdatePersonalInfo",
                   {"input": {"applicationId": app_id, "professionalYears": worked + 10}}, token)
    assert app["personalInfo"]["professionalYears"] == worked  # never more than the years worked

    def personal(**values) -> dict:
        return {"input": {"applicationId": app_id, **values}}

    assert await refused(http, PERSONAL_FULL, "applicationUpdatePersonalInfo", personal(professionalYears=-1),
                         token) == [("INVALID", ["professionalYears"])]
    # An engineer has no teacher's or health professional's section.
    assert await refused(http, PERSONAL_FULL, "applicationUpdatePersonalInfo",
                         personal(professionalYears=3, teacher={"teachingYears": 3}), token) == [
        ("INVALID", ["teacher"])]
    assert await refused(http, PERSONAL_FULL, "applicationUpdatePersonalInfo",
                         personal(health={"practiceCategory": "临床"}), token) == [
        ("INVALID", ["health"])]
    assert await refused(http, PERSONAL_FULL, "applicationUpdatePersonalInfo",
                         personal(birthplace="合" * 51, formerName="名" * 51), token) == [
        ("TOO_LONG", ["formerName"]), ("TOO_LONG", ["birthplace"])]


async def test_titles_keep_their_order_and_dates_are_checked(http):
    world = await build_world()
    app_id, token = await draft(http, world), world.applicant.token
    titles = [{"titleName": "工程师", "seriesName": "工程", "obtainedOn": "2016-12-01", "appointedOn": "2017-01-01",
               "appointmentUnit": "合肥宏达建设有限公司"},
              {"titleName": "助理工程师", "obtainedOn": "2011-12-01"}]
    app = await ok(http, TITLES, "applicationSetTitles", {"input": {"applicationId": app_id, "titles": titles}},
                   token)
    assert [(t["titleName"], t["position"], t["appointedOn"]) for t in app["titles"]] == [
        ("工程师", 0, "2017-01-01"), ("助理工程师", 1, None)]
    app = await ok(http, TITLES, "applicationSetTitles",
                   {"input": {"applicationId": app_id, "titles": list(reversed(titles))}}, token)
    assert [t["titleName"] for t in app["titles"]] == ["助理工程师", "工程师"]

    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        ([titles[0], {**titles[1], "appointedOn": "2011-11-30"}], [("INVALID_DATE", ["titles", "1", "appointedOn"])]),
        ([{**titles[0], "obtainedOn": tomorrow, "appointedOn": None}],
         [("INVALID_DATE", ["titles", "0", "obtainedOn"])]),
        ([{**titles[1], "titleName": " "}], [("REQUIRED", ["titles", "0", "titleName"])]),
        ([titles[1]] * 11, [("TOO_MANY", ["titles"])]),
        ([{**titles[1], "certificateNumber": "1" * 41, "appointmentUnit": "单" * 101}],
         [("TOO_LONG", ["titles", "0", "certificateNumber"]), ("TOO_LONG", ["titles", "0", "appointmentUnit"])]),
    ]
    for value, expected in cases:
        assert await refused(http, TITLES, "applicationSetTitles",
                             {"input": {"applicationId": app_id, "titles": value}}, token) == expected


# ----------------------------------------------------------------- imported records


async def test_import_only_approved_own_records_once(http):
    world = await build_world()
    app_id, token = await draft(http, world), world.applicant.token
    person = world.applicant.person
    pending = await AchievementRecord.create(person=person, category="PAPER", title="待审论文",
                                             status=RecordStatus.PENDING, data={}, unit_id=person.current_unit_id)
    stranger = await make_person("李四", unit=world.employer.unit, status="APPROVED")
    foreign = await approved_record(stranger.person, "PAPER", "他人论文")

    def ids(*pks: int) -> dict:
        return {"input": {"applicationId": app_id, "recordIds": [gid("AchievementRecord", pk) for pk in pks]}}

    assert await refused(http, IMPORT_FULL, "applicationImportRecords", ids(world.paper_id, pending.id), token) == [
        ("RECORD_NOT_APPROVED", ["recordIds", "1"])]  # all or nothing: the good one is not imported either
    assert await refused(http, IMPORT_FULL, "applicationImportRecords", ids(foreign), token) == [
        ("NOT_FOUND", ["recordIds", "0"])]
    assert await refused(http, IMPORT_FULL, "applicationImportRecords", ids(world.paper_id, world.paper_id),
                         token) == [("ALREADY_IMPORTED", ["recordIds", "1"])]
    app = await ok(http, IMPORT_FULL, "applicationImportRecords", ids(world.paper_id, world.education_id), token)
    assert [(s["category"], s["position"]) for s in app["snapshots"]] == [("PAPER", 0), ("EDUCATION", 1)]
    assert await refused(http, IMPORT_FULL, "applicationImportRecords", ids(world.education_id), token) == [
        ("ALREADY_IMPORTED", ["recordIds", "0"])]
    assert await refused(http, IMPORT_FULL, "applicationImportRecords", ids(), token) == [("REQUIRED", ["recordIds"])]


async def test_snapshots_survive_library_changes_and_lock_the_library_once_submitted(http):
    world = await build_world()
    token = world.applicant.token
    extra = await approved_record(world.applicant.person, "PAPER", "装配式建筑节点研究")
    app_id = await ready_application(http, world)
    await ok(http, IMPORT_FULL, "applicationImportRecords",
             {"input": {"applicationId": app_id, "recordIds": [gid("AchievementRecord", extra)]}}, token)
    before = {s["title"]: s for s in (await ok(http, PERSONAL_FULL, "applicationUpdatePersonalInfo", {
        "input": {"applicationId": app_id, "professionalYears": 10}}, token))["snapshots"]}

    # While the application is a draft the person may take a library record back and edit it ...
    result = await gql(http, RECORD_WITHDRAW, {"input": {"recordId": gid("AchievementRecord", extra)}}, token=token)
    assert payload_errors(result, "achievementRecordWithdraw") == []
    member, data = VALID["PAPER"]
    result = await gql(http, RECORD_UPDATE, {"input": {"recordId": gid("AchievementRecord", extra),
                                                       "data": {member: data}}}, token=token)
    assert payload_errors(result, "achievementRecordUpdate") == []
    # ... and the snapshot stays as it was imported.
    after = {s["title"]: s for s in (await ok(http, SUBMIT_FULL, "applicationSubmit",
                                              {"input": {"applicationId": app_id}}, token))["snapshots"]}
    assert after == before and after["装配式建筑节点研究"]["data"] == {"name": "装配式建筑节点研究"}

    # Submitted: the library records it holds cannot be withdrawn.
    result = await gql(http, RECORD_WITHDRAW, {"input": {"recordId": gid("AchievementRecord", world.paper_id)}},
                       token=token)
    assert [e["code"] for e in payload_errors(result, "achievementRecordWithdraw")] == ["RECORD_LOCKED"]
    assert (await AchievementRecord.get(id=world.paper_id)).status == RecordStatus.APPROVED
    # Withdrawn back to a draft, the lock is gone.
    await ok(http, WITHDRAW, "applicationWithdraw", {"input": {"applicationId": app_id}}, token)
    result = await gql(http, RECORD_WITHDRAW, {"input": {"recordId": gid("AchievementRecord", world.paper_id)}},
                       token=token)
    assert payload_errors(result, "achievementRecordWithdraw") == []


async def test_remove_reorder_and_qualifying_education(http):
    world = await build_world()
    app_id, token = await draft(http, world), world.applicant.token
    second_school = await approved_record(world.applicant.person, "EDUCATION", "合肥工业大学 结构工程")
    app = await ok(http, IMPORT_FULL, "applicationImportRecords", {"input": {"applicationId": app_id, "recordIds": [
        gid("AchievementRecord", pk) for pk in (world.education_id, world.paper_id, second_school)]}}, token)
    education, paper, master = (s["id"] for s in app["snapshots"])

    def snapshots(*values: str) -> dict:
        return {"input": {"applicationId": app_id, "snapshotIds": list(values)}}

    app = await ok(http, REORDER, "applicationReorderRecords", snapshots(master, paper, education), token)
    assert [s["id"] for s in app["snapshots"]] == [master, paper, education]
    other = await draft_of_someone_else(http, world)
    assert await refused(http, REORDER, "applicationReorderRecords", snapshots(master, other), token) == [
        ("NOT_FOUND", ["snapshotIds"])]
    assert await refused(http, REORDER, "applicationReorderRecords", snapshots(master, master), token) == [
        ("NOT_FOUND", ["snapshotIds"])]

    # One education is the qualifying one; a paper cannot be.
    checks = (await gql(http, CHECK, {"id": app_id}, token=token))["data"]["applicationCheck"]
    assert failing(checks)["QUALIFYING_EDUCATION"] == "请在教育经历中标记一条合格学历"
    assert await refused(http, QUALIFY, "applicationMarkQualifyingEducation",
                         {"input": {"applicationId": app_id, "snapshotId": paper}}, token) == [
        ("INVALID", ["snapshotId"])]
    await ok(http, QUALIFY, "applicationMarkQualifyingEducation",
             {"input": {"applicationId": app_id, "snapshotId": education}}, token)
    app = await ok(http, QUALIFY, "applicationMarkQualifyingEducation",
                   {"input": {"applicationId": app_id, "snapshotId": master}}, token)
    assert [s["id"] for s in app["snapshots"] if s["isQualifyingEducation"]] == [master]
    checks = (await gql(http, CHECK, {"id": app_id}, token=token))["data"]["applicationCheck"]
    assert "QUALIFYING_EDUCATION" not in failing(checks)

    # Removing a snapshot leaves the library alone; it can be imported again afterwards.
    app = await ok(http, REMOVE, "applicationRemoveRecords", snapshots(paper), token)
    assert [s["id"] for s in app["snapshots"]] == [master, education]
    assert (await AchievementRecord.get(id=world.paper_id)).status == RecordStatus.APPROVED
    assert await refused(http, REMOVE, "applicationRemoveRecords", snapshots(paper), token) == [
        ("NOT_FOUND", ["snapshotIds"])]
    await ok(http, IMPORT_FULL, "applicationImportRecords",
             {"input": {"applicationId": app_id, "recordIds": [gid("AchievementRecord", world.paper_id)]}}, token)


async def draft_of_someone_else(http, world: World) -> str:
    """Another applicant's draft with one snapshot; returns that snapshot's ID."""
    stranger = await make_person("李四", unit=world.employer.unit, status="APPROVED")
    record = await approved_record(stranger.person, "PAPER", "他人论文")
    result = await gql(http, CREATE, {"input": world.create_input()}, token=stranger.token)
    app_id = result["data"]["applicationCreate"]["application"]["id"]
    app = await ok(http, IMPORT_FULL, "applicationImportRecords",
                   {"input": {"applicationId": app_id, "recordIds": [gid("AchievementRecord", record)]}},
                   stranger.token)
    return app["snapshots"][0]["id"]


# ----------------------------------------------------------------- type, special form, standard


async def test_exceptional_form_is_checked_and_cleared_with_the_type(http):
    world = await build_world()
    app_id, token = await draft(http, world), world.applicant.token

    def form(**values) -> dict:
        return {"input": {"applicationId": app_id, **values}}

    assert await refused(http, SPECIAL, "applicationSetSpecialForm", form(reason="业绩突出"), token) == [
        ("NOT_APPLICABLE", ["specialForm"])]  # a regular declaration has no such form
    assert await refused(http, CHANGE_TYPE, "applicationChangeDeclarationType", form(declarationType="TRANSFER"),
                         token) == [("DECLARATION_TYPE_NOT_ALLOWED", ["declarationType"])]
    app = await ok(http, CHANGE_TYPE, "applicationChangeDeclarationType", form(declarationType="EXCEPTIONAL"), token)
    assert app["declarationType"] == "EXCEPTIONAL"
    checks = (await gql(http, CHECK, {"id": app_id}, token=token))["data"]["applicationCheck"]
    assert failing(checks)["SPECIAL_FORM"] == "请填写破格申报表：申请理由、主要业绩"
    await ok(http, SPECIAL, "applicationSetSpecialForm", form(reason="主持国家重点工程"), token)
    checks = (await gql(http, CHECK, {"id": app_id}, token=token))["data"]["applicationCheck"]
    assert failing(checks)["SPECIAL_FORM"] == "请填写破格申报表：主要业绩"
    assert await refused(http, SPECIAL, "applicationSetSpecialForm", form(achievementsSummary="长" * 4001),
                         token) == [("TOO_LONG", ["achievementsSummary"])]
    app = await ok(http, SPECIAL, "applicationSetSpecialForm",
                   form(reason="主持国家重点工程", achievementsSummary="获省科技进步一等奖"), token)
    assert app["specialForm"] == {"reason": "主持国家重点工程", "achievementsSummary": "获省科技进步一等奖"}
    checks = (await gql(http, CHECK, {"id": app_id}, token=token))["data"]["applicationCheck"]
    assert "SPECIAL_FORM" not in failing(checks)

    app = await ok(http, CHANGE_TYPE, "applicationChangeDeclarationType", form(declarationType="REGULAR"), token)
    assert app["specialForm"] == {"reason": None, "achievementsSummary": None}
    app = await ok(http, CHANGE_TYPE, "applicationChangeDeclarationType", form(declarationType="EXCEPTIONAL"), token)
    assert app["specialForm"] == {"reason": None, "achievementsSummary": None}  # not brought back


async def test_changing_the_standard_clears_achievements_once_confirmed(http):
    world = await build_world()
    app_id, token = await draft(http, world), world.applicant.token
    work = await approved_record(world.applicant.person, "WORK_EXPERIENCE", "合肥宏达建设有限公司 技术负责人")
    await ok(http, IMPORT_FULL, "applicationImportRecords", {"input": {"applicationId": app_id, "recordIds": [
        gid("AchievementRecord", pk) for pk in (world.education_id, world.paper_id, work)]}}, token)
    engineering = await Series.get(code="ENGINEERING")
    newer = await EvaluationStandard.create(series=engineering, levels=["ASSOCIATE_SENIOR", "SENIOR"],
                                            name="安徽省工程系列专业技术资格评审标准（2026年试行）")
    teachers = await EvaluationStandard.get(series__code="SCHOOL_TEACHER")

    def change(standard, confirm: bool) -> dict:
        return {"input": {"applicationId": app_id, "standardId": gid("EvaluationStandard", standard.id),
                          "confirmClearAchievements": confirm}}

    assert await refused(http, CHANGE_STANDARD, "applicationChangeStandard", change(newer, False), token) == [
        ("CONFIRMATION_REQUIRED", ["confirmClearAchievements"])]
    assert await refused(http, CHANGE_STANDARD, "applicationChangeStandard", change(teachers, True), token) == [
        ("INVALID", ["standardId"])]
    app = await ok(http, CHANGE_STANDARD, "applicationChangeStandard", change(newer, True), token)
    assert app["standard"]["name"] == newer.name
    assert sorted(s["category"] for s in app["snapshots"]) == ["EDUCATION", "WORK_EXPERIENCE"]
    assert await AchievementRecord.filter(id=world.paper_id, status=RecordStatus.APPROVED).exists()
    # Nothing left to clear: no confirmation needed to change back.
    app = await ok(http, CHANGE_STANDARD, "applicationChangeStandard", change(world.standard, False), token)
    assert app["standard"]["name"] == world.standard.name


# ----------------------------------------------------------------- attachments, discard, locked sections


async def test_attachments_follow_the_slot(http):
    world = await build_world()
    app_id, token = await draft(http, world), world.applicant.token
    small = await PlanAttachmentSlot.create(plan=world.plan, name="其他材料", allowed_types=["application/pdf"],
                                            max_size_mb=1, max_count=1)
    now = datetime.now(timezone.utc)
    other_plan = await Plan.create(name="另一计划", year=2026, committee=world.committee, organizer=world.organizer.unit,
                                   levels=["ASSOCIATE_SENIOR"], declaration_types=["REGULAR"], opens_at=now,
                                   closes_at=now + timedelta(days=9), status="PUBLISHED", published_at=now)
    foreign = await PlanAttachmentSlot.create(plan=other_plan, name="身份证", allowed_types=["image/png"])

    async def send(slot: PlanAttachmentSlot, name: str, content: bytes, mime: str) -> list:
        before = await db_state()
        response = await upload(http, ATTACH, {"input": {"applicationId": app_id, "slotId": gid(
            "PlanAttachmentSlot", slot.id), "file": None}}, {"input.file": (name, content, mime)}, token=token)
        body = response.json()["data"]["applicationAttachmentAdd"]
        if body["errors"]:
            assert await db_state() == before
        return [(e["code"], e["field"]) for e in body["errors"]]

    assert await send(world.slot, "身份证.png", PNG, "image/png") == []
    assert await send(world.slot, "身份证.jpg", JPEG, "image/jpeg") == [("FILE_TYPE_NOT_ALLOWED", ["file"])]
    assert await send(world.slot, "身份证反面.pdf", PDF, "application/pdf") == []
    assert await send(world.slot, "第三张.png", PNG, "image/png") == [("TOO_MANY_FILES", ["file"])]
    assert await send(small, "大文件.pdf", PDF + b"0" * (1024 * 1024), "application/pdf") == [
        ("FILE_TOO_LARGE", ["file"])]
    assert await send(foreign, "身份证.png", PNG, "image/png") == [("NOT_FOUND", ["slotId"])]
    attached = await ApplicationAttachment.all().values_list("slot_id", flat=True)
    assert attached == [world.slot.id, world.slot.id]
    checks = (await gql(http, CHECK, {"id": app_id}, token=token))["data"]["applicationCheck"]
    assert f"ATTACHMENT_{world.slot.id}" not in failing(checks)


async def test_discard_only_a_draft_never_submitted(http):
    world = await build_world()
    token = world.applicant.token
    app_id = await draft(http, world)
    stranger = await make_person("李四", unit=world.employer.unit, status="APPROVED")
    assert await refused(http, DISCARD, "applicationDiscard", {"input": {"applicationId": app_id}},
                         stranger.token) == [("NOT_FOUND", ["applicationId"])]
    result = await gql(http, DISCARD, {"input": {"applicationId": app_id}}, token=token)
    assert result["data"]["applicationDiscard"] == {"errors": [], "discardedId": app_id}
    assert not await Application.exists()

    app_id = await ready_application(http, world)
    await ok(http, SUBMIT, "applicationSubmit", {"input": {"applicationId": app_id}}, token)
    assert await refused(http, DISCARD, "applicationDiscard", {"input": {"applicationId": app_id}}, token) == [
        ("NOT_EDITABLE", ["applicationId"])]  # in review
    await ok(http, WITHDRAW, "applicationWithdraw", {"input": {"applicationId": app_id}}, token)
    assert await refused(http, DISCARD, "applicationDiscard", {"input": {"applicationId": app_id}}, token) == [
        ("NOT_EDITABLE", ["applicationId"])]  # a draft again, but it was submitted once


@pytest.mark.parametrize("section", ["personal", "titles", "import", "type"])
async def test_sections_are_locked_while_in_review(http, section):
    world = await build_world()
    token = world.applicant.token
    app_id = await ready_application(http, world)
    await ok(http, SUBMIT, "applicationSubmit", {"input": {"applicationId": app_id}}, token)
    document, name, values = {
        "personal": (PERSONAL, "applicationUpdatePersonalInfo", {"professionalYears": 1}),
        "titles": (TITLES, "applicationSetTitles", {"titles": []}),
        "import": (IMPORT, "applicationImportRecords", {"recordIds": [gid("AchievementRecord", world.paper_id)]}),
        "type": (CHANGE_TYPE, "applicationChangeDeclarationType", {"declarationType": "EXCEPTIONAL"}),
    }[section]
    assert await refused(http, document, name, {"input": {"applicationId": app_id, **values}}, token) == [
        ("NOT_EDITABLE", ["applicationId"])]


async def test_snapshot_files_outlive_the_library_attachment(http):
    from models.achievement.models import AchievementAttachment
    from workers.cleanup import remove_orphan_files
    from zhicheng.services import services

    world = await build_world()
    app_id, token = await draft(http, world), world.applicant.token
    stored = await StoredFile.create(sha256="1" * 64, size=len(PDF), content_type="application/pdf",
                                     name="论文.pdf", purpose="achievement")
    attachment = await AchievementAttachment.create(record_id=world.paper_id, file=stored)
    await ok(http, IMPORT_FULL, "applicationImportRecords",
             {"input": {"applicationId": app_id, "recordIds": [gid("AchievementRecord", world.paper_id)]}}, token)
    # The person takes the record back and drops its attachment from the library (allowed: a draft holds it).
    await AchievementAttachment.filter(id=attachment.id).delete()
    await remove_orphan_files(services().storage, now=datetime.now(timezone.utc) + timedelta(days=2))
    from models.application.models import ApplicationRecordFile

    assert [f.file_id for f in await ApplicationRecordFile.filter(snapshot_id=(await ApplicationRecord.get()).id)] \
        == [stored.id]
    assert await StoredFile.exists(id=stored.id)
