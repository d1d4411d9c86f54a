"""Review paths (审核路径配置, 003 §1.4–1.8) as configuration: HR bureaus set, per evaluation mode and
committee tier, the node kinds applications from their region pass through; where none is set, the
tier's default applies. Resolving the kinds to units for one application is
``models.application.path``."""
from __future__ import annotations

from models.access.viewer import Viewer
from models.application.models import EvaluationMode
from models.committee.models import CommitteeTier
from models.core.errors import Collector, Forbidden, refuse
from models.region.models import Region, region_chain
from models.workflow.models import NodeKind, ReviewPath


_BASE = [NodeKind.EMPLOYER, NodeKind.TALENT_CENTER, NodeKind.COMPETENT_DEPARTMENT, NodeKind.HR_BUREAU_COUNTY]
# Used where no path is configured for the region: the higher the committee, the further up it goes.
DEFAULT_PATHS: dict[str, list[NodeKind]] = {
    "JUNIOR": _BASE + [NodeKind.ORGANIZER],
    "INTERMEDIATE": _BASE + [NodeKind.HR_BUREAU_CITY, NodeKind.ORGANIZER],
    "SENIOR": _BASE + [NodeKind.HR_BUREAU_CITY, NodeKind.HR_BUREAU_PROVINCE, NodeKind.ORGANIZER],
}


async def configured_kinds(evaluation_mode: str, tier: str, region_code: str) -> list[NodeKind]:
    """The most specific configured path for the employer's region, else the tier's default."""
    chain = region_chain(region_code)
    rows = {r.region_id: r for r in await ReviewPath.filter(evaluation_mode=evaluation_mode, committee_tier=tier,
                                                            region_id__in=chain)}
    for code in chain:
        if code in rows:
            return [NodeKind(k) for k in rows[code].node_kinds]
    return list(DEFAULT_PATHS.get(tier, DEFAULT_PATHS["SENIOR"]))


def _require_region(viewer: Viewer, region_code: str) -> None:
    viewer.require_account()
    if not (viewer.is_platform_admin or viewer.covers_region(region_code)):
        raise Forbidden("只能配置本人社部门管辖区域的审核路径")


async def set_path(viewer: Viewer, evaluation_mode: str, tier: str, region_code: str,
                   node_kinds: list[str]) -> ReviewPath:
    _require_region(viewer, region_code)
    errors = Collector()
    if evaluation_mode not in EvaluationMode._value2member_map_:
        errors.add("INVALID", "评价方式不正确", "evaluationMode")
    if tier not in CommitteeTier._value2member_map_:
        errors.add("INVALID", "评委会层级不正确", "committeeTier")
    if not node_kinds:
        errors.add("REQUIRED", "请至少配置一个审核节点", "nodeKinds")
    elif node_kinds[0] != NodeKind.EMPLOYER.value:
        errors.add("INVALID", "审核路径须从用人单位开始", "nodeKinds")
    if NodeKind.EXTRA_UNIT.value in node_kinds:
        errors.add("INVALID", "其他审核单位由用人单位审核时选择，不能配置在路径中", "nodeKinds")
    if len(set(node_kinds)) != len(node_kinds):
        errors.add("INVALID", "审核节点不能重复", "nodeKinds")
    errors.raise_if_any()
    if not await Region.filter(code=region_code).exists():
        raise refuse("NOT_FOUND", "属地不存在", "regionCode")
    row = await ReviewPath.filter(evaluation_mode=evaluation_mode, committee_tier=tier,
                                  region_id=region_code).select_for_update().first()
    if row is None:
        return await ReviewPath.create(evaluation_mode=evaluation_mode, committee_tier=tier, region_id=region_code,
                                       node_kinds=node_kinds)
    await ReviewPath.filter(id=row.id).update(node_kinds=node_kinds)
    return await ReviewPath.get(id=row.id)


async def delete_path(viewer: Viewer, path_id: int) -> ReviewPath:
    row = await ReviewPath.get_or_none(id=path_id)
    if row is None:
        raise refuse("NOT_FOUND", "审核路径不存在", "reviewPathId")
    _require_region(viewer, row.region_id)
    await ReviewPath.filter(id=row.id).delete()
    return row
