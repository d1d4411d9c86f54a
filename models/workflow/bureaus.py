"""The HR bureau a path's HR node stands for, from the region of the unit the request comes from: the
county's own, the city's, the province's. Used by every process whose path is ``ProcessPath`` data."""
from __future__ import annotations

from models.unit.models import Unit, UnitKind
from models.workflow.models import NodeKind


def bureau_region(kind: NodeKind, region: str) -> str | None:
    """The region code of the bureau for ``kind`` above ``region`` (None: a city has no county bureau)."""
    if kind == NodeKind.HR_BUREAU_COUNTY:
        return region if not region.endswith("00") else None
    if kind == NodeKind.HR_BUREAU_CITY:
        return region[:4] + "00" if not region.endswith("0000") else None
    return region[:2] + "0000"


async def hr_bureau(kind: NodeKind, region: str) -> Unit | None:
    code = bureau_region(kind, region)
    if code is None:
        return None
    return await Unit.filter(kind=UnitKind.HR_BUREAU, region_id=code).order_by("id").first()
