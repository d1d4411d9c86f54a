"""Who reviews an application, in order: review paths are configuration, units are resolved.

A path is a list of node kinds (models.workflow.models.NodeKind). Each kind resolves to a unit
from the application's facts: the employer, the talent centre holding the file, the
employer's competent department, the HR bureaus of the employer's county / city /
province, the plan's organizer. Kinds with no unit, and a unit repeated back to back,
are skipped.
"""
from __future__ import annotations

from models.application.models import Application
from models.committee.models import Committee, CommitteeRegion
from models.plan.models import Plan
from models.region.models import region_covers
from models.unit.models import Unit, UnitKind
from models.workflow.models import NodeKind
from models.workflow.paths import configured_kinds


async def hr_bureaus(region_code: str) -> dict[str, int]:
    """The HR bureau of the region, its city and its province, by region code, in one query (the first
    created where a region has several)."""
    codes = {region_code, region_code[:4] + "00", region_code[:2] + "0000"}
    found: dict[str, int] = {}
    for region_id, unit_id in await Unit.filter(kind=UnitKind.HR_BUREAU, region_id__in=sorted(codes)).order_by(
            "id").values_list("region_id", "id"):
        found.setdefault(region_id, unit_id)
    return found


def resolve_unit(kind: NodeKind, application: Application, employer: Unit, plan: Plan,
                 bureaus: dict[str, int]) -> int | None:
    region = employer.region_id
    if kind == NodeKind.EMPLOYER:
        return employer.id
    if kind == NodeKind.TALENT_CENTER:
        return application.talent_center_id
    if kind == NodeKind.COMPETENT_DEPARTMENT:
        return employer.competent_department_id
    if kind == NodeKind.HR_BUREAU_COUNTY:
        return bureaus.get(region) if not region.endswith("00") else None
    if kind == NodeKind.HR_BUREAU_CITY:
        return bureaus.get(region[:4] + "00") if not region.endswith("0000") else None
    if kind == NodeKind.HR_BUREAU_PROVINCE:
        return bureaus.get(region[:2] + "0000")
    if kind == NodeKind.ORGANIZER:
        return plan.organizer_id
    return None


async def resolve_path(application: Application, *, plan: Plan | None = None, committee: Committee | None = None,
                       employer: Unit | None = None) -> list[tuple[NodeKind, int]]:
    """``plan``, ``committee`` and ``employer`` (the unit of ``application.unit_id``): the application's,
    when the caller has them already."""
    employer = employer or await Unit.get(id=application.unit_id)
    plan = plan or await Plan.get(id=application.plan_id)
    committee = committee or await Committee.get(id=plan.committee_id)
    kinds = await configured_kinds(application.evaluation_mode, committee.tier.value, employer.region_id)
    bureaus = await hr_bureaus(employer.region_id) if any(k.name.startswith("HR_BUREAU") for k in kinds) else {}
    path: list[tuple[NodeKind, int]] = []
    for kind in kinds:
        unit_id = resolve_unit(kind, application, employer, plan, bureaus)
        if unit_id is not None and (not path or path[-1][1] != unit_id):
            path.append((kind, unit_id))
    return path


async def committee_covers(committee_id: int, region_code: str) -> bool:
    """Does the committee's scope include this region (direct review) or not (commissioned)?"""
    scopes = await CommitteeRegion.filter(committee_id=committee_id).values_list("region_id", flat=True)
    return any(region_covers(scope, region_code) for scope in scopes)
