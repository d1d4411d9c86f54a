"""Who may call the counting and listing root fields at all (models.access.talent_statistics)."""
from __future__ import annotations

from models.access.talent_statistics import require_count_talent
from models.access.viewer import Viewer
from schema.core.permissions import ViewerPermission


class CanCountTalent(ViewerPermission):
    """Unit admins (their unit), HR bureaus (their region), platform admins; not persons, not anonymous."""

    def check(self, viewer: Viewer) -> None:
        require_count_talent(viewer)
