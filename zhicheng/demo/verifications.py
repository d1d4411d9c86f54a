"""Demo certificate verification requests (证书核验, issue 9 §3), through the rules the GraphQL mutations call:
teachers with certificates from before the platform. One was verified by the committee's organizer (it is
among the person's certificates, 取得方式 评审, its document the scan); one waits in the organizer's task
centre; one is a draft that still lacks its scan.
"""
from __future__ import annotations

from datetime import date

from tortoise.expressions import Subquery

from models.access.viewer import load_viewer
from models.catalogue.models import Specialty, TitleName
from models.committee.models import Committee, CommitteeOrganizer
from models.core.ports import storage
from models.person.models import Person
from models.recognition.models import Recognition
from models.reissue.models import Reissue
from models.unit.models import UnitAdmin
from models.verification_request.create import CertificateEntry, add_attachment, create_request
from models.verification_request.models import VerificationRequest
from models.verification_request.process import submit_request
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import Decision, ProcessType, Task, TaskStatus
from zhicheng.demo.context import Upload, tiny_pdf
from zhicheng.demo.declarations import WALKER_MOBILE

STAGES = ("APPROVED", "IN_REVIEW", "DRAFT")


async def insert_verifications() -> None:
    committee = await Committee.filter(id__in=Subquery(CommitteeOrganizer.all().values("committee_id")),
                                       status="ACTIVE").order_by("id").first()
    if committee is None:
        return
    walker = await Person.get(mobile=WALKER_MOBILE)
    taken = [walker.id, *await Reissue.all().values_list("person_id", flat=True),
             *await Recognition.all().values_list("person_id", flat=True)]
    persons = await Person.filter(current_unit_id__isnull=False).exclude(id__in=taken).order_by("-id").offset(
        10).limit(len(STAGES))
    title = await TitleName.filter(series_id=committee.series_id).order_by("id").first()
    specialty = await Specialty.filter(series_id=committee.series_id).order_by("id").first()
    scan = tiny_pdf("Zhicheng demo document", "Scanned certificate", "Generated sample.")
    for i, (person, stage) in enumerate(zip(persons, STAGES)):
        viewer = await load_viewer(person.account_id)
        row = await create_request(viewer, CertificateEntry(
            committee_id=committee.id, number=f"AH{2008 + i}340000{i:04d}", series_id=committee.series_id,
            specialty_id=specialty.id, specialty_name="", title_name_id=title.id,
            acquired_on=date(2008 + i, 12, 20), approval_number=f"皖人社秘〔{2008 + i}〕{100 + i}号",
            issue_date=date(2009 + i, 1, 15), issuer_name="安徽省人事厅", unit_name="合肥市第八中学"))
        if stage == "DRAFT":
            continue
        await add_attachment(viewer, storage(), row.id, "CERTIFICATE", Upload("职称证书.pdf", scan))
        await submit_request(await VerificationRequest.get(id=row.id), person.account_id)
        if stage == "APPROVED":
            task = await Task.get(process_type=ProcessType.CERTIFICATE_VERIFICATION, subject_id=row.id,
                                  status=TaskStatus.READY)
            admin = await UnitAdmin.filter(unit_id=task.unit_id).order_by("id").first()
            reviewer = await load_viewer(admin.account_id)
            await claim_task(reviewer, task.id)
            await decide_task(reviewer, task.id, Decision.PASS, "经核对人事档案，证书真实")


async def report_lines() -> list[str]:
    lines = []
    for row in await VerificationRequest.all().order_by("id"):
        person = await Person.get(id=row.person_id)
        after = "，已列入我的职称" if row.certificate_id else ""
        lines.append(f"  证书核验：{person.real_name}（{row.status.value}）证书编号 {row.number}{after}")
    return lines
