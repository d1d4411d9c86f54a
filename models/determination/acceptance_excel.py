"""批量导入受理机构 (003 §1.3): the template, and the rows as an import kind (models/core/import_batches.py).

The page gives 职称等级 and 取得方式 (level and evaluation mode); each row gives the node kind, the unit (name or
unified social credit code), the region and the notice. A row passes when ``check_body`` — the rule
``acceptanceBodySave`` runs — accepts it and no earlier row of the file took its node kind and region; 提交
saves each through ``save_acceptance_body`` (a cancelled combination is reactivated).
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.expressions import Q

from models.access.acceptance_body import require_acceptance_keeper
from models.access.viewer import Viewer
from models.catalogue.models import LEVEL_LABELS, Level
from models.core.errors import Collector, Forbidden, Refused
from models.core.import_batches import (
    ImportBatch,
    ImportBatchKind,
    ImportKind,
    RowResult,
    Rows,
    Sheet,
    create_batch,
    problems_text,
)
from models.determination.acceptance import (
    MODE_LABELS,
    NODE_KINDS,
    NOTICE_MAX,
    check_body,
    describe,
    save_acceptance_body,
)
from models.determination.codes import AcceptanceCode as Code
from models.unit.models import Unit
from models.workflow.models import NODE_LABELS

REGION = re.compile(r"^[0-9]{6}")
CREDIT_CODE = re.compile(r"[0-9A-Z]{18}")


def short_label(label: str) -> str:
    """发证机关审核 → 发证机关: what people type."""
    return label.removesuffix("审核")


# 受理节点类型 as written in the file: the label, its short name, or the code.
KIND_NAMES = {name: k.value for k in NODE_KINDS
              for name in (NODE_LABELS[k], short_label(NODE_LABELS[k]), k.value)}
SHEET = Sheet(
    title="受理机构",
    headers=("*受理节点类型", "*机构名称或统一社会信用代码", "*属地代码", "申报须知"),
    widths=(18, 40, 12, 60),
    choices={"A": tuple(short_label(NODE_LABELS[k]) for k in NODE_KINDS)},
    guide=(
        "1. 每行一个受理机构，带*的列必填；第一行表头不要修改。职称等级和取得方式在导入页面选择，对整个文件有效。",
        "2. 受理节点类型：" + "、".join(short_label(NODE_LABELS[k]) for k in NODE_KINDS) + "（也可填写“发证机关审核”等全称）。",
        "3. 机构名称或统一社会信用代码：已登记在册的单位；同名单位有多个时请填写18位统一社会信用代码。",
        "   主管部门节点须为主管部门，人社部门节点须为人社部门，发证机关须持有发证单位编码，或为人社部门、主管部门。",
        "4. 属地代码：6位行政区划代码（如 340100），须在您所在人社部门的管辖范围内；该属地及下级地区的申报由此机构受理。",
        f"5. 申报须知：申报人申报前看到的说明，最多{NOTICE_MAX}个字符，可不填。",
        "6. 同一属地的同一受理节点只能有一个有效的受理机构；已注销的受理机构再次导入即恢复。",
        "7. 导入后系统提示成功多少条、失败多少条（失败的行附原因）；点击提交后，成功的行才会新增。",
        "示例：发证机关 | 合肥市人力资源和社会保障局 | 340100 | 请携带身份证、学历证书原件到市人社局职称科办理。",
    ),
)


async def _units(texts: list[str]) -> dict[str, list[Unit]]:
    """The units each cell names: by credit code, else by exact name; one query for the file."""
    codes = {t.upper() for t in texts if CREDIT_CODE.fullmatch(t.upper())}
    names = set(texts)
    found: dict[str, list[Unit]] = {t: [] for t in texts}
    if not texts:
        return found
    where = Q(name__in=list(names)) | Q(credit_code__in=list(codes)) if codes else Q(name__in=list(names))
    for unit in await Unit.filter(where).order_by("id"):
        for t in texts:
            if (unit.credit_code and unit.credit_code == t.upper()) or unit.name == t:
                found[t].append(unit)
    for t, units in found.items():  # a credit code names one unit, whatever other units are called
        by_code = [u for u in units if u.credit_code == t.upper()]
        if by_code:
            found[t] = by_code
    return found


def _parse(cells: list[str], units: dict[str, list[Unit]]) -> tuple[dict[str, Any] | None, list[str]]:
    kind_text, unit_text, region_text, notice = cells
    problems: list[str] = []
    kind = KIND_NAMES.get(kind_text)
    if not kind_text:
        problems.append("请填写受理节点类型")
    elif kind is None:
        problems.append(f"受理节点类型“{kind_text}”不正确（" + "、".join(short_label(NODE_LABELS[k]) for k in NODE_KINDS)
                        + "）")
    matches = units.get(unit_text, [])
    if not unit_text:
        problems.append("请填写机构名称或统一社会信用代码")
    elif not matches:
        problems.append(f"机构“{unit_text}”不存在")
    elif len(matches) > 1:
        problems.append(f"机构名称“{unit_text}”不唯一，请填写统一社会信用代码")
    region = REGION.match(region_text)
    if not region_text:
        problems.append("请填写属地代码")
    elif region is None:
        problems.append(f"属地代码“{region_text}”应为6位数字")
    if problems:
        return None, problems
    return {"unit_id": matches[0].id, "node_kind": kind, "region_code": region.group(0), "notice": notice}, []


async def check_rows(viewer: Viewer, params: dict[str, Any], rows: Rows) -> list[RowResult]:
    units = await _units(sorted({cells[1] for _, cells in rows if cells[1]}))
    taken: dict[tuple[str, str], tuple[int, int]] = {}  # (node kind, region) → (row, unit id) of a passed row
    results: list[RowResult] = []
    for number, cells in rows:
        data, problems = _parse(cells, units)
        if data is None:
            results.append(RowResult(number, reason="；".join(problems)))
            continue
        data |= {"level": params["level"], "evaluation_mode": params["evaluation_mode"]}
        key = (data["node_kind"], data["region_code"])
        if key in taken:
            earlier, unit_id = taken[key]
            same = "重复" if unit_id == data["unit_id"] else "的受理节点类型和属地代码相同"
            results.append(RowResult(number, reason=f"与第{earlier}行{same}（同一属地的同一受理节点只能有一个受理机构）"))
            continue
        try:
            checked = await check_body(viewer, data)
        except Refused as refused:
            results.append(RowResult(number, reason=problems_text(refused)))
            continue
        except Forbidden as forbidden:
            results.append(RowResult(number, reason=str(forbidden) or "无权维护该受理机构"))
            continue
        taken[key] = (number, data["unit_id"])
        restored = "（恢复已注销的受理机构）" if checked.cancelled is not None else ""
        results.append(RowResult(number, data=data, summary=describe(checked.unit, data) + restored))
    return results


async def write_rows(viewer: Viewer, params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    for data in rows:
        await save_acceptance_body(viewer, data)


ACCEPTANCE_IMPORT = ImportKind(kind=ImportBatchKind.ACCEPTANCE_BODY, label="受理机构", sheet=SHEET,
                               row_checker=check_rows, row_writer=write_rows)


async def import_acceptance_bodies(viewer: Viewer, level: str, evaluation_mode: str,
                                   read_file: Callable[[], Awaitable[bytes]]) -> ImportBatch:
    """导入: the page's level and mode, then (only when they are right) the file received and its rows checked;
    提交 is ``confirm_batch``."""
    require_acceptance_keeper(viewer)
    errors = Collector()
    if level not in Level._value2member_map_:
        errors.add("INVALID", "职称等级须为" + "、".join(LEVEL_LABELS.values()), "level")
    if evaluation_mode not in MODE_LABELS:
        errors.add(Code.INVALID_MODE, "取得方式须为职称初定或职称认定", "evaluationMode")
    errors.raise_if_any()
    return await create_batch(viewer, ACCEPTANCE_IMPORT, {"level": level, "evaluation_mode": evaluation_mode},
                              await read_file())
