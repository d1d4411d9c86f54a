"""The documents of a recognition (RECOGNITION_FORM): 异地职称确认表 with the person, the title, the basic
information, the education records and the attachments; 专业技术资格确认审核表 with the province's heading and
each unit that passed, with its seal; the certificate without a number row taking the 审核表 as its document;
byte-stable, idempotent jobs; and render_certificate never drawing an e-certificate for such a certificate."""
from __future__ import annotations

import hashlib
import io
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from docx import Document

from models.achievement.fields import validate
from models.achievement.models import AchievementCategory
from models.catalogue.models import LEVEL_LABELS, Level, Series, Specialty, TitleName
from models.certificate.models import Certificate, DocumentState
from models.certificate.rendering import render_certificate
from models.core.file import StoredFile
from models.core.job import Job, JobKind, JobStatus
from models.core.ports import storage
from models.core.storage import read_all
from models.core.transaction import atomic, create_job
from models.person.binding import BindingStatus
from models.person.models import Person
from models.recognition.config import ANHUI, SLOTS
from models.recognition.create import bump
from models.recognition.documents import recognition_documents
from models.recognition.issuing import recognise
from models.recognition.models import (
    Recognition,
    RecognitionAttachment,
    RecognitionEducation,
    RecognitionStatus,
)
from models.unit.models import Unit, UnitKind, UnitNature
from models.workflow.models import Decision, NodeKind, ProcessType, Task, TaskStatus
from tests.helpers import (
    Actor,
    gid,
    gql,
    make_person,
    make_unit,
    payload_errors,
    run_jobs,
)
from tests.test_review_form import assert_fits, png, row_with, table_rows
from workers.recognition_form import APPROVAL, render_docx
from workers.review_form import _blobs

EMPLOYER_SEAL, PROVINCE_SEAL = png(40, 40, (200, 20, 20)), png(44, 44, (180, 30, 60))
PHOTO_PNG = png(35, 45, (90, 120, 200))
WORK_HISTORY = "2009—2021 江苏 <结构设计> & 施工管理"
EMPLOYER_OPINION = "同意<推荐>&上报"
BASIC = {"work_started_on": date(2009, 2, 26), "previous_unit": "江苏飞扬建设工程有限公司",
         "transferred_on": date(2021, 7, 8), "political_status": "CPC_MEMBER", "original_title": "高级工程师",
         "original_committee": "江苏省工程系列高级评审委员会", "original_acquired_on": date(2021, 3, 12),
         "original_issuer": "江苏省人社局", "original_approval_number": "苏人社发〔2021〕256号",
         "original_number": "95416416416", "work_history": WORK_HISTORY, "highest_education": "MASTER"}
# As the form prints them: dates, and choices as their labels (最高学历 is Sichuan's, printed because filled).
BASIC_SHOWN = {"参加工作时间": "2009-02-26", "原工作单位": "江苏飞扬建设工程有限公司", "调入/转业时间": "2021-07-08",
               "政治面貌": "中共党员", "原专业技术资格": "高级工程师", "原专业技术资格评审委员会": "江苏省工程系列高级评审委员会",
               "原专业技术资格取得时间": "2021-03-12", "原专业技术资格发证单位": "江苏省人社局",
               "原专业技术资格批准文号": "苏人社发〔2021〕256号", "原证书编号": "95416416416",
               "主要工作经历": WORK_HISTORY, "最高学历": "硕士研究生", "备注": ""}
EDUCATIONS = [
    {"start_date": "2004-09-01", "end_date": "2008-07-01", "school": "中国科学技术大学", "major": "工程力学",
     "education": "BACHELOR", "schooling_years": 4, "degree_obtained": True, "degree": "BACHELOR",
     "is_highest": False, "is_first": True},
    {"start_date": "2008-09-01", "end_date": "2011-07-01", "school": "东南大学", "major": "结构工程",
     "education": "MASTER", "schooling_years": 3, "degree_obtained": True, "degree": "MASTER",
     "is_highest": True, "is_first": False},
]
EDUCATION_ROWS = [["1", "2004-09-01", "2008-07-01", "中国科学技术大学", "工程力学", "4年", "学士", "大学本科", "否", "是"],
                  ["2", "2008-09-01", "2011-07-01", "东南大学", "结构工程", "3年", "硕士", "硕士研究生", "是", "否"]]
ATTACHMENTS = [("ID_CARD", "身份证正面.png"), ("ID_CARD", "身份证反面.png"), ("CONTRACT", "劳动合同<2021>&.pdf")]
REVOKE = """mutation($input: CertificateRevokeInput!) { certificateRevoke(input: $input) {
  errors { field code message } certificate { status documentState } } }"""
SHANGHAI = timezone(timedelta(hours=8))


async def stored(data: bytes, name: str, content_type: str = "image/png", purpose: str = "seal") -> StoredFile:
    async def chunks():
        yield data

    sha, size = await storage().put(chunks(), len(data))
    return await StoredFile.create(sha256=sha, size=size, content_type=content_type, name=name, purpose=purpose)


async def bureau(name: str, region: str) -> Actor:
    return await make_unit(name, kind=UnitKind.HR_BUREAU, region=region, nature=UnitNature.GOVERNMENT_AGENCY)


@dataclass
class World:
    person: Actor
    employer: Actor
    city: Actor
    province: Actor
    row: Recognition
    title: TitleName


async def completed(row: Recognition, actor: Actor, kind: NodeKind, decision: Decision, opinion: str,
                    on: datetime, created: datetime | None = None) -> Task:
    task = await Task.create(process_type=ProcessType.RECOGNITION, subject_id=row.id, unit_id=actor.unit.id,
                             node_kind=kind, title="异地职称确认-张三", person_id=row.person_id,
                             status=TaskStatus.COMPLETED, decision=decision, opinion=opinion,
                             completed_by_id=actor.account.id, completed_at=on)
    if created is not None:
        await Task.filter(id=task.id).update(created_at=created)
    return task


async def world() -> World:
    """张三 of 合肥宏达建设有限公司 (340102) asks to have 江苏's 高级工程师 recognised; the employer (with a seal), the
    city bureau (without) and the provincial bureau (with) passed it in this round, after the employer had
    returned it once."""
    province = await bureau("安徽省人力资源和社会保障厅", "340000")
    city = await bureau("合肥市人力资源和社会保障局", "340100")
    employer = await make_unit("合肥宏达建设有限公司", region="340102")
    for actor, seal in ((employer, EMPLOYER_SEAL), (province, PROVINCE_SEAL)):
        await Unit.filter(id=actor.unit.id).update(seal_id=(await stored(seal, "公章.png")).id)
    person = await make_person("张三", unit=employer.unit, status=BindingStatus.APPROVED)
    photo = await stored(PHOTO_PNG, "照片.png", purpose="photo")
    await Person.filter(id=person.person.id).update(photo_id=photo.id)
    series = await Series.get(code="ENGINEERING")
    specialty = await Specialty.filter(series=series).order_by("id").first()
    title = await TitleName.filter(series=series).order_by("id").first()
    submitted = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    row = await Recognition.create(person_id=person.person.id, unit_id=employer.unit.id, series=series,
                                   specialty=specialty, title_name=title, level=Level(title.level).value,
                                   photo_id=photo.id, status=RecognitionStatus.IN_REVIEW, submitted_at=submitted,
                                   review_path=[["EMPLOYER", employer.unit.id], ["HR_BUREAU_CITY", city.unit.id],
                                                ["HR_BUREAU_PROVINCE", province.unit.id]], path_position=2,
                                   **BASIC)
    for data in EDUCATIONS:
        await RecognitionEducation.create(recognition_id=row.id,
                                          data=validate(AchievementCategory.EDUCATION, data).data)
    for slot, name in ATTACHMENTS:
        file = await stored(name.encode(), name, "application/pdf", "recognition")
        await RecognitionAttachment.create(recognition_id=row.id, slot=slot, file_id=file.id)
    await completed(row, employer, NodeKind.EMPLOYER, Decision.RETURN, "材料不全，请补充养老保险",
                    submitted - timedelta(days=3), created=submitted - timedelta(days=4))
    await completed(row, employer, NodeKind.EMPLOYER, Decision.PASS, EMPLOYER_OPINION,
                    datetime(2026, 3, 3, 2, 0, tzinfo=SHANGHAI))
    await completed(row, city, NodeKind.HR_BUREAU_CITY, Decision.PASS, "同意",
                    datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI))
    await completed(row, province, NodeKind.HR_BUREAU_PROVINCE, Decision.PASS, "同意确认",
                    datetime(2026, 3, 9, 23, 30, tzinfo=SHANGHAI))
    return World(person, employer, city, province, row, title)


async def approve(w: World) -> Certificate:
    """The provincial bureau's PASS, as models/recognition/process.py records it: the certificate (Anhui: no
    e-certificate, the original number) and the APPROVAL job."""
    async with atomic():
        row = await Recognition.get(id=w.row.id)
        cert = await recognise(row, ANHUI, w.province.unit, w.province.account.id)
        await bump(row, status=RecognitionStatus.APPROVED, certificate_id=cert.id,
                   finished_at=datetime.now(UTC))
    return cert


async def queue(w: World, document: str) -> Job:
    async with atomic():
        return await create_job(JobKind.RECOGNITION_FORM, {"recognition_id": w.row.id, "document": document},
                                w.person.account.id)


async def result(job_id: int) -> tuple[Job, StoredFile, bytes]:
    job = await Job.get(id=job_id)
    assert job.status == JobStatus.SUCCEEDED, job.error
    file = await StoredFile.get(id=job.result_file_id)
    return job, file, await read_all(storage(), file.sha256)


def images_of(document) -> set[bytes]:
    return {p.blob for p in document.part.package.iter_parts() if p.content_type.startswith("image/")}


def cells(document) -> set[str]:
    return {text for row in table_rows(document) for text in row}


async def test_the_form_prints_the_person_the_title_the_basic_information_the_education_and_the_files(http,
                                                                                                     settings):
    w = await world()
    job = await queue(w, "FORM")
    await run_jobs(settings)
    job, file, data = await result(job.id)
    assert (file.name, file.purpose) == ("异地职称确认表-张三.docx", "recognition_form")
    assert file.content_type.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "异地职称确认表"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "一、基本信息", "二、教育经历", "三、申报相关附件"]
    person = w.person.person
    specialty = await Specialty.get(id=w.row.specialty_id)
    assert row_with(document, "姓名", "张三", "性别", "男")
    assert row_with(document, "证件号码", person.id_number, "手机号码", person.mobile)
    assert row_with(document, "单位", "合肥宏达建设有限公司")
    assert row_with(document, "申请确认级别", LEVEL_LABELS[Level(w.title.level)], "申请确认系列", "工程技术人员")
    assert row_with(document, "申请确认专业", specialty.name, "申请确认资格", w.title.name)
    # Each basic value beside its label (user text with < and & stays text).
    printed = {}
    for row in document.tables[0].rows:
        texts = [c.text for c in row.cells]
        for label, value in itertools.pairwise(texts):
            if label in BASIC_SHOWN:
                printed[label] = value
    assert printed == BASIC_SHOWN
    assert "业务专长" not in cells(document)  # Sichuan's, not asked in Anhui, and empty
    assert "&lt;" not in cells(document) and WORK_HISTORY in cells(document)
    for expected in EDUCATION_ROWS:
        assert [c.text for c in row_with(document, expected[3]).cells] == expected
    for slot in SLOTS:
        assert slot.name in cells(document)
    assert [c.text for c in row_with(document, "身份证").cells] == ["1", "身份证", "是", "2",
                                                                 "身份证正面.png；身份证反面.png"]
    assert [c.text for c in row_with(document, "合同或工作协议").cells][3:] == ["1", "劳动合同<2021>&.pdf"]
    assert [c.text for c in row_with(document, "养老保险").cells][3:] == ["0", "无"]
    assert len(document.inline_shapes) == 1 and images_of(document) == {PHOTO_PNG}  # the photo, no seal

    # The same recognition gives the same bytes; a second delivery of the job keeps its file.
    again = await queue(w, "FORM")
    await run_jobs(settings)
    _, _, data_again = await result(again.id)
    assert hashlib.sha256(data_again).hexdigest() == file.sha256
    await redeliver(job.id)
    assert (await Job.get(id=job.id)).result_file_id == file.id
    assert await StoredFile.filter(purpose="recognition_form").count() == 2  # one per job


async def redeliver(job_id: int) -> None:
    """As after a crash mid-run: RUNNING under a lease that has run out, delivered again."""
    from workers.jobs import run_job
    from workers.lease import now

    await Job.filter(id=job_id).update(status=JobStatus.RUNNING, lease_owner="dead",
                                       lease_until=now() - timedelta(seconds=1))
    assert await run_job({}, job_id) == "SUCCEEDED"


async def test_the_approval_form_has_the_provinces_heading_each_passed_unit_and_its_seal(http, settings):
    w = await world()
    cert = await approve(w)
    assert cert.number_row_id is None and cert.number == "95416416416"
    assert cert.document_state == DocumentState.GENERATING
    # Until the 审核表 is attached, a render of this certificate draws nothing and changes nothing.
    assert await render_certificate(cert.id) is False
    unchanged = await Certificate.get(id=cert.id)
    assert (unchanged.version, unchanged.document_id, unchanged.document_state) == (
        cert.version, None, DocumentState.GENERATING)
    await run_jobs(settings)  # the APPROVAL job the PASS queued
    [job] = await Job.filter(kind=JobKind.RECOGNITION_FORM)
    assert job.params == {"recognition_id": w.row.id, "document": "APPROVAL"}
    job, file, data = await result(job.id)
    assert (file.name, file.purpose) == ("专业技术资格确认审核表-张三.docx", "recognition_approval")
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "安徽省专业技术资格确认审核表"
    person = w.person.person
    assert row_with(document, "出生日期", "1985-06-15", "证件号码", person.id_number)
    assert row_with(document, "工作单位", "合肥宏达建设有限公司")
    assert row_with(document, "申请确认资格", w.title.name)
    assert row_with(document, "原专业技术资格", "高级工程师", "原专业技术资格取得时间", "2021-03-12")
    assert row_with(document, "原证书编号", "95416416416")
    employer = row_with(document, "单位审核", "合肥宏达建设有限公司", EMPLOYER_OPINION, "2026-03-03")
    city = row_with(document, "市人社部门审核", "合肥市人力资源和社会保障局", "同意", "2026-03-05")
    province = row_with(document, "省人社部门审核", "安徽省人力资源和社会保障厅", "同意确认", "2026-03-09")
    assert [r.cells[0].text for r in (employer, city, province)] == ["1", "2", "3"]
    assert employer.cells[-1]._tc.xpath(".//w:drawing") and province.cells[-1]._tc.xpath(".//w:drawing")
    assert not city.cells[-1]._tc.xpath(".//w:drawing")  # no seal uploaded: stamped offline
    assert_fits(document, employer.cells[-1])  # the grid is the cells' widths, and the seal is inside its cell
    assert "材料不全，请补充养老保险" not in cells(document)  # the earlier round's RETURN
    assert len(document.inline_shapes) == 3  # the photo and the two seals
    assert images_of(document) == {PHOTO_PNG, EMPLOYER_SEAL, PROVINCE_SEAL}

    # The recognition keeps it, and the certificate without a number row shows it as its document.
    row = await Recognition.get(id=w.row.id)
    assert row.approval_form_id == file.id
    attached = await Certificate.get(id=cert.id)
    assert (attached.document_id, attached.document_state, attached.document_status, attached.version) == (
        file.id, DocumentState.READY, "VALID", cert.version + 1)

    # Again, as a second delivery and as a new job: the same bytes, the same file, nothing else changes.
    await redeliver(job.id)
    async with atomic():
        second = await create_job(JobKind.RECOGNITION_FORM, {"recognition_id": w.row.id, "document": "APPROVAL"},
                                  None)
    await run_jobs(settings)
    for job_id in (job.id, second.id):
        _, again, data_again = await result(job_id)
        assert again.id == file.id and hashlib.sha256(data_again).hexdigest() == file.sha256
    assert await StoredFile.filter(purpose="recognition_approval").count() == 1
    after = await Certificate.get(id=cert.id)
    assert (after.version, after.document_id, after.updated_at) == (attached.version, file.id, attached.updated_at)
    later = await Recognition.get(id=w.row.id)
    assert (later.version, later.approval_form_id, later.updated_at) == (row.version, file.id, row.updated_at)

    # A revocation's re-render job records the status on the same document, and draws no e-certificate.
    revoked = await gql(http, REVOKE, {"input": {"certificateId": gid("Certificate", cert.id), "reason": "材料造假"}},
                        token=w.province.token)
    assert payload_errors(revoked, "certificateRevoke") == []
    assert revoked["data"]["certificateRevoke"]["certificate"] == {"status": "REVOKED", "documentState": "GENERATING"}
    await run_jobs(settings)
    render = await Job.get(kind=JobKind.CERTIFICATE_RENDER)
    assert render.status == JobStatus.SUCCEEDED, render.error
    final = await Certificate.get(id=cert.id)
    assert (final.document_id, final.document_state, final.document_status) == (
        file.id, DocumentState.READY, "REVOKED")
    assert await StoredFile.filter(purpose="certificate").count() == 0
    assert await render_certificate(cert.id) is True  # current: nothing more
    assert (await Certificate.get(id=cert.id)).version == final.version


def pdf_pages(docx: bytes, tmp_path) -> int:
    """The pages LibreOffice lays the document out on (its own profile, so a running soffice is no matter)."""
    source = tmp_path / "form.docx"
    source.write_bytes(docx)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "form.pdf"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
async def test_the_approval_form_of_the_four_anhui_units_is_one_a4_page(http, settings, tmp_path):
    """单位, 主管部门, 市人社 and 省人社 passed, three with seals: the head and the four rows, each as tall as its
    seal, fit on one page (with 34 mm rows the fourth spilled onto a second)."""
    w = await world()
    docs = await recognition_documents(w.row.id)
    employer, city, province = docs.context["passed"]
    department = {**city, "label": "主管部门审核", "unit": "安徽省住房和城乡建设厅", "opinion": "经审核，同意确认",
                  "seal": employer["seal"]}
    passed = [{**n, "no": i} for i, n in enumerate((employer, department, city, province), start=1)]
    data = render_docx(APPROVAL, {**docs.context, "passed": passed}, await _blobs(docs.images))
    assert len(Document(io.BytesIO(data)).inline_shapes) == 4  # the photo and three seals
    assert pdf_pages(data, tmp_path) == 1
