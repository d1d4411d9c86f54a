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


# ---------------------------------------------------------------- certificates


def issues_for(viewer: Viewer, unit_id: int) -> bool:
    """Issues, reports and revokes the certificates of issuer ``unit_id``: its own admins, platform admins."""
    return viewer.is_platform_admin or viewer.administers(unit_id)


async def require_issues_for(viewer: Viewer, unit_id: int) -> None:
    viewer.require_account()
    if not issues_for(viewer, unit_id):
        raise Forbidden("只有发证单位的管理员可以发放、报送和撤销其证书")


def can_view_certificate(viewer: Viewer, cert) -> bool:
    """The holder; the issuer's admins; HR bureaus of the issuer's region or of the holder's unit at issue,
    and above; platform admins. The public sees a certificate only through verification."""
    if not viewer.authenticated:
        return False
    if viewer.is_platform_admin or (viewer.person_id is not None and viewer.person_id == cert.person_id):
        return True
    if cert.issuer_unit_id is not None and viewer.administers(cert.issuer_unit_id):
        return True
    return any(r and viewer.covers_region(r) for r in (cert.issuer_region, cert.unit_region))


def require_view_certificate(viewer: Viewer, cert) -> None:
    viewer.require_account()
    if not can_view_certificate(viewer, cert):
        raise Forbidden("无权查看该证书")


def may_query_certificates(viewer: Viewer) -> bool:
    """证书查询 at all: HR bureaus, issuers' admins, platform admins (each row narrowed by ``visible_certificates``)."""
    return viewer.is_platform_admin or bool(viewer.admin_units)


def visible_certificates(viewer: Viewer):
    """The certificates ``can_view_certificate`` lets an HR bureau or issuer see, as one query."""
    from tortoise.expressions import Q

    from models.certificate.models import Certificate

    if viewer.is_platform_admin:
        return Certificate.all()
    scope = Q(issuer_unit_id__in=list(viewer.admin_units)) if viewer.admin_units else Q(id=-1)
    for prefix in issuer_region_prefixes(viewer) or []:
        scope |= Q(issuer_region__startswith=prefix) | Q(unit_region__startswith=prefix)
    return Certificate.filter(scope)
