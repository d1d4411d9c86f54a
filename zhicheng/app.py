"""The ASGI app: /graphql (POST; GraphiQL on GET outside production; websocket), health, downloads."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

from models.access.viewer import load_viewer
from models.account.auth import read_access_token
from schema.core.context import Context
from zhicheng.db import tortoise_config
from resolvers.pledge import TEMPLATE_PATH, pledge_template
from zhicheng.downloads import download
from zhicheng.embedded_redis import EmbeddedRedis
from zhicheng.services import services, start_services, stop_services
from zhicheng.settings import Settings, get_settings

log = logging.getLogger("zhicheng")
# Multipart uploads are simple CORS requests; demanding this header forces a preflight,
# so another site cannot post files in a signed-in user's name.
CSRF_HEADERS = ("x-zhicheng-csrf", "apollo-require-preflight", "x-apollo-operation-name")


class ZhichengGraphQL(GraphQL):
    async def get_context(self, request: Any, response: Any) -> Context:
        svc = services()
        header = request.headers.get("authorization", "")
        account_id = None
        if header.lower().startswith("bearer "):
            account_id = read_access_token(header[7:].strip(), svc.settings.secret_key)
        return Context(request=request, response=response, viewer=await load_viewer(account_id), services=svc)

    async def run(self, request, *args: Any, **kwargs: Any):  # type: ignore[override]
        if isinstance(request, Request):
            content_type = request.headers.get("content-type", "")
            if content_type.startswith("multipart/") and not any(h in request.headers for h in CSRF_HEADERS):
                return JSONResponse({"errors": [{"message": "上传文件须带 X-Zhicheng-CSRF 请求头",
                                                 "extensions": {"code": "CSRF_REJECTED"}}]}, status_code=400)
        return await super().run(request, *args, **kwargs)


def build_graphql(settings: Settings) -> ZhichengGraphQL:
    from schema.api import build_schema

    schema = build_schema(production=settings.production)
    return ZhichengGraphQL(schema, graphql_ide=None if settings.production else "graphiql",
                           allow_queries_via_get=False, multipart_uploads_enabled=True)


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    checks: dict[str, str] = {}
    try:
        await connections.get("default").execute_query("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        await services().redis.ping()
        checks["redis"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["redis"] = f"error: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"ready": ready, **checks}, status_code=200 if ready else 503)


def create_app(settings: Settings | None = None, *, run_worker: bool = False) -> Starlette:
    settings = settings or get_settings()
    graphql = build_graphql(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        embedded = None
        redis_url = settings.redis_url
        if not redis_url:
            embedded = EmbeddedRedis(settings.var_dir)
            redis_url = embedded.start()
        try:
            async with RegisterTortoise(app, config=tortoise_config(settings.database_url),
                                        _enable_global_fallback=True):
                await start_services(settings, redis_url)
                worker_task = None
                if run_worker:
                    from workers.settings import build_worker

                    worker = build_worker(redis_url)
                    worker_task = asyncio.create_task(worker.async_run())
                    log.info("worker running alongside the API")
                try:
                    yield
                finally:
                    if worker_task is not None:
                        await worker.close()
                        worker_task.cancel()
                        with contextlib.suppress(asyncio.CancelledError, Exception):
                            await worker_task
                    await stop_services()
        finally:
            if embedded is not None:
                embedded.stop()

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/files/{token:str}", download),
        Route(TEMPLATE_PATH, pledge_template),
    ]
    middleware = []
    if settings.allowed_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.allowed_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["*"], allow_credentials=False))
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)



