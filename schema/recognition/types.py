"""异地职称确认 as clients see it: the title asked for, the basic information, the education records, the
attachment slots with their files, the check, the flow and the documents."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry import relay

from models.access.certificate import can_view_certificate
from models.achievement.models import AchievementCategory
from models.catalogue.models import LEVEL_LABELS
from models.catalogue.models import Level as LevelEnum
from models.core.history import SubjectType
from models.person.models import Education as EducationEnum
from models.person.models import PoliticalStatus as PoliticalStatusEnum
from models.recognition.check import items_of
from models.recognition.codes import RecognitionCode
from models.recognition.config import form_for
from models.recognition.fields import BASIC
from models.recognition.models import EDITABLE
from models.recognition.models import Recognition as RecognitionRow
from models.recognition.models import RecognitionAttachment as AttachmentRow
from models.recognition.models import RecognitionEducation as EducationRow
from models.recognition.models import RecognitionStatus as RecognitionStatusEnum
from schema.achievement.fields import OUTPUT_TYPES, fields_of
from schema.catalogue import (
    Level,
    Series,
    SeriesByIdLoader,
    Specialty,
    SpecialtyByIdLoader,
    TitleName,
    TitleNameByIdLoader,
)
from schema.core.context import Info, ModelByIdLoader, RowsByKeyLoader
from schema.core.errors import error_code_enum, error_type
from schema.core.ids import from_row
from schema.core.request import ReviewedRequest
from schema.file import File, load_file
from schema.person import Education, PoliticalStatus
from schema.unit import Unit

RecognitionStatus = strawberry.enum(RecognitionStatusEnum, description="编辑中 / 审核中 / 退回 / 终止 / 审核通过")
RecognitionErrorCode = error_code_enum("Recognition", RecognitionCode, "Why a recognition action was refused.")
RecognitionError = error_type("Recognition", RecognitionErrorCode)
EducationFields = OUTPUT_TYPES[AchievementCategory.EDUCATION]


class RecognitionByIdLoader(ModelByIdLoader):
    model = RecognitionRow


class EducationsByRecognitionLoader(RowsByKeyLoader):
    model, key = EducationRow, "recognition_id"


class AttachmentsByRecognitionLoader(RowsByKeyLoader):
    model, key = AttachmentRow, "recognition_id"


async def _province(info: Info, row: RecognitionRow) -> str | None:
    """``models.recognition.create.province_of`` through the request's loaders (no query per row in a list)."""
    unit_id = row.unit_id
    if row.status in EDITABLE:
        person = await info.context.persons.load(row.person_id)
        unit_id = (person.current_unit_id if person else None) or unit_id
    unit = await info.context.units.load(unit_id) if unit_id else None
    return unit.region_id if unit else None


@strawberry.type(description="申报信息 of the form [seed 000 二（三）2; 002 §2.7]. Which fields are required is the "
                             "province's (RecognitionSlot / the check say what is missing).")
class RecognitionBasic:
    work_started_on: date | None = strawberry.field(description="参加工作时间.")
    previous_unit: str = strawberry.field(description="原工作单位.")
    transferred_on: date | None = strawberry.field(description="调入/转业时间.")
    political_status: PoliticalStatus | None = strawberry.field(description="政治面貌.")
    original_title: str = strawberry.field(description="原专业技术资格.")
    original_committee: str = strawberry.field(description="原专业技术资格评审委员会.")
    original_acquired_on: date | None = strawberry.field(description="原专业技术资格取得时间.")
    original_issuer: str = strawberry.field(description="原专业技术资格发证单位.")
    original_approval_number: str = strawberry.field(description="原专业技术资格批准文号.")
    original_number: str = strawberry.field(description="原证书编号.")
    work_history: str = strawberry.field(description="主要工作经历 (≤ 100).")
    remarks: str = strawberry.field(description="备注 (≤ 200).")
    highest_education: Education | None = strawberry.field(description="最高学历 (Sichuan's form).")
    graduated_from: str = strawberry.field(description="最高学历毕业院校.")
    major: str = strawberry.field(description="所学专业.")
    expertise: str = strawberry.field(description="业务专长.")
    current_work: str = strawberry.field(description="到现工作单位后主要专业技术工作情况.")

    @classmethod
    def of(cls, row: RecognitionRow) -> RecognitionBasic:
        values = {f.key: getattr(row, f.key) for f in BASIC}
        values["political_status"] = PoliticalStatusEnum(row.political_status) if row.political_status else None
        values["highest_education"] = EducationEnum(row.highest_education) if row.highest_education else None
        return cls(**values)


@strawberry.type(description="One 教育经历 record: the achievement library's education fields.")
class RecognitionEducation(relay.Node):
    id: relay.NodeID[int]
    row: strawberry.Private[EducationRow]

    @strawberry.field
    def fields(self) -> EducationFields:  # type: ignore[valid-type]
        return fields_of(AchievementCategory.EDUCATION, self.row.data)


@strawberry.type(description="One uploaded file of an attachment slot.")
class RecognitionAttachment(relay.Node):
    id: relay.NodeID[int]
    slot: str
    file_id: strawberry.Private[int]

    @strawberry.field
    async def file(self, info: Info) -> File | None:
        return await load_file(info, self.file_id)


@strawberry.type(description="申报相关附件: one slot of the province's form, its limits and the files in it.")
class RecognitionSlot:
    key: str = strawberry.field(description="The slot to upload into (recognitionAttachmentAdd.slot).")
    name: str
    description: str
    required: bool
    allowed_types: list[str] = strawberry.field(description="MIME types, checked against the content.")
    max_size_mb: int
    max_count: int
    attachments: list[RecognitionAttachment]


@strawberry.type(description="One rule of the pre-submit check (开始检测).")
class RecognitionCheckItem:
    message: str
    field: str | None = strawberry.field(description="Where the form shows it, e.g. basic.workStartedOn, educations, "
                                                     "attachments.ID_CARD, photo.")
    passed: bool


@strawberry.type(description="异地职称确认: a title obtained in another province asked to be confirmed here. Seen by "
                             "the person, the units on its review path, the HR bureaus above the employer, "
                             "platform admins.")
class Recognition(ReviewedRequest, relay.Node):
    subject = SubjectType.RECOGNITION
    row: strawberry.Private[RecognitionRow]
    id: relay.NodeID[int]
    status: RecognitionStatus
    level: Level = strawberry.field(description="申请确认级别 (the title's).")
    submitted_at: datetime | None
    finished_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: RecognitionRow) -> Recognition:
        return from_row(cls, row, status=RecognitionStatusEnum(row.status), level=LevelEnum(row.level))

    @strawberry.field
    def level_label(self) -> str:
        return LEVEL_LABELS.get(LevelEnum(self.row.level), "")

    @strawberry.field(description="申请确认系列.")
    async def series(self, info: Info) -> Series:
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))

    @strawberry.field(description="申请确认专业.")
    async def specialty(self, info: Info) -> Specialty:
        return Specialty.of(await info.context.loader(SpecialtyByIdLoader).load(self.row.specialty_id))

    @strawberry.field(description="申请确认资格.")
    async def title_name(self, info: Info) -> TitleName:
        return TitleName.of(await info.context.loader(TitleNameByIdLoader).load(self.row.title_name_id))

    @strawberry.field(description="申报信息.")
    def basic(self) -> RecognitionBasic:
        return RecognitionBasic.of(self.row)

    @strawberry.field(description="The employer it was submitted from (the current one while a draft).")
    async def unit(self, info: Info) -> Unit | None:
        return Unit.of(await info.context.units.load(self.row.unit_id)) if self.row.unit_id else None

    @strawberry.field(description="照片 shown on the 异地职称确认表 (your profile photo unless you upload another).")
    async def photo(self, info: Info) -> File | None:
        return await load_file(info, self.row.photo_id)

    @strawberry.field(description="教育经历: the highest and the first education, one or two records.")
    async def educations(self, info: Info) -> list[RecognitionEducation]:
        rows = await info.context.loader(EducationsByRecognitionLoader).load(self.row.id)
        return [RecognitionEducation(id=r.id, row=r) for r in rows]

    @strawberry.field(description="申报相关附件: the province's slots, each with its files.")
    async def slots(self, info: Info) -> list[RecognitionSlot]:
        files = await info.context.loader(AttachmentsByRecognitionLoader).load(self.row.id)
        form = form_for(await _province(info, self.row))
        return [RecognitionSlot(key=s.key, name=s.name, description=s.description, required=s.required,
                                allowed_types=list(s.allowed_types), max_size_mb=s.max_bytes // (1024 * 1024),
                                max_count=s.max_count,
                                attachments=[RecognitionAttachment(id=a.id, slot=a.slot, file_id=a.file_id)
                                             for a in files if a.slot == s.key])
                for s in form.slots]

    @strawberry.field(description="开始检测: every rule a submission must meet, passed or not.")
    async def check(self, info: Info) -> list[RecognitionCheckItem]:
        person = await info.context.persons.load(self.row.person_id)
        form = form_for(await _province(info, self.row))
        educations = await info.context.loader(EducationsByRecognitionLoader).load(self.row.id)
        files = await info.context.loader(AttachmentsByRecognitionLoader).load(self.row.id)
        items = items_of(self.row, form, person.photo_id if person else None, [e.data for e in educations],
                         {a.slot for a in files})
        return [RecognitionCheckItem(message=m, field=f, passed=p) for m, f, p in items]

    @strawberry.field(description="The recognised title among the certificates (取得方式 确认), once approved.")
    async def certificate(self, info: Info) -> Annotated["Certificate", strawberry.lazy("schema.certificate.types")] | None:
        if self.row.certificate_id is None:
            return None
        from schema.certificate.types import Certificate, CertificateByIdLoader

        row = await info.context.loader(CertificateByIdLoader).load(self.row.certificate_id)
        return Certificate.of(row) if row and can_view_certificate(info.context.viewer, row) else None

    @strawberry.field(description="专业技术资格确认审核表 (.docx) with the passed units' seals, once approved and "
                                  "rendered.")
    async def approval_form(self, info: Info) -> File | None:
        return await load_file(info, self.row.approval_form_id)
