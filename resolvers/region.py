"""Region queries: the division tree."""
from __future__ import annotations

import strawberry

from models.region.models import Region as RegionRow
from schema.core.context import Info
from schema.region import Region, load_region


@strawberry.type
class RegionQueries:
    @strawberry.field(description="Regions below `parentCode`, or the provinces when it is omitted.")
    async def regions(self, info: Info, parent_code: str | None = None) -> list[Region]:
        if parent_code is None:
            rows = await RegionRow.filter(parent_code__isnull=True).order_by("code")
            return [Region.of(r) for r in rows]
        return [Region.of(r) for r in await info.context.region_children.load(parent_code)]

    @strawberry.field(description="One region by its code.")
    async def region(self, info: Info, code: str) -> Region | None:
        return await load_region(info, code)
