"""Walking a resolved review path on PASS: the next node, or the end of the path.

A path is a list of (node kind, unit id) fixed at submission. A PASS moves to the next node; a
provincial-level unit may instead choose the next unit itself: a unit further along the path skips the
nodes in between (they leave the path, so the flow shows no node as done that never decided), any other
unit reviews next and the path then resumes.

退回补充 (SUPPLEMENT, issue 9 §6) walks the other way: an HR bureau sends the subject back to the node before its
own, which decides again — PASS comes back up the path, RETURN goes to the person (``previous_step``).
"""
from __future__ import annotations

from dataclasses import dataclass

from models.core.errors import refuse
from models.unit.models import Unit, UnitKind
from models.workflow.models import NodeKind, Task
from models.workflow.protocol import DecisionOptions

PROVINCIAL_PICK_KINDS = {UnitKind.HR_BUREAU: NodeKind.HR_BUREAU_PROVINCE, UnitKind.ORGANIZER: NodeKind.ORGANIZER,
                         UnitKind.COMPETENT_DEPARTMENT: NodeKind.COMPETENT_DEPARTMENT,
                         UnitKind.TALENT_CENTER: NodeKind.TALENT_CENTER}

Path = list[tuple[NodeKind, int]]


@dataclass(frozen=True)
class Step:
    path: Path  # the path from now on (changed when a provincial unit chose)
    position: int  # the index of the node deciding next, or of the last node when the path is done
    next: tuple[NodeKind, int] | None  # None: the path is done


def decoded(stored: list) -> Path:
    return [(NodeKind(k), u) for k, u in stored]


def encoded(path: Path) -> list:
    return [[k.value, u] for k, u in path]


def here(path: Path, position: int, unit_id: int) -> int:
    """The index of the deciding unit's node: the first at or after ``position``."""
    return next((i for i, (_, u) in enumerate(path) if u == unit_id and i >= position), position)


async def next_step(path: Path, position: int, task: Task, options: DecisionOptions) -> Step:
    at = here(path, position, task.unit_id)
    if options.next_unit_id is not None:
        unit = await Unit.get(id=task.unit_id)
        if not unit.region_id.endswith("0000"):
            raise refuse("NEXT_NODE_NOT_ALLOWED", "只有省级单位可以自选下一审核节点", "nextUnitId")
        chosen = await Unit.get_or_none(id=options.next_unit_id)
        if chosen is None or chosen.id == unit.id:
            raise refuse("NOT_FOUND", "所选下一审核单位不存在", "nextUnitId")
        later = next((i for i, (_, u) in enumerate(path) if u == chosen.id and i > at), None)
        if later is not None:
            kind, path = path[later][0], path[:at + 1] + path[later:]
        else:
            kind = PROVINCIAL_PICK_KINDS.get(UnitKind(chosen.kind), NodeKind.EXTRA_UNIT)
            path = path[:at + 1] + [(kind, chosen.id)] + path[at + 1:]
        return Step(path, at + 1, (kind, chosen.id))
    if at + 1 < len(path):
        return Step(path, at + 1, path[at + 1])
    return Step(path, at, None)


def reopened_position(path: Path, position: int, unit_id: int) -> int:
    """After a withdrawal: the index of the reopened unit's node, the last at or before ``position``."""
    return max((i for i, (_, u) in enumerate(path) if u == unit_id and i <= position), default=position)


def previous_step(path: Path, position: int, unit_id: int) -> Step:
    """退回补充: the node before the deciding unit's, which is the current node (``position``). Refused when the
    deciding unit is not the current node of the path (an extra unit the employer consulted is not on it) or
    when it is the first node: there is no unit to send it back to (RETURN sends it to the person)."""
    if not 0 <= position < len(path) or path[position][1] != unit_id:
        raise refuse("SUPPLEMENT_NOT_ALLOWED", "该审核节点不在审核路径上，不能退回补充", "decision")
    if position == 0:
        raise refuse("SUPPLEMENT_NOT_ALLOWED", "没有可退回补充的上一审核单位，请使用退回", "decision")
    return Step(path, position - 1, path[position - 1])


def supplement_withdrawn_position(path: Path, position: int, unit_id: int) -> int:
    """After a 退回补充 is withdrawn: the index of the reopened unit's node, the first after ``position``."""
    return next((i for i, (_, u) in enumerate(path) if u == unit_id and i > position), position + 1)
