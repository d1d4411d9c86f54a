"""Shared pieces of the committee and plan tests: queries, role builders, rows made directly."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from models.catalogue.models import Series, Specialty
from models.committee.models import (Committee, CommitteeAdmin, CommitteeOrganizer, CommitteeRegion, CommitteeSpecialty,
                              CommitteeTier)
from models.plan.models import Plan, PlanAttachmentSlot, PlanSpecialty, PlanStatus
from models.unit.models import Unit, UnitKind, UnitNature
from tests.helpers import gid, make_unit

ERRORS = "errors { field code message }"
COMMITTEE_FIELDS = """
  id name tier status cancelReason levels contactName contactPhone version
  series { code name } managingUnit { name } regions { code name } organizers { id name }
  specialties { id name } feeStandards { item amount } admins { accountId displayName }
"""
COMMITTEE_CREATE = f"""
mutation($input: CommitteeCreateInput!) {{
  committeeCreate(input: $input) {{ {ERRORS} committee {{ {COMMITTEE_FIELDS} }} }}
}}"""
COMMITTEE_UPDATE = f"""
mutation($input: CommitteeUpdateInput!) {{
  committeeUpdate(input: $input) {{ {ERRORS} committee {{ {COMMITTEE_FIELDS} }} }}
}}"""
COMMITTEE_CANCEL = f"""
mutation($input: CommitteeCancelInput!) {{
  committeeCancel(input: $input) {{ {ERRORS} committee {{ id status cancelReason }} }}
}}"""
PLAN_FIELDS = """
  id name year planType status levels declarationTypes opensAt closesAt personalFirstSubmitDeadline
  personalModifyDeadline unitSubmitDeadline isOpen version hasInterview scopeText
  committee { id name } organizer { id name } specialties { id name } examSpecialties { id }
  attachmentSlots { id name required allowedTypes maxSizeMb maxCount }
  achievementRules { level category minCount maxCount }
  files { id file { name contentType url } }
"""
PLAN_CREATE = f"""
mutation($input: PlanCreateInput!) {{ planCreate(input: $input) {{ {ERRORS} plan {{ {PLAN_FIELDS} }} }} }}"""
PLAN_UPDATE = f"""
mutation($input: PlanUpdateInput!) {{ planUpdate(input: $input) {{ {ERRORS} plan {{ {PLAN_FIELDS} }} }} }}"""
PLAN_PUBLISH = f"""
mutation($input: PlanTransitionInput!) {{
  planPublish(input: $input) {{ {ERRORS} plan {{ id status publishedAt version }} job {{ id kind status }} }}
}}"""
PLAN_CLOSE = f"""
mutation($input: PlanTransitionInput!) {{ planClose(input: $input) {{ {ERRORS} plan {{ id status }} }} }}"""
PLANS = """
query($filter: PlanFilter, $sort: PlanSort, $first: Int, $after: String, $last: Int, $before: String) {
  plans(filter: $filter, sort: $sort, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id name year status }
  }
}"""
NODE_PLAN = "query($id: ID!) { node(id: $id) { ... on Plan { id name status } } }"


def utc(days: float = 0) -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=days)


def iso(days: float = 0) -> str:
    return utc(days).isoformat()


async def series(code: str = "ENGINEERING") -> Series:
    return await Series.get(code=code)


async def specialty(code: str = "ENGINEERING", nth: int = 0) -> Specialty:
    s = await series(code)
    return (await Specialty.filter(series_id=s.id, parent_id=None).order_by("sort", "id"))[nth]


async def hr_bureau(region: str = "340000"):
    return await make_unit(f"{region}人社局", kind=UnitKind.HR_BUREAU, region=region,
                           nature=UnitNature.GOVERNMENT_AGENCY)


async def organizer(region: str = "340000", name: str | None = None):
    return await make_unit(name, kind=UnitKind.ORGANIZER, region=region, nature=UnitNature.PUBLIC_INSTITUTION)


async def make_committee(managing: Unit, *, name: str | None = None, series_code: str = "ENGINEERING",
                         levels: tuple[str, ...] = ("INTERMEDIATE", "ASSOCIATE_SENIOR"),
                         regions: tuple[str, ...] = ("340000",), organizers: tuple[Unit, ...] = (),
                         specialties: tuple[Specialty, ...] = (), admins: tuple = (),
                         tier: CommitteeTier = CommitteeTier.SENIOR) -> Committee:
    s = await series(series_code)
    count = await Committee.all().count()
    committee = await Committee.create(name=name or f"测试评委会{count + 1}", tier=tier, series_id=s.id,
                                       levels=list(levels), managing_unit=managing, contact_phone="0551-62817147")
    for code in regions:
        await CommitteeRegion.create(committee=committee, region_id=code)
    for unit in organizers:
        await CommitteeOrganizer.create(committee=committee, unit=unit)
    for sp in specialties:
        await CommitteeSpecialty.create(committee=committee, specialty=sp)
    for account in admins:
        await CommitteeAdmin.create(committee=committee, account=account)
    return committee


async def make_plan(committee: Committee, organizer_unit: Unit, *, status: PlanStatus = PlanStatus.PUBLISHED,
                    name: str | None = None, year: int | None = None, opens: float = -1, closes: float = 10,
                    levels: tuple[str, ...] = ("INTERMEDIATE",), specialties: tuple[Specialty, ...] = (),
                    slots: int = 0, plan_type: str = "NORMAL") -> Plan:
    count = await Plan.all().count()
    plan = await Plan.create(name=name or f"测试计划{count + 1}", year=year or utc().year, committee=committee,
                             organizer=organizer_unit, levels=list(levels), declaration_types=["REGULAR"],
                             opens_at=utc(opens), closes_at=utc(closes), status=status, plan_type=plan_type,
                             published_at=utc(opens) if status != PlanStatus.DRAFT else None)
    for sp in specialties:
        await PlanSpecialty.create(plan=plan, specialty=sp)
    for i in range(slots):
        await PlanAttachmentSlot.create(plan=plan, name=f"附件{i}", allowed_types=["application/pdf"], sort=i)
    return plan


def plan_input(committee: Committee, **overrides) -> dict:
    data = {"committeeId": gid("Committee", committee.id), "name": "2024年—安徽省工程技术人员高级职称评审",
            "year": utc().year, "levels": ["INTERMEDIATE"], "declarationTypes": ["REGULAR", "EXCEPTIONAL"],
            "opensAt": iso(1), "closesAt": iso(30), "contactName": "周源", "contactPhone": "0551-62817147",
            "scopeText": "全省工程技术人员", "hasInterview": True}
    data.update(overrides)
    return data


def codes(errors: list[dict]) -> set[tuple[str, tuple[str, ...] | None]]:
    return {(e["code"], tuple(e["field"]) if e["field"] else None) for e in errors}
