"""Demo data, issue 4 §5 part: what an employer leaves behind when it passes an application — the
public institutions' confirmed post quotas (岗位核准) with each recommendation's post decision, and the
recommendation files (单位推荐意见, 公示证明) where the plan asks for them (models/recommendation.py's
``employer_pass_guard``).

Called by demo_declarations with every employer PASS it built; vacancies are set so that what the
holding decisions occupy always fits, with some posts left.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from models.application.models import Application
from models.catalogue.models import Level
from models.plan.models import Plan
from models.quota.models import LEVEL_COLUMNS, PostQuota, QuotaUse, RecommendationFile, RecommendationFileKind
from models.quota.rules import HOLDING, QUOTA_NATURES
from models.unit.models import Unit
from zhicheng.demo_context import Demo

SEED = 2030
NOT_OCCUPYING = ("该同志为转评人员，聘任后不新增岗位，不占用职数。", "该同志已在高一级岗位聘用，不占用本次职数。")


@dataclass
class EmployerPass:
    app: Application
    plan: Plan
    claimed_at: datetime
    passed_at: datetime


async def insert_quotas(demo: Demo, passes: list[EmployerPass]) -> None:
    rng = random.Random(SEED)
    # Employers that are public institutions, and any other such unit passing as the employer (the talent
    # centre for freelancers: the guard looks at the nature only).
    hosts = {p.app.unit_id for p in passes}
    public = {u for u, kind, nature in await Unit.all().values_list("id", "kind", "nature")
              if nature in QUOTA_NATURES and (kind == "EMPLOYER" or u in hosts)}
    uses, files = [], []
    occupied: dict[tuple[int, int, str], int] = {}
    first: dict[tuple[int, int], datetime] = {}  # the quota is confirmed before the unit's first PASS
    for p in passes:
        app, admin = p.app, demo.admin[p.app.unit_id]
        decided = p.claimed_at + (p.passed_at - p.claimed_at) / 2
        first[(app.unit_id, app.year)] = min(first.get((app.unit_id, app.year), decided), decided)
        if app.unit_id in public:
            occupies = rng.random() < 0.85
            uses.append(QuotaUse(application_id=app.id, unit_id=app.unit_id, year=app.year, level=Level(app.level),
                                 occupies=occupies, reason="" if occupies else rng.choice(NOT_OCCUPYING),
                                 created_by_id=admin, recorded_at=decided, created_at=decided))
            holding = app.status in HOLDING and decided >= app.submitted_at
            if occupies and holding:
                key = (app.unit_id, app.year, app.level)
                occupied[key] = occupied.get(key, 0) + 1
        if p.plan.requires_recommendation:
            for kind, name in ((RecommendationFileKind.RECOMMENDATION, "单位推荐意见"),
                               (RecommendationFileKind.PUBLICITY_PROOF, "公示结果证明")):
                stored = await demo.files.file(f"pdf:{kind.value.title()}", name, "recommendation", admin, decided)
                files.append(RecommendationFile(application_id=app.id, kind=kind, file_id=stored.id,
                                                uploaded_by_id=admin, created_at=decided))
    quotas = []
    for unit_id in sorted(public):
        admin = demo.admin[unit_id]
        for year in (demo.year - 1, demo.year):
            set_at = datetime(year, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.randrange(5, 40))
            set_at = min(set_at, first.get((unit_id, year), set_at) - timedelta(days=1), demo.now - timedelta(days=1))
            form = await demo.files.file("pdf:Post approval form", f"{year}年度岗位内申报资格核准表", "post_quota",
                                         admin, set_at)
            counts = {column: occupied.get((unit_id, year, level.value), 0) + rng.randrange(1, 6)
                      for level, column in LEVEL_COLUMNS.items()}
            quotas.append(PostQuota(unit_id=unit_id, year=year, approval_file_id=form.id, confirmed_at=set_at
                                    + timedelta(hours=2), confirmed_by_id=admin, created_by_id=admin, version=1,
                                    created_at=set_at, updated_at=set_at, **counts))
    await demo.files.flush()
    for model, rows in ((PostQuota, quotas), (QuotaUse, uses), (RecommendationFile, files)):
        await demo.bulk(model, rows)
