"""Inputs and payloads of talent statistics (专技人才统计)."""
from __future__ import annotations

from datetime import date

import strawberry

from schema.message import Job, idempotency_key_field
from schema.person import Degree, Education
from schema.talent_statistics.types import (
    PostCategory,
    TalentRecord,
    TalentRecordStatus,
    TalentStatisticsDimension,
    TalentStatisticsError,
)


@strawberry.input(description="填写信息: a field left out is unchanged, null clears it and \"\" empties text. What a "
                              "submission needs (所在岗位, 岗位类别, 学历; with a title its 专业 and 取得时间; 聘任时间 when "
                              "appointed) is checked at submission.")
class TalentRecordFieldsInput:
    post: str | None = strawberry.field(default=strawberry.UNSET, description="所在岗位 (≤ 50).")
    post_category: PostCategory | None = strawberry.field(default=strawberry.UNSET, description="岗位类别.")
    series_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description="系列.")
    specialty_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET,
                                                          description="专业, of the series.")
    title_name_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="职称, of the series; null for a person with no title yet.")
    title_obtained_on: date | None = strawberry.field(default=strawberry.UNSET,
                                                      description="取得时间: not in the future; only with a title.")
    appointed: bool | None = strawberry.field(default=strawberry.UNSET, description="是否聘任: only with a title.")
    appointed_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="聘任时间: only when appointed, not before the title was obtained.")
    professional_years: int | None = strawberry.field(
        default=strawberry.UNSET, description="从事专业技术工作年限: 0–60, at most your age minus 16.")
    education: Education | None = strawberry.field(default=strawberry.UNSET, description="学历.")
    degree: Degree | None = strawberry.field(default=strawberry.UNSET, description="学位.")
    talent_category: str | None = strawberry.field(default=strawberry.UNSET,
                                                   description="人才类别 (free text, ≤ 20).")
    remarks: str | None = strawberry.field(default=strawberry.UNSET, description="备注 (≤ 200).")


@strawberry.input(description="新增: a record for a statistics year (one per year), with any of the fields.")
class TalentRecordCreateInput(TalentRecordFieldsInput):
    year: int = strawberry.field(description="统计年度: from 2000 to this year.")


@strawberry.input(description="修改 a draft or returned record: the fields given. The year stays.")
class TalentRecordUpdateInput(TalentRecordFieldsInput):
    talent_record_id: strawberry.ID


@strawberry.input
class TalentRecordActionInput:
    talent_record_id: strawberry.ID


@strawberry.input(description="A unit's records: each field narrows the list.")
class TalentRecordFilter:
    status: TalentRecordStatus | None = None
    year: int | None = None


@strawberry.input(description="导出统计结果 (.xlsx): the counts talentStatistics shows you for these arguments.")
class TalentStatisticsExportInput:
    year: int
    group_by: list[TalentStatisticsDimension] | None = None
    region_code: str | None = None
    unit_id: strawberry.ID | None = None
    idempotency_key: str | None = idempotency_key_field()


@strawberry.input(description="导出 a unit's records (.xlsx): those talentRecords shows you for the unit and filter.")
class TalentRecordsExportInput:
    unit_id: strawberry.ID
    filter: TalentRecordFilter | None = None
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type
class TalentRecordPayload:
    errors: list[TalentStatisticsError]  # type: ignore[valid-type]
    talent_record: TalentRecord | None = None


@strawberry.type
class TalentRecordDeletePayload:
    errors: list[TalentStatisticsError]  # type: ignore[valid-type]
    deleted_id: strawberry.ID | None = None


@strawberry.type
class TalentExportPayload:
    errors: list[TalentStatisticsError]  # type: ignore[valid-type]
    job: Job | None = None
