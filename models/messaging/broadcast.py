"""Batch notifications: one job fans a message out to every matching person, in chunks.

Each chunk is one set-based INSERT … SELECT (no row-by-row ORM inserts), committed together with the
job's cursor (models.core.job.Checkpoint), so a later attempt goes on after the last committed chunk;
the dedupe key (broadcast job, recipient) makes a repeated chunk deliver nothing twice.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timezone

from tortoise import connections

from models.core.errors import Collector
from models.person.models import Person
from models.region.models import Region, region_prefix
from models.catalogue.data import NATIONAL_SERIES
from models.core.job import Checkpoint


def check_broadcast(errors: Collector, title: str, body: str, region_code: str | None, series: str | None) -> None:
    if errors.require(title, "title", "标题"):
        errors.max_length(title, "title", "标题", 100)
    if errors.require(body, "body", "内容"):
        errors.max_length(body, "body", "内容", 2000)
    if series is not None and series not in NATIONAL_SERIES:
        errors.add("INVALID", "未知的职称系列", "series")


async def region_exists(code: str) -> bool:
    return await Region.filter(code=code).exists()


def _recipients(region_code: str | None):
    qs = Person.all()
    if region_code:
        qs = qs.filter(current_unit__region_id__startswith=region_prefix(region_code))
    return qs


def _sql(dialect: str, with_region: bool, with_series: bool) -> str:
    ph = (lambda i: f"${i}") if dialect == "postgres" else (lambda i: "?")
    where = [f"p.id > {ph(6)}", f"p.id <= {ph(7)}"]
    n = 8
    if with_region:
        where.append(f"u.region_id LIKE {ph(n)}")
        n += 1
    if with_series:
        # series is a JSON list of codes; a quoted-code match works on both engines' text form.
        cast = "p.series::text" if dialect == "postgres" else "p.series"
        where.append(f"{cast} LIKE {ph(n)}")
    join = "LEFT JOIN unit u ON u.id = p.current_unit_id" if with_region else ""
    return (
        "INSERT INTO message (recipient_id, title, body, link_type, link_id, dedupe_key, created_at) "
        f"SELECT p.account_id, {ph(1)}, {ph(2)}, {ph(3)}, '', {ph(4)} || CAST(p.account_id AS TEXT), {ph(5)} "
        f"FROM person p {join} WHERE {' AND '.join(where)} "
        "ON CONFLICT (dedupe_key) DO NOTHING"
    )


async def fan_out(job_id: int, params: dict, run: Checkpoint) -> int:
    """Delivers the broadcast of ``job_id`` from ``run.resume_after`` on, one committed chunk of person ids
    at a time (progress counts people in the region; the series filter applies inside each chunk)."""
    dialect = connections.get("default").capabilities.dialect
    region, series = params.get("region_code"), params.get("series")
    bounds = await _recipients(region).order_by("id").values_list("id", flat=True)
    if not bounds:
        await run.progress(0, 0)
        return 0
    low, high = bounds[0] - 1, bounds[-1]
    sql = _sql(dialect, bool(region), bool(series))
    created = datetime.now(timezone.utc)
    stamp = created if dialect == "postgres" else created.isoformat(sep=" ")
    start = max(low, run.resume_after)
    while start < high:
        end = min(start + run.chunk_size, high)
        values = [params["title"], params["body"], "Broadcast", f"job:{job_id}:", stamp, start, end]
        if region:
            values.append(region_prefix(region) + "%")
        if series:
            values.append(f'%"{series}"%')
        async with run.chunk(end, bisect_right(bounds, end), len(bounds)) as conn:
            await conn.execute_query(sql, values)
        start = end
    return len(bounds)
