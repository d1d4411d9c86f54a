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


async def _hr_bureau(region_code: str) -> int | None:
    unit = await Unit.filter(kind=UnitKind.HR_BUREAU, region_id=region_code).order_by("id").first()
    return unit.id if unit else None


async def resolve_unit(kind: NodeKind, application: Application, employer: Unit, plan: Plan) -> int | None:
    region = employer.region_id
    if kind == NodeKind.EMPLOYER:
        return employer.id
    if kind == NodeKind.TALENT_CENTER:
        return application.talent_center_id
    if kind == NodeKind.COMPETENT_DEPARTMENT:
        return employer.competent_department_id
    if kind == NodeKind.HR_BUREAU_COUNTY:
        return await _hr_bureau(region) if not region.endswith("00") else None
    if kind == NodeKind.HR_BUREAU_CITY:
        return await _hr_bureau(region[:4] + "00") if not region.endswith("0000") else None
    if kind == NodeKind.HR_BUREAU_PROVINCE:
        return await _hr_bureau(region[:2] + "0000")
    if kind == NodeKind.ORGANIZER:
        return plan.organizer_id
    return None


async def resolve_path(application: Application) -> list[tuple[NodeKind, int]]:
    employer = await Unit.get(id=application.unit_id)
    plan = await Plan.get(id=application.plan_id)
    committee = await Committee.get(id=plan.committee_id)
    kinds = await configured_kinds(application.evaluation_mode, committee.tier.value, employer.region_id)
    path: list[tuple[NodeKind, int]] = []
    for kind in kinds:
        unit_id = await resolve_unit(kind, application, employer, plan)
        if unit_id is not None and (not path or path[-1][1] != unit_id):
            path.append((kind, unit_id))
    return path


async def committee_covers(committee_id: int, region_code: str) -> bool:
    """Does the committee's scope include this region (direct review) or not (commissioned)?"""
    scopes = await CommitteeRegion.filter(committee_id=committee_id).values_list("region_id", flat=True)
    return any(region_covers(scope, region_code) for scope in scopes)
