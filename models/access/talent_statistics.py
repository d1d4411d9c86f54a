"""Who may see talent records (专技人才统计) and count them: one policy.

A record: the person always (and changes it while it is editable, through ``own_record``); platform admins;
from its first submission on, the units that hold or held a task for it — the employer, its only node — and
the HR bureaus of the region it was submitted from and above (the rule of every submitted request,
models.access.submitted, with the region the record carries). Nobody else.

Counting and listing (统计): unit admins count and list their own unit's records, HR bureaus their region's
and below (by region code prefix), platform admins everything; persons and anonymous callers are refused.
The scope is a query (``statistics_scope``), so counts and pages are computed in SQL.
"""
from __future__ import annotations

from collections.abc import Iterable

from tortoise.expressions import Q

from models.access.submitted import may_view_submitted
from models.access.viewer import Viewer
from models.core.errors import Forbidden
from models.region.models import region_prefix
from models.talent_statistics.models import TalentRecord
from models.unit.models import Unit
from models.workflow.models import ProcessType, Task


def may_view_talent_record(viewer: Viewer, row: TalentRecord, reviewing_unit_ids: Iterable[int] = ()) -> bool:
    """The rule, given the units known to review it (``task.talentRecord``: the task's unit)."""
    return may_view_submitted(viewer, row, [row.unit_id, *reviewing_unit_ids], employer_region=row.region_id)


async def can_view_talent_record(viewer: Viewer, row: TalentRecord) -> bool:
    """For single lookups (``node``, mutations): also a unit that held a task of an earlier round."""
    if may_view_talent_record(viewer, row):
        return True
    if row.submitted_at is None or not viewer.admin_units:
        return False
    return await Task.filter(process_type=ProcessType.TALENT_STATISTICS, subject_id=row.id,
                             unit_id__in=list(viewer.admin_units)).exists()


def may_count_talent(viewer: Viewer) -> bool:
    """统计 at all: platform admins and unit admins (each narrowed by ``statistics_scope``)."""
    return viewer.is_platform_admin or bool(viewer.admin_units)


def require_count_talent(viewer: Viewer) -> None:
    viewer.require_account()
    if not may_count_talent(viewer):
        raise Forbidden("专技人才统计仅限单位管理员和人社部门查看")


def statistics_scope(viewer: Viewer) -> Q | None:
    """The submitted records the viewer counts and lists, as one condition; None: every record (platform)."""
    if viewer.is_platform_admin:
        return None
    scope = Q(unit_id__in=list(viewer.admin_units)) if viewer.admin_units else Q(id=-1)
    for prefix in sorted({region_prefix(code) for code in viewer.hr_regions}):
        scope |= Q(region_id__startswith=prefix)
    return scope


def visible_talent_records(viewer: Viewer):
    """The submitted records in the viewer's scope (a queryset, unordered); refuses who may not count."""
    require_count_talent(viewer)
    scope = statistics_scope(viewer)
    qs = TalentRecord.filter(submitted_at__isnull=False)
    return qs if scope is None else qs.filter(scope)


def may_list_unit(viewer: Viewer, unit: Unit) -> bool:
    """A unit's records (and its counts): its admins, the HR bureaus over its region, platform admins."""
    return viewer.is_platform_admin or viewer.administers(unit.id) or viewer.covers_region(unit.region_id)


def require_list_unit(viewer: Viewer, unit: Unit | None) -> None:
    require_count_talent(viewer)
    if unit is None or not may_list_unit(viewer, unit):
        raise Forbidden("只能查看本单位或本人社部门辖区内单位的专技人才统计信息")
