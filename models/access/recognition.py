"""Who may see a recognition (异地职称确认), its education records and attachments: the rule of every
submitted request (models.access.submitted)."""
from __future__ import annotations

from collections.abc import Iterable

from models.access.submitted import can_view_submitted, may_view_submitted
from models.access.viewer import Viewer
from models.recognition.models import Recognition
from models.workflow.models import ProcessType


def may_view_recognition(viewer: Viewer, row: Recognition, reviewing_unit_ids: Iterable[int] = (),
                         employer_region: str | None = None) -> bool:
    return may_view_submitted(viewer, row, reviewing_unit_ids, employer_region)


async def can_view_recognition(viewer: Viewer, row: Recognition) -> bool:
    return await can_view_submitted(viewer, ProcessType.RECOGNITION, row)
