"""受理机构 (003 §1.3): which unit accepts a level's 初定 / 认定 declarations at one node kind, for a region and
below. HR bureaus keep them for their region (platform admins anywhere): 新增 / 修改 (``save_acceptance_body``),
注销 (``cancel_acceptance_body``), and 批量导入 (models/determination/acceptance_excel.py, through the same checks).

One active unit per evaluation mode, level, node kind and region, so ``acceptance_for`` has one answer. Re-adding
a cancelled combination reactivates its row (one row per unit × combination, the model's unique key).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models.access.acceptance_body import (
    acceptance_region_prefixes,
    covers_acceptance_region,
    require_acceptance_keeper,
    require_manages_acceptance_body,
)
from models.access.viewer import Viewer
from models.application.models import EvaluationMode
from models.catalogue.models import LEVEL_LABELS, Level
from models.certificate.models import IssuerCode
from models.core.errors import Collector, refuse
from models.determination.codes import AcceptanceCode as Code
from models.determination.models import AcceptanceBody, AcceptanceBodyStatus
from models.region.models import Region, region_chain, region_covers, region_prefix
from models.unit.models import Unit, UnitKind
from models.workflow.models import NODE_LABELS, NodeKind

# 受理节点类型, in the order a path meets them.
NODE_KINDS = (NodeKind.COMPETENT_DEPARTMENT, NodeKind.HR_BUREAU_COUNTY, NodeKind.HR_BUREAU_CITY,
              NodeKind.HR_BUREAU_PROVINCE, NodeKind.ISSUER)
MODE_LABELS = {EvaluationMode.INITIAL_DETERMINATION.value: "职称初定", EvaluationMode.RECOGNITION.value: "职称认定"}
NOTICE_MAX = 2000
ACTIVE_REGISTRATION = "登记在册"  # Unit.registration_status of a unit in good standing
REGION_CODE = re.compile(r"[0-9]{6}")
# What may act at a node kind: the issuer is ideally a unit with an active issuer code (发证单位编码), and at least
# an HR bureau or a competent department.
UNIT_KINDS = {
    NodeKind.COMPETENT_DEPARTMENT: ((UnitKind.COMPETENT_DEPARTMENT,), "主管部门"),
    NodeKind.HR_BUREAU_COUNTY: ((UnitKind.HR_BUREAU,), "人社部门"),
    NodeKind.HR_BUREAU_CITY: ((UnitKind.HR_BUREAU,), "人社部门"),
    NodeKind.HR_BUREAU_PROVINCE: ((UnitKind.HR_BUREAU,), "人社部门"),
    NodeKind.ISSUER: ((UnitKind.HR_BUREAU, UnitKind.COMPETENT_DEPARTMENT), "持有发证单位编码的单位、人社部门或主管部门"),
}
FIELDS = ("unit_id", "node_kind", "level", "evaluation_mode", "region_code", "notice")


@dataclass(frozen=True)
class Checked:
    """A body input that passed every rule: its unit, and the cancelled row of the same combination (if any) that
    saving it reactivates."""

    data: dict[str, Any]
    unit: Unit
    cancelled: AcceptanceBody | None


def node_label(kind: str) -> str:
    return NODE_LABELS[NodeKind(kind)]


def describe(unit: Unit, data: dict[str, Any]) -> str:
    """One line for an import report: 合肥市人社局 · 发证机关审核 · 340100."""
    return f"{unit.name} · {node_label(data['node_kind'])} · {data['region_code']}"


def _fields(errors: Collector, data: dict[str, Any]) -> None:
    if data.get("unit_id") is None:
        errors.add("REQUIRED", "请选择受理机构", "unitId")
    kind = data.get("node_kind")
    if not kind:
        errors.add("REQUIRED", "请选择受理节点类型", "nodeKind")
    elif kind not in {k.value for k in NODE_KINDS}:
        errors.add(Code.INVALID_NODE_KIND, "受理节点类型须为" + "、".join(NODE_LABELS[k] for k in NODE_KINDS), "nodeKind")
    level = data.get("level")
    if not level:
        errors.add("REQUIRED", "请选择职称等级", "level")
    elif level not in Level._value2member_map_:
        errors.add("INVALID", "职称等级须为" + "、".join(LEVEL_LABELS.values()), "level")
    mode = data.get("evaluation_mode")
    if not mode:
        errors.add("REQUIRED", "请选择取得方式", "evaluationMode")
    elif mode not in MODE_LABELS:
        errors.add(Code.INVALID_MODE, "取得方式须为职称初定或职称认定", "evaluationMode")
    region = data.get("region_code") or ""
    if not region:
        errors.add("REQUIRED", "请填写属地代码", "regionCode")
    elif not REGION_CODE.fullmatch(region):
        errors.add("INVALID", "属地代码应为6位数字", "regionCode")
    errors.max_length(data.get("notice"), "notice", "申报须知", NOTICE_MAX)


def _unit_suits(errors: Collector, unit: Unit, kind: NodeKind, region: str, has_issuer_code: bool) -> None:
    if unit.registration_status != ACTIVE_REGISTRATION:
        errors.add(Code.UNIT_NOT_ACTIVE, f"机构“{unit.name}”状态为{unit.registration_status or '未登记'}，不能作为受理机构",
                   "unitId")
    if unit.region_id[:2] != region[:2]:
        errors.add(Code.UNIT_OUT_OF_PROVINCE, f"机构“{unit.name}”不在该属地所在省份", "unitId")
    kinds, label = UNIT_KINDS[kind]
    if not (unit.kind in kinds or (kind == NodeKind.ISSUER and has_issuer_code)):
        errors.add(Code.UNIT_KIND_MISMATCH, f"{NODE_LABELS[kind]}的受理机构须为{label}", "unitId")


async def check_body(viewer: Viewer, data: dict[str, Any], current: AcceptanceBody | None = None) -> Checked:
    """Every rule a body (new, or ``current`` edited) must meet; refuses with all the problems found. The region's
    row is locked, so two saves for one region cannot both take a node kind."""
    require_acceptance_keeper(viewer)
    errors = Collector()
    _fields(errors, data)
    errors.raise_if_any()
    region = data["region_code"]
    unit = await Unit.get_or_none(id=data["unit_id"])
    if await Region.filter(code=region).select_for_update().first() is None:
        errors.add("NOT_FOUND", f"属地代码 {region} 不存在", "regionCode")
    elif not covers_acceptance_region(viewer, region):
        errors.add(Code.OUT_OF_REGION, "属地不在您所在人社部门的管辖范围内", "regionCode")
    if unit is None:
        errors.add("NOT_FOUND", "机构不存在", "unitId")
    else:
        kind = NodeKind(data["node_kind"])
        issuer = kind == NodeKind.ISSUER and await IssuerCode.filter(active_unit_id=unit.id).exists()
        _unit_suits(errors, unit, kind, region, issuer)
    errors.raise_if_any()
    assert unit is not None
    combination = {"node_kind": data["node_kind"], "level": data["level"], "evaluation_mode": data["evaluation_mode"],
                   "region_id": region}
    others = [r for r in await AcceptanceBody.filter(**combination) if current is None or r.id != current.id]
    same = next((r for r in others if r.unit_id == unit.id), None)
    taken = next((r for r in others if r.unit_id != unit.id and r.status == AcceptanceBodyStatus.ACTIVE), None)
    what = (f"{LEVEL_LABELS[Level(data['level'])]}{MODE_LABELS[data['evaluation_mode']]}"
            f"的{node_label(data['node_kind'])}")
    if same is not None and (same.status == AcceptanceBodyStatus.ACTIVE or current is not None):
        cancelled = "（已注销，请通过新增恢复）" if same.status == AcceptanceBodyStatus.CANCELLED else ""
        errors.add(Code.ACCEPTANCE_BODY_EXISTS, f"属地 {region} {what}已有该受理机构{cancelled}", "unitId")
    elif taken is not None:
        holder = await Unit.get(id=taken.unit_id)
        errors.add(Code.NODE_TAKEN, f"属地 {region} {what}已由“{holder.name}”受理，请先注销", "nodeKind")
    errors.raise_if_any()
    return Checked(data=data, unit=unit, cancelled=same if current is None else None)


def keeping_bureau(viewer: Viewer, region: str) -> int | None:
    """The viewer's HR bureau nearest above the region (the one that keeps the body); None for a platform admin
    without one."""
    bureaus = [u for u in viewer.admin_units.values() if u.kind == UnitKind.HR_BUREAU
               and region_covers(u.region_id, region)]
    return max(bureaus, key=lambda u: len(region_prefix(u.region_id))).id if bureaus else None


def _now() -> datetime:
    return datetime.now(UTC)


def _columns(viewer: Viewer, checked: Checked) -> dict[str, Any]:
    data = checked.data
    return {"unit_id": checked.unit.id, "node_kind": data["node_kind"], "level": data["level"],
            "evaluation_mode": data["evaluation_mode"], "region_id": data["region_code"],
            "notice": data.get("notice") or "", "updated_by_id": viewer.account_id,
            "managed_by_id": keeping_bureau(viewer, data["region_code"])}


async def write_body(viewer: Viewer, checked: Checked) -> AcceptanceBody:
    """Creates the checked body, or reactivates its cancelled row."""
    columns = _columns(viewer, checked)
    if checked.cancelled is not None:
        row = checked.cancelled
        changed = await AcceptanceBody.filter(id=row.id, status=AcceptanceBodyStatus.CANCELLED).update(
            **columns, status=AcceptanceBodyStatus.ACTIVE, cancelled_at=None, version=row.version + 1,
            updated_at=_now())
        if not changed:
            raise refuse("CONFLICT", "该受理机构刚被他人恢复，请刷新后重试", "unitId")
        return await AcceptanceBody.get(id=row.id)
    try:
        async with in_transaction():  # a savepoint: a racing twin's insert answers a code, not a 500
            return await AcceptanceBody.create(**columns)
    except IntegrityError:
        raise refuse(Code.ACCEPTANCE_BODY_EXISTS, "该受理机构已存在", "unitId") from None


async def save_acceptance_body(viewer: Viewer, data: dict[str, Any], body_id: int | None = None,
                               version: int | None = None) -> AcceptanceBody:
    """新增 (no ``body_id``) or 修改 (with the version the client read) a body."""
    require_acceptance_keeper(viewer)
    data = {k: data.get(k) for k in FIELDS}
    if body_id is None:
        return await write_body(viewer, await check_body(viewer, data))
    row = await AcceptanceBody.filter(id=body_id).select_for_update().first()
    if row is None:
        raise refuse("NOT_FOUND", "受理机构不存在", "acceptanceBodyId")
    require_manages_acceptance_body(viewer, row)
    if row.status == AcceptanceBodyStatus.CANCELLED:
        raise refuse(Code.BODY_CANCELLED, "该受理机构已注销，不能修改；如需恢复请重新新增", "acceptanceBodyId")
    if version is None:
        raise refuse("REQUIRED", "修改时请提供读取到的版本号", "version")
    if version != row.version:
        raise refuse("CONFLICT", "该受理机构已被他人修改，请刷新后重试", "version")
    checked = await check_body(viewer, data, current=row)
    columns = _columns(viewer, checked)
    keeper = await Unit.get_or_none(id=row.managed_by_id) if row.managed_by_id else None
    if keeper is not None and region_covers(keeper.region_id, checked.data["region_code"]):
        columns["managed_by_id"] = keeper.id  # an edit from above leaves the body with the bureau that keeps it
    try:
        async with in_transaction():
            changed = await AcceptanceBody.filter(id=row.id, version=version).update(
                **columns, version=version + 1, updated_at=_now())
    except IntegrityError:
        raise refuse(Code.ACCEPTANCE_BODY_EXISTS, "该受理机构已存在", "unitId") from None
    if not changed:
        raise refuse("CONFLICT", "该受理机构已被他人修改，请刷新后重试", "version")
    return await AcceptanceBody.get(id=row.id)


async def cancel_acceptance_body(viewer: Viewer, body_id: int) -> AcceptanceBody:
    """注销: the row stays (re-adding the combination reactivates it); declarations no longer find it."""
    require_acceptance_keeper(viewer)
    row = await AcceptanceBody.get_or_none(id=body_id)
    if row is None:
        raise refuse("NOT_FOUND", "受理机构不存在", "acceptanceBodyId")
    require_manages_acceptance_body(viewer, row)
    # Conditional: of two cancellations at once, one changes the row and the other is told it is done.
    changed = await AcceptanceBody.filter(id=row.id, status=AcceptanceBodyStatus.ACTIVE).update(
        status=AcceptanceBodyStatus.CANCELLED, cancelled_at=_now(), version=row.version + 1,
        updated_by_id=viewer.account_id, updated_at=_now())
    if not changed:
        raise refuse(Code.ALREADY_CANCELLED, "该受理机构已注销", "acceptanceBodyId")
    return await AcceptanceBody.get(id=row.id)


def visible_acceptance_bodies(viewer: Viewer, f: dict[str, Any] | None = None) -> QuerySet[AcceptanceBody]:
    """The bodies the viewer keeps (their region and below), narrowed by the search: mode, level, node kind,
    region (and below), status, unit name."""
    require_acceptance_keeper(viewer)
    f = f or {}
    qs = AcceptanceBody.all()
    prefixes = acceptance_region_prefixes(viewer)
    if prefixes is not None:
        qs = qs.filter(Q(*[Q(region_id__startswith=p) for p in prefixes], join_type=Q.OR))
    for key in ("evaluation_mode", "level", "node_kind", "status"):
        if f.get(key):
            qs = qs.filter(**{key: f[key]})
    if f.get("region_code"):
        qs = qs.filter(region_id__startswith=region_prefix(f["region_code"]))
    if f.get("name"):
        qs = qs.filter(unit__name__icontains=f["name"])
    return qs


async def applicable_bodies(evaluation_mode: str, level: str, region_code: str) -> list[AcceptanceBody]:
    """At each node kind the active body nearest up the region's chain (what ``acceptance_for`` answers), in
    path order, with their units: one query."""
    chain = region_chain(region_code)
    rows = await AcceptanceBody.filter(evaluation_mode=evaluation_mode, level=level,
                                       status=AcceptanceBodyStatus.ACTIVE, region_id__in=chain
                                       ).select_related("unit").order_by("id")
    nearest: dict[str, AcceptanceBody] = {}
    for row in sorted(rows, key=lambda r: chain.index(r.region_id), reverse=True):
        nearest[row.node_kind] = row  # nearer regions come last and win
    return [nearest[k.value] for k in NODE_KINDS if k.value in nearest]


async def acceptance_notices(person_unit: Unit | None, evaluation_mode: str, level: str) -> list[AcceptanceBody]:
    """申报须知 a person reads before declaring: the bodies that apply up the chain of their current unit's
    region."""
    if evaluation_mode not in MODE_LABELS:
        raise refuse(Code.INVALID_MODE, "取得方式须为职称初定或职称认定", "evaluationMode")
    if person_unit is None:
        raise refuse(Code.NO_UNIT, "请先绑定工作单位，再查看受理机构的申报须知", "evaluationMode")
    return await applicable_bodies(evaluation_mode, level, person_unit.region_id)


async def acceptance_for(evaluation_mode: str, level: str, node_kind: str, region_code: str) -> AcceptanceBody | None:
    """The active body for the combination whose region is nearest up the region's chain (the county's before
    the city's before the province's)."""
    chain = region_chain(region_code)
    rows = {r.region_id: r for r in await AcceptanceBody.filter(
        evaluation_mode=evaluation_mode, level=level, node_kind=node_kind, status=AcceptanceBodyStatus.ACTIVE,
        region_id__in=chain).order_by("id")}
    return next((rows[code] for code in chain if code in rows), None)
