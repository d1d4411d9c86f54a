"""Declaring: create an application from a plan (every rule that refuses a declaration), discard a
never-submitted draft, and the library-record lock that submitted applications hold.

The pre-submit check lives in ``models.application.check``; the sections in ``sections``.
"""
from __future__ import annotations


from datetime import datetime, timezone
from typing import Any

from tortoise.exceptions import IntegrityError

from models.core import history
from models.core.history import SubjectType
from models.application.models import (Application, ApplicationRecord, ApplicationStatus,
                                EvaluationMode)
from models.application.path import committee_covers
from models.person.binding import require_approved_binding
from models.catalogue.models import EvaluationStandard, Series, Specialty, TitleName
from models.committee.models import Committee, CommitteeStatus
from models.core.errors import Collector, refuse
from models.core.rows import as_written
from models.person.models import Person
from models.plan.models import Plan, PlanSpecialty
from models.blacklist.rules import active_blacklisting
from models.plan.rules import is_open
from models.unit.models import Unit

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


def _now() -> datetime:
    return datetime.now(timezone.utc)


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
    if data.get("evaluation_mode") in (EvaluationMode.INITIAL_DETERMINATION.value, EvaluationMode.RECOGNITION.value):
        # 初定 / 认定 name no plan: they are declared without a committee (models/determination)
        raise refuse("NO_COMMITTEE_NEEDED", "职称初定和职称认定不经评委会评审，不能在评审计划下申报，请直接新增初定或认定申报",
                     "evaluationMode")
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
    await history.record(SubjectType.APPLICATION, app.id, "CREATED", actor_id=person.account_id, unit_id=employer.id)
    return app


async def bump(app: Application, **changes: Any) -> Application:
    """Writes changes with the version check every concurrent edit needs; returns the row as written
    (no read back: the version check proves nobody else wrote in between)."""
    changes = {**changes, "version": app.version + 1, "updated_at": _now()}
    updated = await Application.filter(id=app.id, version=app.version).update(**changes)
    if not updated:
        raise refuse("CONFLICT", "申报刚被修改，请刷新后重试", "applicationId")
    return as_written(app, changes)

async def discard_draft(app: Application) -> None:
    if app.status != ApplicationStatus.DRAFT or app.submitted_at is not None:
        raise refuse("NOT_EDITABLE", "只有从未提交的草稿可以删除", "applicationId")
    await Application.filter(id=app.id).delete()


async def locked_records(record_ids: list[int]) -> set[int]:
    """Library records referenced by an application that is submitted or under review cannot be
    withdrawn or deleted (one of the holders models.achievement.rules asks)."""
    rows = await ApplicationRecord.filter(source_id__in=record_ids).exclude(
        application__status=ApplicationStatus.DRAFT).values_list("source_id", flat=True)
    return set(rows)
