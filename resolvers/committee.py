"""Committees: search, set up, edit, cancel, admins, Excel import/export, and 选择评委会."""
from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError

from models.committee.models import Committee as CommitteeRow
from models.committee.choice import committee_choices
from models.committee.excel import XLSX_TYPES, import_committees, in_executor, read_rows, template_file
from models.committee.rules import (add_committee_admin, cancel_committee, create_committee, filter_committees,
                                    remove_committee_admin, update_committee)
from models.core.errors import Refused, refuse
from models.core.job import JobKind
from models.person.models import Person as PersonRow
from models.core.transaction import create_job_once
from models.core.upload import receive_upload
from resolvers.core.input import input_fields
from resolvers.core.mutation import payload_mutation, refused_payload
from schema.account import Account
from schema.catalogue import Level, Series, Specialty, TitleName
from schema.committee import (Committee, CommitteeAdminAddInput, CommitteeAdminRemoveInput, CommitteeCancelInput,
                              CommitteeCreateInput, CommitteeExportInput, CommitteeExportPayload, CommitteeFilter,
                              CommitteeImportFailure, CommitteeImportInput, CommitteeImportPayload, CommitteePayload,
                              CommitteeUpdateInput)
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsHrBureauAdmin, IsPerson, IsSignedIn
from schema.file import File
from schema.message import Job
from schema.core.pagination import Connection, paginate
from schema.core.prefetch import prefetch_page
from schema.plan.types import CommitteeChoice, CommitteeChoices, EvaluationMode, Plan
from schema.unit import Unit
from models.core.storage import read_all

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def filter_values(f: CommitteeFilter | None, at: str = "filter") -> dict[str, Any]:
    """The filter as the plain dict models.committee.rules.filter_committees takes."""
    if f is None:
        return {}
    values = input_fields(f, skip=("series_id",))
    if f.series_id is not None:
        values["series_id"] = decode_id(f.series_id, Series, (at, "seriesId"))
    return {k: v for k, v in values.items() if v is not None}


def _ids(values: list | None, type_: type, field: str) -> list[int]:
    return [decode_id(v, type_, (field, str(i))) for i, v in enumerate(values or [])]


def committee_data(input: Any) -> dict[str, Any]:
    lists = ("series_id", "managing_unit_id", "organizer_unit_ids", "specialty_ids", "fee_standards", "committee_id")
    data = input_fields(input, skip=lists)
    if getattr(input, "series_id", None) not in (None, strawberry.UNSET):  # required on create: "" is REQUIRED
        data["series_id"] = decode_id(input.series_id, Series, "seriesId")
    if getattr(input, "managing_unit_id", None):
        data["managing_unit_id"] = decode_id(input.managing_unit_id, Unit, "managingUnitId")
    for name, type_, field in (("organizer_unit_ids", Unit, "organizerUnitIds"),
                               ("specialty_ids", Specialty, "specialtyIds")):
        value = getattr(input, name)
        if value is not strawberry.UNSET:
            data[name] = None if value is None else _ids(value, type_, field)
    fees = input.fee_standards
    if fees is not strawberry.UNSET:
        data["fee_standards"] = None if fees is None else [{"item": f.item, "amount": f.amount} for f in fees]
    return data


async def _committee(committee_id: strawberry.ID) -> CommitteeRow:
    row = await CommitteeRow.get_or_none(id=decode_id(committee_id, Committee, "committeeId"))
    if row is None:
        raise refuse("NOT_FOUND", "评委会不存在", "committeeId")
    return row


@strawberry.type
class CommitteeQueries:
    @strawberry.field(description="评委会查询. Open to anyone; admins stay private.")
    async def committees(self, info: Info, filter: CommitteeFilter | None = None, first: int | None = None,
                         after: str | None = None, last: int | None = None,
                         before: str | None = None) -> Connection[Committee]:
        try:
            values = filter_values(filter)
        except Refused:
            raise GraphQLError("系列 ID 无效", extensions={"code": "INVALID_ID"}) from None
        return await prefetch_page(info, await paginate(filter_committees(values), Committee.of, first=first,
                                                        after=after, last=last, before=before))

    @strawberry.field(description="下载excel模板: the import template (.xlsx) for HR bureaus and platform admins.",
                      permission_classes=[IsHrBureauAdmin])
    async def committee_import_template(self, info: Info) -> File:
        return File.of(await template_file(info.context.viewer.account_id))

    @strawberry.field(description="选择评委会 for the signed-in person: direct and commissioned-review committees "
                                  "for a series and level (and specialty, title), each with its working state.",
                      permission_classes=[IsPerson])
    async def committee_choices(self, info: Info, series_id: strawberry.ID, level: Level,
                                specialty_id: strawberry.ID | None = None, title_name_id: strawberry.ID | None = None,
                                evaluation_mode: EvaluationMode | None = None,  # type: ignore[valid-type]
                                ) -> CommitteeChoices:
        try:
            person = await PersonRow.get(id=info.context.viewer.person_id)
            choices = await committee_choices(
                person, series_id=decode_id(series_id, Series, "seriesId"), level=level.value,
                specialty_id=decode_id(specialty_id, Specialty, "specialtyId") if specialty_id else None,
                title_name_id=decode_id(title_name_id, TitleName, "titleNameId") if title_name_id else None,
                evaluation_mode=evaluation_mode.value if evaluation_mode else None)
        except Refused as refused:
            return refused_payload(CommitteeChoices, refused)

        def build(group):
            return [CommitteeChoice(committee=Committee.of(c.committee), working_state=c.state,
                                    plan=Plan.of(c.plan) if c.plan else None) for c in group]

        return CommitteeChoices(errors=[], unit=Unit.of(choices.unit), direct=build(choices.direct),
                                commissioned=build(choices.commissioned))


@strawberry.type
class CommitteeMutations:
    @strawberry.mutation(description="新增评委会: HR bureaus within their region, platform admins anywhere.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(CommitteePayload)
    async def committee_create(self, info: Info, input: CommitteeCreateInput) -> dict:
        return {"committee": Committee.of(await create_committee(info.context.viewer, committee_data(input)))}

    @strawberry.mutation(description="修改评委会 and its other information (专业, 组建单位, 缴费标准).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(CommitteePayload)
    async def committee_update(self, info: Info, input: CommitteeUpdateInput) -> dict:
        committee = await _committee(input.committee_id)
        data = committee_data(input)
        return {"committee": Committee.of(await update_committee(info.context.viewer, committee, data))}

    @strawberry.mutation(description="注销评委会 with a reason.", permission_classes=[IsSignedIn])
    @payload_mutation(CommitteePayload)
    async def committee_cancel(self, info: Info, input: CommitteeCancelInput) -> dict:
        committee = await _committee(input.committee_id)
        return {"committee": Committee.of(await cancel_committee(info.context.viewer, committee,
                                                                 input.reason.strip()))}

    @strawberry.mutation(description="Add a committee admin (评委会账号) by mobile or ID number.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(CommitteePayload)
    async def committee_admin_add(self, info: Info, input: CommitteeAdminAddInput) -> dict:
        committee = await _committee(input.committee_id)
        await add_committee_admin(info.context.viewer, committee, input.login.strip())
        return {"committee": Committee.of(committee)}

    @strawberry.mutation(description="Remove a committee admin.", permission_classes=[IsSignedIn])
    @payload_mutation(CommitteePayload)
    async def committee_admin_remove(self, info: Info, input: CommitteeAdminRemoveInput) -> dict:
        committee = await _committee(input.committee_id)
        await remove_committee_admin(info.context.viewer, committee, decode_id(input.account_id, Account, "accountId"))
        return {"committee": Committee.of(committee)}

    @strawberry.mutation(description="批量导入评委会 from the template: good rows are created, bad rows reported "
                                     "with their row number and reason (nothing of them is written).",
                         permission_classes=[IsHrBureauAdmin])
    @payload_mutation(CommitteeImportPayload)
    async def committee_import(self, info: Info, input: CommitteeImportInput) -> dict:
        viewer = info.context.viewer
        svc = info.context.services
        stored = await receive_upload(svc.storage, input.file, purpose="committee_import", allowed_types=XLSX_TYPES,
                                      max_bytes=IMPORT_MAX_BYTES, owner_id=viewer.account_id, field="file")
        rows = await in_executor(read_rows, await read_all(svc.storage, stored.sha256))
        if not rows:
            raise refuse("REQUIRED", "文件中没有评委会数据", "file")
        report = await import_committees(viewer, rows)
        return {"succeeded": len(report.succeeded),
                "failed": [CommitteeImportFailure(row=r, reason=why) for r, why in report.failed],
                "committees": [Committee.of(c) for c in report.succeeded]}

    @strawberry.mutation(description="导出查询结果: renders the committees of a search to .xlsx in the background; "
                                     "poll the job for its result file.", permission_classes=[IsSignedIn])
    @payload_mutation(CommitteeExportPayload)
    async def committee_export(self, info: Info, input: CommitteeExportInput) -> dict:
        job = await create_job_once(JobKind.COMMITTEE_EXPORT, {"filter": filter_values(input.filter)},
                                    info.context.viewer.account_id, input.idempotency_key)
        return {"job": Job.of(job)}
