"""选择评委会 (002 §2.2.1.1.1): which committees may take a person's application.

Declaration follows the region principle (属地原则): a committee whose scope covers the region of
the person's current unit — the region itself or one above it (region_chain) — is direct; an
active committee of the same series and level whose scope does not cover it needs a
commissioned review (委托评审, with a commission letter). Each comes with its working state.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from models.application.models import EvaluationMode
from models.person.binding import require_approved_binding
from models.catalogue.models import Series, Specialty, TitleName
from models.committee.models import Committee, CommitteeRegion, CommitteeSpecialty, CommitteeStatus
from models.core.errors import Collector, refuse
from models.person.models import Person
from models.plan.models import Plan, PlanStatus
from models.plan.rules import SHANGHAI, now
from models.region.models import region_chain
from models.unit.models import Unit


class WorkingState(str, Enum):
    ACCEPTING = "ACCEPTING"  # 材料接收中
    UPCOMING = "UPCOMING"  # 计划已发布，尚未开始接收
    PAST_DEADLINE = "PAST_DEADLINE"  # 已过申报材料提交截止时间
    NO_PLAN = "NO_PLAN"  # 未设置评审活动


STATE_ORDER = list(WorkingState)


@dataclass
class Choice:
    committee: Committee
    state: WorkingState
    plan: Plan | None  # the plan behind the state (open, upcoming or last closed), if any


@dataclass
class Choices:
    unit: Unit
    direct: list[Choice]
    commissioned: list[Choice]


async def _check_catalogue(series_id: int, level: str, specialty_id: int | None,
                           title_name_id: int | None) -> list[int]:
    """Validates the selection; returns the specialty and its ancestors (empty without one)."""
    errors = Collector()
    if not await Series.filter(id=series_id).exists():
        errors.add("NOT_FOUND", "申报系列不存在", "seriesId")
    lineage: list[int] = []
    if specialty_id is not None:
        row = await Specialty.get_or_none(id=specialty_id)
        if row is None:
            errors.add("NOT_FOUND", "申报专业不存在", "specialtyId")
        elif row.series_id != series_id:
            errors.add("SPECIALTY_NOT_IN_SERIES", "申报专业不属于所选系列", "specialtyId")
        while row is not None and len(lineage) < 10:
            lineage.append(row.id)
            row = await Specialty.get_or_none(id=row.parent_id) if row.parent_id else None
    if title_name_id is not None:
        title = await TitleName.get_or_none(id=title_name_id)
        if title is None:
            errors.add("NOT_FOUND", "申报资格名称不存在", "titleNameId")
        elif title.series_id != series_id or title.level != level:
            errors.add("TITLE_MISMATCH", "申报资格名称与所选系列、层级不符", "titleNameId")
    errors.raise_if_any()
    return lineage


def working_state(plans: list[Plan], level: str) -> tuple[WorkingState, Plan | None]:
    at = now()
    this_year = at.astimezone(SHANGHAI).year
    mine = [p for p in plans if level in p.levels]
    for p in mine:
        if p.status == PlanStatus.PUBLISHED and p.opens_at <= at < p.closes_at:
            return WorkingState.ACCEPTING, p
    upcoming = sorted((p for p in mine if p.status == PlanStatus.PUBLISHED and p.opens_at > at),
                      key=lambda p: p.opens_at)
    if upcoming:
        return WorkingState.UPCOMING, upcoming[0]
    past = sorted((p for p in mine if (p.status == PlanStatus.CLOSED or p.closes_at <= at)
                   and (p.year == this_year or p.closes_at.astimezone(SHANGHAI).year == this_year)),
                  key=lambda p: p.closes_at, reverse=True)
    if past:
        return WorkingState.PAST_DEADLINE, past[0]
    return WorkingState.NO_PLAN, None


async def committee_choices(person: Person, *, series_id: int, level: str, specialty_id: int | None = None,
                            title_name_id: int | None = None, evaluation_mode: str | None = None) -> Choices:
    await require_approved_binding(person)
    if evaluation_mode in (EvaluationMode.INITIAL_DETERMINATION.value, EvaluationMode.RECOGNITION.value):
        raise refuse("NO_COMMITTEE_NEEDED", "初定和认定不经评委会评审，无需选择评委会", "evaluationMode")
    lineage = await _check_catalogue(series_id, level, specialty_id, title_name_id)
    unit = await Unit.get(id=person.current_unit_id)
    chain = set(region_chain(unit.region_id))
    committees = [c for c in await Committee.filter(series_id=series_id, status=CommitteeStatus.ACTIVE).order_by("name")
                  if level in c.levels]
    ids = [c.id for c in committees]
    if lineage:
        reviewed: dict[int, set[int]] = {}
        for cid, sid in await CommitteeSpecialty.filter(committee_id__in=ids).values_list("committee_id",
                                                                                          "specialty_id"):
            reviewed.setdefault(cid, set()).add(sid)
        # A committee that lists no specialties reviews the whole series.
        committees = [c for c in committees if c.id not in reviewed or reviewed[c.id] & set(lineage)]
        ids = [c.id for c in committees]
    scopes: dict[int, set[str]] = {}
    for cid, code in await CommitteeRegion.filter(committee_id__in=ids).values_list("committee_id", "region_id"):
        scopes.setdefault(cid, set()).add(code)
    plans: dict[int, list[Plan]] = {}
    for p in await Plan.filter(committee_id__in=ids, status__in=[PlanStatus.PUBLISHED, PlanStatus.CLOSED]):
        plans.setdefault(p.committee_id, []).append(p)
    direct: list[Choice] = []
    commissioned: list[Choice] = []
    for c in committees:
        state, plan = working_state(plans.get(c.id, []), level)
        (direct if scopes.get(c.id, set()) & chain else commissioned).append(Choice(c, state, plan))
    for group in (direct, commissioned):
        group.sort(key=lambda ch: (STATE_ORDER.index(ch.state), ch.committee.name))
    if evaluation_mode == EvaluationMode.REVIEW.value:
        commissioned = []
    elif evaluation_mode == EvaluationMode.COMMISSIONED_REVIEW.value:
        direct = []
    return Choices(unit=unit, direct=direct, commissioned=commissioned)
