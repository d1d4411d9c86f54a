"""Who may see a plan (评审计划) in draft and who may edit it. Published and closed plans are public."""
from __future__ import annotations

from models.access.committee import committee_admin_ids, may_manage
from models.access.viewer import Viewer
from models.committee.models import Committee, CommitteeOrganizer
from models.core.errors import Forbidden
from models.plan.models import Plan, PlanStatus
from models.unit.models import Unit


async def organizer_ids(committee_id: int) -> list[int]:
    return list(await CommitteeOrganizer.filter(committee_id=committee_id).values_list("unit_id", flat=True))


async def may_edit_plan(viewer: Viewer, plan: Plan) -> bool:
    """The plan's organizer admins (any organizer of its committee) and platform admins."""
    if viewer.is_platform_admin or viewer.administers(plan.organizer_id):
        return True
    return any(viewer.administers(u) for u in await organizer_ids(plan.committee_id))


async def require_edits_plan(viewer: Viewer, plan: Plan) -> None:
    viewer.require_account()
    if not await may_edit_plan(viewer, plan):
        raise Forbidden("只有评委会组建单位的管理员可以管理评审计划")


async def may_view_draft(viewer: Viewer, plan: Plan) -> bool:
    """Drafts: the committee's organizer admins and committee admins, the HR bureaus above the
    managing bureau, and platform admins."""
    if not viewer.authenticated:
        return False
    if await may_edit_plan(viewer, plan):
        return True
    if viewer.account_id in await committee_admin_ids(plan.committee_id):
        return True
    committee = await Committee.get(id=plan.committee_id)
    unit = await Unit.get(id=committee.managing_unit_id)
    return may_manage(viewer, unit.region_id)


async def can_view_plan(viewer: Viewer, plan: Plan) -> bool:
    return plan.status != PlanStatus.DRAFT or await may_view_draft(viewer, plan)
