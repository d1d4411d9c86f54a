"""What passes between the engine and a process: the handler a process provides, the choices a PASS
carries, and ``create_task`` for the process's next task.

Kept apart from the engine so that the processes (imported by ``models.workflow.processes``, which the
engine asks) never import the engine back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from models.access.viewer import Viewer
from models.workflow.models import Decision, NodeKind, ProcessType, Task


@dataclass
class DecisionOptions:
    """Choices a reviewer may make when passing: where it goes next (provincial units), extra
    units to consult (employers), the talent centre that holds the personnel file (employers)."""

    next_unit_id: int | None = None
    extra_unit_ids: list[int] = field(default_factory=list)
    talent_center_id: int | None = None


class ProcessHandler(Protocol):
    """What a decision does to the process's subject (and the notices it sends), inside the decision's
    transaction: raising ``Refused`` undoes the decision."""

    async def on_decided(self, task: Task, decision: Decision, opinion: str, viewer: Viewer,
                         options: DecisionOptions) -> None: ...

    async def on_reopened(self, task: Task, cancelled: Task) -> None: ...


class SupplementHandler(ProcessHandler, Protocol):
    """The handler of a process whose HR bureaus may 退回补充 (``Process.supplement``): ``on_decided`` also takes
    SUPPLEMENT (back to the previous node on the path), and a withdrawn SUPPLEMENT brings the node back here."""

    async def on_supplement_withdrawn(self, task: Task, cancelled: Task) -> None: ...


async def create_task(process_type: ProcessType, subject_id: int, unit_id: int, node_kind: NodeKind, title: str,
                      person_id: int | None, previous_id: int | None = None) -> Task:
    return await Task.create(process_type=process_type, subject_id=subject_id, unit_id=unit_id, node_kind=node_kind,
                             title=title, person_id=person_id, previous_id=previous_id)
