"""Who may see and work a review task: the admins of the unit it is addressed to."""
from __future__ import annotations

from models.access.viewer import Viewer
from models.workflow.models import Task


def can_view_task(viewer: Viewer, task: Task) -> bool:
    return viewer.is_platform_admin or viewer.administers(task.unit_id)


def can_decide_task(viewer: Viewer, task: Task) -> bool:
    """Claim, decide, withdraw: only the unit's own admins; platform admins look on, they do not review."""
    return viewer.administers(task.unit_id)
