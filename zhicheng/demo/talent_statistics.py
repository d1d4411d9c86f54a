"""Demo talent records (专技人才统计, issue 9 §5), through the rules the GraphQL mutations call: last year's records
of a few people at several units — three passed by their unit (counted by region, series and level), one
waiting for the unit, one the unit returned, one draft. The walk-through's person has none.
"""
from __future__ import annotations

from datetime import date

from models.access.viewer import load_viewer
from models.achievement.fields import today
from models.catalogue.models import Series, Specialty, TitleName
from models.person.models import Person
from models.talent_statistics.create import create_record
from models.talent_statistics.fields import max_professional_years
from models.talent_statistics.models import TalentRecord
from models.talent_statistics.process import submit_record
from models.unit.models import UnitAdmin
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import Decision, ProcessType, Task, TaskStatus
from zhicheng.demo.declarations import WALKER_MOBILE

STORIES = (  # (所在岗位, 岗位类别, series code, level or None, 学历, 学位, 人才类别, how far it goes)
    ("结构设计岗", "TECHNICAL", "ENGINEERING", "INTERMEDIATE", "BACHELOR", "BACHELOR", "市级技术骨干", "APPROVED"),
    ("语文教研岗", "TECHNICAL", "SCHOOL_TEACHER", "ASSOCIATE_SENIOR", "MASTER", "MASTER", "", "APPROVED"),
    ("综合管理岗", "MANAGEMENT", None, None, "BACHELOR", "BACHELOR", "", "APPROVED"),
    ("临床医师岗", "TECHNICAL", "HEALTH", "INTERMEDIATE", "MASTER", "MASTER", "", "IN_REVIEW"),
    ("设备维护岗", "SKILLED_WORKER", "ENGINEERING", "PRIMARY", "JUNIOR_COLLEGE", "NONE", "", "RETURNED"),
    ("财务核算岗", "TECHNICAL", "ACCOUNTING", "INTERMEDIATE", "BACHELOR", "BACHELOR", "", "DRAFT"),
)


async def _decide(row_id: int, decision: Decision, opinion: str) -> None:
    task = await Task.get(process_type=ProcessType.TALENT_STATISTICS, subject_id=row_id, status=TaskStatus.READY)
    admin = await UnitAdmin.filter(unit_id=task.unit_id).order_by("id").first()
    viewer = await load_viewer(admin.account_id)
    await claim_task(viewer, task.id)
    await decide_task(viewer, task.id, decision, opinion)


async def _fields(person: Person, series_code: str | None, level: str | None) -> dict:
    fields: dict = {"professional_years": min(10, max_professional_years(person.birth_date))}
    if series_code is None:
        return fields
    series = await Series.get(code=series_code)
    title = await TitleName.filter(series=series, level=level).order_by("id").first()
    specialty = await Specialty.filter(series=series).order_by("id").first()
    obtained = date(min(max(person.birth_date.year + 24, 2012), today().year - 1), 12, 20)
    return {**fields, "series_id": series.id, "specialty_id": specialty.id, "title_name_id": title.id,
            "title_obtained_on": obtained, "appointed": True, "appointed_on": min(date(obtained.year + 1, 3, 1), today())}


async def insert_talent_records() -> None:
    walker = await Person.get(mobile=WALKER_MOBILE)
    persons = await Person.filter(current_unit_id__isnull=False).exclude(id=walker.id).order_by("id").offset(
        30).limit(len(STORIES))
    year = today().year - 1
    for person, (post, category, series, level, education, degree, talent, stage) in zip(persons, STORIES):
        viewer = await load_viewer(person.account_id)
        row = await create_record(viewer, year, {
            "post": post, "post_category": category, "education": education, "degree": degree,
            "talent_category": talent, **await _fields(person, series, level)})
        if stage == "DRAFT":
            continue
        await submit_record(await TalentRecord.get(id=row.id), person.account_id)
        if stage == "APPROVED":
            await _decide(row.id, Decision.PASS, "信息属实，同意")
        elif stage == "RETURNED":
            await _decide(row.id, Decision.RETURN, "请核对岗位类别：设备维护岗属于工勤技能岗位的，请填写实际聘任的专业技术职务")
