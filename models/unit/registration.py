"""Unit registration (单位注册), detail edits (完善单位信息) and unit admins (管理员)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from tortoise.exceptions import IntegrityError

from models.access.viewer import Viewer
from models.account.admins import AdminRoster
from models.account.auth import account_for_login
from models.account.models import Account
from models.core.errors import Collector, Forbidden, refuse
from models.person.profile import camel
from models.region.models import Region
from models.unit.models import Unit, UnitAdmin, UnitKind
from models.core.validators import is_credit_code, is_email, is_landline, is_mobile

TEXT_LIMITS = {
    "name": ("单位名称", 100),
    "legal_rep_name": ("法定代表人姓名", 50),
    "address": ("单位通讯地址", 200),
    "contact_name": ("单位联系人", 50),
    "email": ("电子邮箱", 100),
    "fax": ("传真号码", 20),
    "industry_code": ("行业代码", 20),
    "registration_status": ("单位状态", 20),
    "economic_type": ("经济类型", 40),
    "tax_number": ("税号", 30),
    "license_kind": ("工商登记执照种类", 40),
    "license_number": ("工商登记执照号码", 40),
    "approval_document_number": ("批准文号", 60),
    "approving_body": ("批准成立单位", 100),
}
REQUIRED = {"name": "单位名称", "kind": "单位类型", "nature": "单位性质", "contact_name": "单位联系人",
            "contact_mobile": "手机号码", "email": "电子邮箱", "region_code": "属地"}
EDITABLE = (
    "legal_rep_name", "legal_rep_phone", "address", "contact_name", "contact_mobile", "email", "fax", "nature",
    "region_code", "is_central", "industry_code", "registration_status", "economic_type", "tax_number",
    "license_kind", "license_number", "license_issued_on", "license_valid_years", "approval_document_number",
    "approval_date", "approving_body", "competent_department_id",
)
# Non-null text columns: a null sent by the client is stored as "".
TEXT_COLUMNS = frozenset(TEXT_LIMITS) | {"legal_rep_phone", "contact_mobile"}
# Non-null columns that have no sensible empty value: null is refused.
NOT_NULL = {"is_central": "是否中央驻地单位"}
# Units people bind to on their own; the others are set up by HR bureaus or the platform.
SELF_REGISTERED = (UnitKind.EMPLOYER,)
ADMINS = AdminRoster(UnitAdmin, "unit_id", "单位")


def _check_fields(errors: Collector, data: dict[str, Any], partial: bool) -> None:
    for name, label in REQUIRED.items():
        if name in data or not partial:
            errors.require(data.get(name), camel(name), label)
    for name, label in NOT_NULL.items():
        if name in data and data[name] is None:
            errors.add("REQUIRED", f"请填写{label}", camel(name))
    for name, (label, limit) in TEXT_LIMITS.items():
        if data.get(name):
            errors.max_length(data[name], camel(name), label, limit)
    if data.get("contact_mobile") and not is_mobile(data["contact_mobile"]):
        errors.add("INVALID_MOBILE", "手机号码格式不正确", "contactMobile")
    phone = data.get("legal_rep_phone")
    if phone and not (is_mobile(phone) or is_landline(phone)):
        errors.add("INVALID_MOBILE", "法定代表人电话格式不正确", "legalRepPhone")
    if data.get("email") and not is_email(data["email"]):
        errors.add("INVALID_EMAIL", "电子邮箱格式不正确", "email")
    years = data.get("license_valid_years")
    if years is not None and not 0 < years <= 100:
        errors.add("INVALID", "工商登记有效期限须在1至100年之间", "licenseValidYears")


async def _check_references(data: dict[str, Any], unit_id: int | None = None) -> None:
    if data.get("region_code") and not await Region.filter(code=data["region_code"]).exists():
        raise refuse("NOT_FOUND", "属地不存在", "regionCode")
    dept_id = data.get("competent_department_id")
    if dept_id is not None:
        dept = await Unit.get_or_none(id=dept_id)
        if dept is None or dept.kind != UnitKind.COMPETENT_DEPARTMENT or dept.id == unit_id:
            raise refuse("INVALID", "主管部门须为已登记的主管部门单位", "competentDepartmentId")


def _row_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in EDITABLE}
    if "region_code" in values:
        values["region_id"] = values.pop("region_code")
    return {k: ("" if v is None and k in TEXT_COLUMNS else v) for k, v in values.items()}


async def register_unit(viewer: Viewer, data: dict[str, Any], admin_login: str | None) -> Unit:
    account_id = viewer.require_account()
    privileged = viewer.is_platform_admin or bool(data.get("region_code")
                                                  and viewer.covers_region(data["region_code"]))
    # Who may create this kind of unit is decided before the input is validated.
    if data.get("kind") not in SELF_REGISTERED and not privileged:
        raise Forbidden("人社部门、主管部门、人才服务中心和评委会组建单位由所属人社部门创建")
    errors = Collector()
    _check_fields(errors, data, partial=False)
    credit_code = (data.get("credit_code") or "").strip().upper() or None
    if credit_code is None and not privileged:
        errors.add("REQUIRED", "请填写统一社会信用代码", "creditCode")
    elif credit_code is not None and not is_credit_code(credit_code):
        errors.add("INVALID_CREDIT_CODE", "统一社会信用代码不正确（应为18位且校验码正确）", "creditCode")
    errors.raise_if_any()
    await _check_references(data)
    if credit_code and await Unit.filter(credit_code=credit_code).exists():
        raise refuse("DUPLICATE_CREDIT_CODE", "该统一社会信用代码已注册", "creditCode")
    admin_id = (await account_for_login(admin_login, "adminLogin")).id if admin_login else account_id
    try:
        unit = await Unit.create(name=data["name"].strip(), kind=data["kind"], credit_code=credit_code,
                                 **_row_values(data))
    except IntegrityError:
        raise refuse("DUPLICATE_CREDIT_CODE", "该统一社会信用代码已注册", "creditCode") from None
    await UnitAdmin.create(unit=unit, account_id=admin_id)
    return unit


async def update_unit(viewer: Viewer, unit: Unit, data: dict[str, Any]) -> Unit:
    viewer.require_manages_unit(unit)
    errors = Collector()
    for frozen, label in (("name", "单位名称"), ("credit_code", "统一社会信用代码"), ("kind", "单位类型")):
        if frozen in data:
            errors.add("IMMUTABLE", f"{label}不可在此修改，请联系所属人社部门", camel(frozen))
    _check_fields(errors, data, partial=True)
    errors.raise_if_any()
    if data.get("region_code") and not (viewer.is_platform_admin or viewer.administers(unit.id)
                                        or viewer.covers_region(data["region_code"])):
        raise Forbidden("不能把单位属地改到您管辖范围之外")
    await _check_references(data, unit.id)
    values = _row_values(data)
    if values:
        # A queryset update skips auto_now, so stamp the change here.
        await Unit.filter(id=unit.id).update(**values, updated_at=datetime.now(timezone.utc))
    return await Unit.get(id=unit.id)


async def add_unit_admin(viewer: Viewer, unit: Unit, login: str) -> Account:
    viewer.require_manages_unit(unit)
    return await ADMINS.add_admin(unit.id, login)


async def remove_unit_admin(viewer: Viewer, unit: Unit, account_id: int) -> None:
    """A unit always keeps at least one admin."""
    viewer.require_manages_unit(unit)
    # Lock the unit so two removals cannot both see "one other admin left".
    await Unit.filter(id=unit.id).select_for_update().first()
    await ADMINS.remove_admin(unit.id, account_id,
                              last_admin=refuse("LAST_ADMIN", "单位至少需要保留一名管理员", "accountId"))

