"""Regions (属地): GB/T 2260 administrative division codes.

The codes and names come from python-stdnum's division table (the same table that
validates resident ID numbers), filtered to divisions that still exist.
"""
from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from importlib import resources

from tortoise import fields
from tortoise.models import Model

LOADED_PROVINCES = ("34", "51")  # Anhui, Sichuan


class RegionLevel(str, Enum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"


class Region(Model):
    code = fields.CharField(max_length=6, primary_key=True)
    name = fields.CharField(max_length=50)
    level = fields.CharEnumField(RegionLevel, max_length=10)
    parent_code = fields.CharField(max_length=6, null=True, db_index=True)

    class Meta:
        table = "region"


def region_prefix(code: str) -> str:
    """The prefix every code inside this region starts with: 340000 → 34, 340100 → 3401."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_covers(outer: str, inner: str) -> bool:
    return inner.startswith(region_prefix(outer))


def region_chain(code: str) -> list[str]:
    """The code itself and every region above it: 340102 → [340102, 340100, 340000]."""
    chain = [code]
    if not code.endswith("00"):
        chain.append(code[:4] + "00")
    if not code.endswith("0000"):
        chain.append(code[:2] + "0000")
    return list(dict.fromkeys(chain))


_ENTRY = re.compile(r'^\s+(\d{4}) county="(.*)"$')
_SPAN = re.compile(r"^\[(\d*)-(\d*)\](.*)$")


def _current_name(raw: str) -> str | None:
    """loc.dat keeps history as '[1983-2001]东市区,[2002-]瑶海区'; keep the live name."""
    last = raw.split(",")[-1]
    match = _SPAN.match(last)
    if not match:
        return last
    return match.group(3) if match.group(2) == "" else None


@lru_cache(maxsize=1)
def division_table() -> tuple[tuple[str, str, RegionLevel, str | None], ...]:
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    rows: list[tuple[str, str, RegionLevel, str | None]] = []
    province: str | None = None
    for line in text.splitlines():
        if line and line[0].isdigit():
            province = line[:2] if line[:2] in LOADED_PROVINCES else None
            continue
        if province is None:
            continue
        match = _ENTRY.match(line)
        if not match:
            continue
        code = province + match.group(1)
        name = _current_name(match.group(2))
        if not name or name in ("市辖区", "县", "市区", "省直辖县级行政区划"):
            continue
        if code.endswith("0000"):
            rows.append((code, name, RegionLevel.PROVINCE, None))
        elif code.endswith("00"):
            rows.append((code, name, RegionLevel.CITY, code[:2] + "0000"))
        else:
            rows.append((code, name, RegionLevel.COUNTY, code[:4] + "00"))
    known = {row[0] for row in rows}
    # A county whose city is gone (rare renumbering) hangs off the province.
    return tuple(
        (c, n, lvl, p if p is None or p in known else c[:2] + "0000") for c, n, lvl, p in rows
    )


async def ensure_regions() -> int:
    """Insert the division table; idempotent, so migrate and tests may call it every time."""
    existing = set(await Region.all().values_list("code", flat=True))
    missing = [
        Region(code=c, name=n, level=lvl, parent_code=p)
        for c, n, lvl, p in division_table()
        if c not in existing
    ]
    if missing:
        await Region.bulk_create(missing, batch_size=500)
    return len(missing)
