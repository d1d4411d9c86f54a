"""Tortoise's asyncpg client, minus asyncpg's reset query on every connection release.

Tortoise takes a pool connection per statement, and asyncpg's pool sends ``SELECT pg_advisory_unlock_all();
CLOSE ALL; UNLISTEN *; RESET ALL;`` each time one is handed back: a round trip and a PostgreSQL
transaction per statement (issue 10). Zhicheng takes no advisory locks, declares no cursors, listens to
nothing and sets nothing per session, so there is nothing to reset; asyncpg still rolls back an open
transaction on release. An engine module for Tortoise (``zhicheng.db.tortoise_config`` names it).
"""
from __future__ import annotations

import asyncpg
from tortoise.backends.asyncpg import AsyncpgDBClient


class Connection(asyncpg.connection.Connection):
    def get_reset_query(self) -> str:
        return ""


class ZhichengAsyncpgClient(AsyncpgDBClient):
    connection_class = Connection


client_class = ZhichengAsyncpgClient
