"""批量导入审核路径 (职称初定 / 职称认定审核路径配置, 003 §1.4–1.5, and any process of ``SPECS``): the template,
and the rows as an import kind (models/core/import_batches.py).

The page gives the process type; each row gives a region, a level (blank: every level without a path of its own)
and the node kinds in order. A row passes when ``check_process_path`` — the rule ``processPathSet`` runs —
accepts it and no earlier row of the file set the same region and level; 提交 sets each through
``set_process_path`` (replacing a path already configured there). Deleting a path is ``processPathDelete``.
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from models.access.viewer import Viewer
from models.catalogue.models import LEVEL_LABELS, Level
from models.core.errors import Forbidden, Refused
from models.core.import_batches import (
    ImportBatch,
    ImportBatchKind,
    ImportKind,
    RowResult,
    Rows,
    Sheet,
    create_batch,
)
from models.workflow.models import NODE_LABELS, PROCESS_LABELS, NodeKind, ProcessType
from models.workflow.process_paths import check_process_path, set_process_path, spec_for

REGION = re.compile(r"^[0-9]{6}")
SEPARATORS = re.compile(r"\s*(?:、|→|->|—>|＞|>|,|，|;|；|\n)\s*")
# 审核节点 as written in the file: the label (单位审核), its short name (单位, 用人单位) or the code (EMPLOYER).
NODE_NAMES = {name: k.value for k in NodeKind
              for name in (NODE_LABELS[k], NODE_LABELS[k].removesuffix("审核"), k.value)} | {"用人单位": "EMPLOYER"}
LEVEL_NAMES = {name: lv.value for lv in Level for name in (LEVEL_LABELS[lv], lv.value)}
HEADERS = ("*属地代码", "职称级别", "*审核节点")


def sheet_for(process_type: str) -> Sheet:
    """The template of one process type: its 填写说明 names the nodes its paths may hold."""
    spec = spec_for(process_type)
    label = PROCESS_LABELS[ProcessType(process_type)]
    allowed = "、".join(NODE_LABELS[k] for k in spec.allowed)
    default = "→".join(NODE_LABELS[k] for k in spec.default)
    return Sheet(
        title="审核路径",
        headers=HEADERS,
        widths=(12, 12, 80),
        choices={"B": tuple(LEVEL_LABELS.values())},
        guide=(
            f"{label}审核路径：每行一条，带*的列必填；第一行表头不要修改。流程类型在导入页面选择，对整个文件有效。",
            "1. 属地代码：6位行政区划代码（如 340100），须在您所在人社部门的管辖范围内；该属地及下级地区的申报按此路径审核。",
            "2. 职称级别：初级、中级、副高级、正高级；不填表示该属地未单独配置路径的所有级别。",
            "3. 审核节点：按审核顺序填写，用顿号“、”或箭头“→”分隔，可填全称（单位审核）或简称（单位、用人单位）。",
            f"   可用节点：{allowed}；须从{NODE_LABELS[spec.first]}开始，以{spec.last_label}结束，节点不能重复。",
            f"   未配置时的默认路径：{default}。",
            "4. 同一属地、同一职称级别已有路径的，提交后替换为导入的路径；同一文件中不能重复。",
            "5. 导入后系统提示成功多少条、失败多少条（失败的行附原因）；点击提交后，成功的行才会生效。",
            f"示例：340100 | 中级 | {default}",
        ),
    )


def _parse(cells: list[str]) -> tuple[dict[str, Any] | None, list[str]]:
    region_text, level_text, nodes_text = cells
    problems: list[str] = []
    region = REGION.match(region_text)
    if not region_text:
        problems.append("请填写属地代码")
    elif region is None:
        problems.append(f"属地代码“{region_text}”应为6位数字")
    level = LEVEL_NAMES.get(level_text) if level_text else None
    if level_text and level is None:
        problems.append(f"职称级别“{level_text}”不正确（" + "、".join(LEVEL_LABELS.values()) + "，或不填）")
    names = [n for n in SEPARATORS.split(nodes_text) if n]
    unknown = [n for n in names if n not in NODE_NAMES]
    if not names:
        problems.append("请填写审核节点")
    for name in unknown:
        problems.append(f"审核节点“{name}”不正确")
    if problems:
        return None, problems
    return {"region_code": region.group(0), "level": level, "node_kinds": [NODE_NAMES[n] for n in names]}, []


def _reason(refused: Refused, kinds: list[str]) -> str:
    """The rule's messages, each naming the node it is about (``nodeKinds.<i>``)."""
    parts = []
    for p in refused.problems:
        if p.field and len(p.field) == 2 and p.field[0] == "nodeKinds" and p.field[1].isdigit():
            parts.append(f"审核节点“{NODE_LABELS[NodeKind(kinds[int(p.field[1])])]}”：{p.message}")
        else:
            parts.append(p.message)
    return "；".join(parts)


def summary(data: dict[str, Any]) -> str:
    level = LEVEL_LABELS[Level(data["level"])] if data["level"] else "所有级别"
    return f"{data['region_code']} · {level} · " + "→".join(NODE_LABELS[NodeKind(k)] for k in data["node_kinds"])


async def check_rows(viewer: Viewer, params: dict[str, Any], rows: Rows) -> list[RowResult]:
    process_type = params["process_type"]
    seen: dict[tuple[str, str], int] = {}  # (region, level) → the row that passed with it
    results: list[RowResult] = []
    for number, cells in rows:
        data, problems = _parse(cells)
        if data is None:
            results.append(RowResult(number, reason="；".join(problems)))
            continue
        key = (data["region_code"], data["level"] or "")
        if key in seen:
            results.append(RowResult(number, reason=f"与第{seen[key]}行重复（同一属地、同一职称级别只能有一条审核路径）"))
            continue
        try:
            await check_process_path(viewer, process_type, data["level"], data["region_code"], data["node_kinds"])
        except Refused as refused:
            results.append(RowResult(number, reason=_reason(refused, data["node_kinds"])))
            continue
        except Forbidden as forbidden:
            results.append(RowResult(number, reason=str(forbidden) or "无权配置该属地的审核路径"))
            continue
        seen[key] = number
        results.append(RowResult(number, data=data, summary=summary(data)))
    return results


async def write_rows(viewer: Viewer, params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    for data in rows:
        await set_process_path(viewer, params["process_type"], data["level"], data["region_code"], data["node_kinds"])


PATH_IMPORT = ImportKind(kind=ImportBatchKind.PROCESS_PATH, label="审核路径", sheet=sheet_for("INITIAL_DETERMINATION"),
                         row_checker=check_rows, row_writer=write_rows)


def require_path_keeper(viewer: Viewer) -> None:
    viewer.require_account()
    if not (viewer.is_platform_admin or viewer.hr_regions):
        raise Forbidden("审核路径由人社部门配置")


async def import_process_paths(viewer: Viewer, process_type: str,
                               read_file: Callable[[], Awaitable[bytes]]) -> ImportBatch:
    """导入: the page's process type, then (only when it has configurable paths) the file received and its rows
    checked; 提交 is ``confirm_batch``."""
    require_path_keeper(viewer)
    spec_for(process_type)  # refuses a process type without configurable paths
    return await create_batch(viewer, PATH_IMPORT, {"process_type": process_type}, await read_file())
