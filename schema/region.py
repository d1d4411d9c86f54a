"""Regions (属地) as a browsable tree."""
from __future__ import annotations

from typing import Optional

import strawberry

from models.region.models import Region as RegionRow
from models.region.models import RegionLevel as RegionLevelEnum
from schema.core.context import Info

RegionLevel = strawberry.enum(RegionLevelEnum, description="省 / 市 / 县区")


@strawberry.type(description="An administrative division (GB/T 2260 code), e.g. 340100 合肥市.")
class Region:
    code: str = strawberry.field(description="Six-digit GB/T 2260 code.")
    name: str
    level: RegionLevel
    parent_code: str | None = strawberry.field(description="Code of the region above; null for a province.")

    @classmethod
    def of(cls, row: RegionRow) -> "Region":
        return cls(code=row.code, name=row.name, level=RegionLevelEnum(row.level), parent_code=row.parent_code)

    @strawberry.field(description="Regions directly below this one.")
    async def children(self, info: Info) -> list["Region"]:
        return [Region.of(r) for r in await info.context.region_children.load(self.code)]

    @strawberry.field(description="The region directly above.")
    async def parent(self, info: Info) -> Optional["Region"]:
        if self.parent_code is None:
            return None
        row = await info.context.regions.load(self.parent_code)
        return Region.of(row) if row else None


async def load_region(info: Info, code: str) -> Region | None:
    row = await info.context.regions.load(code)
    return Region.of(row) if row else None
