"""Inputs and payloads of recognitions (异地职称确认)."""
from __future__ import annotations

from datetime import date

import strawberry
from strawberry.file_uploads import Upload

from models.achievement.models import AchievementCategory
from schema.achievement.fields import INPUT_TYPES
from schema.message import Job, idempotency_key_field
from schema.person import Education, PoliticalStatus
from schema.recognition.types import Recognition, RecognitionError

EducationInput = INPUT_TYPES[AchievementCategory.EDUCATION]


@strawberry.input(description="新增: 申请确认级别、系列、专业、资格 from the title tree (the level is the title's).")
class RecognitionCreateInput:
    series_id: strawberry.ID
    specialty_id: strawberry.ID
    title_name_id: strawberry.ID


@strawberry.input(description="申报信息: a field left out is unchanged, null clears it (dates, choices) and \"\" "
                              "empties text. Required fields are the province's and are checked at submission.")
class RecognitionBasicInput:
    work_started_on: date | None = strawberry.UNSET
    previous_unit: str | None = strawberry.UNSET
    transferred_on: date | None = strawberry.UNSET
    political_status: PoliticalStatus | None = strawberry.UNSET
    original_title: str | None = strawberry.UNSET
    original_committee: str | None = strawberry.UNSET
    original_acquired_on: date | None = strawberry.UNSET
    original_issuer: str | None = strawberry.UNSET
    original_approval_number: str | None = strawberry.UNSET
    original_number: str | None = strawberry.UNSET
    work_history: str | None = strawberry.UNSET
    remarks: str | None = strawberry.UNSET
    highest_education: Education | None = strawberry.UNSET
    graduated_from: str | None = strawberry.UNSET
    major: str | None = strawberry.UNSET
    expertise: str | None = strawberry.UNSET
    current_work: str | None = strawberry.UNSET


@strawberry.input(description="Change a draft or returned recognition: the title asked for (all three ids together) "
                              "and any basic-information field.")
class RecognitionUpdateInput:
    recognition_id: strawberry.ID
    series_id: strawberry.ID | None = None
    specialty_id: strawberry.ID | None = None
    title_name_id: strawberry.ID | None = None
    basic: RecognitionBasicInput | None = None


@strawberry.input(description="新增 (no educationId) or 编辑 an education record: at most two, one of them the highest.")
class RecognitionEducationSaveInput:
    recognition_id: strawberry.ID
    education_id: strawberry.ID | None = None
    data: EducationInput  # type: ignore[valid-type]


@strawberry.input
class RecognitionEducationDeleteInput:
    recognition_id: strawberry.ID
    education_id: strawberry.ID


@strawberry.input(description="Upload one file into a slot (RecognitionSlot.key), within its types, size and count.")
class RecognitionAttachmentAddInput:
    recognition_id: strawberry.ID
    slot: str
    file: Upload


@strawberry.input
class RecognitionAttachmentDeleteInput:
    recognition_id: strawberry.ID
    attachment_id: strawberry.ID


@strawberry.input(description="上传照片 (jpg / png).")
class RecognitionPhotoUploadInput:
    recognition_id: strawberry.ID
    file: Upload


@strawberry.input
class RecognitionActionInput:
    recognition_id: strawberry.ID


@strawberry.input(description="导出异地职称确认表: from submission on, for the person and the units on its path.")
class RecognitionFormExportInput:
    recognition_id: strawberry.ID
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type
class RecognitionPayload:
    errors: list[RecognitionError]  # type: ignore[valid-type]
    recognition: Recognition | None = None


@strawberry.type
class RecognitionDeletePayload:
    errors: list[RecognitionError]  # type: ignore[valid-type]
    deleted_id: strawberry.ID | None = None


@strawberry.type
class RecognitionFormPayload:
    errors: list[RecognitionError]  # type: ignore[valid-type]
    job: Job | None = None
