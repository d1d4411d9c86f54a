"""职称初定 / 职称认定: the person's declarations (create, fill in, import records, check, submit, withdraw, 作废) —
thin calls into models/determination; the review runs through the task centre (taskClaim / taskDecide /
taskWithdraw)."""
from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from models.access.determination import can_view_determination
from models.core.errors import refuse
from models.determination import create, sections
from models.determination.fields import BASIC
from models.determination.models import Determination as DeterminationRow
from models.determination.models import DeterminationRecord as RecordRow
from models.determination.process import submit_determination, withdraw_determination
from resolvers.core.input import sent_fields, title_choice
from resolvers.core.mutation import payload_mutation
from schema.achievement.types import AchievementRecord
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsPerson
from schema.determination.inputs import (
    DeterminationActionInput,
    DeterminationBasicInput,
    DeterminationCreateInput,
    DeterminationDeletePayload,
    DeterminationImportRecordsInput,
    DeterminationPayload,
    DeterminationPhotoUploadInput,
    DeterminationRemoveRecordsInput,
    DeterminationSetQualificationsInput,
    DeterminationSetTitlesInput,
    DeterminationUpdateInput,
)
from schema.determination.types import (
    Determination,
    DeterminationByIdLoader,
    DeterminationRecordSnapshot,
)


def _pk(value: strawberry.ID) -> int:
    return decode_id(value, Determination, "determinationId")


def _basic(data: DeterminationBasicInput | None) -> dict[str, Any]:
    return sent_fields(data, (f.key for f in BASIC))


async def determination_node(info: Info, pk: int) -> Any:
    row = await info.context.loader(DeterminationByIdLoader).load(pk)
    return Determination.of(row) if row and await can_view_determination(info.context.viewer, row) else None


async def determination_record_node(info: Info, pk: int) -> Any:
    row = await RecordRow.get_or_none(id=pk)
    if row is None:
        return None
    parent = await info.context.loader(DeterminationByIdLoader).load(row.determination_id)
    return DeterminationRecordSnapshot(id=row.id, row=row) if parent and await can_view_determination(
        info.context.viewer, parent) else None


async def _editable(info: Info, determination_id: strawberry.ID) -> DeterminationRow:
    return await create.own_determination(info.context.viewer, _pk(determination_id))


@strawberry.type
class DeterminationQueries:
    @strawberry.field(description="Your 初定 / 认定 declarations (我的申报), newest first.", permission_classes=[IsPerson])
    async def my_determinations(self, info: Info, first: int | None = None, after: str | None = None,
                                last: int | None = None, before: str | None = None) -> Connection[Determination]:
        qs = DeterminationRow.filter(person_id=info.context.viewer.person_id)
        return await paginate(qs, Determination.of, first=first, after=after, last=last, before=before)


@strawberry.type
class DeterminationMutations:
    @strawberry.mutation(description="立即申报: a 职称初定 or 职称认定 declaration; fill it in afterwards.",
                         permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_create(self, info: Info, input: DeterminationCreateInput) -> dict:
        row = await create.create_determination(info.context.viewer, input.evaluation_mode.value, input.year,
                                                *title_choice(input.series_id, input.specialty_id, input.title_name_id))
        return {"determination": Determination.of(row)}

    @strawberry.mutation(description="个人申报设置 / 个人基本信息: change a draft or returned declaration.",
                         permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_update(self, info: Info, input: DeterminationUpdateInput) -> dict:
        ids = (input.series_id, input.specialty_id, input.title_name_id)
        if any(i is not None for i in ids) and not all(i is not None for i in ids):
            raise refuse("REQUIRED", "修改申报资格时请同时选择系列、专业和资格名称", "titleNameId")
        title = title_choice(*ids) if ids[0] is not None else None
        row = await create.update_determination(info.context.viewer, _pk(input.determination_id), title,
                                                _basic(input.basic))
        return {"determination": Determination.of(row)}

    @strawberry.mutation(description="资历信息: the whole list, in order.", permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_set_titles(self, info: Info, input: DeterminationSetTitlesInput) -> dict:
        row = await _editable(info, input.determination_id)
        titles = [{"title_name": t.title_name, "series_name": t.series_name, "obtained_on": t.obtained_on,
                   "certificate_number": t.certificate_number, "appointed_on": t.appointed_on,
                   "appointment_unit": t.appointment_unit} for t in input.titles]
        return {"determination": Determination.of(await sections.set_titles(row, titles))}

    @strawberry.mutation(description="取得职称、职业技能等级情况: the whole list.", permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_set_qualifications(self, info: Info, input: DeterminationSetQualificationsInput) -> dict:
        row = await _editable(info, input.determination_id)
        items = [{"kind": q.kind.value, "name": q.name, "grade": q.grade, "number": q.number,
                  "obtained_on": q.obtained_on, "issuer": q.issuer} for q in input.qualifications]
        return {"determination": Determination.of(await sections.set_qualifications(row, items))}

    @strawberry.mutation(description="Import approved library records (学历、工作经历、继续教育、考核情况).",
                         permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_import_records(self, info: Info, input: DeterminationImportRecordsInput) -> dict:
        row = await _editable(info, input.determination_id)
        ids = [decode_id(r, AchievementRecord, ("recordIds", str(i))) for i, r in enumerate(input.record_ids)]
        return {"determination": Determination.of(await sections.import_records(row, ids))}

    @strawberry.mutation(description="Remove imported records from the declaration.", permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_remove_records(self, info: Info, input: DeterminationRemoveRecordsInput) -> dict:
        row = await _editable(info, input.determination_id)
        ids = [decode_id(sid, DeterminationRecordSnapshot, ("snapshotIds", str(i)))
               for i, sid in enumerate(input.snapshot_ids)]
        return {"determination": Determination.of(await sections.remove_records(row, ids))}

    @strawberry.mutation(description="上传照片 (jpg / png), printed on the certificate.", permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_photo_upload(self, info: Info, input: DeterminationPhotoUploadInput) -> dict:
        svc = info.context.services
        row = await create.upload_photo(info.context.viewer, svc.storage, _pk(input.determination_id), input.file,
                                        svc.settings.max_photo_bytes)
        return {"determination": Determination.of(row)}

    @strawberry.mutation(description="提交: to the unit, the first node. Refused with every failed check.",
                         permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_submit(self, info: Info, input: DeterminationActionInput) -> dict:
        row = await _editable(info, input.determination_id)
        return {"determination": Determination.of(await submit_determination(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="撤回 while the unit has not claimed it.", permission_classes=[IsPerson])
    @payload_mutation(DeterminationPayload)
    async def determination_withdraw(self, info: Info, input: DeterminationActionInput) -> dict:
        row = await create.own_determination(info.context.viewer, _pk(input.determination_id), editable=False)
        return {"determination": Determination.of(await withdraw_determination(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="作废: delete a draft that was never submitted.", permission_classes=[IsPerson])
    @payload_mutation(DeterminationDeletePayload)
    async def determination_delete(self, info: Info, input: DeterminationActionInput) -> dict:
        pk = await create.delete_determination(info.context.viewer, _pk(input.determination_id))
        return {"deleted_id": relay.to_base64("Determination", pk)}
