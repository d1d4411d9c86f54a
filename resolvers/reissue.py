"""补换证: the person's reissues (create, change, upload, check, submit, withdraw, delete) — thin calls into
models/reissue; the review runs through the task centre (taskClaim / taskDecide / taskWithdraw)."""
from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from models.access.reissue import can_view_reissue
from models.reissue import create
from models.reissue.create import ManualCertificate
from models.reissue.models import Reissue as ReissueRow
from models.reissue.process import submit_reissue, withdraw_reissue
from resolvers.core.mutation import payload_mutation
from schema.catalogue import Series, Specialty, TitleName
from schema.certificate.types import Certificate
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsPerson
from schema.reissue.inputs import (
    ReissueActionInput,
    ReissueCertificateInput,
    ReissueCorrectionInput,
    ReissueCreateInput,
    ReissueDeletePayload,
    ReissueFileUploadInput,
    ReissuePayload,
    ReissueUpdateInput,
)
from schema.reissue.types import Reissue, ReissueByIdLoader
from schema.unit import Unit


def _manual(data: ReissueCertificateInput | None) -> ManualCertificate | None:
    if data is None:
        return None
    return ManualCertificate(
        name=data.name, gender=data.gender.value, birth_date=data.birth_date.isoformat(), id_type=data.id_type.value,
        id_number=data.id_number, acquisition_method=data.acquisition_method,
        series_id=decode_id(data.series_id, Series, ("certificate", "seriesId")),
        specialty_id=decode_id(data.specialty_id, Specialty, ("certificate", "specialtyId")),
        title_name_id=decode_id(data.title_name_id, TitleName, ("certificate", "titleNameId")),
        acquired_on=data.acquired_on.isoformat(), approval_number=data.approval_number, nature=data.nature,
        issue_date=data.issue_date.isoformat(),
        issuer_unit_id=decode_id(data.issuer_unit_id, Unit, ("certificate", "issuerUnitId")),
        number=data.number, unit_name=data.unit_name)


def _corrections(items: list[ReissueCorrectionInput] | None) -> list[tuple[str, str]] | None:
    return None if items is None else [(c.field.value, c.value) for c in items]


def _pk(value: strawberry.ID) -> int:
    return decode_id(value, Reissue, "reissueId")


async def reissue_node(info: Info, pk: int) -> Any:
    row = await info.context.loader(ReissueByIdLoader).load(pk)
    return Reissue.of(row) if row and await can_view_reissue(info.context.viewer, row) else None


@strawberry.type
class ReissueQueries:
    @strawberry.field(description="Your reissues (补换证), newest first.", permission_classes=[IsPerson])
    async def my_reissues(self, info: Info, first: int | None = None, after: str | None = None,
                          last: int | None = None, before: str | None = None) -> Connection[Reissue]:
        qs = ReissueRow.filter(person_id=info.context.viewer.person_id)
        return await paginate(qs, Reissue.of, first=first, after=after, last=last, before=before)


@strawberry.type
class ReissueMutations:
    @strawberry.mutation(description="证书补（换）: start a reissue of a certificate in 我的职称 (certificateId) or of "
                                     "one entered by hand. The photo defaults to your profile photo.",
                         permission_classes=[IsPerson])
    @payload_mutation(ReissuePayload)
    async def reissue_create(self, info: Info, input: ReissueCreateInput) -> dict:
        cert_id = decode_id(input.certificate_id, Certificate, "certificateId") if input.certificate_id else None
        row = await create.create_reissue(info.context.viewer, cert_id, _manual(input.certificate), input.reason,
                                          _corrections(input.corrections) or [])
        return {"reissue": Reissue.of(row)}

    @strawberry.mutation(description="Change a draft or returned reissue.", permission_classes=[IsPerson])
    @payload_mutation(ReissuePayload)
    async def reissue_update(self, info: Info, input: ReissueUpdateInput) -> dict:
        row = await create.update_reissue(info.context.viewer, _pk(input.reissue_id), input.reason,
                                          _corrections(input.corrections), _manual(input.certificate))
        return {"reissue": Reissue.of(row)}

    @strawberry.mutation(description="上传佐证材料 / 承诺书 (pdf, doc, docx ≤ 10 MB, by content) or 照片.",
                         permission_classes=[IsPerson])
    @payload_mutation(ReissuePayload)
    async def reissue_file_upload(self, info: Info, input: ReissueFileUploadInput) -> dict:
        svc = info.context.services
        row = await create.upload_file(info.context.viewer, svc.storage, _pk(input.reissue_id), input.kind.value,
                                       input.file, svc.settings.max_photo_bytes)
        return {"reissue": Reissue.of(row)}

    @strawberry.mutation(description="提交: to the employer, the first node. Refused with every failed check.",
                         permission_classes=[IsPerson])
    @payload_mutation(ReissuePayload)
    async def reissue_submit(self, info: Info, input: ReissueActionInput) -> dict:
        row = await create.own_reissue(info.context.viewer, _pk(input.reissue_id))
        return {"reissue": Reissue.of(await submit_reissue(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="撤回 while the employer has not claimed it.", permission_classes=[IsPerson])
    @payload_mutation(ReissuePayload)
    async def reissue_withdraw(self, info: Info, input: ReissueActionInput) -> dict:
        row = await create.own_reissue(info.context.viewer, _pk(input.reissue_id), editable=False)
        return {"reissue": Reissue.of(await withdraw_reissue(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="Delete a draft that was never submitted.", permission_classes=[IsPerson])
    @payload_mutation(ReissueDeletePayload)
    async def reissue_delete(self, info: Info, input: ReissueActionInput) -> dict:
        pk = await create.delete_reissue(info.context.viewer, _pk(input.reissue_id))
        return {"deleted_id": relay.to_base64("Reissue", pk)}
