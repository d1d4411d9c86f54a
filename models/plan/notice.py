"""The "plan published" batch notification: every person of the committee's series whose current
unit lies in one of the committee's scope regions gets one message.

Same approach as models/messaging/broadcast.py: chunks of person ids, each one set-based
INSERT … SELECT committed with the job's cursor; the dedupe key ``plan:<plan id>:<account id>`` makes a
repeated chunk (arq delivers at least once) deliver nothing twice.
"""
from __future__ import annotations

from datetime import datetime, timezone

from strawberry import relay
from tortoise import connections
from tortoise.expressions import Q

from models.catalogue.models import Series
from models.committee.models import Committee, CommitteeRegion
from models.core.job import Checkpoint
from models.person.models import Person
from models.plan.models import Plan, PlanStatus
from models.plan.rules import SHANGHAI
from models.region.models import region_prefix


def _sql(dialect: str, regions: int) -> str:
    ph = (lambda i: f"${i}") if dialect == "postgres" else (lambda i: "?")
    series = "p.series::text" if dialect == "postgres" else "p.series"
    scope = " OR ".join(f"u.region_id LIKE {ph(9 + i)}" for i in range(regions))
    return (
        "INSERT INTO message (recipient_id, title, body, link_type, link_id, dedupe_key, created_at) "
        f"SELECT p.account_id, {ph(1)}, {ph(2)}, 'Plan', {ph(3)}, {ph(4)} || CAST(p.account_id AS TEXT), {ph(5)} "
        "FROM person p JOIN unit u ON u.id = p.current_unit_id "
        f"WHERE p.id > {ph(6)} AND p.id <= {ph(7)} AND {series} LIKE {ph(8)} AND ({scope}) "
        "ON CONFLICT (dedupe_key) DO NOTHING"
    )


def _recipients(prefixes: list[str]):
    """Persons in the scope; the series filter applies inside each chunk's INSERT."""
    scope = Q()
    for prefix in prefixes:
        scope |= Q(current_unit__region_id__startswith=prefix)
    return Person.filter(scope, current_unit_id__isnull=False)


def message_text(plan: Plan, committee: Committee) -> tuple[str, str]:
    opens = plan.opens_at.astimezone(SHANGHAI)
    closes = plan.closes_at.astimezone(SHANGHAI)
    title = f"评审计划发布：{plan.name}"[:100]
    body = (f"{committee.name}发布了评审计划“{plan.name}”，申报时间为{opens:%Y-%m-%d %H:%M}至"
            f"{closes:%Y-%m-%d %H:%M}（北京时间），请符合条件的人员及时申报。")
    return title, body


async def notify_plan_published(plan_id: int, run: Checkpoint) -> int:
    """Delivers the notice of ``plan_id`` from ``run.resume_after`` on, a committed chunk at a time
    (progress counts persons in the scope regions). Returns that count."""
    plan = await Plan.get_or_none(id=plan_id)
    if plan is None or plan.status == PlanStatus.DRAFT:
        return 0
    committee = await Committee.get(id=plan.committee_id)
    series = await Series.get(id=committee.series_id)
    codes = await CommitteeRegion.filter(committee_id=committee.id).values_list("region_id", flat=True)
    prefixes = sorted({region_prefix(c) for c in codes})
    if not prefixes:
        await run.progress(0, 0)
        return 0
    people = _recipients(prefixes)
    total = await people.count()
    if not total:
        await run.progress(0, 0)
        return 0
    low = (await people.order_by("id").first().values_list("id", flat=True)) - 1
    high = await people.order_by("-id").first().values_list("id", flat=True)
    dialect = connections.get("default").capabilities.dialect
    sql = _sql(dialect, len(prefixes))
    title, body = message_text(plan, committee)
    created = datetime.now(timezone.utc)
    stamp = created if dialect == "postgres" else created.isoformat(sep=" ")
    link = relay.to_base64("Plan", plan.id)
    start = max(low, run.resume_after)
    while start < high:
        end = min(start + run.chunk_size, high)
        values = [title, body, link, f"plan:{plan.id}:", stamp, start, end, f'%"{series.code}"%']
        values += [p + "%" for p in prefixes]
        done = await people.filter(id__lte=end).count()
        async with run.chunk(end, done, total) as conn:
            await conn.execute_query(sql, values)
        start = end
    return total
