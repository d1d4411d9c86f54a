"""Database wiring: the Tortoise config and the migrate step."""
from __future__ import annotations

from pathlib import Path

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url

from models import MODEL_MODULES


def tortoise_config(database_url: str) -> dict:
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        credentials = {"file_path": path, "journal_mode": "WAL", "foreign_keys": "ON"}
        connection: dict | str = {"engine": "tortoise.backends.sqlite", "credentials": credentials}
    else:
        connection = expand_db_url(database_url)
        connection["engine"] = "zhicheng.pg_client"  # no reset query per released connection
    return {
        "connections": {"default": connection},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "migrations": "models.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "Asia/Shanghai",
    }


async def migrate(database_url: str) -> None:
    """Apply committed migrations, then reference data (regions, the initial catalogue). Idempotent."""
    from tortoise.migrations.api import migrate as run_migrations

    from models.catalogue.seed import ensure_catalogue
    from models.region.models import ensure_regions

    config = tortoise_config(database_url)
    await run_migrations(config=config)
    await Tortoise.close_connections()
    ctx = await Tortoise.init(config=config)
    try:
        await ensure_regions()
        await ensure_catalogue()
    finally:
        await ctx.close_connections()


def __getattr__(name: str):
    """``zhicheng.db.TORTOISE_ORM`` for Tortoise's own CLI (``zhicheng makemigrations``)."""
    if name == "TORTOISE_ORM":
        from zhicheng.settings import get_settings

        return tortoise_config(get_settings().database_url)
    raise AttributeError(name)
