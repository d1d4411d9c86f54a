"""Demo data (placeholder until the demo loader lands)."""
from __future__ import annotations


async def load_demo() -> list[str]:
    return ["demo data: none yet"]
