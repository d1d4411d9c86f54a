"""Who may see an achievement record (业绩) and its attachments, and an opinion template."""
from __future__ import annotations

from models.access.viewer import Viewer
from models.achievement.models import AchievementRecord, OpinionTemplate


def can_view_record(viewer: Viewer, row: AchievementRecord, unit_region: str | None) -> bool:
    """The owner, the admins of the unit it was submitted to, the HR bureaus above that unit, platform admins.
    ``unit_region``: that unit's region (None for a record never submitted)."""
    return (viewer.is_platform_admin or (viewer.person_id is not None and row.person_id == viewer.person_id)
            or (row.unit_id is not None and viewer.administers(row.unit_id))
            or (unit_region is not None and viewer.covers_region(unit_region)))


def can_view_template(viewer: Viewer, row: OpinionTemplate) -> bool:
    """Shared templates (no owner) for anyone signed in; one's own; platform admins all."""
    return viewer.authenticated and (row.owner_id in (None, viewer.account_id) or viewer.is_platform_admin)
