"""Who may manage a committee (评委会), see its admins, and see its plans in draft."""
from __future__ import annotations

from collections.abc import Iterable

from tortoise.expressions import Q, Subquery

from models.access.viewer import Viewer
from models.committee.models import Committee, CommitteeAdmin, CommitteeOrganizer
from models.core.errors import Forbidden
from models.region.models import region_prefix
from models.unit.models import Unit


def may_manage(viewer: Viewer, managing_region: str) -> bool:
    """HR-bureau admins of the managing bureau's region or above, and platform admins."""
    return viewer.is_platform_admin or viewer.covers_region(managing_region)


async def committee_admin_ids(committee_id: int) -> list[int]:
    return list(await CommitteeAdmin.filter(committee_id=committee_id).values_list("account_id", flat=True))


async def require_manages(viewer: Viewer, committee: Committee) -> Unit:
    viewer.require_account()
    unit = await Unit.get(id=committee.managing_unit_id)
    if not may_manage(viewer, unit.region_id):
        raise Forbidden("只能管理本人社部门及下级人社部门设立的评委会")
    return unit


def can_see_committee_admins(viewer: Viewer, admin_account_ids: Iterable[int], managing_region: str) -> bool:
    """The committee's own admins and those who manage it."""
    if not viewer.authenticated:
        return False
    return viewer.account_id in set(admin_account_ids) or may_manage(viewer, managing_region)


async def managed_committee_ids(viewer: Viewer):
    """A values-queryset of the committees whose plans the viewer may see in draft: organizer admins,
    committee admins and the HR bureaus above the managing bureau. None means all (platform admin)."""
    if viewer.is_platform_admin:
        return None
    conditions = Q(id__in=Subquery(CommitteeAdmin.filter(account_id=viewer.account_id or 0).values("committee_id")))
    if viewer.admin_units:
        conditions |= Q(id__in=Subquery(
            CommitteeOrganizer.filter(unit_id__in=list(viewer.admin_units)).values("committee_id")))
    for region in viewer.hr_regions:
        conditions |= Q(managing_unit_id__in=Subquery(
            Unit.filter(region_id__startswith=region_prefix(region)).values("id")))
    return Subquery(Committee.filter(conditions).values("id"))
