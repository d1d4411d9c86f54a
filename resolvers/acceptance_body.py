"""受理机构 (003 §1.3): HR bureaus search, add, edit, cancel and import them (thin calls into
models/determination/acceptance.py and acceptance_excel.py); a person reads the 申报须知 that apply to them."""
from __future__ import annotations

from typing import Any

import strawberry

from models.access.acceptance_body import (
    can_view_acceptance_body,
    require_acceptance_keeper,
)
from models.core.import_batches import template_file
from models.core.storage import read_all
from models.core.upload import XLSX, receive_upload
from models.determination.acceptance import (
    acceptance_notices,
    cancel_acceptance_body,
    save_acceptance_body,
    visible_acceptance_bodies,
)
from models.determination.acceptance_excel import (
    ACCEPTANCE_IMPORT,
    import_acceptance_bodies,
)
from models.determination.models import AcceptanceBody as AcceptanceBodyRow
from models.person.models import Person as PersonRow
from resolvers.core.input import input_fields
from resolvers.core.mutation import payload_mutation
from resolvers.core.query import refusals_as_errors
from schema.application.types import EvaluationMode
from schema.catalogue import Level
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.import_batch import (
    AcceptanceBodyImportInput,
    ImportBatch,
    ImportBatchPayload,
)
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsPerson, IsSignedIn
from schema.determination.acceptance import (
    AcceptanceBody,
    AcceptanceBodyCancelInput,
    AcceptanceBodyFilter,
    AcceptanceBodyPayload,
    AcceptanceBodySaveInput,
    AcceptanceNotice,
)
from schema.file import File
from schema.unit import Unit

IMPORT_MAX_BYTES = 5 * 1024 * 1024  # as the committee import (Settings.max_import_bytes covers it)
XLSX_TYPES = (XLSX, "application/zip")


async def acceptance_body_node(info: Info, pk: int) -> Any:
    row = await AcceptanceBodyRow.get_or_none(id=pk)
    return AcceptanceBody.of(row) if row and can_view_acceptance_body(info.context.viewer, row) else None


def _pk(value: strawberry.ID) -> int:
    return decode_id(value, AcceptanceBody, "acceptanceBodyId")


async def receive_xlsx(info: Info, upload: Any, purpose: str) -> bytes:
    """The uploaded workbook's bytes (type and size checked, kept like any upload)."""
    svc = info.context.services
    stored = await receive_upload(svc.storage, upload, purpose=purpose, allowed_types=XLSX_TYPES,
                                  max_bytes=IMPORT_MAX_BYTES, owner_id=info.context.viewer.account_id, field="file")
    return await read_all(svc.storage, stored.sha256)


@strawberry.type
class AcceptanceBodyQueries:
    @strawberry.field(description="受理机构查询: the bodies of your HR bureau's region and below (platform admins: all), "
                                  "newest first.", permission_classes=[IsSignedIn])
    async def acceptance_bodies(self, info: Info, filter: AcceptanceBodyFilter | None = None,
                                first: int | None = None, after: str | None = None, last: int | None = None,
                                before: str | None = None) -> Connection[AcceptanceBody]:
        values = {k: v for k, v in input_fields(filter).items() if v is not None} if filter else {}
        qs = visible_acceptance_bodies(info.context.viewer, values)
        return await paginate(qs, AcceptanceBody.of, first=first, after=after, last=last, before=before)

    @strawberry.field(description="申报须知 for the signed-in person: at each node kind the active acceptance body that "
                                  "applies up the chain of their current unit's region, in path order.",
                      permission_classes=[IsPerson])
    async def acceptance_notices(self, info: Info, evaluation_mode: EvaluationMode,  # type: ignore[valid-type]
                                 level: Level) -> list[AcceptanceNotice]:
        person = await PersonRow.get(id=info.context.viewer.person_id)
        unit = await info.context.units.load(person.current_unit_id) if person.current_unit_id else None
        with refusals_as_errors():
            rows = await acceptance_notices(unit, evaluation_mode.value, level.value)
        return [AcceptanceNotice.of(r) for r in rows]

    @strawberry.field(description="下载excel模板 of 批量导入受理机构 (.xlsx), for HR bureaus and platform admins.",
                      permission_classes=[IsSignedIn])
    async def acceptance_body_import_template(self, info: Info) -> File:
        require_acceptance_keeper(info.context.viewer)
        return File.of(await template_file(ACCEPTANCE_IMPORT))


@strawberry.type
class AcceptanceBodyMutations:
    @strawberry.mutation(description="新增 or 修改 a 受理机构 (HR bureaus within their region, platform admins anywhere); "
                                     "re-adding a cancelled one reactivates it.", permission_classes=[IsSignedIn])
    @payload_mutation(AcceptanceBodyPayload)
    async def acceptance_body_save(self, info: Info, input: AcceptanceBodySaveInput) -> dict:
        data = input_fields(input, skip=("unit_id", "acceptance_body_id", "version"))
        data["unit_id"] = decode_id(input.unit_id, Unit, "unitId")
        body_id = _pk(input.acceptance_body_id) if input.acceptance_body_id is not None else None
        row = await save_acceptance_body(info.context.viewer, data, body_id, input.version)
        return {"acceptance_body": AcceptanceBody.of(row)}

    @strawberry.mutation(description="注销 a 受理机构: declarations no longer find it; re-adding it reactivates it.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(AcceptanceBodyPayload)
    async def acceptance_body_cancel(self, info: Info, input: AcceptanceBodyCancelInput) -> dict:
        row = await cancel_acceptance_body(info.context.viewer, _pk(input.acceptance_body_id))
        return {"acceptance_body": AcceptanceBody.of(row)}

    @strawberry.mutation(description="批量导入受理机构, step one: the rows are checked and kept as a batch (成功N条，失败M条); "
                                     "nothing is written until importBatchConfirm.", permission_classes=[IsSignedIn])
    @payload_mutation(ImportBatchPayload)
    async def acceptance_body_import(self, info: Info, input: AcceptanceBodyImportInput) -> dict:
        async def read_file() -> bytes:
            return await receive_xlsx(info, input.file, "acceptance_body_import")

        batch = await import_acceptance_bodies(info.context.viewer, input.level.value, input.evaluation_mode.value,
                                               read_file)
        return {"import_batch": ImportBatch.of(batch)}
