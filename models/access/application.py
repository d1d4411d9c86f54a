"""Who may see a declaration (职称申报) and what hangs off it: attachments, snapshots, flow, quota use.

A draft never submitted is the applicant's (and, for operations, platform admins'); from its first
submission on the units that hold or held a task for it and the HR bureaus above its employer see it too.
"""
from __future__ import annotations

from collections.abc import Iterable

from models.access.viewer import Viewer
from models.application.models import Application
from models.unit.models import Unit
from models.workflow.models import ProcessType, Task


def is_applicant(viewer: Viewer, app: Application) -> bool:
    return viewer.person_id is not None and app.person_id == viewer.person_id


def _settled(viewer: Viewer, app: Application) -> bool | None:
    """The answer when it needs no lookup; None when it depends on the reviewing units or the region."""
    if is_applicant(viewer, app) or viewer.is_platform_admin:
        return True
    if app.submitted_at is None:  # still being written; a withdrawal later does not hide it again
        return False
    return None


def may_view_application(viewer: Viewer, app: Application, reviewing_unit_ids: Iterable[int] = (),
                         employer_region: str | None = None) -> bool:
    """The rule, given what it needs: for fields and lists that already hold the reviewing units
    (``task.application``: the task's unit) or the employer's region."""
    settled = _settled(viewer, app)
    if settled is not None:
        return settled
    return (any(viewer.administers(u) for u in reviewing_unit_ids)
            or (employer_region is not None and viewer.covers_region(employer_region)))


async def can_view_application(viewer: Viewer, app: Application) -> bool:
    """For single lookups (node, root fields, mutations, workers): loads what ``may_view_application`` needs."""
    settled = _settled(viewer, app)
    if settled is not None:
        return settled
    if viewer.admin_units and await Task.filter(process_type=ProcessType.APPLICATION, subject_id=app.id,
                                                unit_id__in=list(viewer.admin_units)).exists():
        return True
    if not viewer.hr_regions:
        return False
    employer = await Unit.get(id=app.unit_id)
    return may_view_application(viewer, app, employer_region=employer.region_id)
