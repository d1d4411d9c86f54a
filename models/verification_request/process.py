"""Submitting and withdrawing a verification request, and what each review decision does to it: the
CERTIFICATE_VERIFICATION process of the task engine, a person's request on a resolved path
(models/workflow/person_request.py).

One node: the organizer (组建单位) of the committee the person named [002 §2.4]. Its PASS lists the
certificate among the person's certificates as verified: the number and data as entered, 取得方式 评审,
subject kind VERIFICATION, no issuer code, no e-certificate (its document is the scan of the certificate).
"""
from __future__ import annotations

from typing import Any

from models.access.viewer import Viewer
from models.catalogue.models import Series, TitleName
from models.certificate.issuing import GENDERS, ID_TYPES, new_token
from models.certificate.models import Certificate, CertificateStatus, DocumentState
from models.committee.models import Committee, CommitteeOrganizer
from models.core.errors import Problem, Refused, refuse
from models.core.slots import missing_slots
from models.person.models import Person
from models.unit.models import Unit
from models.verification_request.codes import VerificationCode as Code
from models.verification_request.codes import VerificationReviewCode as ReviewCode
from models.verification_request.create import KIND, SLOTS
from models.verification_request.models import (
    EDITABLE,
    VerificationAttachment,
    VerificationRequest,
)
from models.workflow.models import NodeKind
from models.workflow.person_request import RequestProcess

VERIFICATION = "VERIFICATION"  # the subject kind of a verified certificate
Item = tuple[str, str | None, bool]


async def check_items(row: VerificationRequest) -> list[Item]:
    uploaded = set(await VerificationAttachment.filter(request_id=row.id).values_list("slot", flat=True))
    return missing_slots(SLOTS, uploaded)


async def task_title(row: VerificationRequest) -> str:
    person = await Person.get(id=row.person_id)
    title = await TitleName.get(id=row.title_name_id)
    return f"证书核验-{person.real_name}【{person.id_number}】-{title.name}"


async def submit_request(row: VerificationRequest, actor_id: int) -> VerificationRequest:
    """提交: to the committee's organizer, once every check passes."""
    if row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "证书核验申请已提交", "requestId")
    person = await Person.get(id=row.person_id)
    if person.current_unit_id is None:
        raise refuse(Code.NO_EMPLOYER, "请先绑定工作单位", "requestId")
    failures = [Problem(Code.CHECK_FAILED, m, tuple(f.split("."))) for m, f, ok in await check_items(row) if not ok]
    if await Certificate.filter(number=row.number).exists():  # issued or verified since the draft was saved
        failures.append(Problem(Code.CHECK_FAILED, "该证书编号已登记在本平台，无需核验", ("certificate", "number")))
    if failures:
        raise Refused(*failures)
    organizer = await CommitteeOrganizer.filter(committee_id=row.committee_id).order_by("id").first()
    if organizer is None:
        raise refuse(Code.NO_ORGANIZER, "该评审委员会没有组建单位，无法提交核验", "requestId")
    employer = await Unit.get(id=person.current_unit_id)
    return await KIND.start(row, employer, [(NodeKind.ORGANIZER, organizer.unit_id)], await task_title(row), actor_id,
                            open_number=row.number)


async def withdraw_request(row: VerificationRequest, actor_id: int) -> VerificationRequest:
    return await KIND.withdraw(row, actor_id)


async def verified_certificate(row: VerificationRequest, approver_id: int | None) -> Certificate:
    existing = await Certificate.get_or_none(subject_kind=VERIFICATION, subject_key=str(row.id))
    if existing is not None:
        return existing
    if await Certificate.filter(number=row.number).exists():
        raise refuse(ReviewCode.NUMBER_EXISTS, f"证书编号{row.number}已登记在本平台，不能重复核验", "taskId")
    person = await Person.get(id=row.person_id)
    series, title = await Series.get(id=row.series_id), await TitleName.get(id=row.title_name_id)
    committee = await Committee.get(id=row.committee_id)
    employer = await Unit.get(id=row.unit_id)
    scan = await VerificationAttachment.filter(request_id=row.id, slot="CERTIFICATE").order_by("id").first()
    return await Certificate.create(
        number=row.number, subject_kind=VERIFICATION, subject_key=str(row.id), person_id=person.id,
        committee_id=committee.id, name=person.real_name, gender=GENDERS.get(person.gender.value, ""),
        birth_date=person.birth_date, id_type=ID_TYPES.get(person.id_type.value, ""), id_number=person.id_number,
        series_name=series.name, specialty_name=row.specialty_name, title_name=title.name, level=row.level,
        year=row.issue_date.year, acquired_on=row.acquired_on, acquisition_method="评审",
        approval_number=row.approval_number, issuer_name=row.issuer_name, committee_name=committee.name,
        issue_date=row.issue_date, unit_name=row.unit_name, unit_region=employer.region_id,
        document_id=scan.file_id if scan else None, document_status=CertificateStatus.VALID.value,
        document_state=DocumentState.READY, token=new_token(), issued_by_id=approver_id)


async def _approve(row: VerificationRequest, unit: Unit, viewer: Viewer) -> tuple[dict[str, Any], str]:
    cert = await verified_certificate(row, viewer.account_id)
    return ({"certificate_id": cert.id, "open_number": None},
            f"您的证书核验申请已由{unit.name}审核通过，证书{row.number}已列入“我的职称”。")


def verification_process() -> RequestProcess:
    return RequestProcess(KIND, task_title, _approve, terminated={"open_number": None})
