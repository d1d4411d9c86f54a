"""Demo 初定 / 认定 declarations (issue 9 §4), through the rules the GraphQL mutations call: Hefei's HR bureau
accepts and issues 初级 初定 and 认定 for the city (受理机构), and persons of Hefei units declare with their
approved library records. One 初定 passed the whole chain (its certificate, 取得方式 初定, is issued and rendered);
one 认定 waits past the employer; one 初定 was returned by the employer; one is a draft.
"""
from __future__ import annotations

from models.access.viewer import load_viewer
from models.achievement.models import (
    AchievementCategory,
    AchievementRecord,
    RecordStatus,
)
from models.catalogue.models import Series, Specialty, TitleName
from models.determination.create import create_determination, update_determination
from models.determination.models import AcceptanceBody, Determination
from models.determination.process import submit_determination
from models.determination.sections import import_records, set_qualifications, set_titles
from models.evaluation.results import today
from models.person.models import Person
from models.unit.models import Unit, UnitAdmin
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import Decision, Task, TaskStatus
from zhicheng.demo.declarations import WALKER_MOBILE

STORIES = (  # (evaluation mode, how far it goes)
    ("INITIAL_DETERMINATION", "APPROVED"), ("RECOGNITION", "PAST_EMPLOYER"),
    ("INITIAL_DETERMINATION", "RETURNED"), ("INITIAL_DETERMINATION", "DRAFT"),
)
MODE_LABELS = {"INITIAL_DETERMINATION": "职称初定", "RECOGNITION": "职称认定"}


async def _decide_next(row: Determination, decision: Decision, opinion: str) -> None:
    task = await Task.get(subject_id=row.id, process_type__in=("INITIAL_DETERMINATION", "ACCREDITATION"),
                          status=TaskStatus.READY)
    admin = await UnitAdmin.filter(unit_id=task.unit_id).order_by("id").first()
    viewer = await load_viewer(admin.account_id)
    await claim_task(viewer, task.id)
    await decide_task(viewer, task.id, decision, opinion)


async def _accept(bureau: Unit) -> None:
    """受理机构: the city bureau issues 初级 初定 and 认定 for Hefei (as acceptanceBodySave would keep them)."""
    for mode, label in MODE_LABELS.items():
        await AcceptanceBody.create(unit_id=bureau.id, node_kind="ISSUER", level="PRIMARY", evaluation_mode=mode,
                                    region_id=bureau.region_id, managed_by_id=bureau.id,
                                    notice=f"{label}（初级）：申报人须具备规定学历并从事本专业技术工作满规定年限，"
                                           "如实填写个人基本信息、学历和工作经历，提交后由单位、主管部门逐级审核。")


async def insert_determinations() -> None:
    bureau = await Unit.get(name="合肥市人力资源和社会保障局")
    await _accept(bureau)
    walker = await Person.get(mobile=WALKER_MOBILE)
    hefei = await Unit.filter(region_id__startswith="3401").values_list("id", flat=True)
    ready = set(await AchievementRecord.filter(status=RecordStatus.APPROVED, category=AchievementCategory.EDUCATION)
                .values_list("person_id", flat=True)) & set(await AchievementRecord.filter(
                    status=RecordStatus.APPROVED, category=AchievementCategory.WORK_EXPERIENCE).values_list(
                    "person_id", flat=True))
    persons = [p for p in await Person.filter(current_unit_id__in=list(hefei), photo_id__isnull=False).exclude(
        id=walker.id).order_by("id") if p.id in ready][:len(STORIES)]
    series = await Series.get(code="ENGINEERING")
    title = await TitleName.filter(series=series, level="PRIMARY").order_by("id").first()
    specialty = await Specialty.filter(series=series).order_by("id").first()
    for person, (mode, stage) in zip(persons, STORIES):
        viewer = await load_viewer(person.account_id)
        row = await create_determination(viewer, mode, today().year, series.id, specialty.id, title.id)
        row = await update_determination(viewer, row.id, None, {
            "nationality": "中国", "household_address": "安徽省合肥市蜀山区长江西路100号", "birthplace": "安徽合肥",
            "residence": "安徽合肥", "postal_code": "230031", "foreign_language": "英语B级", "computer_skill": "合格",
            "performance_summary": "从事工程技术工作，参与项目设计、施工技术管理和质量检测，能独立解决一般技术问题。"})
        row = await set_titles(row, [{"title_name": "技术员", "series_name": series.name,
                                      "obtained_on": person.work_start_date, "appointment_unit": ""}])
        row = await set_qualifications(row, [{"kind": "SKILL", "name": "工程测量员", "grade": "四级",
                                              "number": "S000034010000123", "obtained_on": person.work_start_date,
                                              "issuer": "安徽省职业技能鉴定中心"}])
        records = await AchievementRecord.filter(person_id=person.id, status=RecordStatus.APPROVED, category__in=(
            AchievementCategory.EDUCATION, AchievementCategory.WORK_EXPERIENCE)).order_by("id").values_list(
            "id", flat=True)
        row = await import_records(row, list(records))
        if stage == "DRAFT":
            continue
        row = await submit_determination(row, person.account_id)
        if stage == "RETURNED":
            await _decide_next(row, Decision.RETURN, "请补充继续教育和年度考核情况")
            continue
        await _decide_next(row, Decision.PASS, "情况属实，同意推荐")
        if stage == "APPROVED":
            while await Task.filter(subject_id=row.id, process_type__in=("INITIAL_DETERMINATION", "ACCREDITATION"),
                                    status=TaskStatus.READY).exists():
                await _decide_next(await Determination.get(id=row.id), Decision.PASS, "符合初定条件，同意发证")


async def report_lines() -> list[str]:
    lines = []
    for row in await Determination.all().order_by("id"):
        person = await Person.get(id=row.person_id)
        cert = ""
        if row.certificate_id:
            from models.certificate.models import Certificate

            cert = f"，证书编号 {(await Certificate.get(id=row.certificate_id)).number}"
        lines.append(f"  {MODE_LABELS[row.evaluation_mode]}：{person.real_name}（{row.status.value}）{cert}")
    return lines
