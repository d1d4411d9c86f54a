"""Inputs and payloads of 初定 / 认定 declarations."""
from __future__ import annotations

from datetime import date

import strawberry
from strawberry.file_uploads import Upload

from schema.application.inputs import ApplicationTitleInput
from schema.application.types import EvaluationMode
from schema.determination.types import (
    Determination,
    DeterminationError,
    QualificationKind,
)
from schema.person import PoliticalStatus


@strawberry.input(description="立即申报 (新增申报, 评价方式 职称初定 or 职称认定): no plan, no committee. The level is the "
                              "title's; a unit must accept that level's 初定 / 认定 for your unit's region.")
class DeterminationCreateInput:
    evaluation_mode: EvaluationMode = strawberry.field(description="INITIAL_DETERMINATION or RECOGNITION.")
    year: int = strawberry.field(description="申报年度 (this year).")
    series_id: strawberry.ID
    specialty_id: strawberry.ID
    title_name_id: strawberry.ID


@strawberry.input(description="个人基本信息: a field left out is unchanged, null clears it (dates, choices) and \"\" "
                              "empties text. Required fields are checked at submission (开始检测).")
class DeterminationBasicInput:
    former_name: str | None = strawberry.UNSET
    nationality: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    household_address: str | None = strawberry.UNSET
    birthplace: str | None = strawberry.UNSET
    residence: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    postal_code: str | None = strawberry.UNSET
    administrative_post: str | None = strawberry.UNSET
    administrative_level: str | None = strawberry.UNSET
    administrative_since: date | None = strawberry.UNSET
    work_started_on: date | None = strawberry.UNSET
    political_status: PoliticalStatus | None = strawberry.UNSET
    party_post: str | None = strawberry.UNSET
    party_joined_on: date | None = strawberry.UNSET
    foreign_language: str | None = strawberry.UNSET
    computer_skill: str | None = strawberry.UNSET
    performance_summary: str | None = strawberry.UNSET


@strawberry.input(description="Change a draft or returned declaration: series, specialty and title (all three "
                              "together) and any basic-information field.")
class DeterminationUpdateInput:
    determination_id: strawberry.ID
    series_id: strawberry.ID | None = None
    specialty_id: strawberry.ID | None = None
    title_name_id: strawberry.ID | None = None
    basic: DeterminationBasicInput | None = None


@strawberry.input(description="资历信息, in order (replaces the section; at most 10).")
class DeterminationSetTitlesInput:
    determination_id: strawberry.ID
    titles: list[ApplicationTitleInput]


@strawberry.input(description="取得职称、职业技能等级情况: one entry.")
class DeterminationQualificationInput:
    kind: QualificationKind
    name: str
    grade: str | None = None
    number: str | None = None
    obtained_on: date | None = None
    issuer: str | None = None


@strawberry.input(description="取得职称、职业技能等级情况 (replaces the section; at most 10).")
class DeterminationSetQualificationsInput:
    determination_id: strawberry.ID
    qualifications: list[DeterminationQualificationInput]


@strawberry.input(description="Import approved library records (学历、工作经历、继续教育、考核情况) as snapshots.")
class DeterminationImportRecordsInput:
    determination_id: strawberry.ID
    record_ids: list[strawberry.ID]


@strawberry.input(description="Remove imported snapshots (the library is untouched).")
class DeterminationRemoveRecordsInput:
    determination_id: strawberry.ID
    snapshot_ids: list[strawberry.ID]


@strawberry.input(description="上传照片 (近期1寸白底免冠证件照, jpg / png).")
class DeterminationPhotoUploadInput:
    determination_id: strawberry.ID
    file: Upload


@strawberry.input
class DeterminationActionInput:
    determination_id: strawberry.ID


@strawberry.type
class DeterminationPayload:
    errors: list[DeterminationError]  # type: ignore[valid-type]
    determination: Determination | None = None


@strawberry.type
class DeterminationDeletePayload:
    errors: list[DeterminationError]  # type: ignore[valid-type]
    deleted_id: strawberry.ID | None = None
