"""The declaration types' DataLoaders: one query per batch, per request (schema/core/context.py)."""
from __future__ import annotations

from strawberry.dataloader import DataLoader

from models.application.models import Application as ApplicationRow
from models.application.models import ApplicationAttachment as AttachmentRow
from models.application.models import ApplicationRecord as SnapshotRow
from models.application.models import ApplicationRecordFile as SnapshotFileRow
from models.application.models import ApplicationTitle as TitleRow
from models.workflow.models import ProcessType
from models.workflow.models import Task as TaskRow
from schema.core.context import ModelByIdLoader, RowsByKeyLoader


class ApplicationByIdLoader(ModelByIdLoader):
    model = ApplicationRow


class ReviewingUnitsByApplicationLoader(DataLoader):
    """Units that hold or held a task for each application: the reviewing units."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[int]) -> list[set[int]]:
        units: dict[int, set[int]] = {k: set() for k in keys}
        for subject_id, unit_id in await TaskRow.filter(process_type=ProcessType.APPLICATION,
                                                        subject_id__in=list(set(keys))).values_list(
                                                            "subject_id", "unit_id"):
            units[subject_id].add(unit_id)
        return [units[k] for k in keys]


class TitlesByApplicationLoader(RowsByKeyLoader):
    model, key, order = TitleRow, "application_id", ("position", "id")


class SnapshotsByApplicationLoader(RowsByKeyLoader):
    model, key, order = SnapshotRow, "application_id", ("position", "id")


class FilesBySnapshotLoader(RowsByKeyLoader):
    model, key, order, joined = SnapshotFileRow, "snapshot_id", ("position", "id"), "file"


class AttachmentsByApplicationLoader(RowsByKeyLoader):
    model, key = AttachmentRow, "application_id"
