"""The last HR bureau's PASS on a recognition: the recognised title among the person's certificates
(acquisition method 确认), and the 专业技术资格确认审核表 rendered by a job.

Inside the decision's transaction, so the decision and the certificate commit together or not at all. A
province that issues e-certificates for recognitions (``ProvinceForm.issues_certificate``) numbers it
under the approving bureau's issuer code and renders it like every e-certificate; elsewhere the certificate
keeps its original number and its document is the confirmation form (``RECOGNITION_FORM`` attaches it).
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
from models.evaluation.results import today
from models.person.models import Person
from models.recognition.codes import RecognitionReviewCode as Code
from models.recognition.config import ProvinceForm
from models.recognition.models import Recognition
from models.unit.models import Unit

RECOGNITION = "RECOGNITION"  # the subject kind of a recognition's certificate (and number)
ACQUISITION = "确认"
CATEGORY = "01"


async def _issuer_code(unit_id: int) -> IssuerCode:
    code = await IssuerCode.get_or_none(active_unit_id=unit_id)
    if code is None or code.status != IssuerCodeStatus.ACTIVE:
        raise refuse(Code.NOT_AN_ISSUER, "本单位没有有效的发证单位编码，不能为确认的职称发证，请联系上级人社部门配置",
                     "taskId")
    return code


async def recognise(row: Recognition, form: ProvinceForm, approver_unit: Unit,
                    approver_id: int | None) -> Certificate:
    existing = await Certificate.get_or_none(subject_kind=RECOGNITION, subject_key=str(row.id))
    if existing is not None:
        return existing
    person = await Person.get(id=row.person_id)
    employer = await Unit.get(id=row.unit_id)
    series, specialty, title = (await Series.get(id=row.series_id), await Specialty.get(id=row.specialty_id),
                                await TitleName.get(id=row.title_name_id))
    day = today()
    number, number_id, code_id, status_index = row.original_number, None, None, None
    if form.issues_certificate:
        code = await _issuer_code(approver_unit.id)
        assigned = await assign_number(code, day.year, CATEGORY, str(row.id), subject_kind=RECOGNITION)
        number, number_id, code_id = assigned.number, assigned.id, code.id
        status_index = await take_status_index(code.id)
    elif await Certificate.filter(number=number).exists():
        raise refuse(Code.NUMBER_EXISTS, f"证书编号{number}已登记在本平台，不能重复确认", "taskId")
    photo_id = row.photo_id or person.photo_id
    if form.issues_certificate:
        state = DocumentState.GENERATING if photo_id else DocumentState.AWAITING_PHOTO
    else:
        state = DocumentState.GENERATING  # until RECOGNITION_FORM attaches the confirmation form
    try:
        cert = await Certificate.create(
            number=number, number_row_id=number_id, subject_kind=RECOGNITION, subject_key=str(row.id),
            person_id=person.id, issuer_id=code_id, issuer_unit_id=approver_unit.id,
            name=person.real_name, gender=GENDERS.get(person.gender.value, ""), birth_date=person.birth_date,
            id_type=ID_TYPES.get(person.id_type.value, ""), id_number=person.id_number,
            series_name=series.name, specialty_name=specialty.name, title_name=title.name, level=row.level,
            year=day.year, acquired_on=row.original_acquired_on or day, acquisition_method=ACQUISITION,
            approval_number=row.original_approval_number, issuer_name=approver_unit.name,
            committee_name=row.original_committee, issue_date=day, unit_name=employer.name,
            unit_region=employer.region_id, issuer_region=approver_unit.region_id, photo_id=photo_id,
            document_state=state, token=new_token(), issued_by_id=approver_id, status_index=status_index)
    except IntegrityError:
        raise refuse(Code.NUMBER_EXISTS, f"证书编号{number}已登记在本平台，不能重复确认", "taskId") from None
    if form.issues_certificate and photo_id:
        await create_job(JobKind.CERTIFICATE_RENDER, {"certificate_ids": [cert.id]}, approver_id)
    await create_job(JobKind.RECOGNITION_FORM, {"recognition_id": row.id, "document": "APPROVAL"}, approver_id)
    return cert
