"""职称初定 / 职称认定 declarations as clients see them: the title declared, the basic information, the titles
and qualifications, the imported records, the check, the flow and the issued certificate."""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.access.certificate import can_view_certificate
from models.catalogue.models import LEVEL_LABELS
from models.catalogue.models import Level as LevelEnum
from models.core.history import SubjectType
from models.determination.check import items_of
from models.determination.codes import DeterminationCode
from models.determination.create import MODES
from models.determination.fields import BASIC
from models.determination.models import Determination as DeterminationRow
from models.determination.models import DeterminationRecord as RecordRow
from models.determination.models import DeterminationStatus as DeterminationStatusEnum
from models.determination.sections import QUALIFICATION_KINDS
from models.person.models import PoliticalStatus as PoliticalStatusEnum
from schema.achievement.types import AchievementCategory
from schema.application.types import EvaluationMode
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
from schema.person import PoliticalStatus
from schema.unit import Unit

DeterminationStatus = strawberry.enum(DeterminationStatusEnum, description="编辑中 / 审核中 / 退回 / 终止 / 审核通过")
DeterminationErrorCode = error_code_enum("Determination", DeterminationCode,
                                         "Why a 初定 / 认定 declaration action was refused.")
DeterminationError = error_type("Determination", DeterminationErrorCode)


class DeterminationByIdLoader(ModelByIdLoader):
    model = DeterminationRow


class RecordsByDeterminationLoader(RowsByKeyLoader):
    model, key = RecordRow, "determination_id"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@strawberry.type(description="个人基本信息 [002 §2.2.1.2.2 1]. Name, ID, gender, birth date and mobile are the "
                             "person's own (Person).")
class DeterminationBasic:
    former_name: str = strawberry.field(description="曾用名.")
    nationality: str = strawberry.field(description="国籍.")
    phone: str = strawberry.field(description="联系电话.")
    household_address: str = strawberry.field(description="户籍地址.")
    birthplace: str = strawberry.field(description="出生地.")
    residence: str = strawberry.field(description="常住地.")
    email: str = strawberry.field(description="电子邮箱.")
    postal_code: str = strawberry.field(description="邮政编码.")
    administrative_post: str = strawberry.field(description="行政职务.")
    administrative_level: str = strawberry.field(description="行政职务级别.")
    administrative_since: date | None = strawberry.field(description="行政职务任职时间.")
    work_started_on: date | None = strawberry.field(description="参加工作时间.")
    political_status: PoliticalStatus | None = strawberry.field(description="政治面貌.")
    party_post: str = strawberry.field(description="现任共产党(共青团)职务.")
    party_joined_on: date | None = strawberry.field(description="加入共产党(共青团)时间.")
    foreign_language: str = strawberry.field(description="职称外语情况.")
    computer_skill: str = strawberry.field(description="职称计算机情况.")
    performance_summary: str = strawberry.field(description="业绩综述.")

    @classmethod
    def of(cls, row: DeterminationRow) -> DeterminationBasic:
        values = {f.key: getattr(row, f.key) for f in BASIC}
        values["political_status"] = PoliticalStatusEnum(row.political_status) if row.political_status else None
        return cls(**values)


@strawberry.type(description="资历信息: one current title, in order (the first is the current one).")
class DeterminationTitle:
    title_name: str
    series_name: str
    obtained_on: date | None
    certificate_number: str
    appointed_on: date | None
    appointment_unit: str


@strawberry.enum(description="职称 / 职业资格 / 职业技能等级")
class QualificationKind(Enum):
    TITLE = "TITLE"
    VOCATIONAL = "VOCATIONAL"
    SKILL = "SKILL"


@strawberry.type(description="取得职称、职业技能等级情况: one entry.")
class DeterminationQualification:
    kind: QualificationKind
    kind_label: str
    name: str
    grade: str = strawberry.field(description="等级.")
    number: str = strawberry.field(description="证书编号.")
    obtained_on: date | None
    issuer: str = strawberry.field(description="发证机关.")


@strawberry.type(description="A library record imported into the declaration, as it was when imported.")
class DeterminationRecordSnapshot(relay.Node):
    row: strawberry.Private[RecordRow]
    id: relay.NodeID[int]

    @strawberry.field
    def category(self) -> AchievementCategory:
        return AchievementCategory(self.row.category)

    @strawberry.field(description="The record's fields at import time (keys as in the library).")
    def data(self) -> JSON:
        return self.row.data

    @strawberry.field(description="The record's files as they were when imported.")
    async def attachments(self, info: Info) -> list[File]:
        rows = await info.context.files.load_many(self.row.file_ids)  # one batch for every record on the page
        return [File.of(r) for r in rows if r is not None]


@strawberry.type(description="One rule of the pre-submit check (开始检测).")
class DeterminationCheckItem:
    message: str
    field: str | None = strawberry.field(description="Where the form shows it, e.g. basic.nationality, photo, "
                                                     "records.EDUCATION.")
    passed: bool


@strawberry.type(description="职称初定 / 职称认定 declaration: no plan and no committee; reviewed along the 初定 / 认定 "
                             "path, issued by the issuer. Seen by the person, the units on its review path, the HR "
                             "bureaus above the employer, platform admins.")
class Determination(ReviewedRequest, relay.Node):
    subject = SubjectType.DETERMINATION
    row: strawberry.Private[DeterminationRow]
    id: relay.NodeID[int]
    status: DeterminationStatus
    evaluation_mode: EvaluationMode = strawberry.field(description="INITIAL_DETERMINATION 初定 or RECOGNITION 认定.")
    year: int = strawberry.field(description="申报年度.")
    level: Level = strawberry.field(description="申报层级 (the title's).")
    submitted_at: datetime | None
    finished_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: DeterminationRow) -> Determination:
        from schema.application.types import EvaluationModeEnum

        return from_row(cls, row, status=DeterminationStatusEnum(row.status), level=LevelEnum(row.level),
                        evaluation_mode=EvaluationModeEnum(row.evaluation_mode))

    @strawberry.field(description="职称初定 / 职称认定.")
    def evaluation_mode_label(self) -> str:
        return MODES.get(self.row.evaluation_mode, "")

    @strawberry.field
    def level_label(self) -> str:
        return LEVEL_LABELS.get(LevelEnum(self.row.level), "")

    @strawberry.field(description="申报系列.")
    async def series(self, info: Info) -> Series:
        return Series.of(await info.context.loader(SeriesByIdLoader).load(self.row.series_id))

    @strawberry.field(description="申报职称专业.")
    async def specialty(self, info: Info) -> Specialty:
        return Specialty.of(await info.context.loader(SpecialtyByIdLoader).load(self.row.specialty_id))

    @strawberry.field(description="申报资格名称.")
    async def title_name(self, info: Info) -> TitleName:
        return TitleName.of(await info.context.loader(TitleNameByIdLoader).load(self.row.title_name_id))

    @strawberry.field(description="工作单位: the one declared from (the current one once resubmitted).")
    async def unit(self, info: Info) -> Unit | None:
        return Unit.of(await info.context.units.load(self.row.unit_id)) if self.row.unit_id else None

    @strawberry.field(description="个人基本信息.")
    def basic(self) -> DeterminationBasic:
        return DeterminationBasic.of(self.row)

    @strawberry.field(description="资历信息, in order.")
    def titles(self) -> list[DeterminationTitle]:
        return [DeterminationTitle(title_name=t["title_name"], series_name=t["series_name"],
                                   obtained_on=_day(t["obtained_on"]), certificate_number=t["certificate_number"],
                                   appointed_on=_day(t["appointed_on"]), appointment_unit=t["appointment_unit"])
                for t in self.row.titles]

    @strawberry.field(description="取得职称、职业技能等级情况.")
    def qualifications(self) -> list[DeterminationQualification]:
        return [DeterminationQualification(kind=QualificationKind(q["kind"]), kind_label=QUALIFICATION_KINDS[q["kind"]],
                                           name=q["name"], grade=q["grade"], number=q["number"],
                                           obtained_on=_day(q["obtained_on"]), issuer=q["issuer"])
                for q in self.row.qualifications]

    @strawberry.field(description="学历信息、工作经历、继续教育、考核情况: imported library records, by category.")
    async def records(self, info: Info, category: AchievementCategory | None = None) -> list[
            DeterminationRecordSnapshot]:
        rows = await info.context.loader(RecordsByDeterminationLoader).load(self.row.id)
        return [DeterminationRecordSnapshot(id=r.id, row=r) for r in rows
                if category is None or r.category == category.value]

    @strawberry.field(description="照片 printed on the certificate (your profile photo unless you upload another).")
    async def photo(self, info: Info) -> File | None:
        return await load_file(info, self.row.photo_id)

    @strawberry.field(description="开始检测: every rule a submission must meet, passed or not.")
    async def check(self, info: Info) -> list[DeterminationCheckItem]:
        person = await info.context.persons.load(self.row.person_id)
        rows = await info.context.loader(RecordsByDeterminationLoader).load(self.row.id)
        items = items_of(self.row, person.photo_id if person else None, [r.category for r in rows])
        return [DeterminationCheckItem(message=m, field=f, passed=p) for m, f, p in items]

    @strawberry.field(description="The certificate the issuer's approval issued (取得方式 初定 / 认定).")
    async def certificate(self, info: Info) -> Annotated["Certificate", strawberry.lazy(
            "schema.certificate.types")] | None:
        if self.row.certificate_id is None:
            return None
        from schema.certificate.types import Certificate, CertificateByIdLoader

        row = await info.context.loader(CertificateByIdLoader).load(self.row.certificate_id)
        return Certificate.of(row) if row and can_view_certificate(info.context.viewer, row) else None
