"""The certificate data of a reissue: what may be corrected and how each value is checked.

Keys are ``Certificate``'s field names, so the new certificate is ``original`` with the corrections applied.
The number, series, level, title, acquisition method, issuer and issue date are what the certificate *is*:
a wrong one is not a correction but another certificate, so they are refused (IMMUTABLE_FIELD).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from models.certificate.issuing import GENDERS, ID_TYPES
from models.core.errors import Collector
from models.core.validators import resident_id_facts
from models.evaluation.results import today
from models.reissue.codes import ReissueCode as Code

EARLIEST = date(1900, 1, 1)
ACQUISITION_METHODS = ("评审", "认定", "初定", "考试", "确认")
RESIDENT_ID = ID_TYPES["RESIDENT_ID"]


class ReissueField(str, Enum):
    """A field of the certificate as the correction picker lists it (请选择需要填写的项)."""

    NAME = "NAME"
    GENDER = "GENDER"
    BIRTH_DATE = "BIRTH_DATE"
    ID_TYPE = "ID_TYPE"
    ID_NUMBER = "ID_NUMBER"
    SPECIALTY_NAME = "SPECIALTY_NAME"
    ACQUIRED_ON = "ACQUIRED_ON"
    APPROVAL_NUMBER = "APPROVAL_NUMBER"
    UNIT_NAME = "UNIT_NAME"
    # Not correctable, listed so a client that offers them is refused with a reason.
    NUMBER = "NUMBER"
    SERIES_NAME = "SERIES_NAME"
    LEVEL = "LEVEL"
    TITLE_NAME = "TITLE_NAME"
    ACQUISITION_METHOD = "ACQUISITION_METHOD"
    ISSUER_NAME = "ISSUER_NAME"
    ISSUE_DATE = "ISSUE_DATE"


@dataclass(frozen=True)
class FieldRule:
    key: str  # the Certificate field
    label: str
    kind: str  # text, date, gender, id_type
    max_length: int = 0
    correctable: bool = True


FIELDS: dict[ReissueField, FieldRule] = {
    ReissueField.NAME: FieldRule("name", "姓名", "text", 50),
    ReissueField.GENDER: FieldRule("gender", "性别", "gender"),
    ReissueField.BIRTH_DATE: FieldRule("birth_date", "出生日期", "date"),
    ReissueField.ID_TYPE: FieldRule("id_type", "证件类型", "id_type"),
    ReissueField.ID_NUMBER: FieldRule("id_number", "证件号码", "text", 30),
    ReissueField.SPECIALTY_NAME: FieldRule("specialty_name", "专业名称", "text", 50),
    ReissueField.ACQUIRED_ON: FieldRule("acquired_on", "取得资格时间", "date"),
    ReissueField.APPROVAL_NUMBER: FieldRule("approval_number", "批准文号", "text", 50),
    ReissueField.UNIT_NAME: FieldRule("unit_name", "取得资格时所在单位", "text", 100),
    ReissueField.NUMBER: FieldRule("number", "证书编号", "text", correctable=False),
    ReissueField.SERIES_NAME: FieldRule("series_name", "系列名称", "text", correctable=False),
    ReissueField.LEVEL: FieldRule("level", "职称级别", "text", correctable=False),
    ReissueField.TITLE_NAME: FieldRule("title_name", "资格名称", "text", correctable=False),
    ReissueField.ACQUISITION_METHOD: FieldRule("acquisition_method", "取得方式", "text", correctable=False),
    ReissueField.ISSUER_NAME: FieldRule("issuer_name", "发证机构", "text", correctable=False),
    ReissueField.ISSUE_DATE: FieldRule("issue_date", "发证日期", "date", correctable=False),
}
BY_KEY = {rule.key: field for field, rule in FIELDS.items()}
CORRECTION_MAX = len([r for r in FIELDS.values() if r.correctable])


def parse_date(errors: Collector, value: str, label: str, *field: str) -> str | None:
    """An ISO date between 1900 and today, returned as ISO text (as ``original`` keeps dates)."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        errors.add(Code.INVALID_DATE, f"{label}应为日期，格式为 YYYY-MM-DD", *field)
        return None
    if not EARLIEST <= day <= today():
        errors.add(Code.INVALID_DATE, f"{label}须在 1900-01-01 至今天之间", *field)
        return None
    return day.isoformat()


def _value(errors: Collector, rule: FieldRule, raw: str, *field: str) -> str | None:
    text = raw.strip()
    if not text:
        errors.add("REQUIRED", f"请填写更正后的{rule.label}", *field)
        return None
    if rule.kind == "date":
        return parse_date(errors, text, rule.label, *field)
    if rule.kind == "gender":
        value = GENDERS.get(text, text)
        if value not in GENDERS.values():
            errors.add(Code.INVALID_VALUE, "性别应为“男”或“女”", *field)
            return None
        return value
    if rule.kind == "id_type":
        value = ID_TYPES.get(text, text)
        if value not in ID_TYPES.values():
            errors.add(Code.INVALID_VALUE, "证件类型不正确", *field)
            return None
        return value
    if len(text) > rule.max_length:
        errors.add("TOO_LONG", f"{rule.label}不能超过{rule.max_length}个字符", *field)
        return None
    return text


def check_corrections(errors: Collector, original: dict, corrections: list[tuple[str, str]]) -> dict[str, str]:
    """``corrections`` as (ReissueField value, the right value) pairs, checked one by one (field
    ``corrections``/index/``field`` or ``value``); returns them as certificate key → value."""
    out: dict[str, str] = {}
    for index, (name, raw) in enumerate(corrections):
        where = ("corrections", str(index))
        try:
            field = ReissueField(name)
        except ValueError:
            errors.add(Code.INVALID_VALUE, "更正项不正确", *where, "field")
            continue
        rule = FIELDS[field]
        if not rule.correctable:
            errors.add(Code.IMMUTABLE_FIELD, f"{rule.label}不能更正：如确有错误，请申请撤销后重新取得", *where, "field")
            continue
        if rule.key in out:
            errors.add(Code.DUPLICATE_CORRECTION, f"{rule.label}只能更正一次", *where, "field")
            continue
        value = _value(errors, rule, raw, *where, "value")
        if value is None:
            continue
        if value == str(original.get(rule.key, "")):
            errors.add(Code.NOTHING_TO_CORRECT, f"更正后的{rule.label}与原证书相同", *where, "value")
            continue
        out[rule.key] = value
    return out


def corrected(original: dict, corrections: dict) -> dict:
    return {**original, **corrections}


def check_identity(errors: Collector, data: dict, real_name: str, id_number: str, field: str) -> None:
    """The certificate, as corrected, is the person's: their name and ID number, and a resident ID that is one."""
    if data.get("id_type") == RESIDENT_ID and resident_id_facts(str(data.get("id_number", ""))) is None:
        errors.add(Code.INVALID_VALUE, "居民身份证号码不正确（校验位、出生日期或地区码有误）", field)
        return
    if (str(data.get("name", "")).strip() != real_name
            or str(data.get("id_number", "")).strip().upper() != id_number.upper()):
        errors.add(Code.NOT_OWN_CERTIFICATE, "证书的姓名和证件号码须与本人一致（有误的请在更正项中填写正确内容）",
                   field)
