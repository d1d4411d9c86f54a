"""证书发放: the filed results an issuer has not issued yet, a request to issue them (a job), and the one way a
certificate is made from a result.

The issuer of a committee's results is the unit that filed them (the HR bureau that manages the committee,
003 §1.15), provided it holds an active issuer code. A request is checked whole before its job is created
(every result issuable by this issuer, enough numbers left in the ranges of each year), so a refused
request changes nothing. The job then issues each result in its own transaction: the number
(``assign_number``, idempotent per result) and the certificate (unique per result) commit together, so a
re-run or a resumed attempt finds what it made and never takes a second number.
"""
from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from models.access.certificate import require_issues_for
from models.access.viewer import Viewer
from models.application.models import Application
from models.catalogue.models import Series, Specialty, TitleName
from models.certificate.codes import CertificateCode as Code
from models.certificate.models import (Certificate, DocumentState, IssuerCode, IssuerCodeStatus, NumberRange)
from models.certificate.numbering import assign_number
from models.certificate.status_list import take_status_index
from models.committee.models import Committee
from models.core.errors import Collector, refuse
from models.evaluation.models import EvaluationScheme, ParticipantResult, ResultFiling, SchemeParticipant
from models.evaluation.commission import COMMISSIONED
from models.evaluation.results import filed_results, today
from models.person.models import Person
from models.unit.models import Unit

RESULT = "RESULT"  # the subject kind of a committee result's certificate
CATEGORY_DIGITS = 2
MAX_BATCH = 20000


@dataclass(frozen=True)
class IssuableFilter:
    plan_id: int | None = None
    committee_id: int | None = None
    series_id: int | None = None
    level: str | None = None
    year: int | None = None


async def active_code(unit_id: int) -> IssuerCode:
    code = await IssuerCode.get_or_none(active_unit_id=unit_id)
    if code is None or code.status != IssuerCodeStatus.ACTIVE:
        raise refuse(Code.NOT_AN_ISSUER, "该单位没有有效的发证单位编码，请联系人社部门配置", "issuerUnitId")
    return code


def issuable_results(issuer_unit_id: int, f: IssuableFilter | None = None):
    """Filed, publicity-passed results of committees the unit manages, with no certificate yet."""
    f = f or IssuableFilter()
    # Direct results are the filing bureau's to issue, commissioned ones (委托评审) the commissioning unit's.
    direct = Q(participant__scheme__committee__managing_unit_id=issuer_unit_id,
               participant__application__evaluation_mode__not=COMMISSIONED)
    qs = filed_results().filter(direct | Q(commission_unit_id=issuer_unit_id)).exclude(
        id__in=Subquery(Certificate.filter(result_id__isnull=False).values("result_id")))
    if f.plan_id is not None:
        qs = qs.filter(participant__scheme__plan_id=f.plan_id)
    if f.committee_id is not None:
        qs = qs.filter(participant__scheme__committee_id=f.committee_id)
    if f.series_id is not None:
        qs = qs.filter(participant__application__series_id=f.series_id)
    if f.level is not None:
        qs = qs.filter(participant__application__level=f.level)
    if f.year is not None:
        qs = qs.filter(participant__application__year=f.year)
    return qs


async def request_issue(viewer: Viewer, issuer_unit_id: int, participant_ids: list[int] | None,
                        f: IssuableFilter | None, category: str) -> tuple[IssuerCode, list[int]]:
    """Checks a request to issue the results of ``participant_ids`` (None: every issuable result matching
    ``f``) and returns the issuer code and the result ids, in order, for the job. Refuses the whole request
    on any bad part (field ``participantIds``/index for each one that cannot be issued)."""
    await require_issues_for(viewer, issuer_unit_id)
    code = await active_code(issuer_unit_id)
    errors = Collector()
    if not (len(category) == CATEGORY_DIGITS and category.isascii() and category.isdigit()):
        errors.add(Code.INVALID_CATEGORY, "证书类别应为2位数字", "category")
    if participant_ids is None:
        ids = sorted(await issuable_results(issuer_unit_id, f).limit(MAX_BATCH + 1).values_list("id", flat=True))
        if len(ids) > MAX_BATCH:
            errors.add(Code.BATCH_TOO_LARGE, f"一次最多发放{MAX_BATCH}本证书，请按计划或评委会分批发放", "filter")
    else:
        wanted = list(dict.fromkeys(participant_ids))
        if len(wanted) > MAX_BATCH:
            errors.add(Code.BATCH_TOO_LARGE, f"一次最多发放{MAX_BATCH}本证书", "participantIds")
            wanted = []
        found = dict(await issuable_results(issuer_unit_id).filter(participant_id__in=wanted).values_list(
            "participant_id", "id"))
        ids = sorted(found.values())
        for index, pid in enumerate(participant_ids):
            if pid not in found:
                errors.add(Code.NOT_ISSUABLE, "该人员的评审结果未备案、已发证或不属于本发证单位", "participantIds",
                           str(index))
    if not ids and not errors.problems:
        errors.add(Code.NOTHING_TO_ISSUE, "没有待发证的人员", "participantIds")
    errors.raise_if_any()
    years = Counter(await Application.filter(
        id__in=Subquery(SchemeParticipant.filter(
            id__in=Subquery(ParticipantResult.filter(id__in=ids).values("participant_id"))).values("application_id"))
    ).values_list("year", flat=True))
    for year, needed in sorted(years.items()):
        left = await NumberRange.filter(issuer_id=code.id, year=year, category=category).values_list(
            "end_serial", "next_serial")
        remaining = sum(end + 1 - nxt for end, nxt in left)
        if remaining < needed:
            errors.add(Code.NUMBER_RANGE_EXHAUSTED,
                       f"{year}年类别{category}的证书编号剩余{remaining}个，本次需要{needed}个，请先生成证书编号",
                       "category")
    errors.raise_if_any()
    return code, ids


def new_token() -> str:
    """The verification page's key: 32 random bytes, base64url (43 characters), never derived from data."""
    return secrets.token_urlsafe(32)


async def issue_result(result_id: int, code: IssuerCode, category: str, issue_date: date,
                       issued_by_id: int | None) -> Certificate:
    """The certificate of one filed result: the one it has, else a number and a new certificate, committed
    together. Safe to call again (a job resumed after a crash) and under concurrency (unique per result)."""
    existing = await Certificate.get_or_none(subject_kind=RESULT, subject_key=str(result_id))
    if existing is not None:
        return existing
    result = await ParticipantResult.get(id=result_id)
    participant = await SchemeParticipant.get(id=result.participant_id)
    scheme = await EvaluationScheme.get(id=participant.scheme_id)
    app = await Application.get(id=participant.application_id)
    person = await Person.get(id=app.person_id)
    committee = await Committee.get(id=scheme.committee_id)
    filing = await ResultFiling.filter(scheme_id=scheme.id, decision="PASS").order_by("-id").first()
    issuer_unit = await Unit.get(id=code.unit_id)
    unit = await Unit.get(id=app.unit_id)
    series = await Series.get(id=app.series_id)
    specialty = await Specialty.get(id=app.specialty_id)
    title = await TitleName.get(id=app.title_name_id)
    if result.commission_filed_on is not None:  # 委托评审: the commissioning unit's filing
        acquired_on, approval_number = result.commission_filed_on, result.commission_document_number
    else:
        acquired_on = filing.filed_on if filing and filing.filed_on else issue_date
        approval_number = filing.document_number if filing else ""
    try:
        async with in_transaction():
            number = await assign_number(code, app.year, category, str(result_id), subject_kind=RESULT)
            return await Certificate.create(
                number=number.number, number_row_id=number.id, subject_kind=RESULT, subject_key=str(result_id),
                person_id=person.id, result_id=result.id, application_id=app.id, issuer_id=code.id,
                issuer_unit_id=issuer_unit.id, committee_id=committee.id,
                name=person.real_name, gender=_gender(person.gender), birth_date=person.birth_date,
                id_type=_id_type(person.id_type), id_number=person.id_number,
                series_name=series.name, specialty_name=specialty.name, title_name=title.name, level=app.level,
                year=app.year, acquired_on=acquired_on, acquisition_method="评审", approval_number=approval_number,
                issuer_name=issuer_unit.name, committee_name=committee.name, issue_date=issue_date,
                unit_name=unit.name, unit_region=unit.region_id, issuer_region=issuer_unit.region_id,
                photo_id=person.photo_id,
                document_state=DocumentState.GENERATING if person.photo_id else DocumentState.AWAITING_PHOTO,
                token=new_token(), issued_by_id=issued_by_id, status_index=await take_status_index(code.id))
    except IntegrityError:
        # Another attempt issued this result first: its certificate stands (and its number with it).
        existing = await Certificate.get_or_none(subject_kind=RESULT, subject_key=str(result_id))
        if existing is None:
            raise
        return existing


GENDERS = {"MALE": "男", "FEMALE": "女"}
ID_TYPES = {"RESIDENT_ID": "居民身份证", "OFFICER_ID": "军官证", "PASSPORT": "护照",
            "HK_MACAO_PERMIT": "港澳居民来往内地通行证", "TAIWAN_PERMIT": "台湾居民来往大陆通行证",
            "FOREIGN_PERMANENT_RESIDENT": "外国人永久居留身份证"}


def _gender(value) -> str:
    return GENDERS.get(getattr(value, "value", value), str(value))


def _id_type(value) -> str:
    return ID_TYPES.get(getattr(value, "value", value), str(value))


def issue_day() -> date:
    return today()


async def photo_uploaded(person_id: int, photo_id: int, requester_id: int | None) -> list[int]:
    """上传照片 after issue: the person's certificates awaiting a photo take it and are rendered (a job)."""
    from models.core.job import JobKind
    from models.core.transaction import create_job

    ids = await Certificate.filter(person_id=person_id, document_state=DocumentState.AWAITING_PHOTO).values_list(
        "id", flat=True)
    if ids:
        await Certificate.filter(id__in=ids, document_state=DocumentState.AWAITING_PHOTO).update(
            photo_id=photo_id, document_state=DocumentState.GENERATING)
        await create_job(JobKind.CERTIFICATE_RENDER, {"certificate_ids": sorted(ids)}, requester_id)
    return sorted(ids)


def ready_message(cert: Certificate) -> dict:
    from strawberry import relay

    return {"recipient_id": None, "title": "职称证书已生成",
            "body": f"您的{cert.title_name}（{cert.specialty_name}）电子职称证书已生成，证书编号{cert.number}，"
                    "可在“我的职称”中下载。",
            "link_type": "Certificate", "link_id": relay.to_base64("Certificate", cert.id),
            "dedupe_key": f"certificate:{cert.id}:ready"}


def awaiting_photo_message(cert: Certificate) -> dict:
    from strawberry import relay

    return {"recipient_id": None, "title": "请上传照片以生成电子职称证书",
            "body": f"您的{cert.title_name}（{cert.specialty_name}）职称证书已发放，证书编号{cert.number}。"
                    "请在“个人信息”中上传照片，上传后将自动生成电子证书。",
            "link_type": "Certificate", "link_id": relay.to_base64("Certificate", cert.id),
            "dedupe_key": f"certificate:{cert.id}:photo"}


async def start_issue(viewer: Viewer, issuer_unit_id: int, participant_ids: list[int] | None,
                      f: IssuableFilter | None, category: str, idempotency_key: str | None = None):
    """证书发放 as every entry point starts it (GraphQL, the demo): the request checked whole, then its
    CERTIFICATE_ISSUE job. A repeat with the same idempotency key returns the first job, whatever has been
    issued since (its results are no longer issuable, so re-checking would refuse it). Returns (job, count)."""
    from dataclasses import asdict

    from models.core.job import JobKind
    from models.core.transaction import create_job_once, earlier_job

    request = {"issuer_unit_id": issuer_unit_id, "category": category, "participant_ids": participant_ids,
               "filter": asdict(f or IssuableFilter())}
    earlier = await earlier_job(JobKind.CERTIFICATE_ISSUE, viewer.account_id, idempotency_key, request)
    if earlier is not None:
        return earlier, len(earlier.params["result_ids"])
    code, result_ids = await request_issue(viewer, issuer_unit_id, participant_ids, f, category)
    job = await create_job_once(JobKind.CERTIFICATE_ISSUE, {
        "issuer_code_id": code.id, "category": category, "result_ids": result_ids,
        "issue_date": issue_day().isoformat(), "request": request}, viewer.account_id, idempotency_key)
    return job, len(result_ids)
