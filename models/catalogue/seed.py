"""Loads the initial catalogue; idempotent (does nothing once series exist)."""
from __future__ import annotations

from models.catalogue.models import EvaluationStandard, Series, Specialty, TitleName
from models.catalogue.data import ALL_EVALUATION_STANDARDS, TITLE_NAMES, specialties_for
from models.catalogue.data import NATIONAL_SERIES


async def ensure_catalogue() -> bool:
    """True when it loaded the catalogue, False when one was already there."""
    if await Series.exists():
        return False
    await Series.bulk_create([Series(code=c, name=n, sort=i) for i, (c, n) in enumerate(NATIONAL_SERIES.items())])
    series = {s.code: s for s in await Series.all()}
    titles = [
        TitleName(series_id=series[code].id, level=level, primary_grade=grade, name=name, sort=i)
        for code, rows in TITLE_NAMES.items()
        for i, (level, grade, name) in enumerate(rows)
    ]
    await TitleName.bulk_create(titles, batch_size=500)
    # Specialty parents must exist before children: insert level by level.
    level_rows = [(series[code].id, None, node) for code in series for node in specialties_for(code)]
    while level_rows:
        await Specialty.bulk_create([
            Specialty(series_id=sid, parent_id=parent, code=code, name=name, sort=i)
            for i, (sid, parent, (code, name, _)) in enumerate(level_rows)
        ], batch_size=500)
        ids = {(s.series_id, s.code): s.id for s in await Specialty.filter(
            code__in=[node[0] for _, _, node in level_rows])}
        level_rows = [(sid, ids[(sid, code)], child)
                      for sid, _, (code, _, children) in level_rows for child in children]
    await EvaluationStandard.bulk_create([
        EvaluationStandard(series_id=series[code].id, levels=levels, name=name) for code, levels, name in
        ALL_EVALUATION_STANDARDS
    ])
    return True
