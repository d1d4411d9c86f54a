"""Who keeps and sees acceptance bodies (受理机构, 003 §1.3): HR bureaus for their region and below, platform
admins everywhere. Nobody else reads them one by one; a person reads only the notices that apply to them
(``acceptanceNotices``), never the rows."""
from __future__ import annotations

from models.access.viewer import Viewer
from models.core.errors import Forbidden
from models.determination.models import AcceptanceBody
from models.region.models import region_prefix


def may_keep_acceptance_bodies(viewer: Viewer) -> bool:
    return viewer.authenticated and (viewer.is_platform_admin or bool(viewer.hr_regions))


def require_acceptance_keeper(viewer: Viewer) -> None:
    viewer.require_account()
    if not may_keep_acceptance_bodies(viewer):
        raise Forbidden("受理机构由人社部门维护")


def covers_acceptance_region(viewer: Viewer, region_code: str) -> bool:
    return viewer.authenticated and (viewer.is_platform_admin or viewer.covers_region(region_code))


def can_view_acceptance_body(viewer: Viewer, row: AcceptanceBody) -> bool:
    return covers_acceptance_region(viewer, row.region_id)


def require_manages_acceptance_body(viewer: Viewer, row: AcceptanceBody) -> None:
    require_acceptance_keeper(viewer)
    if not can_view_acceptance_body(viewer, row):
        raise Forbidden("只能维护本人社部门管辖区域的受理机构")


def acceptance_region_prefixes(viewer: Viewer) -> list[str] | None:
    """Region-code prefixes of the bodies the viewer sees in lists: None for all (platform admins)."""
    if viewer.is_platform_admin:
        return None
    return [region_prefix(code) for code in viewer.hr_regions]
