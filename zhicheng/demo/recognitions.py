"""Demo recognitions (异地职称确认, issue 9 §1), through the rules the GraphQL mutations call: teachers who
brought titles from Jiangsu, Zhejiang and Henan. One passed the whole chain (its title is among the
person's certificates, 取得方式 确认, with the 专业技术资格确认审核表); one waits past the employer; one was
returned by the employer for a missing file; one is a draft. 陈静 has none: the README's walk-through
creates hers.
"""
from __future__ import annotations

from tortoise.expressions import Subquery

from models.access.viewer import load_viewer
from models.catalogue.models import Series, Specialty, TitleName
from models.core.ports import storage
from models.person.models import Person
from models.recognition.create import (
    add_attachment,
    create_recognition,
    save_education,
    update_recognition,
)
from models.recognition.models import Recognition
from models.recognition.process import submit_recognition
from models.reissue.models import Reissue
from models.unit.models import UnitAdmin
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import Decision, ProcessType, Task, TaskStatus
from zhicheng.demo.context import Upload, tiny_pdf
from zhicheng.demo.declarations import WALKER_MOBILE

REQUIRED_SLOTS = ("ID_CARD", "ORIGINAL_CERTIFICATE", "CONTRACT", "PENSION", "APPOINTMENT")
STORIES = (  # (原评委会, 原发证单位, 批准文号, 原证书编号, 原工作单位, how far it goes)
    ("江苏省中小学教师中级职称评审委员会", "江苏省人力资源和社会保障厅", "苏人社发〔2019〕118号", "JS2019320100118",
     "南京市第九中学", "APPROVED"),
    ("浙江省中小学教师中级职称评审委员会", "浙江省人力资源和社会保障厅", "浙人社发〔2020〕77号", "ZJ2020330100077",
     "杭州市第二中学", "PAST_EMPLOYER"),
    ("河南省中小学教师中级职称评审委员会", "河南省人力资源和社会保障厅", "豫人社〔2018〕96号", "HN2018410100096",
     "郑州市第七中学", "RETURNED"),
    ("湖北省中小学教师中级职称评审委员会", "湖北省人力资源和社会保障厅", "鄂人社发〔2021〕35号", "HB2021420100035",
     "武汉市第三中学", "DRAFT"),
)


async def _unit_viewer(unit_id: int):
    admin = await UnitAdmin.filter(unit_id=unit_id).order_by("id").first()
    return await load_viewer(admin.account_id)


async def _decide_next(row_id: int, decision: Decision, opinion: str) -> None:
    task = await Task.get(process_type=ProcessType.RECOGNITION, subject_id=row_id, status=TaskStatus.READY)
    viewer = await _unit_viewer(task.unit_id)
    await claim_task(viewer, task.id)
    await decide_task(viewer, task.id, decision, opinion)


async def insert_recognitions() -> None:
    walker = await Person.get(mobile=WALKER_MOBILE)
    taken = Subquery(Reissue.all().values("person_id"))
    persons = await Person.filter(current_unit_id__isnull=False, photo_id__isnull=False).exclude(
        id=walker.id).exclude(id__in=taken).order_by("-id").limit(len(STORIES))
    series = await Series.get(code="SCHOOL_TEACHER")
    title = await TitleName.filter(series=series, level="INTERMEDIATE").order_by("id").first()
    specialty = await Specialty.filter(series=series).order_by("id").first()
    scan = tiny_pdf("Zhicheng demo document", "Scanned attachment", "Generated sample.")
    for person, (committee, issuer, approval, number, previous, stage) in zip(persons, STORIES):
        viewer = await load_viewer(person.account_id)
        row = await create_recognition(viewer, series.id, specialty.id, title.id)
        await update_recognition(viewer, row.id, None, {
            "work_started_on": "2010-08-20", "previous_unit": previous, "transferred_on": "2022-08-15",
            "political_status": "CPC_MEMBER", "original_title": title.name, "original_committee": committee,
            "original_acquired_on": "2019-12-18", "original_issuer": issuer, "original_approval_number": approval,
            "original_number": number, "work_history": f"2010年起在{previous}任教，2022年调入现单位"})
        await save_education(viewer, row.id, None, {
            "start_date": "2006-09-01", "end_date": "2010-07-01", "school": "南京师范大学", "major": "汉语言文学",
            "education": "BACHELOR", "schooling_years": 4, "degree_obtained": True, "degree": "BACHELOR",
            "is_highest": True, "is_first": True})
        if stage == "DRAFT":
            continue
        for slot in REQUIRED_SLOTS:
            await add_attachment(viewer, storage(), row.id, slot, Upload(f"{slot.lower()}.pdf", scan))
        await submit_recognition(await Recognition.get(id=row.id), person.account_id)
        if stage == "RETURNED":
            await _decide_next(row.id, Decision.RETURN, "请补充上传调令或行政介绍信")
            continue
        await _decide_next(row.id, Decision.PASS, "材料齐全，同意上报")
        if stage == "APPROVED":
            while await Task.filter(process_type=ProcessType.RECOGNITION, subject_id=row.id,
                                    status=TaskStatus.READY).exists():
                await _decide_next(row.id, Decision.PASS, "经审核，同意确认")


async def report_lines() -> list[str]:
    lines = []
    for row in await Recognition.all().order_by("id"):
        person = await Person.get(id=row.person_id)
        after = f"，已列入我的职称（证书编号 {row.original_number}）" if row.certificate_id else ""
        lines.append(f"  异地职称确认：{person.real_name}（{row.status.value}）{after}")
    return lines
