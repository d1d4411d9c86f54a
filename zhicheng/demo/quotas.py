"""Demo quotas, issue 4 §5: what an employer needs before it passes an application — the public
institutions' confirmed post quotas (岗位核准) and, while it reviews, each recommendation's post decision
and the recommendation files where the plan asks for them (``quota.recommendation.employer_pass_guard``).

All through the rules as the unit's admin: ``set_quota`` with the stamped form and ``confirm_quota``
before any declaration, then ``recommend`` and ``add_file`` on the claimed employer task. Vacancies
exceed what the demo's declarations can occupy, so some posts are left.
"""
from __future__ import annotations

import random

from models.application.models import Application
from models.plan.models import Plan
from models.quota.models import LEVEL_COLUMNS, RecommendationFileKind
from models.quota.recommendation import add_file, recommend
from models.quota.rules import QUOTA_NATURES, confirm_quota, set_quota
from models.unit.models import UnitKind
from zhicheng.demo.context import Demo

SEED = 2030
NOT_OCCUPYING = ("该同志为转评人员，聘任后不新增岗位，不占用职数。", "该同志已在高一级岗位聘用，不占用本次职数。")
FREELANCER = "该同志为自由职业人员，人事档案由本中心代理，不占用本单位职数。"


async def set_quotas(demo: Demo, planned: dict[tuple[int, int, str], int]) -> None:
    """This year's and last year's quota of every public institution that has members or declarations;
    ``planned`` counts the declarations per (unit, year, level) that may occupy a post."""
    rng = random.Random(SEED)
    hosts = {unit for unit, _, _ in planned}
    for unit_id, unit in sorted(demo.units.items()):
        if unit.nature not in QUOTA_NATURES or not (unit.kind == UnitKind.EMPLOYER or unit_id in hosts):
            continue
        viewer = await demo.viewer(unit_id)
        for year in (demo.year - 1, demo.year):
            counts = {column: planned.get((unit_id, year, level.value), 0) + rng.randrange(1, 6)
                      for level, column in LEVEL_COLUMNS.items()}
            form = demo.files.upload("pdf:Post approval form", f"{year}年度岗位内申报资格核准表")
            await set_quota(viewer, demo.storage, unit, year, counts, form)
            await confirm_quota(viewer, unit, year)


class Recommender:
    """What the employer's admin records on the claimed task before passing."""

    def __init__(self, demo: Demo) -> None:
        self.demo, self.rng = demo, random.Random(SEED + 1)

    async def before_pass(self, app: Application, plan: Plan, freelancer: bool) -> None:
        demo, viewer = self.demo, await self.demo.viewer(app.unit_id)
        if demo.units[app.unit_id].nature in QUOTA_NATURES:
            occupies = not freelancer and self.rng.random() < 0.85
            reason = "" if occupies else FREELANCER if freelancer else self.rng.choice(NOT_OCCUPYING)
            await recommend(viewer, app, occupies, reason)
        if plan.requires_recommendation:
            for kind, name in ((RecommendationFileKind.RECOMMENDATION, "单位推荐意见"),
                               (RecommendationFileKind.PUBLICITY_PROOF, "公示结果证明")):
                await add_file(viewer, demo.storage, app, kind, demo.files.upload(f"pdf:{kind.value.title()}", name))
