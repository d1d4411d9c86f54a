"""Who may see a reissue (补换证) and its files: the rule of every submitted request (models.access.submitted)."""
from __future__ import annotations

from collections.abc import Iterable

from models.access.submitted import can_view_submitted, may_view_submitted
from models.access.viewer import Viewer
from models.reissue.models import Reissue
from models.workflow.models import ProcessType


def may_view_reissue(viewer: Viewer, row: Reissue, reviewing_unit_ids: Iterable[int] = (),
                     employer_region: str | None = None) -> bool:
    return may_view_submitted(viewer, row, reviewing_unit_ids, employer_region)


async def can_view_reissue(viewer: Viewer, row: Reissue) -> bool:
    return await can_view_submitted(viewer, ProcessType.REISSUE, row)
