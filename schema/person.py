"""Persons: full profile for the owner and the units reviewing them; masked numbers for HR bureaus."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader
from strawberry.file_uploads import Upload

from models.access.masking import PersonAccess, mask_id_number, mask_mobile
from models.access.person import person_access
from models.access.viewer import Viewer
from models.person.models import Degree as DegreeEnum
from models.person.models import Education as EducationEnum
from models.person.models import Gender as GenderEnum
from models.person.models import IdType as IdTypeEnum
from models.person.models import Person as PersonRow
from models.person.models import PoliticalStatus as PoliticalStatusEnum
from models.unit.models import Unit as UnitRow
from models.workflow.models import Task as TaskRow
from models.person.codes import PersonCode
from schema.catalogue import Series, SeriesByCodeLoader
from schema.core.ids import from_row
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.file import File, load_file
from schema.unit import Unit

IdType = strawberry.enum(IdTypeEnum, description="证件类型: 居民身份证, 军官证, 护照, 港澳/台湾通行证, 外国人永久居留身份证")
Gender = strawberry.enum(GenderEnum)
PoliticalStatus = strawberry.enum(PoliticalStatusEnum, description="政治面貌")
Education = strawberry.enum(EducationEnum, description="最高学历")
Degree = strawberry.enum(DegreeEnum, description="获得学位")

PersonErrorCode = error_code_enum("Person", PersonCode, "Why a person operation was refused.")
PersonError = error_type("Person", PersonErrorCode)


@strawberry.type(description="A professional (专业技术人员). Only the person, the units they belong to or asked to "
                             "join, the HR bureaus above those units and platform admins can reach one; HR bureaus "
                             "see ID and phone numbers masked.")
class Person(relay.Node):
    row: strawberry.Private[PersonRow]
    access: strawberry.Private[PersonAccess]
    id: relay.NodeID[int]
    real_name: str
    id_type: IdType
    gender: Gender
    birth_date: date
    political_status: PoliticalStatus
    ethnicity: str
    email: str
    address: str
    work_start_date: date
    highest_education: Education
    degree: Degree | None
    title_name: str
    skill_level: str
    administrative_post: str
    landline: str
    is_freelancer: bool = strawberry.field(description="自由职业者.")
    created_at: datetime

    @classmethod
    def of(cls, row: PersonRow, access: PersonAccess) -> "Person":
        return from_row(
            cls, row, access=access, id_type=IdTypeEnum(row.id_type), gender=GenderEnum(row.gender),
            political_status=PoliticalStatusEnum(row.political_status),
            highest_education=EducationEnum(row.highest_education),
            degree=DegreeEnum(row.degree) if row.degree else None,
        )

    @strawberry.field(description="证件号码; masked (34**************73) unless you are the person or their unit.")
    def id_number(self) -> str:
        return self.row.id_number if self.access == PersonAccess.FULL else mask_id_number(self.row.id_number)

    @strawberry.field(description="手机号码; masked like the ID number.")
    def mobile(self) -> str:
        return self.row.mobile if self.access == PersonAccess.FULL else mask_mobile(self.row.mobile)

    @strawberry.field(description="所在职称系列 (up to three).")
    async def series(self, info: Info) -> list[Series]:
        rows = await info.context.loader(SeriesByCodeLoader).load_many(self.row.series or [])
        return [Series.of(r) for r in rows if r is not None]

    @strawberry.field(description="The unit that approved this person (工作单位); null until one has.")
    async def current_unit(self, info: Info) -> Unit | None:
        if self.row.current_unit_id is None:
            return None
        row = await info.context.units.load(self.row.current_unit_id)
        return Unit.of(row) if row else None

    @strawberry.field(description="ID photo; visible with full access only.")
    async def photo(self, info: Info) -> File | None:
        if self.access != PersonAccess.FULL:
            return None
        return await load_file(info, self.row.photo_id)


class ReviewingUnitsByPersonLoader(DataLoader):
    """Units holding or having held a task about each person (their application, their record)."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, person_ids: list[int]) -> list[set[int]]:
        units: dict[int, set[int]] = {p: set() for p in person_ids}
        for person_id, unit_id in await TaskRow.filter(person_id__in=list(set(person_ids))).distinct().values_list(
                "person_id", "unit_id"):
            units[person_id].add(unit_id)
        return [units[p] for p in person_ids]


def person_in_full(viewer: Viewer, row: PersonRow, reviewing: Iterable[int]) -> Person | None:
    """The person in full when that is settled without loading their related units: platform admins,
    the person themselves, admins of a unit reviewing what they are reached through; else None."""
    if viewer.is_platform_admin or row.id == viewer.person_id or any(viewer.administers(u) for u in reviewing):
        return Person.of(row, PersonAccess.FULL)
    return None


async def visible_person(info: Info, row: PersonRow | None, *, reviewing: Iterable[int] = (),
                         asked: UnitRow | None = None) -> Person | None:
    """The person as this viewer may see them (models/access/person.py), or None when they may not.
    ``reviewing``: units known to review what the person is reached through; ``asked``: a unit they asked to join."""
    if row is None:
        return None
    viewer = info.context.viewer
    settled = person_in_full(viewer, row, reviewing)
    if settled is not None:
        return settled
    related = [*await info.context.person_related_units.load(row.id), *([asked] if asked else [])]
    access = person_access(viewer, row, related)
    if access != PersonAccess.FULL and viewer.admin_units:
        # A unit reviewing the person (a bureau above their unit included) sees them in full on every
        # path, as through ``application.person``, never masked on one path and whole on another.
        reviewing = await info.context.loader(ReviewingUnitsByPersonLoader).load(row.id)
        access = person_access(viewer, row, related, reviewing)
    return Person.of(row, access) if access != PersonAccess.NONE else None


@strawberry.input(description="个人注册: creates your account and profile; picks a unit when `unitId` is given.")
class PersonRegisterInput:
    real_name: str
    id_type: IdType
    id_number: str
    mobile: str
    password: str = strawberry.field(description="8–64 characters, three of: lower, upper, digits, symbols.")
    gender: Gender
    birth_date: date
    political_status: PoliticalStatus
    ethnicity: str = strawberry.field(description="民族: one of the 56 ethnic groups' names (e.g. 汉族).")
    email: str = strawberry.field(description="电子邮箱, at most 100 characters.")
    address: str = strawberry.field(description="通讯地址, at most 100 characters.")
    work_start_date: date
    highest_education: Education
    degree: Degree | None = None
    series: list[str] = strawberry.field(default_factory=list, description="Up to three series codes.")
    title_name: str | None = None
    skill_level: str | None = None
    administrative_post: str | None = None
    landline: str | None = None
    is_freelancer: bool = False
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="The unit to join (选择所在单位).")
    binding_explanation: str | None = None


@strawberry.input(description="完善信息: send only the fields to change. Name and ID cannot change.")
class PersonUpdateProfileInput:
    mobile: str | None = strawberry.UNSET
    gender: Gender | None = strawberry.UNSET
    birth_date: date | None = strawberry.UNSET
    political_status: PoliticalStatus | None = strawberry.UNSET
    ethnicity: str | None = strawberry.field(default=strawberry.UNSET, description="民族 (e.g. 汉族).")
    email: str | None = strawberry.field(default=strawberry.UNSET, description="电子邮箱, at most 100 characters.")
    address: str | None = strawberry.field(default=strawberry.UNSET, description="通讯地址, at most 100 characters.")
    work_start_date: date | None = strawberry.UNSET
    highest_education: Education | None = strawberry.UNSET
    degree: Degree | None = strawberry.UNSET
    series: list[str] | None = strawberry.UNSET
    title_name: str | None = strawberry.UNSET
    skill_level: str | None = strawberry.UNSET
    administrative_post: str | None = strawberry.UNSET
    landline: str | None = strawberry.UNSET


@strawberry.input(description="上传照片: JPG or PNG (checked by content), at most ZHICHENG_MAX_PHOTO_BYTES (2 MB by default).")
class PersonUploadPhotoInput:
    file: Upload


@strawberry.type(description="Result of a person mutation.")
class PersonPayload:
    errors: list[PersonError]  # type: ignore[valid-type]
    person: Person | None = None


@strawberry.type(description="Result of registration: the new person and a signed-in session.")
class PersonRegisterPayload:
    errors: list[PersonError]  # type: ignore[valid-type]
    person: Person | None = None
    access_token: str | None = None
    refresh_token: str | None = None
