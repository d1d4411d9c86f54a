"""审核路径配置 of the processes outside committee review (``ProcessPath``): which node kinds, in order, a
process's requests from a region pass through; HR bureaus set them for their region and below.

Each process states here what a path of its may hold (``PathSpec``): the kinds allowed, the one it starts
with, the one it must end with, and the default used where no region up the chain has a path. Resolving
the kinds to units for one request is the process's own (``models.reissue.path``).
"""
from __future__ import annotations

from dataclasses import dataclass

from models.access.viewer import Viewer
from models.catalogue.models import Level
from models.core.errors import Collector, Forbidden, refuse
from models.region.models import Region, region_chain
from models.workflow.models import NodeKind as K
from models.workflow.models import ProcessPath, ProcessType

HR_KINDS = (K.HR_BUREAU_COUNTY, K.HR_BUREAU_CITY, K.HR_BUREAU_PROVINCE)


@dataclass(frozen=True)
class PathSpec:
    allowed: tuple[K, ...]
    first: K
    last: tuple[K, ...]  # the kinds a path may end with (any, when empty)
    last_label: str
    default: tuple[K, ...]


SPECS: dict[ProcessType, PathSpec] = {
    # 补换证: the employer, its competent department, the HR bureaus under the issuer, then the issuer.
    ProcessType.REISSUE: PathSpec(allowed=(K.EMPLOYER, K.COMPETENT_DEPARTMENT, *HR_KINDS, K.ISSUER),
                                  first=K.EMPLOYER, last=(K.ISSUER,), last_label="发证机关",
                                  default=(K.EMPLOYER, K.COMPETENT_DEPARTMENT, *HR_KINDS, K.ISSUER)),
    # 异地职称确认 [000 三–五]: the employer, its competent department, then the HR bureaus that confirm it. By
    # default the city's and the province's; a bureau may end a level's path at the city (中级, 初级).
    ProcessType.RECOGNITION: PathSpec(allowed=(K.EMPLOYER, K.COMPETENT_DEPARTMENT, *HR_KINDS),
                                      first=K.EMPLOYER, last=HR_KINDS, last_label="人社部门",
                                      default=(K.EMPLOYER, K.COMPETENT_DEPARTMENT, K.HR_BUREAU_CITY,
                                               K.HR_BUREAU_PROVINCE)),
    # 职称初定 / 职称认定 [002 §2.2.1.2, 003 §1.4–1.5]: the employer, the title-affairs department, then the issuer
    # (授权管理单位), whose PASS issues the certificate. Which unit acts at a node is the acceptance bodies' (受理机构).
    ProcessType.INITIAL_DETERMINATION: PathSpec(allowed=(K.EMPLOYER, K.COMPETENT_DEPARTMENT, *HR_KINDS, K.ISSUER),
                                                first=K.EMPLOYER, last=(K.ISSUER,), last_label="发证机关",
                                                default=(K.EMPLOYER, K.COMPETENT_DEPARTMENT, K.ISSUER)),
    ProcessType.ACCREDITATION: PathSpec(allowed=(K.EMPLOYER, K.COMPETENT_DEPARTMENT, *HR_KINDS, K.ISSUER),
                                        first=K.EMPLOYER, last=(K.ISSUER,), last_label="发证机关",
                                        default=(K.EMPLOYER, K.COMPETENT_DEPARTMENT, K.ISSUER)),
}


def spec_for(process_type: ProcessType | str) -> PathSpec:
    try:
        return SPECS[ProcessType(process_type)]
    except (KeyError, ValueError):
        raise refuse("INVALID", "该流程类型没有可配置的审核路径", "processType") from None


async def configured_kinds(process_type: ProcessType, level: str, region_code: str) -> list[K]:
    """The most specific configured path for the region (a level's before the all-levels one), else the default."""
    chain = region_chain(region_code)
    rows = {(r.region_id, r.level): r for r in await ProcessPath.filter(
        process_type=process_type.value, level__in=[level, ""], region_id__in=chain)}
    for code in chain:
        for lv in (level, ""):
            if (code, lv) in rows:
                return [K(k) for k in rows[(code, lv)].node_kinds]
    return list(spec_for(process_type).default)


def _require_region(viewer: Viewer, region_code: str) -> None:
    viewer.require_account()
    if not (viewer.is_platform_admin or viewer.covers_region(region_code)):
        raise Forbidden("只能配置本人社部门管辖区域的审核路径")


async def check_process_path(viewer: Viewer, process_type: str, level: str | None, region_code: str,
                             node_kinds: list[str]) -> None:
    """Every rule a process path must meet, for ``set_process_path`` and the Excel import
    (models/workflow/path_excel.py): Forbidden outside the viewer's region, else refused with every problem."""
    _require_region(viewer, region_code)
    spec = spec_for(process_type)
    errors = Collector()
    if level and level not in Level._value2member_map_:
        errors.add("INVALID", "职称级别不正确", "level")
    if not node_kinds:
        errors.add("REQUIRED", "请至少配置一个审核节点", "nodeKinds")
    else:
        if node_kinds[0] != spec.first.value:
            errors.add("INVALID", "审核路径须从用人单位开始", "nodeKinds")
        if spec.last and node_kinds[-1] not in {k.value for k in spec.last}:
            errors.add("INVALID", f"审核路径须以{spec.last_label}结束", "nodeKinds")
        for index, kind in enumerate(node_kinds):
            if kind not in {k.value for k in spec.allowed}:
                errors.add("INVALID", "该流程的审核路径不能包含此节点", "nodeKinds", str(index))
        if len(set(node_kinds)) != len(node_kinds):
            errors.add("INVALID", "审核节点不能重复", "nodeKinds")
    errors.raise_if_any()
    if not await Region.filter(code=region_code).exists():
        raise refuse("NOT_FOUND", "属地不存在", "regionCode")


async def set_process_path(viewer: Viewer, process_type: str, level: str | None, region_code: str,
                           node_kinds: list[str]) -> ProcessPath:
    await check_process_path(viewer, process_type, level, region_code, node_kinds)
    level = level or ""
    row = await ProcessPath.filter(process_type=process_type, level=level,
                                   region_id=region_code).select_for_update().first()
    if row is None:
        return await ProcessPath.create(process_type=process_type, level=level, region_id=region_code,
                                        node_kinds=node_kinds, updated_by_id=viewer.account_id)
    await ProcessPath.filter(id=row.id).update(node_kinds=node_kinds, updated_by_id=viewer.account_id)
    return await ProcessPath.get(id=row.id)


async def delete_process_path(viewer: Viewer, path_id: int) -> ProcessPath:
    row = await ProcessPath.get_or_none(id=path_id)
    if row is None:
        raise refuse("NOT_FOUND", "审核路径不存在", "processPathId")
    _require_region(viewer, row.region_id)
    await ProcessPath.filter(id=row.id).delete()
    return row

