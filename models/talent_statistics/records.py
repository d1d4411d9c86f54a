"""A unit's talent records (审核情况): the records submitted from it in the viewer's scope, narrowed by status
and year — the GraphQL list and its Excel export read through ``unit_records``."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from models.access.talent_statistics import require_count_talent
from models.access.viewer import Viewer
from models.core.errors import Collector
from models.talent_statistics.codes import TalentCode as Code
from models.talent_statistics.fields import check_year
from models.talent_statistics.models import TalentRecordStatus
from models.talent_statistics.statistics import scoped_records


@dataclass(frozen=True)
class RecordFilter:
    status: str | None = None  # a TalentRecordStatus value
    year: int | None = None

    def params(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def of(cls, params: dict | None) -> RecordFilter:
        return cls(**(params or {}))


async def unit_records(viewer: Viewer, unit_id: int, f: RecordFilter):
    """The unit's submitted records (a queryset, unordered). Refuses (Forbidden) a viewer who may not see the
    unit's records, (Refused) a year outside the statistics years or a status that is not one."""
    require_count_talent(viewer)
    errors = Collector()
    if f.year is not None:
        check_year(errors, f.year, "filter", "year")
    if f.status is not None and f.status not in TalentRecordStatus._value2member_map_:
        errors.add(Code.INVALID_CHOICE, "审核状态的取值无效", "filter", "status")
    errors.raise_if_any()
    qs = await scoped_records(viewer, None, unit_id)
    if f.status is not None:
        qs = qs.filter(status=f.status)
    if f.year is not None:
        qs = qs.filter(year=f.year)
    return qs
