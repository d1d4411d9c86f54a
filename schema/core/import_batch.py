"""Two-step Excel imports as clients see them: the batch an import made (成功N条，失败M条 with the rows and
reasons), confirmed (提交) or discarded (放弃) by whoever imported it."""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from models.application.models import EvaluationMode as EvaluationModeEnum
from models.catalogue.models import Level as LevelEnum
from models.core.import_batches import ImportBatchKind as ImportBatchKindEnum
from models.core.imports import ImportBatch as BatchRow
from models.core.imports import ImportBatchStatus as ImportBatchStatusEnum
from models.determination.codes import AcceptanceCode
from models.workflow.models import ProcessType as ProcessTypeEnum
from schema.application.types import EvaluationMode
from schema.catalogue import Level
from schema.core.errors import error_code_enum, error_type
from schema.core.ids import from_row
from schema.task import ProcessType

ImportBatchKind = strawberry.enum(ImportBatchKindEnum, description="What a batch imports: 受理机构 / 审核路径")
ImportBatchStatus = strawberry.enum(ImportBatchStatusEnum, description="待提交 / 已提交 / 已放弃")
# Every import kind's rules (acceptance bodies, process paths) and the upload: AcceptanceCode holds them all.
ImportBatchErrorCode = error_code_enum("ImportBatch", AcceptanceCode, "Why an import, or its 提交 / 放弃, was refused.")
ImportBatchError = error_type("ImportBatch", ImportBatchErrorCode)


@strawberry.type(description="A row of the file that passed the checks, and what it will write.")
class ImportBatchRow:
    row: int = strawberry.field(description="Excel row number (the header is row 1).")
    summary: str


@strawberry.type(description="A row of the file that failed, and why; it is not written.")
class ImportBatchFailure:
    row: int = strawberry.field(description="Excel row number (the header is row 1).")
    reason: str


@strawberry.type(description="导入的一批数据: the file's rows checked, waiting for 提交 (nothing is written before it). "
                             "Seen by the account that imported it and platform admins.")
class ImportBatch(relay.Node):
    row: strawberry.Private[BatchRow]
    id: relay.NodeID[int]
    kind: ImportBatchKind
    status: ImportBatchStatus
    succeeded: int = strawberry.field(description="成功条数: rows that passed.")
    failed: int = strawberry.field(description="失败条数: rows that failed.")
    rows: list[ImportBatchRow] = strawberry.field(description="The rows that passed, in file order.")
    failures: list[ImportBatchFailure] = strawberry.field(description="The rows that failed, with reasons.")
    level: Level | None = strawberry.field(description="职称等级 the page chose (acceptance bodies).")
    evaluation_mode: EvaluationMode | None = strawberry.field(description="取得方式 the page chose (acceptance bodies).")
    process_type: ProcessType | None = strawberry.field(description="流程类型 the page chose (process paths).")
    created_at: datetime
    finished_at: datetime | None = strawberry.field(description="When it was confirmed or discarded.")

    @classmethod
    def of(cls, row: BatchRow) -> ImportBatch:
        params = row.params or {}
        return from_row(
            cls, row, kind=ImportBatchKindEnum(row.kind), status=ImportBatchStatusEnum(row.status),
            succeeded=len(row.rows), failed=len(row.failures),
            rows=[ImportBatchRow(row=r["row"], summary=r["summary"]) for r in row.rows],
            failures=[ImportBatchFailure(row=f["row"], reason=f["reason"]) for f in row.failures],
            level=LevelEnum(params["level"]) if params.get("level") else None,
            evaluation_mode=EvaluationModeEnum(params["evaluation_mode"]) if params.get("evaluation_mode") else None,
            process_type=ProcessTypeEnum(params["process_type"]) if params.get("process_type") else None)


@strawberry.input(description="批量导入受理机构: the page's 职称等级 and 取得方式, and the filled template (.xlsx).")
class AcceptanceBodyImportInput:
    level: Level
    evaluation_mode: EvaluationMode = strawberry.field(description="INITIAL_DETERMINATION or RECOGNITION.")
    file: Upload


@strawberry.input(description="批量导入审核路径 of a process (职称初定, 职称认定, …): the filled template (.xlsx).")
class ProcessPathImportInput:
    process_type: ProcessType
    file: Upload


@strawberry.input(description="提交 or 放弃 an import batch.")
class ImportBatchActionInput:
    import_batch_id: strawberry.ID


@strawberry.type
class ImportBatchPayload:
    errors: list[ImportBatchError]  # type: ignore[valid-type]
    import_batch: ImportBatch | None = None
