"""Who reviews a recognition, in order: the configured node kinds (models.workflow.process_paths, default
employer → competent department → city HR bureau → provincial HR bureau) resolved to units from the
employer. Kinds with no unit (a unit without a competent department, a provincial unit's city bureau), and a
unit repeated back to back, are skipped; a path must end at an HR bureau, so one is added when none resolved."""
from __future__ import annotations

from models.recognition.models import Recognition
from models.unit.models import Unit
from models.workflow.bureaus import hr_bureau
from models.workflow.chain import Path
from models.workflow.models import NodeKind, ProcessType
from models.workflow.process_paths import HR_KINDS, configured_kinds


async def resolve_path(row: Recognition, employer: Unit) -> Path:
    kinds = await configured_kinds(ProcessType.RECOGNITION, row.level, employer.region_id)
    path: Path = []

    def add(kind: NodeKind, unit_id: int | None) -> None:
        if unit_id is not None and (not path or path[-1][1] != unit_id):
            path.append((kind, unit_id))

    for kind in kinds:
        if kind == NodeKind.EMPLOYER:
            add(kind, employer.id)
        elif kind == NodeKind.COMPETENT_DEPARTMENT:
            add(kind, employer.competent_department_id)
        elif kind in HR_KINDS:
            bureau = await hr_bureau(kind, employer.region_id)
            add(kind, bureau.id if bureau else None)
    if not path or path[-1][0] not in HR_KINDS:
        bureau = await hr_bureau(NodeKind.HR_BUREAU_PROVINCE, employer.region_id)
        add(NodeKind.HR_BUREAU_PROVINCE, bureau.id if bureau else None)
    return path
