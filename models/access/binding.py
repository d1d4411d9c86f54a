"""Who may see a binding (人员注册审核): the person, the unit asked, the HR bureaus above it, platform admins."""
from __future__ import annotations

from models.access.viewer import Viewer
from models.person.binding import Binding


def can_view_binding(viewer: Viewer, row: Binding, unit_region: str) -> bool:
    return (viewer.is_platform_admin or (viewer.person_id is not None and row.person_id == viewer.person_id)
            or viewer.administers(row.unit_id) or viewer.covers_region(unit_region))
