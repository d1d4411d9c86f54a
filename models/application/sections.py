"""The application's sections (申报材料): personal info, titles, library records imported as snapshots,
qualifying education, the exceptional / transfer form, declaration type and evaluation standard.

Each edits a DRAFT or RETURNED application and bumps its version.
"""
from __future__ import annotations


from datetime import date
from typing import Any


from models.achievement.models import AchievementAttachment, AchievementCategory, AchievementRecord, RecordStatus
from models.application.models import (Application, ApplicationRecord, ApplicationRecordFile, ApplicationTitle)
from models.application.forms import clean_personal_info, clean_special_form, input_name
from models.catalogue.models import EvaluationStandard, Series
from models.core.errors import Collector, refuse
from models.person.models import Person
from models.plan.models import Plan
from models.application.create import bump


async def set_personal_info(app: Application, data: dict[str, Any]) -> Application:
    person = await Person.get(id=app.person_id)
    series = await Series.get(id=app.series_id)
    errors = Collector()
    info = clean_personal_info(errors, data, series.code, person.work_start_date)
    errors.raise_if_any()
    return await bump(app, personal_info=info)


def check_titles(errors: Collector, titles: list[dict[str, Any]]) -> None:
    """现有职称 / 资历信息: at most ten, each named, its dates in order. 初定 / 认定 declarations hold the same list."""
    if len(titles) > 10:
        errors.add("TOO_MANY", "现有职称最多填写10条", "titles")
    for i, t in enumerate(titles):
        path = ("titles", str(i))
        if not (t.get("title_name") or "").strip():
            errors.add("REQUIRED", "请填写职称名称", *path, "titleName")
        for key, label, limit in (("title_name", "职称名称", 50), ("series_name", "系列", 50),
                                  ("certificate_number", "证书编号", 40), ("appointment_unit", "聘任单位", 100)):
            if len((t.get(key) or "").strip()) > limit:
                errors.add("TOO_LONG", f"{label}不能超过{limit}个字符", *path, input_name(key))
        obtained, appointed = t.get("obtained_on"), t.get("appointed_on")
        if obtained and obtained > date.today():
            errors.add("INVALID_DATE", "取得时间不能晚于今天", *path, "obtainedOn")
        if obtained and appointed and appointed < obtained:
            errors.add("INVALID_DATE", "聘任时间不能早于取得时间", *path, "appointedOn")


async def set_titles(app: Application, titles: list[dict[str, Any]]) -> Application:
    errors = Collector()
    check_titles(errors, titles)
    errors.raise_if_any()
    await ApplicationTitle.filter(application_id=app.id).delete()
    await ApplicationTitle.bulk_create([
        ApplicationTitle(application_id=app.id, position=i, title_name=t["title_name"].strip(),
                         series_name=(t.get("series_name") or "").strip(), obtained_on=t["obtained_on"],
                         certificate_number=(t.get("certificate_number") or "").strip(),
                         appointed_on=t.get("appointed_on"),
                         appointment_unit=(t.get("appointment_unit") or "").strip())
        for i, t in enumerate(titles)])
    return await bump(app)


async def import_records(app: Application, record_ids: list[int]) -> Application:
    """Approved library records become snapshots; importing one twice is refused."""
    if not record_ids:
        raise refuse("REQUIRED", "请选择要导入的业绩", "recordIds")
    rows = {r.id: r for r in await AchievementRecord.filter(id__in=record_ids, person_id=app.person_id)}
    already = set(await ApplicationRecord.filter(application_id=app.id, source_id__in=record_ids).values_list(
        "source_id", flat=True))
    errors = Collector()
    for i, rid in enumerate(record_ids):
        row = rows.get(rid)
        if row is None:
            errors.add("NOT_FOUND", "业绩不存在", "recordIds", str(i))
        elif row.status != RecordStatus.APPROVED:
            errors.add("RECORD_NOT_APPROVED", "只能导入单位审核通过的业绩", "recordIds", str(i))
        elif rid in already or record_ids.index(rid) != i:
            errors.add("ALREADY_IMPORTED", "该业绩已导入", "recordIds", str(i))
    errors.raise_if_any()
    files: dict[int, list[int]] = {rid: [] for rid in record_ids}
    for a in await AchievementAttachment.filter(record_id__in=record_ids).order_by("sort", "id"):
        files[a.record_id].append(a.file_id)
    start = await ApplicationRecord.filter(application_id=app.id).count()
    held: list[ApplicationRecordFile] = []
    for i, rid in enumerate(record_ids):
        snapshot = await ApplicationRecord.create(
            application_id=app.id, source_id=rid, category=rows[rid].category.value, title=rows[rid].title,
            data=rows[rid].data, position=start + i)
        held += [ApplicationRecordFile(snapshot_id=snapshot.id, file_id=f, position=n)
                 for n, f in enumerate(files[rid])]
    await ApplicationRecordFile.bulk_create(held)
    return await bump(app)


async def remove_records(app: Application, snapshot_ids: list[int]) -> Application:
    """Removes snapshots from the application; the library records are untouched."""
    found = await ApplicationRecord.filter(application_id=app.id, id__in=snapshot_ids).count()
    if found != len(set(snapshot_ids)):
        raise refuse("NOT_FOUND", "业绩不在该申报中", "snapshotIds")
    await ApplicationRecord.filter(application_id=app.id, id__in=snapshot_ids).delete()
    return await bump(app)


async def reorder_records(app: Application, snapshot_ids: list[int]) -> Application:
    own = await ApplicationRecord.filter(application_id=app.id, id__in=snapshot_ids)
    if len(own) != len(snapshot_ids) or len(set(snapshot_ids)) != len(snapshot_ids):
        raise refuse("NOT_FOUND", "业绩不在该申报中", "snapshotIds")
    for position, sid in enumerate(snapshot_ids):
        await ApplicationRecord.filter(id=sid).update(position=position)
    return await bump(app)


async def mark_qualifying_education(app: Application, snapshot_id: int) -> Application:
    row = await ApplicationRecord.get_or_none(id=snapshot_id, application_id=app.id)
    if row is None or row.category != AchievementCategory.EDUCATION.value:
        raise refuse("INVALID", "请选择本申报中的一条教育经历作为合格学历", "snapshotId")
    await ApplicationRecord.filter(application_id=app.id).update(is_qualifying_education=False)
    await ApplicationRecord.filter(id=row.id).update(is_qualifying_education=True)
    return await bump(app)


async def set_special_form(app: Application, data: dict[str, Any]) -> Application:
    errors = Collector()
    form = clean_special_form(errors, data, app.declaration_type)
    errors.raise_if_any()
    return await bump(app, special_form=form)


async def change_declaration_type(app: Application, declaration_type: str) -> Application:
    """Changing the type clears the exceptional / transfer form that belonged to the old one."""
    plan = await Plan.get(id=app.plan_id)
    if declaration_type not in plan.declaration_types:
        raise refuse("DECLARATION_TYPE_NOT_ALLOWED", "该计划不受理此申报形式", "declarationType")
    if declaration_type == app.declaration_type:
        return app
    return await bump(app, declaration_type=declaration_type, special_form={})


async def change_standard(app: Application, standard_id: int, confirmed: bool) -> Application:
    """Changing the standard clears imported achievements; the person must confirm first."""
    standard = await EvaluationStandard.get_or_none(id=standard_id)
    if standard is None or standard.series_id != app.series_id or app.level not in standard.levels \
            or not standard.is_active:
        raise refuse("INVALID", "评审标准须属于该系列并适用于所选级别", "standardId")
    if standard_id == app.standard_id:
        return app
    imported = await ApplicationRecord.filter(application_id=app.id).exclude(
        category__in=[c.value for c in BASIC_CATEGORIES]).count()
    if imported and not confirmed:
        raise refuse("CONFIRMATION_REQUIRED", f"更换评审标准将清空已导入的{imported}条业绩，请确认后再操作",
                     "confirmClearAchievements")
    await ApplicationRecord.filter(application_id=app.id).exclude(
        category__in=[c.value for c in BASIC_CATEGORIES]).delete()
    return await bump(app, standard_id=standard_id)

# Sections that are not "achievements" and survive a change of standard.
BASIC_CATEGORIES = (AchievementCategory.WORK_EXPERIENCE, AchievementCategory.EDUCATION,
                    AchievementCategory.CONTINUING_EDUCATION, AchievementCategory.ANNUAL_ASSESSMENT)
