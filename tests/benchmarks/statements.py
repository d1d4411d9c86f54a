"""SQL statements one GraphQL request costs, counted in this process (bench_pages.py's P3 column): the app
over the bench database through httpx's ASGI transport, Tortoise's statement log counted by the suite's
own tests/helpers.count_sql."""
from __future__ import annotations

from pathlib import Path


async def count_statements(url: str, redis_url: str, var: Path, secret: str, body: bytes,
                           token: str | None) -> tuple[int, bytes]:
    """(statements, answer) of one POST /graphql with ``body`` as the bearer of ``token``."""
    import httpx

    from tests.helpers import count_sql
    from zhicheng.app import create_app
    from zhicheng.settings import Settings

    settings = Settings(env="production", database_url=url, redis_url=redis_url, secret_key=secret, var_dir=var,
                        storage_dir=var / "files")
    app = create_app(settings)
    headers = {"content-type": "application/json", **({"authorization": f"Bearer {token}"} if token else {})}
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                                                   base_url="http://bench") as http:
        with count_sql() as statements:
            answer = await http.post("/graphql", content=body, headers=headers)
    return len(statements), answer.content
