"""The ASGI app: /graphql (POST; GraphiQL on GET outside production; websocket), health, downloads, the public
certificate verification page."""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL
from cross_web import HTTPException
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

from models.access.viewer import load_viewer
from models.account.auth import read_access_token
from schema.core.context import Context
from schema.core.request_log import note
from zhicheng.db import tortoise_config
from zhicheng.body_limit import BodyLimit
from resolvers.pledge import REISSUE_TEMPLATE_PATH, TEMPLATE_PATH, pledge_template, reissue_pledge_template
from zhicheng.credentials import issuer_keys, status_list
from zhicheng.downloads import download
from zhicheng.verify_page import verify_page
from zhicheng.embedded_redis import EmbeddedRedis
from zhicheng.logs import RequestLog
from zhicheng.persisted_queries import PersistedQueries
from zhicheng.response_cache import MAX_BODY, ResponseCache, cacheable_body, clean_answer
from zhicheng.services import services, start_services, stop_services
from zhicheng.settings import Settings, get_settings

log = logging.getLogger("zhicheng")
# Multipart uploads are simple CORS requests; demanding this header forces a preflight,
# so another site cannot post files in a signed-in user's name.
OPERATION_NAME_MAX = 200
CSRF_HEADERS = ("x-zhicheng-csrf", "apollo-require-preflight", "x-apollo-operation-name")


class ZhichengGraphQL(GraphQL):
    response_cache: ResponseCache | None = None
    persisted_queries: PersistedQueries

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.persisted_queries = PersistedQueries()

    def encode_json(self, data: object) -> str:
        # orjson: several times faster than json.dumps, and Chinese text as UTF-8 rather than \uXXXX
        # escapes (a fifth of a list page's bytes). A str, not bytes: websocket frames stay text frames.
        return orjson.dumps(data).decode()

    async def get_context(self, request: Any, response: Any) -> Context:
        svc = services()
        header = request.headers.get("authorization", "")
        account_id = None
        if header.lower().startswith("bearer "):
            account_id = read_access_token(header[7:].strip(), svc.settings.secret_key)
        viewer = await load_viewer(account_id)
        note(viewer_id=viewer.account_id)
        return Context(request=request, response=response, viewer=viewer, services=svc)

    async def parse_http_body(self, request_adapter):  # type: ignore[override]
        data = await super().parse_http_body(request_adapter)
        # Strawberry's 400 for an unknown operation quotes the name: refuse long names before that.
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item.operation_name, str) and len(item.operation_name) > OPERATION_NAME_MAX:
                raise HTTPException(400, f"operationName 不能超过{OPERATION_NAME_MAX}个字符")
        return data

    async def run(self, request, *args: Any, **kwargs: Any):  # type: ignore[override]
        if isinstance(request, Request):
            content_type = request.headers.get("content-type", "")
            if content_type.startswith("multipart/") and not any(h in request.headers for h in CSRF_HEADERS):
                return JSONResponse({"errors": [{"message": "上传文件须带 X-Zhicheng-CSRF 请求头",
                                                 "extensions": {"code": "CSRF_REJECTED"}}]}, status_code=400)
            if request.method == "POST" and content_type.startswith("application/json"):
                refused = await self._persisted(request)
                if refused is not None:
                    return refused
                if self.response_cache is not None and "authorization" not in request.headers:
                    return await self._cached(request, *args, **kwargs)
        return await super().run(request, *args, **kwargs)

    async def _persisted(self, request: Request) -> Response | None:
        """Automatic persisted queries (zhicheng/persisted_queries.py): a known hash gets its document put
        into the body the view reads; an unknown one, a mismatch or another version is answered here."""
        body = await request.body()  # Starlette keeps it: the view reads the same (or the rewritten) bytes
        if b'"persistedQuery"' not in body:
            return None
        try:
            data = json.loads(body)
        except ValueError:
            return None  # the view answers a body that is not JSON
        if not isinstance(data, dict):
            return None
        had_query = "query" in data
        refused = self.persisted_queries.resolve(data)
        if refused is not None:
            return JSONResponse(refused)
        if not had_query and "query" in data:
            request._body = orjson.dumps(data)
        return None

    async def _cached(self, request: Request, *args: Any, **kwargs: Any):
        """Anonymous public queries from the response cache (zhicheng/response_cache.py). When an entry has
        expired, the first request computes it and the others asking the same meanwhile wait for its answer
        (one computation per body per second, not one per waiting client)."""
        cache = self.response_cache
        assert cache is not None
        body = await request.body()  # Starlette keeps it: the view reads the same bytes
        content = cache.get(body) if len(body) <= MAX_BODY else None
        if content is None and len(body) <= MAX_BODY and cacheable_body(body):
            flight = cache.flight(body)
            if flight is not None:
                content = await asyncio.shield(flight)  # None: the first one's answer was not kept
            else:
                cache.lead(body)
                try:
                    response = await super().run(request, *args, **kwargs)
                    if response.status_code == 200 and clean_answer(response.body):
                        content = bytes(response.body)
                        cache.put(body, content)
                    return response
                finally:
                    cache.land(body, content)
        if content is not None:
            note(cached=True)
            return Response(content, media_type="application/json")
        return await super().run(request, *args, **kwargs)


def build_graphql(settings: Settings) -> ZhichengGraphQL:
    from schema.api import build_schema

    schema = build_schema(production=settings.production)
    graphql = ZhichengGraphQL(schema, graphql_ide=None if settings.production else "graphiql",
                              allow_queries_via_get=False, multipart_uploads_enabled=True)
    if settings.response_cache_seconds > 0:
        graphql.response_cache = ResponseCache(settings.response_cache_seconds)
    return graphql


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _check(probe, timeout: float) -> str:
    try:
        await asyncio.wait_for(probe, timeout)
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready; the name says which
        return f"error: {type(exc).__name__}"


async def readyz(request: Request) -> Response:
    """Ready when the database answers, Redis answers and uploads can be written; the checks run at
    once, each bounded by the Redis client's timeout, so a frozen dependency answers 503 within it."""
    svc = services()
    timeout = max(svc.settings.redis_connect_timeout, svc.settings.redis_socket_timeout)
    names = ("database", "redis", "storage")
    results = await asyncio.gather(_check(connections.get("default").execute_query("SELECT 1"), timeout),
                                   _check(svc.redis.ping(), timeout), _check(svc.storage.check_writable(), timeout))
    checks = dict(zip(names, results))
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
                    from workers.runtime import WorkerRuntime

                    runtime = WorkerRuntime(settings, redis_url, heartbeat=settings.worker_heartbeat)
                    worker_task = asyncio.create_task(runtime.run())
                    log.info("worker running alongside the API")
                try:
                    yield
                finally:
                    if worker_task is not None:
                        # uvicorn has stopped taking requests: running jobs get the grace period.
                        runtime.stop()
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
        Route("/credentials/status/{province:str}/{code:str}", status_list),
        Route("/credentials/issuers/{province:str}/{code:str}", issuer_keys),
        Route(TEMPLATE_PATH, pledge_template),
        Route(REISSUE_TEMPLATE_PATH, reissue_pledge_template),
        Route("/verify/{token:str}", verify_page, methods=["GET"]),  # the certificates' QR codes
    ]
    # Outermost: every response, even a CORS or size refusal, carries and logs its request id.
    middleware = [Middleware(RequestLog)]
    if settings.allowed_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.allowed_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["*"], allow_credentials=False,
                                     expose_headers=["X-Request-ID"]))
    # Inside CORS, so a browser can read the 413.
    middleware.append(Middleware(BodyLimit, max_json_bytes=settings.max_json_bytes,
                                 upload_caps=settings.upload_caps))
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)



