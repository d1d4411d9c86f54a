"""Drafting a verification request: the certificate as entered (each field checked against the catalogue and
the committee), the scans. Each call checks its whole input and refuses it whole; the row is changed with a
version check."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from models.access.viewer import Viewer
from models.achievement.fields import today
from models.catalogue.models import Series, Specialty, TitleName
from models.certificate.models import Certificate
from models.committee.models import Committee
from models.core.errors import Collector, refuse
from models.core.history import SubjectType
from models.core.slots import Slot, add_slot_file, delete_slot_file
from models.core.storage import Storage
from models.person.models import Person
from models.verification_request.codes import VerificationCode as Code
from models.verification_request.models import (
    EDITABLE,
    VerificationAttachment,
    VerificationRequest,
    VerificationStatus,
)
from models.workflow.models import ProcessType
from models.workflow.person_request import RequestKind

KIND = RequestKind(ProcessType.CERTIFICATE_VERIFICATION, SubjectType.VERIFICATION_REQUEST, VerificationRequest,
                   VerificationStatus, "证书核验申请", "证书核验", "requestId")
bump = KIND.bump

SLOTS = (  # [002 §2.4: 填写证书信息、同步社保数据、上传相关附件材料]
    Slot("CERTIFICATE", "职称证书", "职称证书原件扫描件（含照片页、内容页、发证机关盖章页）", True),
    Slot("APPOINTMENT", "评审表或任职文件", "人事档案中的《专业技术资格评审表》或资格批准（任职）文件", False),
    Slot("SOCIAL_SECURITY", "社保缴费记录", "取得资格时所在单位的养老保险参保缴费证明", False),
    Slot("OTHER", "其他材料", "其他能证明该职称的材料", False),
)
FIELD_LIMITS = {f: VerificationRequest._meta.fields_map[f].max_length
                for f in ("number", "specialty_name", "approval_number", "issuer_name", "unit_name")}


@dataclass(frozen=True)
class CertificateEntry:
    """What the person enters: the certificate as it reads, the committee that granted it. ``specialty_id``
    None with a ``specialty_name`` is 其他 (a specialty the tree does not hold)."""

    committee_id: int
    number: str
    series_id: int
    specialty_id: int | None
    specialty_name: str
    title_name_id: int
    acquired_on: date
    approval_number: str
    issue_date: date
    issuer_name: str
    unit_name: str


def _text(errors: Collector, value: str, key: str, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        errors.add("REQUIRED", f"请填写{label}", "certificate", field)
    elif len(text) > FIELD_LIMITS[key]:
        errors.add("TOO_LONG", f"{label}不能超过{FIELD_LIMITS[key]}个字符", "certificate", field)
    return text


async def checked(entry: CertificateEntry, person: Person, request_id: int | None = None) -> dict[str, Any]:
    """The columns of the entry, or a refusal naming every field that is wrong."""
    errors = Collector()
    fields = {"number": "number", "approval_number": "approvalNumber", "issuer_name": "issuerName",
              "unit_name": "unitName"}
    labels = {"number": "证书编号", "approval_number": "批准文号", "issuer_name": "发证单位", "unit_name": "取得资格时所在单位"}
    data: dict[str, Any] = {}
    for key, field in fields.items():
        value = (getattr(entry, key) or "").strip()
        if key != "unit_name" and not value:
            errors.add("REQUIRED", f"请填写{labels[key]}", "certificate", field)
        elif len(value) > FIELD_LIMITS[key]:
            errors.add("TOO_LONG", f"{labels[key]}不能超过{FIELD_LIMITS[key]}个字符", "certificate", field)
        data[key] = value
    for key, field, label in (("acquired_on", "acquiredOn", "取得资格时间"), ("issue_date", "issueDate", "发证日期")):
        day = getattr(entry, key)
        if day > today():
            errors.add(Code.INVALID_DATE, f"{label}不能晚于今天", "certificate", field)
        elif day <= person.birth_date:
            errors.add(Code.INVALID_DATE, f"{label}应晚于出生日期", "certificate", field)
        data[key] = day
    dated = not any(p.field and p.field[-1] in ("acquiredOn", "issueDate") for p in errors.problems)
    if dated and entry.issue_date < entry.acquired_on:  # compared only when both dates are right themselves
        errors.add(Code.INVALID_DATE, "发证日期不能早于取得资格时间", "certificate", "issueDate")
    series = await Series.get_or_none(id=entry.series_id)
    title = await TitleName.get_or_none(id=entry.title_name_id)
    committee = await Committee.get_or_none(id=entry.committee_id)
    if series is None:
        errors.add("NOT_FOUND", "系列不存在", "certificate", "seriesId")
    elif title is None or title.series_id != series.id:
        errors.add(Code.TITLE_NOT_IN_SERIES, "资格名称不属于所选系列", "certificate", "titleNameId")
    if entry.specialty_id is not None:
        specialty = await Specialty.get_or_none(id=entry.specialty_id)
        if specialty is None or (series is not None and specialty.series_id != series.id):
            errors.add(Code.TITLE_NOT_IN_SERIES, "专业不属于所选系列", "certificate", "specialtyId")
        else:
            data["specialty_name"] = specialty.name
    else:  # 其他: the name as the certificate prints it
        data["specialty_name"] = _text(errors, entry.specialty_name, "specialty_name", "specialtyName", "专业名称")
    if committee is None:
        errors.add("NOT_FOUND", "评审委员会不存在", "certificate", "committeeId")
    elif series is not None and committee.series_id != series.id:
        errors.add(Code.COMMITTEE_NOT_OF_SERIES, "所选评审委员会不评审该系列", "certificate", "committeeId")
    if data["number"] and len(data["number"]) <= FIELD_LIMITS["number"]:
        if await Certificate.filter(number=data["number"]).exists():
            errors.add(Code.NUMBER_EXISTS, "该证书已在系统中，可在“我的职称”中查看", "certificate", "number")
        elif await VerificationRequest.filter(open_number=data["number"]).exclude(id=request_id or 0).exists():
            errors.add(Code.NUMBER_EXISTS, "该证书编号已有进行中的核验申请", "certificate", "number")
    errors.raise_if_any()
    return {**data, "committee_id": committee.id, "series_id": series.id, "specialty_id": entry.specialty_id,
            "title_name_id": title.id, "level": title.level.value, "open_number": data["number"]}


async def create_request(viewer: Viewer, entry: CertificateEntry) -> VerificationRequest:
    person_id = viewer.require_person()
    person = await Person.get(id=person_id)
    return await VerificationRequest.create(person_id=person_id, unit_id=person.current_unit_id,
                                            **await checked(entry, person))


async def own_request(viewer: Viewer, request_id: int, *, editable: bool = True) -> VerificationRequest:
    """The viewer's own request, locked; NOT_FOUND for anyone else's (no hint that it exists)."""
    person_id = viewer.require_person()
    row = await VerificationRequest.filter(id=request_id).select_for_update().first()
    if row is None or row.person_id != person_id:
        raise refuse("NOT_FOUND", "证书核验申请不存在", "requestId")
    if editable and row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "证书核验申请已提交，撤回或被退回后才能修改", "requestId")
    return row


async def update_request(viewer: Viewer, request_id: int, entry: CertificateEntry) -> VerificationRequest:
    """The whole entry again (the form is saved whole)."""
    row = await own_request(viewer, request_id)
    person = await Person.get(id=row.person_id)
    return await bump(row, **await checked(entry, person, row.id))


async def delete_request(viewer: Viewer, request_id: int) -> int:
    row = await own_request(viewer, request_id)
    if row.submitted_at is not None or row.status != VerificationStatus.DRAFT:
        raise refuse(Code.NOT_EDITABLE, "已提交过的证书核验申请不能删除", "requestId")
    await VerificationAttachment.filter(request_id=row.id).delete()
    await VerificationRequest.filter(id=row.id).delete()
    return row.id


async def add_attachment(viewer: Viewer, storage: Storage, request_id: int, slot_key: str,
                         upload) -> VerificationRequest:
    row = await own_request(viewer, request_id)
    await add_slot_file(VerificationAttachment, "request_id", row.id, SLOTS, slot_key, storage, upload,
                        purpose="verification_request", account_id=viewer.account_id)
    return await bump(row)


async def delete_attachment(viewer: Viewer, request_id: int, attachment_id: int) -> VerificationRequest:
    row = await own_request(viewer, request_id)
    await delete_slot_file(VerificationAttachment, "request_id", row.id, attachment_id)
    return await bump(row)
