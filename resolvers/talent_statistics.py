"""专技人才统计: the person's records (create, change, submit, withdraw, delete), a unit's records, the counts by
region, series and level, and their Excel exports — thin calls into models/talent_statistics; the review
runs through the task centre (taskClaim / taskDecide)."""
from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from models.access.talent_statistics import can_view_talent_record
from models.talent_statistics import create
from models.talent_statistics.export import export_records, export_statistics
from models.talent_statistics.fields import KEYS
from models.talent_statistics.models import TalentRecord as TalentRecordRow
from models.talent_statistics.process import submit_record, withdraw_record
from models.talent_statistics.records import RecordFilter, unit_records
from models.talent_statistics.statistics import StatisticsQuery, count_talent
from resolvers.core.mutation import payload_mutation
from resolvers.core.query import refusals_as_errors
from schema.catalogue import Series, Specialty, TitleName
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsPerson
from schema.message import Job
from schema.talent_statistics.inputs import (
    TalentExportPayload,
    TalentRecordActionInput,
    TalentRecordCreateInput,
    TalentRecordDeletePayload,
    TalentRecordFieldsInput,
    TalentRecordFilter,
    TalentRecordPayload,
    TalentRecordsExportInput,
    TalentRecordUpdateInput,
    TalentStatisticsExportInput,
)
from schema.talent_statistics.permissions import CanCountTalent
from schema.talent_statistics.types import (
    TalentRecord,
    TalentRecordByIdLoader,
    TalentStatistics,
    TalentStatisticsDimension,
    TalentStatisticsRow,
)
from schema.unit import Unit

ID_TYPES = {"series_id": (Series, "seriesId"), "specialty_id": (Specialty, "specialtyId"),
            "title_name_id": (TitleName, "titleNameId")}


def _pk(value: strawberry.ID) -> int:
    return decode_id(value, TalentRecord, "talentRecordId")


def _given(data: TalentRecordFieldsInput) -> dict[str, Any]:
    """The fields the client sent (left-out ones are UNSET): enums as their values, IDs decoded."""
    given = {}
    for key in KEYS:
        value = getattr(data, key)
        if value is strawberry.UNSET:
            continue
        if key in ID_TYPES and value is not None:
            value = decode_id(value, *ID_TYPES[key])
        given[key] = getattr(value, "value", value)
    return given


def _statistics_query(year: int, group_by, region_code: str | None, unit_id) -> StatisticsQuery:
    return StatisticsQuery(year=year, group_by=tuple(dict.fromkeys(d.value for d in group_by or ())),
                           region_code=region_code or None,
                           unit_id=decode_id(unit_id, Unit, "unitId") if unit_id else None)


def _filter(f: TalentRecordFilter | None) -> RecordFilter:
    if f is None:
        return RecordFilter()
    return RecordFilter(status=f.status.value if f.status else None, year=f.year)


async def talent_record_node(info: Info, pk: int) -> Any:
    row = await info.context.loader(TalentRecordByIdLoader).load(pk)
    return TalentRecord.of(row) if row and await can_view_talent_record(info.context.viewer, row) else None


@strawberry.type
class TalentStatisticsQueries:
    @strawberry.field(description="Your talent records (专技人才统计), newest first.", permission_classes=[IsPerson])
    async def my_talent_records(self, info: Info, first: int | None = None, after: str | None = None,
                                last: int | None = None, before: str | None = None) -> Connection[TalentRecord]:
        qs = TalentRecordRow.filter(person_id=info.context.viewer.person_id)
        return await paginate(qs, TalentRecord.of, first=first, after=after, last=last, before=before)

    @strawberry.field(description="A unit's submitted talent records, newest first: for its admins, the HR bureaus "
                                  "over its region and platform admins.", permission_classes=[CanCountTalent])
    async def talent_records(self, info: Info, unit_id: strawberry.ID, filter: TalentRecordFilter | None = None,
                             first: int | None = None, after: str | None = None, last: int | None = None,
                             before: str | None = None) -> Connection[TalentRecord]:
        with refusals_as_errors():
            qs = await unit_records(info.context.viewer, decode_id(unit_id, Unit, "unitId"), _filter(filter))
        return await paginate(qs, TalentRecord.of, first=first, after=after, last=last, before=before)

    @strawberry.field(description="专技人才统计: approved records of a year counted by region, series and level (any of "
                                  "them; none: the total), within your scope, narrowed to a region (and below) or "
                                  "a unit.", permission_classes=[CanCountTalent])
    async def talent_statistics(self, info: Info, year: int, group_by: list[TalentStatisticsDimension] | None = None,
                                region_code: str | None = None, unit_id: strawberry.ID | None = None
                                ) -> TalentStatistics:
        with refusals_as_errors():
            q = _statistics_query(year, group_by, region_code, unit_id)
            rows = await count_talent(info.context.viewer, q)
        return TalentStatistics(year=year, group_by=q.dimensions, total=sum(r.count for r in rows),
                                rows=[TalentStatisticsRow.of(r) for r in rows])


@strawberry.type
class TalentStatisticsMutations:
    @strawberry.mutation(description="新增: your record for a statistics year (one per year); needs an approved "
                                     "binding to a unit.", permission_classes=[IsPerson])
    @payload_mutation(TalentRecordPayload)
    async def talent_record_create(self, info: Info, input: TalentRecordCreateInput) -> dict:
        row = await create.create_record(info.context.viewer, input.year, _given(input))
        return {"talent_record": TalentRecord.of(row)}

    @strawberry.mutation(description="修改 a draft or returned record.", permission_classes=[IsPerson])
    @payload_mutation(TalentRecordPayload)
    async def talent_record_update(self, info: Info, input: TalentRecordUpdateInput) -> dict:
        pk = _pk(input.talent_record_id)
        row = await create.update_record(info.context.viewer, pk, _given(input))
        return {"talent_record": TalentRecord.of(row)}

    @strawberry.mutation(description="提交: to your unit for review. Refused with every failed check.",
                         permission_classes=[IsPerson])
    @payload_mutation(TalentRecordPayload)
    async def talent_record_submit(self, info: Info, input: TalentRecordActionInput) -> dict:
        row = await create.own_record(info.context.viewer, _pk(input.talent_record_id))
        return {"talent_record": TalentRecord.of(await submit_record(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="撤回 while the unit has not claimed it.", permission_classes=[IsPerson])
    @payload_mutation(TalentRecordPayload)
    async def talent_record_withdraw(self, info: Info, input: TalentRecordActionInput) -> dict:
        row = await create.own_record(info.context.viewer, _pk(input.talent_record_id), editable=False)
        return {"talent_record": TalentRecord.of(await withdraw_record(row, info.context.viewer.account_id))}

    @strawberry.mutation(description="Delete a draft that was never submitted.", permission_classes=[IsPerson])
    @payload_mutation(TalentRecordDeletePayload)
    async def talent_record_delete(self, info: Info, input: TalentRecordActionInput) -> dict:
        pk = await create.delete_record(info.context.viewer, _pk(input.talent_record_id))
        return {"deleted_id": relay.to_base64("TalentRecord", pk)}

    @strawberry.mutation(description="导出统计结果: starts a job that writes the counts talentStatistics shows you "
                                     "(.xlsx).", permission_classes=[CanCountTalent])
    @payload_mutation(TalentExportPayload)
    async def talent_statistics_export(self, info: Info, input: TalentStatisticsExportInput) -> dict:
        q = _statistics_query(input.year, input.group_by, input.region_code, input.unit_id)
        return {"job": Job.of(await export_statistics(info.context.viewer, q, input.idempotency_key))}

    @strawberry.mutation(description="导出 a unit's records: starts a job that writes the records talentRecords shows "
                                     "you (.xlsx).", permission_classes=[CanCountTalent])
    @payload_mutation(TalentExportPayload)
    async def talent_records_export(self, info: Info, input: TalentRecordsExportInput) -> dict:
        unit_id = decode_id(input.unit_id, Unit, "unitId")
        job = await export_records(info.context.viewer, unit_id, _filter(input.filter), input.idempotency_key)
        return {"job": Job.of(job)}
