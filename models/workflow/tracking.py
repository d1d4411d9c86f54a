"""审核流程查询 (003 §1.24, issue 9 §6): HR bureaus follow any process that passed through a unit of their region
and below — declarations, reissues, recognitions, verification requests, schemes, records — with each step
(过程跟踪). A process is listed once, by the last of its tasks at a unit of the region; its steps are every
task it has, wherever the unit is, so a bureau sees where a request it passed went on to."""
from __future__ import annotations

from functools import reduce
from operator import or_

from tortoise.expressions import Q, Subquery
from tortoise.functions import Max
from tortoise.queryset import QuerySet

from models.access.viewer import Viewer
from models.core.errors import Forbidden
from models.region.models import region_prefix
from models.workflow.models import ProcessType, Task


def tracked(viewer: Viewer, process_type: ProcessType | None = None, title_contains: str | None = None) -> QuerySet:
    """One task per tracked process (its last in the viewer's regions); FORBIDDEN but for HR bureaus and admins."""
    viewer.require_account()
    if not (viewer.is_platform_admin or viewer.hr_regions):
        raise Forbidden("只有人社部门可以查询审核流程")
    touched = Task.all()
    if not viewer.is_platform_admin:
        touched = Task.filter(reduce(or_, (Q(unit__region_id__startswith=region_prefix(r))
                                           for r in viewer.hr_regions)))
    if process_type is not None:
        touched = touched.filter(process_type=process_type.value)
    if title_contains and title_contains.strip():
        touched = touched.filter(title__icontains=title_contains.strip())
    last = touched.annotate(last=Max("id")).group_by("process_type", "subject_id").values("last")
    return Task.filter(id__in=Subquery(last))
