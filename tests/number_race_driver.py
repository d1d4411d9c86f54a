"""One process of the certificate-numbering race (tests/test_certificate_number_race.py): ``assign_number``
called by many callers at once, each in its own transaction on its own pooled asyncpg connection.

    python -m tests.number_race_driver '{"database_url": …, "issuer_id": …, "year": …, "category": …,
                                         "subjects": [...]}'

It opens one connection per caller, prints ``ready`` and waits for a line on stdin, so the test can release
every process's callers at the same moment; then it prints one JSON list, per subject in order:
{"number", "serial"} or {"error": a refusal's code, or the exception's type and text}.
"""
from __future__ import annotations

import asyncio
import json
import sys

from tortoise import Tortoise, connections
from tortoise.transactions import in_transaction

from models.certificate.numbering import assign_number
from models.core.errors import Refused
from zhicheng.db import tortoise_config


async def call(job: dict, subject: str) -> dict:
    try:
        async with in_transaction():  # as an issuing mutation or job would call it: its own transaction
            taken = await assign_number(job["issuer_id"], job["year"], job["category"], subject)
        return {"number": taken.number, "serial": taken.serial}
    except Refused as refused:
        return {"error": refused.problems[0].code}
    except Exception as exc:  # noqa: BLE001 — the test shows what broke
        return {"error": f"{type(exc).__name__}: {exc}"}


async def main(job: dict) -> None:
    callers = len(job["subjects"])
    separator = "&" if "?" in job["database_url"] else "?"
    # minsize opens every caller's connection now, not on the go signal.
    url = f"{job['database_url']}{separator}minsize={callers}&maxsize={callers}"
    ctx = await Tortoise.init(config=tortoise_config(url))
    try:
        await connections.get("default").execute_query("SELECT 1")
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        results = await asyncio.gather(*(call(job, s) for s in job["subjects"]))
        print(json.dumps(results, ensure_ascii=False), flush=True)
    finally:
        await ctx.close_connections()


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
