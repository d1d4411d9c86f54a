"""Inputs of the declaration mutations (one per business action)."""
from __future__ import annotations

import dataclasses

from datetime import date

import strawberry
from strawberry.file_uploads import Upload

from models.application.models import EvaluationMode as EvaluationModeEnum
from schema.application.types import (EvaluationMode, HealthInfoFields, PersonalInfoFields, SpecialFormFields,
                                      TeacherInfoFields)
from schema.plan.types import DeclarationType


@strawberry.input(description="Start a declaration under a plan; the integrity pledge must be accepted.")
class ApplicationCreateInput:
    plan_id: strawberry.ID
    declaration_type: DeclarationType
    evaluation_mode: EvaluationMode = EvaluationModeEnum.REVIEW
    specialty_id: strawberry.ID
    title_name_id: strawberry.ID
    standard_id: strawberry.ID
    pledge_accepted: bool = strawberry.field(description="诚信承诺书 read and accepted.")
    commission_reference: str | None = strawberry.field(default=None, description="委托评审函 reference.")


@dataclasses.dataclass(kw_only=True)
class ApplicationRef:
    """The application an edit is about; first among an input's fields."""
    application_id: strawberry.ID


@strawberry.input
class TeacherInfoInput(TeacherInfoFields):
    pass


@strawberry.input
class HealthInfoInput(HealthInfoFields):
    pass


@strawberry.input(description="个人信息 (replaces the section).")
class ApplicationPersonalInfoInput(PersonalInfoFields, ApplicationRef):
    teacher: TeacherInfoInput | None = None
    health: HealthInfoInput | None = None


@strawberry.input
class ApplicationTitleInput:
    title_name: str
    series_name: str | None = None
    obtained_on: date
    certificate_number: str | None = None
    appointed_on: date | None = None
    appointment_unit: str | None = None


@strawberry.input(description="现有职称及聘任情况, in order (replaces the section).")
class ApplicationSetTitlesInput:
    application_id: strawberry.ID
    titles: list[ApplicationTitleInput]


@strawberry.input(description="Import approved library records as snapshots.")
class ApplicationImportRecordsInput:
    application_id: strawberry.ID
    record_ids: list[strawberry.ID]


@strawberry.input(description="Remove snapshots (the library is untouched) or give their new order.")
class ApplicationRecordsInput:
    application_id: strawberry.ID
    snapshot_ids: list[strawberry.ID]


@strawberry.input
class ApplicationQualifyingEducationInput:
    application_id: strawberry.ID
    snapshot_id: strawberry.ID


@strawberry.input(description="破格 / 转评 form.")
class ApplicationSpecialFormInput(SpecialFormFields, ApplicationRef):
    pass


@strawberry.input(description="Change the declaration type; the old type's form is cleared.")
class ApplicationChangeTypeInput:
    application_id: strawberry.ID
    declaration_type: DeclarationType


@strawberry.input(description="Change the evaluation standard; imported achievements are cleared once confirmed.")
class ApplicationChangeStandardInput:
    application_id: strawberry.ID
    standard_id: strawberry.ID
    confirm_clear_achievements: bool = False


@strawberry.input(description="Upload a file into one of the plan's attachment slots.")
class ApplicationAttachmentAddInput:
    application_id: strawberry.ID
    slot_id: strawberry.ID
    file: Upload


@strawberry.input
class ApplicationAttachmentDeleteInput:
    application_id: strawberry.ID
    attachment_id: strawberry.ID


@strawberry.input(description="Submit, withdraw (until the first unit acts) or discard a draft.")
class ApplicationActionInput:
    application_id: strawberry.ID
