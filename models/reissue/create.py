"""Drafting a reissue: from a certificate of the person's, or from a certificate entered by hand; the reason,
the corrections, the evidence, the pledge and the photo. Each call checks its whole input and refuses it
whole; the row is changed with a version check."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.access.viewer import Viewer
from models.catalogue.models import Series, Specialty, TitleName
from models.certificate.issuing import GENDERS, ID_TYPES
from models.certificate.models import (
    Certificate,
    CertificateStatus,
    IssuerCode,
    IssuerCodeStatus,
)
from models.core.errors import Collector, refuse
from models.core.history import SubjectType
from models.core.storage import Storage
from models.core.upload import PHOTO_TYPES, receive_upload
from models.person.models import Person
from models.reissue.codes import ReissueCode as Code
from models.reissue.fields import (
    ACQUISITION_METHODS,
    check_corrections,
    check_identity,
    corrected,
    parse_date,
)
from models.reissue.models import EDITABLE, Reissue, ReissueStatus
from models.unit.models import Unit
from models.workflow.models import ProcessType
from models.workflow.person_request import RequestKind

REASON_MAX = Reissue._meta.fields_map["reason"].max_length
FILE_MAX_BYTES = 10 * 1024 * 1024  # 佐证材料 and 承诺书: ≤ 10 MB, one file each
DOCUMENT_TYPES = ("application/pdf", "application/msword",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
FILE_KINDS = {"EVIDENCE": ("evidence_id", "佐证材料"), "PLEDGE": ("pledge_id", "承诺书"), "PHOTO": ("photo_id", "照片")}


@dataclass(frozen=True)
class ManualCertificate:
    """A certificate not in the platform, as the holder enters it (情况一: 新增证书补（换）)."""

    name: str
    gender: str  # Gender value
    birth_date: str
    id_type: str  # IdType value
    id_number: str
    acquisition_method: str
    series_id: int
    specialty_id: int
    title_name_id: int
    acquired_on: str
    approval_number: str
    nature: str  # 资格性质
    issue_date: str
    issuer_unit_id: int
    number: str
    unit_name: str


def from_certificate(cert: Certificate) -> dict[str, Any]:
    return {"number": cert.number, "name": cert.name, "gender": cert.gender, "birth_date": cert.birth_date.isoformat(),
            "id_type": cert.id_type, "id_number": cert.id_number, "acquisition_method": cert.acquisition_method,
            "series_name": cert.series_name, "specialty_name": cert.specialty_name, "level": cert.level,
            "title_name": cert.title_name, "acquired_on": cert.acquired_on.isoformat(),
            "approval_number": cert.approval_number, "nature": "", "issue_date": cert.issue_date.isoformat(),
            "issuer_name": cert.issuer_name, "unit_name": cert.unit_name, "committee_name": cert.committee_name,
            "year": cert.year}


def _text(errors: Collector, value: str, field: str, label: str, limit: int, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.add("REQUIRED", f"请填写{label}", "certificate", field)
    elif len(text) > limit:
        errors.add("TOO_LONG", f"{label}不能超过{limit}个字符", "certificate", field)
    return text


async def from_manual(errors: Collector, m: ManualCertificate) -> tuple[dict[str, Any], Unit | None]:
    """The entered certificate checked field by field (``certificate``/field) against the catalogue."""
    data: dict[str, Any] = {"committee_name": ""}
    data["name"] = _text(errors, m.name, "name", "姓名", 50)
    data["gender"] = GENDERS.get(m.gender, "")
    if not data["gender"]:
        errors.add(Code.INVALID_VALUE, "性别不正确", "certificate", "gender")
    data["id_type"] = ID_TYPES.get(m.id_type, "")
    if not data["id_type"]:
        errors.add(Code.INVALID_VALUE, "证件类型不正确", "certificate", "idType")
    data["id_number"] = _text(errors, m.id_number, "idNumber", "证件号码", 30)
    for key, field, label in (("birth_date", "birthDate", "出生日期"), ("acquired_on", "acquiredOn", "取得资格时间"),
                              ("issue_date", "issueDate", "发证日期")):
        data[key] = parse_date(errors, getattr(m, key), label, "certificate", field)
    if data["birth_date"] and data["acquired_on"] and data["acquired_on"] <= data["birth_date"]:
        errors.add(Code.INVALID_DATE, "取得资格时间应晚于出生日期", "certificate", "acquiredOn")
    if data["acquired_on"] and data["issue_date"] and data["issue_date"] < data["acquired_on"]:
        errors.add(Code.INVALID_DATE, "发证日期不能早于取得资格时间", "certificate", "issueDate")
    data["acquisition_method"] = m.acquisition_method.strip()
    if data["acquisition_method"] not in ACQUISITION_METHODS:
        errors.add(Code.INVALID_VALUE, f"取得方式应为{'、'.join(ACQUISITION_METHODS)}之一", "certificate",
                   "acquisitionMethod")
    data["approval_number"] = _text(errors, m.approval_number, "approvalNumber", "批准文号", 50)
    data["nature"] = _text(errors, m.nature, "nature", "资格性质", 20, required=False)
    data["number"] = _text(errors, m.number, "number", "证书编号", 40)
    data["unit_name"] = _text(errors, m.unit_name, "unitName", "取得资格时所在单位", 100)
    series = await Series.get_or_none(id=m.series_id)
    specialty = await Specialty.get_or_none(id=m.specialty_id)
    title = await TitleName.get_or_none(id=m.title_name_id)
    if series is None:
        errors.add("NOT_FOUND", "系列不存在", "certificate", "seriesId")
    if specialty is None or (series is not None and specialty.series_id != series.id):
        errors.add(Code.INVALID_VALUE, "专业不属于所选系列", "certificate", "specialtyId")
    if title is None or (series is not None and title.series_id != series.id):
        errors.add(Code.INVALID_VALUE, "资格名称不属于所选系列", "certificate", "titleNameId")
    if series and specialty and title:
        data.update(series_name=series.name, specialty_name=specialty.name, title_name=title.name,
                    level=title.level.value)
    if data["issue_date"]:
        data["year"] = int(data["issue_date"][:4])
    issuer = await Unit.get_or_none(id=m.issuer_unit_id)
    if issuer is None:
        errors.add("NOT_FOUND", "发证机构不存在", "certificate", "issuerUnitId")
    else:
        data["issuer_name"] = issuer.name
    if data["number"] and await Certificate.filter(number=data["number"]).exists():
        errors.add(Code.CERTIFICATE_IN_SYSTEM, "该证书已在系统中，请在“我的职称”中选择该证书申请补换证",
                   "certificate", "number")
    return data, issuer


async def _own_certificate(errors: Collector, person_id: int, certificate_id: int) -> Certificate | None:
    cert = await Certificate.get_or_none(id=certificate_id)
    if cert is None or cert.person_id != person_id:
        errors.add(Code.NOT_OWN_CERTIFICATE, "只能为本人的职称证书申请补换证", "certificateId")
        return None
    if cert.status != CertificateStatus.VALID:
        state = "已撤销" if cert.status == CertificateStatus.REVOKED else "已换发，请为新证书申请"
        errors.add(Code.CERTIFICATE_NOT_VALID, f"该证书{state}", "certificateId")
        return None
    if cert.issuer_unit_id is None:
        errors.add(Code.NOT_AN_ISSUER, "该证书没有发证单位，不能在线补换", "certificateId")
        return None
    if await Reissue.filter(open_certificate_id=cert.id).exists():
        errors.add(Code.REISSUE_OPEN, "该证书已有进行中的补换证申请", "certificateId")
        return None
    return cert


async def create_reissue(viewer: Viewer, certificate_id: int | None, manual: ManualCertificate | None,
                         reason: str, corrections: list[tuple[str, str]]) -> Reissue:
    person_id = viewer.require_person()
    person = await Person.get(id=person_id)
    errors = Collector()
    if (certificate_id is None) == (manual is None):
        raise refuse("REQUIRED", "请选择“我的职称”中的证书，或录入证书信息（二选一）", "certificateId")
    cert = None
    if certificate_id is not None:
        cert = await _own_certificate(errors, person_id, certificate_id)
        errors.raise_if_any()
        original, issuer_id = from_certificate(cert), cert.issuer_unit_id
    else:
        original, issuer = await from_manual(errors, manual)
        errors.raise_if_any()
        issuer_id = issuer.id
    text = _reason(errors, reason)
    fixed = check_corrections(errors, original, corrections)
    errors.raise_if_any()
    check_identity(errors, corrected(original, fixed), person.real_name, person.id_number,
                   "corrections" if fixed else ("certificateId" if cert else "certificate"))
    errors.raise_if_any()
    return await Reissue.create(person_id=person_id, certificate_id=cert.id if cert else None,
                                open_certificate_id=cert.id if cert else None, issuer_unit_id=issuer_id,
                                original=original, corrections=fixed, reason=text, photo_id=person.photo_id)


def _reason(errors: Collector, reason: str) -> str:
    text = (reason or "").strip()
    errors.max_length(text, "reason", "申请补（换）发事由", REASON_MAX)
    return text


async def own_reissue(viewer: Viewer, reissue_id: int, *, editable: bool = True) -> Reissue:
    """The viewer's own reissue, locked; NOT_FOUND for anyone else's (no hint that it exists)."""
    person_id = viewer.require_person()
    row = await Reissue.filter(id=reissue_id).select_for_update().first()
    if row is None or row.person_id != person_id:
        raise refuse("NOT_FOUND", "补换证申请不存在", "reissueId")
    if editable and row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "补换证申请已提交，撤回或被退回后才能修改", "reissueId")
    return row


KIND = RequestKind(ProcessType.REISSUE, SubjectType.REISSUE, Reissue, ReissueStatus, "补换证申请", "补换证", "reissueId")
bump = KIND.bump


async def update_reissue(viewer: Viewer, reissue_id: int, reason: str | None,
                         corrections: list[tuple[str, str]] | None, manual: ManualCertificate | None) -> Reissue:
    """Changes what is given: the reason, the corrections (replaced whole), the entered certificate."""
    row = await own_reissue(viewer, reissue_id)
    person = await Person.get(id=row.person_id)
    errors = Collector()
    changes: dict[str, Any] = {}
    original = row.original
    if manual is not None:
        if row.certificate_id is not None:
            raise refuse(Code.INVALID_VALUE, "系统中的证书信息不能修改，有误的请在更正项中填写", "certificate")
        original, issuer = await from_manual(errors, manual)
        errors.raise_if_any()
        changes.update(original=original, issuer_unit_id=issuer.id)
    if reason is not None:
        changes["reason"] = _reason(errors, reason)
    fixed = check_corrections(errors, original, corrections) if corrections is not None else row.corrections
    errors.raise_if_any()
    check_identity(errors, corrected(original, fixed), person.real_name, person.id_number,
                   "corrections" if fixed else "certificate")
    errors.raise_if_any()
    changes["corrections"] = fixed
    return await bump(row, **changes)


async def upload_file(viewer: Viewer, storage: Storage, reissue_id: int, kind: str, upload,
                      max_photo_bytes: int) -> Reissue:
    """佐证材料 / 承诺书 (pdf, doc, docx ≤ 10 MB) or 照片 (jpg, png): replaces the one there was."""
    if kind not in FILE_KINDS:
        raise refuse(Code.INVALID_VALUE, "文件类别应为 EVIDENCE、PLEDGE 或 PHOTO", "kind")
    row = await own_reissue(viewer, reissue_id)
    column, _ = FILE_KINDS[kind]
    photo = kind == "PHOTO"
    stored = await receive_upload(storage, upload, purpose=f"reissue_{kind.lower()}",
                                  allowed_types=PHOTO_TYPES if photo else DOCUMENT_TYPES,
                                  max_bytes=max_photo_bytes if photo else FILE_MAX_BYTES,
                                  owner_id=viewer.account_id, field="file")
    return await bump(row, **{column: stored.id})


async def delete_reissue(viewer: Viewer, reissue_id: int) -> int:
    """A draft never submitted goes; one with a review history stays (it may be withdrawn and left)."""
    row = await own_reissue(viewer, reissue_id)
    if row.submitted_at is not None or row.status != ReissueStatus.DRAFT:
        raise refuse(Code.NOT_EDITABLE, "已提交过的补换证申请不能删除", "reissueId")
    await Reissue.filter(id=row.id).delete()
    return row.id


def check_items(row: Reissue, person_photo_id: int | None) -> list[tuple[str, str | None, bool]]:
    """开始检测: (message, field, passed) for every rule a submission must meet."""
    return [
        ("请填写申请补（换）发事由", "reason", bool(row.reason.strip())),
        ("请上传佐证材料", "evidence", row.evidence_id is not None),
        ("请上传承诺书", "pledge", row.pledge_id is not None),
        ("请上传照片", "photo", (row.photo_id or person_photo_id) is not None),
    ]


async def issuer_code_of(unit_id: int) -> IssuerCode | None:
    code = await IssuerCode.get_or_none(active_unit_id=unit_id)
    return code if code is not None and code.status == IssuerCodeStatus.ACTIVE else None

