"""Demo reissues (补换证, issue 9 §2), through the rules the GraphQL mutations call: a colleague of 陈静 lost
the certificate issued last year and had the unit's name corrected; the chain (school → … → 合肥市人社局)
passed it, so the old certificate reads REPLACED by a YB one. A second teacher's reissue of a certificate
entered by hand waits in the employer's task centre (待领取). 陈静's own certificate is left free for the
README's walk-through.

Like the revocation, this needs certificates the issue job made: ``load_demo`` runs it after that job, in
its own transaction, then the render jobs it creates.
"""
from __future__ import annotations

from tortoise.expressions import Subquery

from models.access.viewer import load_viewer
from models.catalogue.models import Series, Specialty, TitleName
from models.certificate.models import Certificate, CertificateStatus, IssuerCode
from models.certificate.ranges import create_range
from models.core.ports import storage
from models.evaluation.results import today
from models.person.models import Person
from models.reissue.create import ManualCertificate, create_reissue, upload_file
from models.reissue.process import submit_reissue
from models.unit.models import UnitAdmin
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import Decision, ProcessType, Task, TaskStatus
from workers.pledge_document import reissue_pledge_docx
from zhicheng.demo.context import Upload, tiny_pdf
from zhicheng.demo.declarations import WALKER_MOBILE

PHOTO_BYTES = 2 * 1024 * 1024


async def _files(person: Person, reissue_id: int) -> None:
    viewer = await load_viewer(person.account_id)
    evidence = tiny_pdf("Zhicheng demo document", "Lost certificate notice", "Generated sample.")
    for kind, upload in (("EVIDENCE", Upload("遗失声明.pdf", evidence)),
                         ("PLEDGE", Upload("补换证承诺书.docx", reissue_pledge_docx()))):
        await upload_file(viewer, storage(), reissue_id, kind, upload, PHOTO_BYTES)


async def _unit_viewer(unit_id: int):
    admin = await UnitAdmin.filter(unit_id=unit_id).order_by("id").first()
    return await load_viewer(admin.account_id)


async def insert_reissues() -> None:
    walker = await Person.get(mobile=WALKER_MOBILE)
    cert = await Certificate.filter(status=CertificateStatus.VALID, issuer_unit_id__isnull=False).exclude(
        person_id=walker.id).order_by("id").first()
    if cert is None:
        return
    code = await IssuerCode.get(active_unit_id=cert.issuer_unit_id)
    province = await _unit_viewer(await _province_bureau())
    await create_range(province, code.id, today().year, "01", 1, 9999)  # the YB numbers of this year

    # Approved: the whole chain passed, the issuer last.
    holder = await Person.get(id=cert.person_id)
    reissue = await create_reissue(await load_viewer(holder.account_id), cert.id, None,
                                   "证书在搬迁中遗失，已登报声明作废", [("UNIT_NAME", f"{cert.unit_name}（本部）")])
    await _files(holder, reissue.id)
    await submit_reissue(await _reload(reissue.id), holder.account_id)
    while task := await Task.filter(process_type=ProcessType.REISSUE, subject_id=reissue.id,
                                    status=TaskStatus.READY).first():
        viewer = await _unit_viewer(task.unit_id)
        await claim_task(viewer, task.id)
        await decide_task(viewer, task.id, Decision.PASS, "情况属实，同意补发")

    # Waiting at the employer: a certificate from before the platform, entered by hand.
    other = await Person.filter(current_unit_id__isnull=False, photo_id__isnull=False).exclude(
        id__in=[walker.id, holder.id]).exclude(
        id__in=Subquery(Certificate.all().values("person_id"))).order_by("id").first()
    if other is None:
        return
    series = await Series.get(code="SCHOOL_TEACHER")
    title = await TitleName.filter(series=series, level="INTERMEDIATE").order_by("id").first()
    specialty = await Specialty.filter(series=series).order_by("id").first()
    manual = ManualCertificate(
        name=other.real_name, gender=other.gender.value, birth_date=other.birth_date.isoformat(),
        id_type=other.id_type.value, id_number=other.id_number, acquisition_method="评审", series_id=series.id,
        specialty_id=specialty.id, title_name_id=title.id, acquired_on="2015-12-20",
        approval_number="合人社秘〔2015〕42号", nature="", issue_date="2016-01-15",
        issuer_unit_id=cert.issuer_unit_id, number="RD2015340100427", unit_name="合肥市第四十五中学")
    pending = await create_reissue(await load_viewer(other.account_id), None, manual, "原纸质证书信息有误，申请换发",
                                   [("SPECIALTY_NAME", specialty.name + "（初中）")])
    await _files(other, pending.id)
    await submit_reissue(await _reload(pending.id), other.account_id)


async def _reload(reissue_id: int):
    from models.reissue.models import Reissue

    return await Reissue.get(id=reissue_id)


async def _province_bureau() -> int:
    from models.unit.models import Unit, UnitKind

    return (await Unit.get(kind=UnitKind.HR_BUREAU, region_id="340000")).id


async def report_lines() -> list[str]:
    from models.reissue.models import Reissue

    lines = []
    for row in await Reissue.all().order_by("id"):
        person = await Person.get(id=row.person_id)
        new = await Certificate.get_or_none(id=row.new_certificate_id) if row.new_certificate_id else None
        after = f"，新证书编号 {new.number}（原证书 {row.original.get('number')} 已换发）" if new else ""
        lines.append(f"  补换证：{person.real_name}（{row.status.value}）{after}")
    return lines
