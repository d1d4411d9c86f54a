"""Who reviews a reissue, in order: the configured node kinds (models.workflow.process_paths) resolved to units.

HR bureaus take part only under the issuer's jurisdiction (the issuer's region covers theirs), so a
certificate issued by a city bureau goes employer → competent department → county bureau → the city bureau,
and one issued in another city goes from the employer's side straight to its issuer. The issuer ends the
path; kinds with no unit, and a unit repeated back to back, are skipped.
"""
from __future__ import annotations

from models.region.models import region_covers
from models.reissue.models import Reissue
from models.unit.models import Unit
from models.workflow.bureaus import hr_bureau
from models.workflow.chain import Path
from models.workflow.models import NodeKind, ProcessType
from models.workflow.process_paths import configured_kinds


async def resolve_path(reissue: Reissue, employer: Unit, issuer: Unit) -> Path:
    kinds = await configured_kinds(ProcessType.REISSUE, str(reissue.original.get("level", "")), employer.region_id)
    path: Path = []

    def add(kind: NodeKind, unit_id: int | None) -> None:
        if unit_id is not None and (not path or path[-1][1] != unit_id):
            path.append((kind, unit_id))

    for kind in kinds:
        if kind == NodeKind.EMPLOYER:
            add(kind, employer.id)
        elif kind == NodeKind.COMPETENT_DEPARTMENT:
            add(kind, employer.competent_department_id)
        elif kind in (NodeKind.HR_BUREAU_COUNTY, NodeKind.HR_BUREAU_CITY, NodeKind.HR_BUREAU_PROVINCE):
            bureau = await hr_bureau(kind, employer.region_id)
            if bureau is not None and bureau.id != issuer.id and region_covers(issuer.region_id, bureau.region_id):
                add(kind, bureau.id)
    add(NodeKind.ISSUER, issuer.id)
    return path
