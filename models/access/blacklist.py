"""Who may see and manage a person's blacklist entries (黑名单): the HR bureaus above the person's unit and
platform admins. The person learns of a bar when a declaration is refused, not from the entries."""
from __future__ import annotations

from models.access.viewer import Viewer


def oversees_blacklist(viewer: Viewer, person_unit_region: str | None) -> bool:
    """``person_unit_region``: the region of the unit the person belongs to (None when they have none)."""
    return viewer.is_platform_admin or (person_unit_region is not None and viewer.covers_region(person_unit_region))
