"""Who may compose, see and review an evaluation scheme (呈报方案).

The committee's organizer admins compose and submit it (as they manage the plan); those who see the plan
in draft see the scheme; the HR bureau that manages the committee reviews it through the task centre (the
engine's rule: the task's unit decides it)."""
from __future__ import annotations

from models.access.plan import may_edit_plan, may_view_draft
from models.access.viewer import Viewer
from models.core.errors import Forbidden
from models.evaluation.models import EvaluationScheme
from models.plan.models import Plan


async def may_compose_scheme(viewer: Viewer, plan: Plan) -> bool:
    return viewer.authenticated and await may_edit_plan(viewer, plan)


async def require_composes_scheme(viewer: Viewer, plan: Plan) -> None:
    viewer.require_account()
    if not await may_compose_scheme(viewer, plan):
        raise Forbidden("只有评委会组建单位的管理员可以编制呈报方案")


async def can_view_scheme(viewer: Viewer, scheme: EvaluationScheme) -> bool:
    """Those who see its plan in draft (models/access/plan.py): the organizer admins, committee admins,
    the HR bureaus that manage the committee or stand above it; platform admins."""
    if not viewer.authenticated:
        return False
    if viewer.is_platform_admin or viewer.administers(scheme.organizer_id):
        return True
    return await may_view_draft(viewer, await Plan.get(id=scheme.plan_id))
