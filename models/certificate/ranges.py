"""证书编号生成 (003 §1.16): a number range for an issuer, year and category, from a start to an end serial.
Ranges of one issuer, year and category never overlap: checked with the issuer code's row locked."""
from __future__ import annotations

import re
from datetime import date

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.access.certificate import issuer_region_prefixes, require_manages_issuer
from models.access.viewer import Viewer
from models.certificate.codes import CertificateCode
from models.certificate.models import MAX_SERIAL, IssuerCode, IssuerCodeStatus, NumberRange
from models.core.errors import Collector, refuse
from models.unit.models import Unit

CATEGORY = re.compile(r"[0-9]{2}")
FIRST_YEAR = 1980


def last_year() -> int:
    return date.today().year + 1  # next year's ranges may be prepared in December


async def create_range(viewer: Viewer, issuer_code_id: int, year: int, category: str, start_serial: int,
                       end_serial: int) -> NumberRange:
    errors = Collector()
    if not FIRST_YEAR <= year <= last_year():
        errors.add(CertificateCode.INVALID_YEAR, f"年度须在 {FIRST_YEAR}–{last_year()} 之间", "year")
    if not CATEGORY.fullmatch(category):
        errors.add(CertificateCode.INVALID_CATEGORY, "证书类别须为2位数字", "category")
    for value, name, label in ((start_serial, "startSerial", "开始序号"), (end_serial, "endSerial", "结束序号")):
        if not 1 <= value <= MAX_SERIAL:
            errors.add(CertificateCode.INVALID_SERIAL, f"{label}须在 1–{MAX_SERIAL} 之间", name)
    if 1 <= start_serial <= MAX_SERIAL and 1 <= end_serial <= MAX_SERIAL and start_serial > end_serial:
        errors.add(CertificateCode.INVALID_RANGE, "开始序号不能大于结束序号", "endSerial")
    errors.raise_if_any()
    # The lock serialises range creation per issuer, so two overlapping ranges cannot both pass the check.
    code = await IssuerCode.filter(id=issuer_code_id).select_for_update().first()
    if code is None:
        raise refuse("NOT_FOUND", "发证单位编码不存在", "issuerCodeId")
    require_manages_issuer(viewer, (await Unit.get(id=code.unit_id)).region_id)
    if code.status != IssuerCodeStatus.ACTIVE:
        raise refuse(CertificateCode.ISSUER_CODE_CANCELLED, "该发证单位编码已注销，不能生成证书编号", "issuerCodeId")
    overlapping = await NumberRange.filter(issuer_id=code.id, year=year, category=category,
                                           start_serial__lte=end_serial, end_serial__gte=start_serial).first()
    if overlapping is not None:
        raise refuse(CertificateCode.NUMBER_RANGE_OVERLAPS,
                     f"与已有证书编号段 {overlapping.start_serial}–{overlapping.end_serial} 重叠", "startSerial")
    return await NumberRange.create(issuer_id=code.id, year=year, category=category, start_serial=start_serial,
                                    end_serial=end_serial, next_serial=start_serial, created_by_id=viewer.account_id)


def visible_ranges(viewer: Viewer, *, issuer_code_id: int | None = None, year: int | None = None,
                   category: str | None = None) -> QuerySet[NumberRange]:
    """Ranges of the issuers the viewer manages, narrowed by issuer, year and category."""
    qs = NumberRange.all()
    prefixes = issuer_region_prefixes(viewer)
    if prefixes is not None:
        qs = qs.filter(Q(*[Q(issuer__unit__region_id__startswith=p) for p in prefixes], join_type=Q.OR)) \
            if prefixes else qs.filter(id__in=[])
    if issuer_code_id is not None:
        qs = qs.filter(issuer_id=issuer_code_id)
    if year is not None:
        qs = qs.filter(year=year)
    if category:
        qs = qs.filter(category=category)
    return qs
