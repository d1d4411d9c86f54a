"""Who may assign and cancel issuer codes (发证单位编码) and create and list number ranges (证书编号库): the HR
bureaus of the issuer unit's region and above, and platform admins. Everyone else is refused; units see
neither their own code nor its ranges here (issuing and its queries come with the certificates)."""
from __future__ import annotations

from models.access.viewer import Viewer
from models.core.errors import Forbidden
from models.region.models import region_prefix


def may_administer_issuers(viewer: Viewer) -> bool:
    """The role at all: what the root fields check before looking at any unit."""
    return viewer.is_platform_admin or bool(viewer.hr_regions)


def require_issuer_administrator(viewer: Viewer) -> None:
    viewer.require_account()
    if not may_administer_issuers(viewer):
        raise Forbidden("发证单位编码和证书编号由人社部门管理")


def manages_issuer(viewer: Viewer, unit_region: str) -> bool:
    """May assign or cancel the code of a unit in ``unit_region``, and create and see its ranges."""
    return viewer.is_platform_admin or viewer.covers_region(unit_region)


def require_manages_issuer(viewer: Viewer, unit_region: str) -> None:
    require_issuer_administrator(viewer)
    if not manages_issuer(viewer, unit_region):
        raise Forbidden("只能管理本人社部门辖区内单位的发证单位编码和证书编号")


def issuer_region_prefixes(viewer: Viewer) -> list[str] | None:
    """The region prefixes a list is narrowed to; None for platform admins (everything)."""
    if viewer.is_platform_admin:
        return None
    return sorted({region_prefix(code) for code in viewer.hr_regions})
