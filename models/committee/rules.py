"""Committee services (评委会管理): set up, edit, cancel, admins.

HR bureaus manage the committees they set up (``managing_unit``) and those of bureaus below
them; platform admins manage all (models/access/committee.py). A committee's scope (评审区域范围)
stays inside its managing bureau's region. Every entry point (GraphQL, the Excel import) goes through these functions,
which never open a transaction themselves: the caller's transaction (or savepoint) owns them.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.expressions import RawSQL, Subquery

from models.access.committee import may_manage, require_manages
from models.access.viewer import Viewer
from models.account.admins import AdminRoster
from models.account.models import Account
from models.account.auth import find_account_by_login
from models.catalogue.models import Level, Series, Specialty
from models.committee.models import (Committee, CommitteeAdmin, CommitteeOrganizer, CommitteeRegion, CommitteeSpecialty,
                              CommitteeStatus, CommitteeTier)
from models.core.errors import Collector, Forbidden, Problem, Refused, refuse
from models.region.models import Region, region_chain, region_covers
from models.unit.models import Unit, UnitKind
from models.core.validators import is_landline, is_mobile

MAX_SCOPES = 50
REGION_CODE = re.compile(r"^\d{6}$")
MAX_LIST = 200
MAX_FEE = Decimal("1000000")
ADMINS = AdminRoster(CommitteeAdmin, "committee_id", "评委会")


def _postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


def with_level(qs, table: str, level: str):
    """Rows of ``table`` whose JSON ``levels`` list holds ``level``. On PostgreSQL a jsonb
    containment the planner estimates well; elsewhere a match on the JSON text."""
    if level not in {lv.value for lv in Level}:
        return qs.filter(id__in=[])
    if _postgres():
        return qs.annotate(level_match=RawSQL(f'("{table}"."levels" @> \'["{level}"]\'::jsonb)')).filter(
            level_match=True)
    return qs.annotate(levels_text=RawSQL(f'CAST("{table}"."levels" AS TEXT)')).filter(
        levels_text__contains=f'"{level}"')


def in_scope(qs, table: str, column: str, region_code: str):
    """Rows of ``table`` whose committee (id in ``column``) has a scope covering ``region_code``:
    the region itself or one above it. On PostgreSQL the committee ids are an InitPlan array (one
    evaluation, then an index scan) rather than a semi-join the planner may loop over."""
    if not REGION_CODE.match(region_code or ""):
        return qs.filter(id__in=[])
    chain = region_chain(region_code)
    if _postgres():
        codes = ",".join(f"'{c}'" for c in chain)  # six digits each: safe to inline
        sql = (f'("{table}"."{column}" = ANY(ARRAY(SELECT committee_id FROM committee_region '
               f'WHERE region_id IN ({codes}))))')
        return qs.annotate(scope_match=RawSQL(sql)).filter(scope_match=True)
    scope = CommitteeRegion.filter(region_id__in=chain).values("committee_id")
    return qs.filter(**{f"{column}__in": Subquery(scope)})


def filter_committees(f: dict[str, Any] | None):
    """The committee search every entry point shares (list, export). ``f`` keys: name_contains,
    series_id, tier, level, region_code (scope covers it), status."""
    f = f or {}
    qs = Committee.all()
    if f.get("name_contains"):
        qs = qs.filter(name__icontains=f["name_contains"].strip())
    if f.get("series_id") is not None:
        qs = qs.filter(series_id=f["series_id"])
    if f.get("tier"):
        qs = qs.filter(tier=f["tier"])
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("level"):
        qs = with_level(qs, "committee", f["level"])
    if f.get("region_code"):
        qs = in_scope(qs, "committee", "id", f["region_code"])
    return qs


# ---------------------------------------------------------------- checks


def _text(errors: Collector, data: dict, name: str, field: str, label: str, limit: int, required: bool) -> None:
    value = data.get(name)
    if required and not errors.require(value, field, label):
        return
    if value:
        errors.max_length(value, field, label, limit)


def _check_phone(errors: Collector, phone: str | None) -> None:
    if phone and not (is_mobile(phone) or is_landline(phone)):
        errors.add("INVALID_PHONE", "联系电话格式不正确（手机号或固定电话）", "contactPhone")


def normalise_fees(errors: Collector, fees: list[dict] | None) -> list[dict]:
    """[{item, amount}] with amounts as decimal strings > 0, two places: "300" → "300.00"."""
    out: list[dict] = []
    if len(fees or []) > 20:
        errors.add("TOO_MANY", "缴费标准最多20项", "feeStandards")
        return out
    for i, fee in enumerate(fees or []):
        item = (fee.get("item") or "").strip()
        if not item:
            errors.add("REQUIRED", "请填写缴费项目", "feeStandards", str(i), "item")
        elif len(item) > 50:
            errors.add("TOO_LONG", "缴费项目不能超过50个字符", "feeStandards", str(i), "item")
        raw = (fee.get("amount") or "").strip()
        try:
            amount = Decimal(raw)
            if not amount.is_finite() or amount <= 0 or amount >= MAX_FEE or amount != amount.quantize(Decimal("0.01")):
                raise InvalidOperation
        except InvalidOperation:
            errors.add("INVALID_AMOUNT", "缴费金额须为大于0的金额（最多两位小数，如 300.00）",
                       "feeStandards", str(i), "amount")
            continue
        if any(f["item"] == item for f in out):
            errors.add("DUPLICATE", "缴费项目重复", "feeStandards", str(i), "item")
        out.append({"item": item, "amount": f"{amount:.2f}"})
    return out


def check_committee_fields(errors: Collector, data: dict[str, Any], partial: bool) -> None:
    """The committee's own fields (name, contact, tier, levels, scope size, list sizes, series), each problem
    added to ``errors`` at its input path; ``partial`` checks only the fields given (an update)."""
    for name, field, label, limit, required in (("name", "name", "评委会名称", 100, True),
                                                ("contact_name", "contactName", "联系人", 50, False),
                                                ("contact_phone", "contactPhone", "联系电话", 20, False)):
        if name in data or not partial:
            _text(errors, data, name, field, label, limit, required)
    _check_phone(errors, data.get("contact_phone"))
    if "tier" in data or not partial:
        if data.get("tier") not in {t.value for t in CommitteeTier}:
            errors.add("REQUIRED", "请选择评委会层级", "tier")
    if "levels" in data or not partial:
        levels = data.get("levels") or []
        if not levels:
            errors.add("REQUIRED", "请选择评审级别", "levels")
        elif any(v not in {lv.value for lv in Level} for v in levels):
            errors.add("INVALID", "评审级别不正确", "levels")
    if "region_codes" in data or not partial:
        codes = data.get("region_codes") or []
        if not codes:
            errors.add("REQUIRED", "请选择至少一个评审区域", "regionCodes")
        elif len(codes) > MAX_SCOPES:
            errors.add("TOO_MANY", f"评审区域最多{MAX_SCOPES}个", "regionCodes")
    for name, field, label in (("organizer_unit_ids", "organizerUnitIds", "组建单位"),
                               ("specialty_ids", "specialtyIds", "评审专业"), ("admin_logins", "adminLogins", "管理员")):
        if len(data.get(name) or []) > MAX_LIST:
            errors.add("TOO_MANY", f"{label}最多{MAX_LIST}个", field)
    if data.get("series_id") is None and not partial:
        errors.add("REQUIRED", "请选择评审系列", "seriesId")


async def _managing_unit(viewer: Viewer, unit_id: int | None) -> Unit:
    """The bureau that will manage a new committee: the one named, or the viewer's only HR bureau."""
    if unit_id is None:
        bureaus = [u for u in viewer.admin_units.values() if u.kind == UnitKind.HR_BUREAU]
        if len(bureaus) == 1:
            return bureaus[0]
        if not bureaus and not viewer.is_platform_admin:
            raise Forbidden("只有人社部门可以设立评委会")
        raise refuse("REQUIRED", "请选择评委会的管理部门（人社部门）", "managingUnitId")
    unit = await Unit.get_or_none(id=unit_id)
    if unit is None:
        raise refuse("NOT_FOUND", "管理部门不存在", "managingUnitId")
    if not may_manage(viewer, unit.region_id):
        raise Forbidden("只能为本人社部门或下级人社部门设立评委会")
    if unit.kind != UnitKind.HR_BUREAU:
        raise refuse("INVALID", "评委会的管理部门须为人社部门", "managingUnitId")
    return unit


async def _resolve_references(data: dict[str, Any], series_id: int, managing_region: str,
                              check_series: bool = True) -> dict[str, list]:
    """Looks up every referenced row, refusing with each problem at its input path."""
    problems: list[Problem] = []
    found: dict[str, list] = {}
    series = await Series.get_or_none(id=series_id) if check_series else True
    if series is None or (check_series and not series.is_active):
        problems.append(Problem("NOT_FOUND", "评审系列不存在或已停用", ("seriesId",)))
    if "region_codes" in data:
        codes = list(dict.fromkeys(data["region_codes"]))
        known = set(await Region.filter(code__in=codes).values_list("code", flat=True))
        for i, code in enumerate(data["region_codes"]):
            if code not in known:
                problems.append(Problem("NOT_FOUND", f"评审区域 {code} 不存在", ("regionCodes", str(i))))
            elif not region_covers(managing_region, code):
                problems.append(Problem("OUT_OF_REGION", "评审区域须在管理部门（人社部门）的属地范围内",
                                        ("regionCodes", str(i))))
        found["region_codes"] = codes
    if "organizer_unit_ids" in data:
        ids = list(dict.fromkeys(data["organizer_unit_ids"]))
        units = {u.id: u for u in await Unit.filter(id__in=ids)}
        for i, uid in enumerate(data["organizer_unit_ids"]):
            unit = units.get(uid)
            if unit is None:
                problems.append(Problem("NOT_FOUND", "组建单位不存在", ("organizerUnitIds", str(i))))
            elif unit.kind != UnitKind.ORGANIZER:
                problems.append(Problem("NOT_ORGANIZER", f"{unit.name}不是评委会组建单位", ("organizerUnitIds", str(i))))
        found["organizer_unit_ids"] = ids
    if "specialty_ids" in data:
        ids = list(dict.fromkeys(data["specialty_ids"]))
        rows = {s.id: s for s in await Specialty.filter(id__in=ids)}
        for i, sid in enumerate(data["specialty_ids"]):
            row = rows.get(sid)
            if row is None or not row.is_active:
                problems.append(Problem("NOT_FOUND", "评审专业不存在或已停用", ("specialtyIds", str(i))))
            elif row.series_id != series_id:
                problems.append(Problem("SPECIALTY_NOT_IN_SERIES", f"专业“{row.name}”不属于评委会的评审系列",
                                        ("specialtyIds", str(i))))
        found["specialty_ids"] = ids
    if "admin_logins" in data:
        accounts: list[int] = []
        for i, login in enumerate(data["admin_logins"]):
            account = await find_account_by_login(login) if login.strip() else None
            if account is None:
                problems.append(Problem("NOT_FOUND", f"未找到手机号或证件号为 {login} 的账号，请先注册",
                                        ("adminLogins", str(i))))
            else:
                accounts.append(account.id)
        found["admin_logins"] = list(dict.fromkeys(accounts))
    if problems:
        raise Refused(*problems)
    return found


async def _replace_links(committee_id: int, found: dict[str, list]) -> None:
    for key, model, column in (("region_codes", CommitteeRegion, "region_id"),
                               ("organizer_unit_ids", CommitteeOrganizer, "unit_id"),
                               ("specialty_ids", CommitteeSpecialty, "specialty_id")):
        if key in found:
            await model.filter(committee_id=committee_id).delete()
            await model.bulk_create([model(committee_id=committee_id, **{column: v}) for v in found[key]])
    if "admin_logins" in found:
        await CommitteeAdmin.bulk_create([CommitteeAdmin(committee_id=committee_id, account_id=a)
                                          for a in found["admin_logins"]])


_COLUMNS = ("name", "tier", "levels", "contact_name", "contact_phone", "series_id")


# ---------------------------------------------------------------- services


async def create_committee(viewer: Viewer, data: dict[str, Any]) -> Committee:
    viewer.require_account()
    managing = await _managing_unit(viewer, data.get("managing_unit_id"))
    errors = Collector()
    check_committee_fields(errors, data, partial=False)
    fees = normalise_fees(errors, data.get("fee_standards"))
    errors.raise_if_any()
    data = {**data, "region_codes": data["region_codes"], "organizer_unit_ids": data.get("organizer_unit_ids") or [],
            "specialty_ids": data.get("specialty_ids") or [], "admin_logins": data.get("admin_logins") or []}
    found = await _resolve_references(data, data["series_id"], managing.region_id)
    name = data["name"].strip()
    if await Committee.filter(name=name).exists():
        raise refuse("DUPLICATE_NAME", "已有同名评委会", "name")
    values = {k: data[k] for k in _COLUMNS if k in data}
    values.update(name=name, contact_name=data.get("contact_name") or "", contact_phone=data.get("contact_phone") or "")
    try:
        committee = await Committee.create(**values, managing_unit_id=managing.id, fee_standards=fees)
    except IntegrityError:
        raise refuse("DUPLICATE_NAME", "已有同名评委会", "name") from None
    await _replace_links(committee.id, found)
    return committee


async def update_committee(viewer: Viewer, committee: Committee, data: dict[str, Any]) -> Committee:
    """Partial update; lists given replace the current ones. ``version`` (optional) guards against
    overwriting someone else's change."""
    managing = await require_manages(viewer, committee)
    errors = Collector()
    if committee.status != CommitteeStatus.ACTIVE:
        raise refuse("COMMITTEE_CANCELLED", "评委会已注销，不能修改")
    if data.get("version") is not None and data["version"] != committee.version:
        raise refuse("CONFLICT", "评委会已被他人修改，请刷新后重试", "version")
    check_committee_fields(errors, data, partial=True)
    fees = normalise_fees(errors, data.get("fee_standards")) if "fee_standards" in data else None
    if "fee_standards" in data and data["fee_standards"] is None:
        errors.add("REQUIRED", "缴费标准不能为空值（清空请传空列表）", "feeStandards")
    errors.raise_if_any()
    series_id = data.get("series_id") or committee.series_id
    if series_id != committee.series_id:
        from models.plan.models import Plan

        if await Plan.filter(committee_id=committee.id).exists():
            raise refuse("IMMUTABLE", "评委会已有评审计划，不能更改评审系列", "seriesId")
        if "specialty_ids" not in data and await CommitteeSpecialty.filter(committee_id=committee.id).exists():
            raise refuse("SPECIALTY_NOT_IN_SERIES", "更改评审系列时请同时重新选择评审专业", "specialtyIds")
    links = {k: data[k] for k in ("region_codes", "organizer_unit_ids", "specialty_ids") if data.get(k) is not None}
    found = await _resolve_references(links, series_id, managing.region_id,
                                      check_series=series_id != committee.series_id)
    values = {k: data[k] for k in _COLUMNS if data.get(k) is not None}
    for key in ("contact_name", "contact_phone"):
        if key in data and data[key] is None:
            values[key] = ""
    if "name" in values:
        values["name"] = values["name"].strip()
        if await Committee.filter(name=values["name"]).exclude(id=committee.id).exists():
            raise refuse("DUPLICATE_NAME", "已有同名评委会", "name")
    if fees is not None:
        values["fee_standards"] = fees
    updated = await Committee.filter(id=committee.id, version=committee.version, status=CommitteeStatus.ACTIVE).update(
        **values, version=committee.version + 1, updated_at=datetime.now(timezone.utc))
    if not updated:
        raise refuse("CONFLICT", "评委会已被他人修改，请刷新后重试")
    await _replace_links(committee.id, found)
    return await Committee.get(id=committee.id)


async def cancel_committee(viewer: Viewer, committee: Committee, reason: str) -> Committee:
    """注销: ACTIVE → CANCELLED with a reason. Refused while a published plan is still running."""
    await require_manages(viewer, committee)
    errors = Collector()
    if errors.require(reason, "reason", "注销原因"):
        errors.max_length(reason, "reason", "注销原因", 200)
    errors.raise_if_any()
    if committee.status != CommitteeStatus.ACTIVE:
        raise refuse("COMMITTEE_CANCELLED", "评委会已注销")
    from models.plan.models import Plan, PlanStatus

    if await Plan.filter(committee_id=committee.id, status=PlanStatus.PUBLISHED).exists():
        raise refuse("HAS_OPEN_PLANS", "评委会还有已发布未关闭的评审计划，请先关闭计划再注销")
    updated = await Committee.filter(id=committee.id, version=committee.version, status=CommitteeStatus.ACTIVE).update(
        status=CommitteeStatus.CANCELLED, cancel_reason=reason, version=committee.version + 1,
        updated_at=datetime.now(timezone.utc))
    if not updated:
        raise refuse("CONFLICT", "评委会已被他人修改，请刷新后重试")
    return await Committee.get(id=committee.id)


async def add_committee_admin(viewer: Viewer, committee: Committee, login: str) -> Account:
    await require_manages(viewer, committee)
    return await ADMINS.add_admin(committee.id, login)


async def remove_committee_admin(viewer: Viewer, committee: Committee, account_id: int) -> None:
    """A committee may be left without admins: its managing bureau still manages it."""
    await require_manages(viewer, committee)
    await ADMINS.remove_admin(committee.id, account_id)
