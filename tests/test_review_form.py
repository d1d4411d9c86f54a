"""导出评审表 through GraphQL and the worker: sections in order, photo, opinions with seals, autoescape,
byte-stable output, idempotent jobs, who may export; and the unit seal upload."""
from __future__ import annotations

import hashlib
import io
import struct
import zlib
from datetime import datetime, timedelta, timezone

from docx import Document
from docx.oxml.ns import qn
from strawberry import relay

from models.application.models import Application
from models.application.review_form import BLANK_DATE
from models.core.file import StoredFile
from models.core.job import Job, JobStatus
from models.evaluation.models import EvaluationScheme
from models.evaluation.results import today
from models.unit.models import Unit
from tests.certificate_support import PARTICIPANTS, RECORD
from tests.declaration_support import SUBMIT, build_world, claim_and_decide, ready_application
from tests.evaluation_support import Scene, approved_scheme, pk
from tests.helpers import (assert_forbidden, assert_unauthenticated, assert_unseen, gid, gql, make_person, make_unit,
                           payload_errors, run_jobs, upload)

EXPORT = """mutation($input: ApplicationReviewFormExportInput!) { applicationReviewFormExport(input: $input) {
  errors { field code message } job { id kind status } } }"""
JOB = "query($id: ID!) { node(id: $id) { ... on Job { status error resultFile { name contentType url } } } }"
SEAL = """mutation($input: UnitSealUploadInput!) { unitSealUpload(input: $input) {
  errors { field code message } unit { id details { seal { name contentType size } } } } }"""
PHOTO = """mutation($input: PersonUploadPhotoInput!) { personUploadPhoto(input: $input) { errors { code } } }"""
SPECIAL_TYPE = """mutation($input: ApplicationChangeTypeInput!) { applicationChangeDeclarationType(input: $input) {
  errors { code message } } }"""
SPECIAL_FORM = """mutation($input: ApplicationSpecialFormInput!) { applicationSetSpecialForm(input: $input) {
  errors { code message } } }"""
TITLES = """mutation($input: ApplicationSetTitlesInput!) { applicationSetTitles(input: $input) { errors { code } } }"""
OPINION = "同意<推荐>&优先"
HEADINGS = ["一、申报情况", "二、个人信息", "三、现有职称及聘任情况", "四、工作经历", "五、学历教育", "六、继续教育",
            "七、年度考核", "八、业绩情况", "九、破格申报情况", "十、申报相关附件", "十一、审核意见", "十二、评委会评审意见"]


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour (zlib + struct, no Pillow)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SEAL_PNG = png(40, 40, (200, 20, 20))
PHOTO_PNG = png(30, 42, (90, 120, 200))


async def upload_seal(http, actor, data: bytes = SEAL_PNG, name: str = "公章.png", unit=None) -> dict:
    unit_id = gid("Unit", (unit or actor.unit).id)
    response = await upload(http, SEAL, {"input": {"unitId": unit_id, "file": None}},
                            {"input.file": (name, data, "image/png")}, token=actor.token)
    return response.json()


async def export(http, app_id: str, token: str | None) -> dict:
    return await gql(http, EXPORT, {"input": {"applicationId": app_id}}, token=token)


async def exported_file(http, settings, app_id: str, token: str) -> tuple[dict, bytes]:
    result = await export(http, app_id, token)
    assert not payload_errors(result, "applicationReviewFormExport"), result
    job_id = result["data"]["applicationReviewFormExport"]["job"]["id"]
    await run_jobs(settings)
    job = (await gql(http, JOB, {"id": job_id}, token=token))["data"]["node"]
    assert job["status"] == "SUCCEEDED", job
    response = await http.get(job["resultFile"]["url"])
    assert response.status_code == 200
    return {"id": job_id, **job}, response.content


def table_rows(document) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def row_with(document, *texts: str):
    for table in document.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if all(text in cells for text in texts):
                return row
    raise AssertionError(f"no row with {texts}")


def assert_fits(document, seal_cell) -> None:
    """LibreOffice lays a table out by its w:tblGrid: each grid is the cells' widths, and the seal, with
    no wrap distance, fits inside its cell's margins (108 twips each side)."""
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        for tr in table._tbl.tr_lst:
            start = 0
            for tc in tr.tc_lst:
                assert int(tc.tcPr.tcW.get(qn("w:w"))) == sum(grid[start:start + tc.grid_span])
                start += tc.grid_span
    [inline] = seal_cell._tc.xpath(".//wp:inline")
    assert {inline.get(f"dist{side}") for side in "TBLR"} == {"0"}
    assert inline.extent.cx <= seal_cell.width - 2 * 108 * 635


async def submitted_exceptional(http, world) -> str:
    """An EXCEPTIONAL application with a current title, submitted; the employer has a seal."""
    token = world.applicant.token
    response = await upload(http, PHOTO, {"input": {"file": None}}, {"input.file": ("照片.png", PHOTO_PNG, "image/png")},
                            token=token)
    assert not response.json()["data"]["personUploadPhoto"]["errors"]
    app_id = await ready_application(http, world)
    result = await gql(http, SPECIAL_TYPE, {"input": {"applicationId": app_id, "declarationType": "EXCEPTIONAL"}},
                       token=token)
    assert not result["data"]["applicationChangeDeclarationType"]["errors"], result
    result = await gql(http, SPECIAL_FORM, {"input": {"applicationId": app_id, "reason": "业绩突出 <破格> & 推荐",
                                                      "achievementsSummary": "主持省重点工程"}}, token=token)
    assert not result["data"]["applicationSetSpecialForm"]["errors"], result
    result = await gql(http, TITLES, {"input": {"applicationId": app_id, "titles": [
        {"titleName": "工程师", "seriesName": "工程技术人员", "obtainedOn": "2015-12-01", "appointedOn": "2016-01-01",
         "appointmentUnit": "合肥宏达建设有限公司"}]}}, token=token)
    assert not result["data"]["applicationSetTitles"]["errors"], result
    result = await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=token)
    assert not payload_errors(result, "applicationSubmit"), result
    return app_id


async def test_form_has_every_section_the_photo_and_the_passed_nodes_seal(http, settings):
    world = await build_world()
    seal = await upload_seal(http, world.employer)
    assert not seal["data"]["unitSealUpload"]["errors"], seal
    app_id = await submitted_exceptional(http, world)
    await claim_and_decide(http, world.employer, opinion=OPINION)
    await claim_and_decide(http, world.department, opinion="同意推荐")

    job, data = await exported_file(http, settings, app_id, world.applicant.token)
    assert job["resultFile"]["name"] == "专业技术资格评审表-张三.docx"
    assert job["resultFile"]["contentType"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == HEADINGS
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == ["（一）论文发表情况"]
    assert document.paragraphs[0].text == "专业技术资格评审表"
    cells = {text for row in table_rows(document) for text in row}
    person = world.applicant.person
    assert {"张三", person.id_number, "高级工程师", "工程技术人员", "破格申请", "副高级", "合肥宏达建设有限公司",
            "工程师", "业绩突出 <破格> & 推荐", "大跨度钢结构施工技术研究", "身份证.png", "√"} <= cells
    # Each node: the employer passed and has a seal; the department passed without one; the rest wait.
    employer = row_with(document, "单位审核", "合肥宏达建设有限公司", "通过", OPINION)
    assert employer.cells[-1]._tc.xpath(".//w:drawing")
    assert_fits(document, employer.cells[-1])
    department = row_with(document, "主管部门审核", "合肥市城乡建设局", "通过", "同意推荐")
    assert not department.cells[-1]._tc.xpath(".//w:drawing")
    assert row_with(document, "市人社部门审核", "合肥市人力资源和社会保障局", "待审核")
    assert_blank_committee_result(document)  # the committee has not met
    assert len(document.inline_shapes) == 2  # the photo and one seal
    images = {p.blob for p in document.part.package.iter_parts() if p.content_type.startswith("image/")}
    assert images == {SEAL_PNG, PHOTO_PNG}


async def test_same_application_gives_the_same_file_and_a_rerun_keeps_one_row(http, settings):
    from workers.jobs import run_job

    world = await build_world()
    await upload_seal(http, world.employer)
    app_id = await ready_application(http, world)
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    # Before the employer passes, its seal is not on the form (and a photo missing from storage is left out).
    _, waiting = await exported_file(http, settings, app_id, world.applicant.token)
    document = Document(io.BytesIO(waiting))
    assert row_with(document, "单位审核", "合肥宏达建设有限公司", "待审核") and len(document.inline_shapes) == 0
    await claim_and_decide(http, world.employer, opinion=OPINION)
    job, first = await exported_file(http, settings, app_id, world.applicant.token)
    document = Document(io.BytesIO(first))
    assert "九、申报相关附件" in [p.text for p in document.paragraphs]  # no 破格 section for a regular one
    assert OPINION in {text for row in table_rows(document) for text in row}
    assert len(document.inline_shapes) == 1  # the employer's seal, now that it has passed

    # A second delivery of the same job (as after a crash mid-run) renders again: same bytes, same row.
    pk = int(relay.GlobalID.from_id(job["id"]).node_id)
    row = await Job.get(id=pk)
    from workers.lease import now

    # As after a crash mid-run: RUNNING under a lease that has run out.
    await Job.filter(id=pk).update(status=JobStatus.RUNNING, lease_owner="dead", lease_until=now() - timedelta(seconds=1))
    assert await run_job({}, pk) == "SUCCEEDED"
    assert (await Job.get(id=pk)).result_file_id == row.result_file_id
    files = await StoredFile.filter(purpose="review_form", id=row.result_file_id)
    assert len(files) == 1 and files[0].sha256 == hashlib.sha256(first).hexdigest()
    assert await StoredFile.filter(purpose="review_form").count() == 2  # the waiting form's and this one

    # A new export of the unchanged application, by the employer's admin: the same content.
    _, again = await exported_file(http, settings, app_id, world.employer.token)
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(first).hexdigest()


async def test_who_may_export(http, settings):
    world = await build_world()
    outsider_unit = await make_unit("无关单位", region="340200")
    stranger = await make_person("李四")
    app_id = await ready_application(http, world)

    result = await export(http, app_id, world.applicant.token)
    assert [e["code"] for e in payload_errors(result, "applicationReviewFormExport")] == ["NOT_SUBMITTED"]
    await gql(http, SUBMIT, {"input": {"applicationId": app_id}}, token=world.applicant.token)
    for actor in (world.applicant, world.employer):
        result = await export(http, app_id, actor.token)
        assert not payload_errors(result, "applicationReviewFormExport"), result
        assert result["data"]["applicationReviewFormExport"]["job"]["kind"] == "REVIEW_FORM"
    for actor in (outsider_unit, stranger):
        assert_forbidden(await export(http, app_id, actor.token))
    assert_forbidden(await export(http, gid("Application", 999999), world.applicant.token))
    assert_unauthenticated(await export(http, app_id, None))
    assert await Job.filter(kind="REVIEW_FORM").count() == 2
    # The job and its file are the requester's own.
    job_id = gid("Job", (await Job.filter(kind="REVIEW_FORM").order_by("id").first()).id)
    assert_unseen(await gql(http, JOB, {"id": job_id}, token=world.employer.token))


async def test_seal_upload_png_only_small_and_by_the_units_admins(http):
    world = await build_world()
    result = await upload_seal(http, world.employer)
    unit = result["data"]["unitSealUpload"]["unit"]
    assert unit["details"]["seal"] == {"name": "公章.png", "contentType": "image/png", "size": len(SEAL_PNG)}
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
    result = await upload_seal(http, world.employer, jpeg, "公章.jpg")
    assert [e["code"] for e in result["data"]["unitSealUpload"]["errors"]] == ["FILE_TYPE_NOT_ALLOWED"]
    big = SEAL_PNG + b"\x00" * (1024 * 1024)
    result = await upload_seal(http, world.employer, big)
    assert [e["code"] for e in result["data"]["unitSealUpload"]["errors"]] == ["FILE_TOO_LARGE"]
    # Neither an HR bureau above the unit nor another unit's admin may stamp for it.
    for intruder in (world.city_hr, world.department):
        assert_forbidden(await upload_seal(http, intruder, unit=world.employer.unit))
    response = await upload(http, SEAL, {"input": {"unitId": gid("Unit", world.employer.unit.id), "file": None}},
                            {"input.file": ("公章.png", SEAL_PNG, "image/png")})
    assert_unauthenticated(response.json())


def committee_result(document) -> list[str]:
    """评委会评审意见 as printed: the four counts, the conclusion, the date (the table's value cells)."""
    votes = row_with(document, "出席人数", "赞成票数", "反对票数", "弃权票数")
    return [c.text for c in votes.cells[1::2]] + [row_with(document, "评审结论").cells[1].text,
                                                  row_with(document, "评审日期").cells[1].text]


def assert_blank_committee_result(document) -> None:
    assert committee_result(document) == ["", "", "", "", "", BLANK_DATE]
    assert not row_with(document, "评委会盖章").cells[-1]._tc.xpath(".//w:drawing")


async def test_committee_result_fills_the_form_with_the_vote_the_date_and_the_managing_units_seal(http, settings):
    scene = await Scene().build()
    seal = await upload_seal(http, scene.province)  # the HR bureau that manages the committee
    assert not seal["data"]["unitSealUpload"]["errors"], seal
    meeting = today() - timedelta(days=3)
    scheme_id = await approved_scheme(http, scene, meetingDate=str(meeting))
    passed, failed = gid("Application", scene.apps[0].id), gid("Application", scene.apps[1].id)
    # The scene's declarations were approved without going through the chain: give them a submission day, so
    # the provincial bureau (above the employer) may export their forms.
    await Application.filter(id__in=[a.id for a in scene.apps]).update(submitted_at=datetime.now(timezone.utc))
    token = scene.province.token
    # A participant whose result is not recorded yet: blank lines, no seal.
    _, data = await exported_file(http, settings, passed, token)
    assert_blank_committee_result(Document(io.BytesIO(data)))

    ids = [p["id"] for p in (await gql(http, PARTICIPANTS, {"id": scheme_id}, token=scene.organizer.token))[
        "data"]["node"]["participants"]]
    votes = [{"participantId": ids[0], "membersPresent": 25, "votesFor": 19, "votesAgainst": 4, "votesAbstain": 2,
              "conclusion": "PASSED"},
             {"participantId": ids[1], "membersPresent": 25, "votesFor": 11, "votesAgainst": 13, "votesAbstain": 1,
              "conclusion": "FAILED"}]
    result = await gql(http, RECORD, {"input": {"schemeId": scheme_id, "results": votes}}, token=scene.organizer.token)
    assert not payload_errors(result, "evaluationResultsRecord"), result

    _, data = await exported_file(http, settings, passed, token)
    document = Document(io.BytesIO(data))
    assert committee_result(document) == ["25", "19", "4", "2", "通过", meeting.isoformat()]
    stamp = row_with(document, "评委会盖章").cells[-1]
    assert stamp._tc.xpath(".//w:drawing")
    assert_fits(document, stamp)
    images = {p.blob for p in document.part.package.iter_parts() if p.content_type.startswith("image/")}
    assert images == {SEAL_PNG}
    # The same result gives the same file.
    _, again = await exported_file(http, settings, passed, token)
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(data).hexdigest()

    # 不通过 is printed and stamped too; a meeting date after the day the vote was recorded is not the day the
    # committee sat: the form shows the recording day.
    await EvaluationScheme.filter(id=int(pk(scheme_id))).update(meeting_date=today() + timedelta(days=30))
    _, data = await exported_file(http, settings, failed, token)
    document = Document(io.BytesIO(data))
    assert committee_result(document) == ["25", "11", "13", "1", "不通过", today().isoformat()]
    assert row_with(document, "评委会盖章").cells[-1]._tc.xpath(".//w:drawing")

    # Without a seal on the managing unit, the part is filled and the cell left for an offline stamp.
    await Unit.filter(id=scene.province.unit.id).update(seal_id=None)
    _, data = await exported_file(http, settings, passed, token)
    document = Document(io.BytesIO(data))
    assert committee_result(document)[:5] == ["25", "19", "4", "2", "通过"]
    assert not document.inline_shapes
