"""Two-step Excel imports: 批量导入审核路径 (职称初定 / 职称认定 and the other processes with configurable paths),
and 提交 / 放弃 of any import batch (models/core/import_batches.py). The acceptance-body import is
resolvers/acceptance_body.py."""
from __future__ import annotations

from typing import Any

import strawberry

from models.access.import_batch import can_view_import_batch
from models.core.import_batches import confirm_batch, discard_batch, template_file
from models.core.imports import ImportBatch as BatchRow
from models.workflow.models import PROCESS_LABELS
from models.workflow.models import ProcessType as ProcessTypeEnum
from models.workflow.path_excel import (
    PATH_IMPORT,
    import_process_paths,
    require_path_keeper,
    sheet_for,
)
from resolvers.acceptance_body import receive_xlsx
from resolvers.core.mutation import payload_mutation
from resolvers.core.query import refusals_as_errors
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.import_batch import (
    ImportBatch,
    ImportBatchActionInput,
    ImportBatchPayload,
    ProcessPathImportInput,
)
from schema.core.permissions import IsSignedIn
from schema.file import File
from schema.task import ProcessType


async def import_batch_node(info: Info, pk: int) -> Any:
    row = await BatchRow.get_or_none(id=pk)
    return ImportBatch.of(row) if row and can_view_import_batch(info.context.viewer, row) else None


def _pk(value: strawberry.ID) -> int:
    return decode_id(value, ImportBatch, "importBatchId")


@strawberry.type
class ImportBatchQueries:
    @strawberry.field(description="下载excel模板 of 批量导入审核路径 for a process type (.xlsx; its 填写说明 names the "
                                  "nodes the process's paths may hold), for HR bureaus and platform admins.",
                      permission_classes=[IsSignedIn])
    async def process_path_import_template(self, info: Info, process_type: ProcessType) -> File:
        require_path_keeper(info.context.viewer)
        with refusals_as_errors():
            sheet = sheet_for(process_type.value)
        name = f"{PROCESS_LABELS[ProcessTypeEnum(process_type.value)]}审核路径导入模板.xlsx"
        return File.of(await template_file(PATH_IMPORT, sheet, name))


@strawberry.type
class ImportBatchMutations:
    @strawberry.mutation(description="批量导入审核路径, step one: the rows are checked and kept as a batch (成功N条，失败M条); "
                                     "nothing is written until importBatchConfirm.", permission_classes=[IsSignedIn])
    @payload_mutation(ImportBatchPayload)
    async def process_path_import(self, info: Info, input: ProcessPathImportInput) -> dict:
        async def read_file() -> bytes:
            return await receive_xlsx(info, input.file, "process_path_import")

        batch = await import_process_paths(info.context.viewer, input.process_type.value, read_file)
        return {"import_batch": ImportBatch.of(batch)}

    @strawberry.mutation(description="提交 an import batch (only the account that imported it, only while pending): every "
                                     "row is checked again and all are written, or none when any no longer passes.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(ImportBatchPayload)
    async def import_batch_confirm(self, info: Info, input: ImportBatchActionInput) -> dict:
        return {"import_batch": ImportBatch.of(await confirm_batch(info.context.viewer, _pk(input.import_batch_id)))}

    @strawberry.mutation(description="放弃 an import batch: nothing of it is written.", permission_classes=[IsSignedIn])
    @payload_mutation(ImportBatchPayload)
    async def import_batch_discard(self, info: Info, input: ImportBatchActionInput) -> dict:
        return {"import_batch": ImportBatch.of(await discard_batch(info.context.viewer, _pk(input.import_batch_id)))}
