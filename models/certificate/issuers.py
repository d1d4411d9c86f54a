"""发证单位编码配置 (003 §1.9): an HR bureau gives a unit of its region a 4-digit issuer code, and cancels it
with a reason. A code is never given twice in a province, cancelled or not (unique province + code)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models.access.certificate import issuer_region_prefixes, require_manages_issuer
from models.access.viewer import Viewer
from models.certificate.codes import CertificateCode
from models.certificate.models import IssuerCode, IssuerCodeStatus
from models.core.errors import Collector, refuse
from models.region.models import region_prefix
from models.unit.models import Unit

ISSUER_CODE = re.compile(r"[0-9]{4}")
REASON_MAX = IssuerCode._meta.fields_map["cancel_reason"].max_length


async def assign_issuer_code(viewer: Viewer, unit_id: int, code: str) -> IssuerCode:
    code = code.strip()
    if not ISSUER_CODE.fullmatch(code) or code == "0000":
        raise refuse(CertificateCode.INVALID_ISSUER_CODE, "发证单位编码须为4位数字（0001–9999）", "code")
    unit = await Unit.get_or_none(id=unit_id)
    if unit is None:
        raise refuse("NOT_FOUND", "单位不存在", "unitId")
    require_manages_issuer(viewer, unit.region_id)
    province = unit.region_id[:2]
    taken = await IssuerCode.filter(province=province, code=code).first()
    if taken is not None:
        raise refuse(CertificateCode.ISSUER_CODE_TAKEN, f"发证单位编码 {code} 已被使用过（注销的编码也不再分配）", "code")
    if await IssuerCode.filter(active_unit_id=unit.id).exists():
        raise refuse(CertificateCode.UNIT_HAS_ISSUER_CODE, "该单位已有有效的发证单位编码，请先注销", "unitId")
    try:
        async with in_transaction():  # a savepoint: a racing twin's insert answers a code, not a 500
            return await IssuerCode.create(unit_id=unit.id, active_unit_id=unit.id, province=province, code=code,
                                           assigned_by_id=viewer.account_id)
    except IntegrityError:
        if await IssuerCode.filter(province=province, code=code).exists():
            raise refuse(CertificateCode.ISSUER_CODE_TAKEN, f"发证单位编码 {code} 已被使用过", "code") from None
        raise refuse(CertificateCode.UNIT_HAS_ISSUER_CODE, "该单位已有有效的发证单位编码", "unitId") from None


async def cancel_issuer_code(viewer: Viewer, issuer_code_id: int, reason: str) -> IssuerCode:
    errors = Collector()
    if errors.require(reason.strip() or None, "reason", "注销原因"):
        errors.max_length(reason.strip(), "reason", "注销原因", REASON_MAX)
    errors.raise_if_any()
    row = await IssuerCode.filter(id=issuer_code_id).select_for_update().first()
    if row is None:
        raise refuse("NOT_FOUND", "发证单位编码不存在", "issuerCodeId")
    unit = await Unit.get(id=row.unit_id)
    require_manages_issuer(viewer, unit.region_id)
    # Conditional: of two cancellations at once, one changes the row and the other is told it is done.
    changed = await IssuerCode.filter(id=row.id, status=IssuerCodeStatus.ACTIVE).update(
        status=IssuerCodeStatus.CANCELLED, active_unit_id=None, cancel_reason=reason.strip(),
        cancelled_by_id=viewer.account_id, cancelled_at=datetime.now(timezone.utc))
    if not changed:
        raise refuse(CertificateCode.ALREADY_CANCELLED, "该发证单位编码已注销", "issuerCodeId")
    return await IssuerCode.get(id=row.id)


def visible_issuer_codes(viewer: Viewer, *, region_code: str | None = None, status: IssuerCodeStatus | None = None,
                         unit_name_contains: str | None = None, code: str | None = None) -> QuerySet[IssuerCode]:
    """Issuer codes of the units the viewer manages (policy: models/access/certificate.py), narrowed by the
    search of 003 §1.9: the unit's region (and below), status, unit name, code."""
    qs = IssuerCode.all()
    prefixes = issuer_region_prefixes(viewer)
    if prefixes is not None:
        qs = qs.filter(Q(*[Q(unit__region_id__startswith=p) for p in prefixes], join_type=Q.OR)) if prefixes \
            else qs.filter(id__in=[])
    if region_code:
        qs = qs.filter(unit__region_id__startswith=region_prefix(region_code))
    if status is not None:
        qs = qs.filter(status=status)
    if unit_name_contains and unit_name_contains.strip():
        qs = qs.filter(unit__name__icontains=unit_name_contains.strip())
    if code:
        qs = qs.filter(code=code.strip())
    return qs
