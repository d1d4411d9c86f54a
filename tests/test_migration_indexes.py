"""The migrated database holds every unique constraint, index and CHECK constraint the models declare.

Tortoise's SQLite AlterField rebuilds the table and the rebuild drops its indexes (seen for job's idempotency
key): a migration that changes a column must make them again. This reads the live schema after `migrate`, on
both backends, so such a migration fails here instead of silently losing a guard."""
from __future__ import annotations

from tortoise import Tortoise, connections

from tests.conftest import on_postgres


def _columns(model, names) -> tuple[str, ...]:
    meta = model._meta
    out = []
    for name in names:
        field = meta.fields_map[name]
        out.append(getattr(field, "source_field", None) or field.source_field or name
                   if name in meta.fk_fields | meta.o2o_fields else field.source_field or name)
    return tuple(out)


async def _indexes(table: str) -> list[tuple[bool, tuple[str, ...]]]:
    conn = connections.get("default")
    if on_postgres():
        rows = await conn.execute_query_dict(
            "SELECT ix.indisunique AS uniq, array_agg(a.attname ORDER BY k.n) AS cols FROM pg_index ix "
            "JOIN pg_class t ON t.oid = ix.indrelid JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) "
            "ON true JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
            "WHERE t.relname = $1 GROUP BY ix.indexrelid, ix.indisunique", [table])
        return [(bool(r["uniq"]), tuple(r["cols"])) for r in rows]
    out = []
    for index in await conn.execute_query_dict(f'PRAGMA index_list("{table}")'):
        cols = await conn.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
        out.append((bool(index["unique"]), tuple(c["name"] for c in sorted(cols, key=lambda c: c["seqno"]))))
    return out


async def _has_constraint(table: str, name: str) -> bool:
    conn = connections.get("default")
    if on_postgres():
        rows = await conn.execute_query_dict(
            "SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = $1 "
            "AND c.conname = $2", [table, name])
        return bool(rows)
    rows = await conn.execute_query_dict("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table])
    return bool(rows) and f'"{name}"' in rows[0]["sql"]


async def test_every_declared_unique_together_and_index_exists(app):
    missing = []
    for model in Tortoise.apps["models"].values():
        meta = model._meta
        present = await _indexes(meta.db_table)
        for names in meta.unique_together or ():
            cols = _columns(model, names)
            if (True, cols) not in present:
                missing.append(f"{meta.db_table}: unique {cols}")
        for index in meta.indexes or ():
            names = index if isinstance(index, (tuple, list)) else tuple(index.fields)
            cols = tuple(n if n.endswith("_id") or n in meta.db_fields else _columns(model, [n])[0] for n in names)
            if not any(c == cols for _, c in present):
                missing.append(f"{meta.db_table}: index {cols}")
        for constraint in getattr(meta, "constraints", None) or ():
            if not await _has_constraint(meta.db_table, constraint.name):
                missing.append(f"{meta.db_table}: constraint {constraint.name}")
    assert missing == [], "\n".join(missing)
