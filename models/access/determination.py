"""Who may see a 初定 / 认定 declaration and its imported records: the rule of every submitted request
(models.access.submitted)."""
from __future__ import annotations

from collections.abc import Iterable

from models.access.submitted import can_view_submitted, may_view_submitted
from models.access.viewer import Viewer
from models.determination.create import PROCESS_OF
from models.determination.models import Determination


def may_view_determination(viewer: Viewer, row: Determination, reviewing_unit_ids: Iterable[int] = (),
                           employer_region: str | None = None) -> bool:
    return may_view_submitted(viewer, row, reviewing_unit_ids, employer_region)


async def can_view_determination(viewer: Viewer, row: Determination) -> bool:
    return await can_view_submitted(viewer, PROCESS_OF[row.evaluation_mode], row)
