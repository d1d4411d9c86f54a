"""The issuer's PASS on a 初定 / 认定 declaration: the certificate, issued directly (取得方式 初定 / 认定), numbered
under the issuer's code and rendered like every e-certificate.

Inside the decision's transaction, so the decision, the number and the certificate commit together or not at
all: a refusal here (the issuer has no code, no number left) undoes the decision. The number is
``assign_number``'s (subject DETERMINATION and the declaration's id), so a decision retried after a lost reply
gets the same number and the same certificate.
"""
from __future__ import annotations

from tortoise.exceptions import IntegrityError

from models.catalogue.models import Series, Specialty, TitleName
from models.certificate.issuing import GENDERS, ID_TYPES, new_token
from models.certificate.models import (
    Certificate,
    DocumentState,
    IssuerCode,
    IssuerCodeStatus,
)
from models.certificate.numbering import assign_number
from models.certificate.status_list import take_status_index
from models.core.errors import refuse
from models.core.job import JobKind
from models.core.transaction import create_job
from models.determination.codes import DeterminationReviewCode as Code
from models.determination.models import Determination
from models.evaluation.results import today
from models.person.models import Person
from models.unit.models import Unit

DETERMINATION = "DETERMINATION"  # the subject kind of a declaration's number and certificate
CATEGORY = "01"
ACQUISITION = {"INITIAL_DETERMINATION": "初定", "RECOGNITION": "认定"}


async def _issuer_code(unit_id: int) -> IssuerCode:
    code = await IssuerCode.get_or_none(active_unit_id=unit_id)
    if code is None or code.status != IssuerCodeStatus.ACTIVE:
        raise refuse(Code.NOT_AN_ISSUER, "本单位没有有效的发证单位编码，不能发放证书，请联系上级人社部门配置", "taskId")
    return code


async def issue(row: Determination, issuer: Unit, approver_id: int | None) -> Certificate:
    existing = await Certificate.get_or_none(subject_kind=DETERMINATION, subject_key=str(row.id))
    if existing is not None:
        return existing
    person = await Person.get(id=row.person_id)
    employer = await Unit.get(id=row.unit_id)
    series, specialty, title = (await Series.get(id=row.series_id), await Specialty.get(id=row.specialty_id),
                                await TitleName.get(id=row.title_name_id))
    code = await _issuer_code(issuer.id)
    day = today()
    number = await assign_number(code, day.year, CATEGORY, str(row.id), subject_kind=DETERMINATION)
    photo_id = row.photo_id or person.photo_id
    try:
        cert = await Certificate.create(
            number=number.number, number_row_id=number.id, subject_kind=DETERMINATION, subject_key=str(row.id),
            person_id=person.id, issuer_id=code.id, issuer_unit_id=issuer.id, name=person.real_name,
            gender=GENDERS.get(person.gender.value, ""), birth_date=person.birth_date,
            id_type=ID_TYPES.get(person.id_type.value, ""), id_number=person.id_number, series_name=series.name,
            specialty_name=specialty.name, title_name=title.name, level=row.level, year=row.year, acquired_on=day,
            acquisition_method=ACQUISITION[row.evaluation_mode], approval_number="", issuer_name=issuer.name,
            committee_name="", issue_date=day, unit_name=employer.name, unit_region=employer.region_id,
            issuer_region=issuer.region_id, photo_id=photo_id,
            document_state=DocumentState.GENERATING if photo_id else DocumentState.AWAITING_PHOTO,
            token=new_token(), issued_by_id=approver_id, status_index=await take_status_index(code.id))
    except IntegrityError:
        raise refuse(Code.NUMBER_EXISTS, f"证书编号{number.number}已被使用，请刷新后重试", "taskId") from None
    if photo_id:
        await create_job(JobKind.CERTIFICATE_RENDER, {"certificate_ids": [cert.id]}, approver_id)
    return cert
