"""Who reviews a 初定 / 认定 declaration, in order: the node kinds configured for its process (初定审核路径配置 /
认定审核路径配置, models.workflow.process_paths; default employer → competent department → issuer) resolved from
the employer. At each kind an acceptance body (受理机构) for the level and mode, nearest up the employer's
region, takes the node; otherwise the employer's own competent department or its region's HR bureau does. The
issuer (授权管理单位) is always an acceptance body. Kinds with no unit, and a unit repeated back to back, are
skipped."""
from __future__ import annotations

from models.core.errors import refuse
from models.determination.acceptance import acceptance_for
from models.determination.codes import DeterminationCode as Code
from models.determination.create import MODES, PROCESS_OF
from models.determination.models import Determination
from models.unit.models import Unit
from models.workflow.bureaus import hr_bureau
from models.workflow.chain import Path
from models.workflow.models import NodeKind
from models.workflow.process_paths import HR_KINDS, configured_kinds


async def resolve_path(row: Determination, employer: Unit) -> Path:
    kinds = await configured_kinds(PROCESS_OF[row.evaluation_mode], row.level, employer.region_id)
    path: Path = []

    def add(kind: NodeKind, unit_id: int | None) -> None:
        if unit_id is not None and (not path or path[-1][1] != unit_id):
            path.append((kind, unit_id))

    for kind in kinds:
        body = await acceptance_for(row.evaluation_mode, row.level, kind.value, employer.region_id)
        if kind == NodeKind.EMPLOYER:
            add(kind, employer.id)
        elif body is not None:
            add(kind, body.unit_id)
        elif kind == NodeKind.COMPETENT_DEPARTMENT:
            add(kind, employer.competent_department_id)
        elif kind in HR_KINDS:
            bureau = await hr_bureau(kind, employer.region_id)
            add(kind, bureau.id if bureau else None)
    if not path or path[-1][0] != NodeKind.ISSUER:
        body = await acceptance_for(row.evaluation_mode, row.level, NodeKind.ISSUER.value, employer.region_id)
        if body is None:
            raise refuse(Code.NO_ACCEPTANCE_BODY, f"您单位所在地区暂无受理该层级{MODES[row.evaluation_mode]}的机构，"
                         "请咨询当地人社部门", "determinationId")
        add(NodeKind.ISSUER, body.unit_id)
        if path[-1][0] != NodeKind.ISSUER:  # the unit before is the issuer too: it reviews once, as the issuer
            path[-1] = (NodeKind.ISSUER, body.unit_id)
    return path
