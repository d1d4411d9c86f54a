"""The periodic sweep of orphaned files: stored files no row refers to any more.

A file becomes an orphan when its attachment, photo, job result or plan file is replaced or
removed. Files younger than a day are left alone (an upload may still be on its way to its
row). Which tables refer to files is read from the models, so a new reference can never be
forgotten here. A blob is removed from storage only when no remaining row shares its content.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from tortoise import Tortoise
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from models.core.file import StoredFile
from models.core.storage import Storage

log = logging.getLogger("zhicheng.cleanup")
ORPHAN_AGE = timedelta(days=1)
BATCH = 500


def file_references() -> list[tuple[type, str]]:
    """(model, column) of every foreign key to StoredFile."""
    refs = []
    for model in Tortoise.apps["models"].values():
        meta = model._meta
        for name in sorted(meta.fk_fields | meta.o2o_fields):
            field = meta.fields_map[name]
            if field.related_model is StoredFile:
                refs.append((model, field.source_field))
    return refs


def orphans(cutoff: datetime) -> QuerySet:
    qs = StoredFile.filter(created_at__lt=cutoff)
    for model, column in file_references():
        qs = qs.exclude(id__in=Subquery(model.filter(**{f"{column}__isnull": False}).values(column)))
    return qs


async def remove_orphan_files(storage: Storage, now: datetime | None = None) -> int:
    """Deletes orphaned file rows older than ORPHAN_AGE and their blobs; returns how many rows went."""
    cutoff = (now or datetime.now(timezone.utc)) - ORPHAN_AGE
    removed, after = 0, 0
    while True:
        batch = await orphans(cutoff).filter(id__gt=after).order_by("id").limit(BATCH).values("id", "sha256")
        if not batch:
            return removed
        after = batch[-1]["id"]
        # Re-checked by the DELETE itself, so a file referenced meanwhile survives.
        removed += await orphans(cutoff).filter(id__in=[r["id"] for r in batch]).delete()
        shas = {r["sha256"] for r in batch}
        shared = set(await StoredFile.filter(sha256__in=list(shas)).values_list("sha256", flat=True))
        for sha in shas - shared:
            await storage.delete(sha)


async def cleanup_orphan_files(ctx: dict) -> int:
    """arq cron entry point."""
    from zhicheng.services import services

    removed = await remove_orphan_files(services().storage)
    if removed:
        log.info("removed %s orphaned files", removed)
    return removed
