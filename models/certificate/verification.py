"""证书查验: the public answer about a certificate, by number and holder's name or by the QR code's token.

Every entry point that verifies (the GraphQL queries, the /verify page, partners' clients later) calls these
two functions and nothing else, so all of them answer the same: only what the certificate itself shows, its
status, and the ID number masked. "No such number" and "the number with another name" are both None, so the
answer never tells whether a number exists. Throttling is the entry point's (models/certificate/throttle.py):
each kind of caller is counted its own way.
"""
from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime

from models.access.masking import mask_id_number
from models.catalogue.models import LEVEL_LABELS, Level
from models.certificate.codes import CertificateCode as Code
from models.certificate.models import Certificate, CertificateStatus
from models.core.codes import CommonCode
from models.core.errors import refuse

TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 random bytes, base64url without padding (issuing.py)
NUMBER_MAX = Certificate._meta.fields_map["number"].max_length
_DUMMY_NAME = "\u3007" * 3  # compared against when no certificate has the number, so both misses cost the same


@dataclass(frozen=True)
class VerificationAnswer:
    """What a verifier may learn: the face of the certificate (birth date and photo left out) and its status."""

    number: str
    name: str
    gender: str
    id_type: str
    id_number_masked: str
    series_name: str
    specialty_name: str
    title_name: str
    level: str  # PRIMARY / INTERMEDIATE / ASSOCIATE_SENIOR / SENIOR
    level_name: str  # 初级 / 中级 / 副高级 / 正高级
    year: int
    acquired_on: date
    acquisition_method: str
    approval_number: str
    issuer_name: str
    committee_name: str
    issue_date: date
    unit_name: str
    status: CertificateStatus
    revoked_at: datetime | None  # REVOKED only
    replaced_by_number: str | None  # REPLACED only: the number of the certificate that took its place


def _plausible(text: str, limit: int) -> bool:
    """Could a column hold it? A longer text, a NUL or a lone surrogate matches nothing, and PostgreSQL would
    refuse the last two with an error rather than a miss."""
    if len(text) > limit or "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def verify_by_number(number: str, name: str) -> VerificationAnswer | None:
    """证书编号 and 姓名 as printed on the certificate. None when no certificate has the number or its holder's
    name is another: the same None, after the same one query."""
    number, name = (number or "").strip().upper(), (name or "").strip()
    if not number:
        raise refuse(CommonCode.REQUIRED, "请填写证书编号", "number")
    if not name:
        raise refuse(CommonCode.REQUIRED, "请填写姓名", "name")
    row = None
    if _plausible(number, NUMBER_MAX):
        row = await Certificate.get_or_none(number=number)
    expected = row.name.strip() if row is not None else _DUMMY_NAME
    # Constant time over the name: how long the comparison takes says nothing of how much of it was right.
    matches = hmac.compare_digest(expected.encode("utf-8", "surrogatepass"), name.encode("utf-8", "surrogatepass"))
    if row is None or not matches:
        return None
    return await _answer(row)


def check_token(token: str) -> str:
    """The token as the QR code carries it; anything else is refused before the database is asked."""
    token = (token or "").strip()
    if not TOKEN.fullmatch(token):
        raise refuse(Code.INVALID_TOKEN, "证书查验码格式不正确（应为43位字母、数字、-或_）", "token")
    return token


async def verify_by_token(token: str) -> VerificationAnswer | None:
    """The QR code's key (``/verify/{token}``). None when no certificate has it; a malformed key is refused
    with INVALID_TOKEN."""
    row = await Certificate.get_or_none(token=check_token(token))
    return await _answer(row) if row is not None else None


async def _answer(row: Certificate) -> VerificationAnswer:
    status = CertificateStatus(row.status)
    replaced_by = None
    if status == CertificateStatus.REPLACED and row.replaced_by_id is not None:
        numbers = await Certificate.filter(id=row.replaced_by_id).values_list("number", flat=True)
        replaced_by = numbers[0] if numbers else None
    try:
        level_name = LEVEL_LABELS[Level(row.level)]
    except ValueError:
        level_name = row.level
    return VerificationAnswer(
        number=row.number, name=row.name, gender=row.gender, id_type=row.id_type,
        id_number_masked=mask_id_number(row.id_number), series_name=row.series_name,
        specialty_name=row.specialty_name, title_name=row.title_name, level=row.level, level_name=level_name,
        year=row.year, acquired_on=row.acquired_on, acquisition_method=row.acquisition_method,
        approval_number=row.approval_number, issuer_name=row.issuer_name, committee_name=row.committee_name,
        issue_date=row.issue_date, unit_name=row.unit_name, status=status,
        revoked_at=row.revoked_at if status == CertificateStatus.REVOKED else None,
        replaced_by_number=replaced_by)
