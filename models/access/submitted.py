"""Who may see a request a person submits into review (a reissue, a recognition) and its files: one rule.

The person always (and changes it while it is editable, through the process's ``own_…``); platform admins.
From its first submission on: the units that hold or held a task for it, and the HR bureaus above the
employer it was submitted from. Nobody else; the files go with the request.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from models.access.viewer import Viewer
from models.unit.models import Unit
from models.workflow.models import ProcessType, Task


class Submitted(Protocol):
    id: int
    person_id: int
    unit_id: int | None
    submitted_at: object


def _settled(viewer: Viewer, row: Submitted) -> bool | None:
    if not viewer.authenticated:
        return False
    if viewer.is_platform_admin or (viewer.person_id is not None and viewer.person_id == row.person_id):
        return True
    if row.submitted_at is None or row.unit_id is None:
        return False
    return None


def may_view_submitted(viewer: Viewer, row: Submitted, reviewing_unit_ids: Iterable[int] = (),
                       employer_region: str | None = None) -> bool:
    """The rule, given the reviewing units (``task.<subject>``: the task's unit) or the employer's region."""
    settled = _settled(viewer, row)
    if settled is not None:
        return settled
    return (any(viewer.administers(u) for u in reviewing_unit_ids)
            or (employer_region is not None and viewer.covers_region(employer_region)))


async def can_view_submitted(viewer: Viewer, process_type: ProcessType, row: Submitted) -> bool:
    """For single lookups (``node``, mutations): loads what ``may_view_submitted`` needs."""
    settled = _settled(viewer, row)
    if settled is not None:
        return settled
    if viewer.admin_units and await Task.filter(process_type=process_type, subject_id=row.id,
                                                unit_id__in=list(viewer.admin_units)).exists():
        return True
    if not viewer.hr_regions:
        return False
    employer = await Unit.get(id=row.unit_id)
    return viewer.covers_region(employer.region_id)
