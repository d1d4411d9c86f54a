"""Who may see a reissue (补换证) and its files.

The person always (and changes it while it is editable: ``models.reissue.create.own_reissue``); platform
admins. From its first submission on: the units that hold or held a task for it, and the HR bureaus above
the employer it was submitted from. Nobody else, and the evidence, pledge and photo go with the reissue.
"""
from __future__ import annotations

from collections.abc import Iterable

from models.access.viewer import Viewer
from models.reissue.models import Reissue
from models.unit.models import Unit
from models.workflow.models import ProcessType, Task


def _settled(viewer: Viewer, row: Reissue) -> bool | None:
    if not viewer.authenticated:
        return False
    if viewer.is_platform_admin or (viewer.person_id is not None and viewer.person_id == row.person_id):
        return True
    if row.submitted_at is None or row.unit_id is None:
        return False
    return None


def may_view_reissue(viewer: Viewer, row: Reissue, reviewing_unit_ids: Iterable[int] = (),
                     employer_region: str | None = None) -> bool:
    """The rule, given the reviewing units (``task.reissue``: the task's unit) or the employer's region."""
    settled = _settled(viewer, row)
    if settled is not None:
        return settled
    return (any(viewer.administers(u) for u in reviewing_unit_ids)
            or (employer_region is not None and viewer.covers_region(employer_region)))


async def can_view_reissue(viewer: Viewer, row: Reissue) -> bool:
    """For single lookups (``node``, mutations): loads what ``may_view_reissue`` needs."""
    settled = _settled(viewer, row)
    if settled is not None:
        return settled
    if viewer.admin_units and await Task.filter(process_type=ProcessType.REISSUE, subject_id=row.id,
                                                unit_id__in=list(viewer.admin_units)).exists():
        return True
    if not viewer.hr_regions:
        return False
    employer = await Unit.get(id=row.unit_id)
    return viewer.covers_region(employer.region_id)
