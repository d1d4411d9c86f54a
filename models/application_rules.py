"""Declaring: create from a plan, fill the sections, import library records as snapshots.

Every rule that refuses a declaration lives here (creation) or in
models/application_check.py (the pre-submit check), and every entry point calls them.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from tortoise.exceptions import IntegrityError

from models import history
from models.achievement import AchievementAttachment, AchievementCategory, AchievementRecord, RecordStatus
from models.application import (Application, ApplicationRecord, ApplicationRecordFile, ApplicationStatus,
                                ApplicationTitle, BlacklistEntry, EvaluationMode)
from models.application_forms import clean_personal_info, clean_special_form, input_name
from models.application_path import committee_covers
from models.binding import require_approved_binding
from models.catalogue import EvaluationStandard, Series, Specialty, TitleName
from models.committee import Committee, CommitteeStatus
from models.errors import Collector, refuse
from models.person import Person
from models.plan import Plan, PlanSpecialty
from models.plan_rules import is_open
from models.unit import Unit

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def active_blacklisting(person_id: int, on: date | None = None) -> BlacklistEntry | None:
    on = on or date.today()
    return await BlacklistEntry.filter(person_id=person_id, lifted_at__isnull=True, starts_on__lte=on,
                                       ends_on__gte=on).first()


async def own_application(person_id: int, application_id: int, *, editable: bool = False) -> Application:
    app = await Application.filter(id=application_id).select_for_update().first()
    if app is None or app.person_id != person_id:
        raise refuse("NOT_FOUND", "申报不存在", "applicationId")
    if editable and app.status not in EDITABLE:
        raise refuse("NOT_EDITABLE", "申报已提交，撤回或被退回后才能修改", "applicationId")
    return app


async def _catalogue_choice(errors: Collector, plan: Plan, committee: Committee, data: dict) -> dict:
    """Series / specialty / title / standard must agree with each other, the plan and the catalogue."""
    series = await Series.get(id=committee.series_id)
    title = await TitleName.get_or_none(id=data["title_name_id"])
    specialty = await Specialty.get_or_none(id=data["specialty_id"])
    standard = await EvaluationStandard.get_or_none(id=data["standard_id"])
    if title is None or title.series_id != series.id or not title.is_active:
        errors.add("INVALID", "申报资格名称须属于该计划评委会的系列", "titleNameId")
    elif title.level not in plan.levels:
        errors.add("LEVEL_NOT_IN_PLAN", "该计划不受理此级别的申报", "titleNameId")
    if specialty is None or specialty.series_id != series.id or not specialty.is_active:
        errors.add("INVALID", "申报专业须属于该计划评委会的系列", "specialtyId")
    elif await PlanSpecialty.filter(plan_id=plan.id).exists() and not await PlanSpecialty.filter(
            plan_id=plan.id, specialty_id=specialty.id).exists():
        errors.add("INVALID", "该计划不受理此专业的申报", "specialtyId")
    if standard is None or standard.series_id != series.id or not standard.is_active:
        errors.add("INVALID", "评审标准须属于该系列", "standardId")
    elif title is not None and title.level not in standard.levels:
        errors.add("INVALID", "评审标准不适用于所选级别", "standardId")
    return {"series_id": series.id, "level": title.level if title else None}


async def create_application(person_id: int, data: dict[str, Any]) -> Application:
    errors = Collector()
    if not data.get("pledge_accepted"):
        errors.add("PLEDGE_REQUIRED", "请先阅读并确认诚信承诺书", "pledgeAccepted")
    errors.max_length(data.get("commission_reference"), "commissionReference", "委托评审函编号", 100)
    errors.raise_if_any()
    person = await Person.get(id=person_id)
    await require_approved_binding(person)
    plan = await Plan.get_or_none(id=data["plan_id"])
    if plan is None:
        raise refuse("NOT_FOUND", "评审计划不存在", "planId")
    if not is_open(plan):
        raise refuse("PLAN_NOT_OPEN", "该评审计划不在申报时间内", "planId")
    if await active_blacklisting(person.id):
        raise refuse("BLACKLISTED", "您在黑名单期限内，暂不能申报职称", "planId")
    existing = await Application.filter(person_id=person.id, year=plan.year).first()
    if existing is not None:
        if existing.status == ApplicationStatus.TERMINATED:
            raise refuse("TERMINATED_THIS_YEAR", f"您{plan.year}年度的申报已被终止，本年度不能再申报", "planId")
        raise refuse("APPLICATION_EXISTS", f"您{plan.year}年度已有一份申报（每年度只能申报一次）", "planId")
    committee = await Committee.get(id=plan.committee_id)
    if committee.status != CommitteeStatus.ACTIVE:
        raise refuse("PLAN_NOT_OPEN", "该评委会已注销", "planId")
    if data["declaration_type"] not in plan.declaration_types:
        errors.add("DECLARATION_TYPE_NOT_ALLOWED", "该计划不受理此申报形式", "declarationType")
    choice = await _catalogue_choice(errors, plan, committee, data)
    employer = await Unit.get(id=person.current_unit_id)
    direct = await committee_covers(committee.id, employer.region_id)
    mode = data["evaluation_mode"]
    if not direct and mode != EvaluationMode.COMMISSIONED_REVIEW.value:
        errors.add("COMMISSION_REQUIRED", "该评委会的评审范围不含您单位所在地区，请选择委托评审", "evaluationMode")
    if mode == EvaluationMode.COMMISSIONED_REVIEW.value and not (data.get("commission_reference") or "").strip():
        errors.add("COMMISSION_REQUIRED", "委托评审须填写委托评审函编号", "commissionReference")
    errors.raise_if_any()
    try:
        app = await Application.create(
            person_id=person.id, plan_id=plan.id, year=plan.year, declaration_type=data["declaration_type"],
            evaluation_mode=mode, series_id=choice["series_id"], specialty_id=data["specialty_id"],
            title_name_id=data["title_name_id"], standard_id=data["standard_id"], level=choice["level"],
            commission_reference=(data.get("commission_reference") or "").strip(), pledge_accepted_at=_now(),
            unit_id=employer.id)
    except IntegrityError:
        # Lost a race with another creation in the same year: the constraint decided.
        raise refuse("APPLICATION_EXISTS", f"您{plan.year}年度已有一份申报（每年度只能申报一次）", "planId") from None
    await history.record("APPLICATION", app.id, "CREATED", actor_id=person.account_id, unit_id=employer.id)
    return app


async def bump(app: Application, **changes: Any) -> Application:
    """Writes changes with the version check every concurrent edit needs."""
    updated = await Application.filter(id=app.id, version=app.version).update(version=app.version + 1, **changes,
                                                                                updated_at=_now())
    if not updated:
        raise refuse("CONFLICT", "申报刚被修改，请刷新后重试", "applicationId")
    return await Application.get(id=app.id)


async def set_personal_info(app: Application, data: dict[str, Any]) -> Application:
    person = await Person.get(id=app.person_id)
    series = await Series.get(id=app.series_id)
    errors = Collector()
    info = clean_personal_info(errors, data, series.code, person.work_start_date)
    errors.raise_if_any()
    return await bump(app, personal_info=info)


async def set_titles(app: Application, titles: list[dict[str, Any]]) -> Application:
    errors = Collector()
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


async def discard_draft(app: Application) -> None:
    if app.status != ApplicationStatus.DRAFT or app.submitted_at is not None:
        raise refuse("NOT_EDITABLE", "只有从未提交的草稿可以删除", "applicationId")
    await Application.filter(id=app.id).delete()


async def locked_records(record_ids: list[int]) -> set[int]:
    """Library records referenced by an application that is submitted or under review cannot be
    withdrawn (registered with the achievement library's lock registry)."""
    rows = await ApplicationRecord.filter(source_id__in=record_ids).exclude(
        application__status=ApplicationStatus.DRAFT).values_list("source_id", flat=True)
    return set(rows)


def _register_lock() -> None:
    from models.achievement_rules import register_record_lock

    register_record_lock(locked_records)


_register_lock()
