"""The `zhicheng` command: serve (embedded default), api, worker, migrate, demo, create-admin."""
from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from pathlib import Path

from zhicheng.settings import Settings, SettingsError, get_settings


def _settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        sys.exit(f"配置错误 / settings error: {exc}")


async def _with_orm(settings: Settings, work):
    from tortoise import Tortoise

    from zhicheng.db import tortoise_config

    ctx = await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        return await work()
    finally:
        await ctx.close_connections()


def cmd_migrate(settings: Settings) -> None:
    from zhicheng.db import migrate

    asyncio.run(migrate(settings.database_url))
    print("migrations applied")


def cmd_demo(settings: Settings) -> None:
    from zhicheng.demo import load_demo
    from zhicheng.services import install_domain
    from zhicheng.storage import LocalStorage

    install_domain(settings, LocalStorage(settings.storage_dir))  # the demo's issue job renders and signs
    for line in asyncio.run(_with_orm(settings, load_demo)):
        print(line)


def cmd_create_admin(settings: Settings, login: str, name: str, password: str | None) -> None:
    from zhicheng.admin import create_platform_admin

    password = password or getpass.getpass("password: ")
    try:
        asyncio.run(_with_orm(settings, lambda: create_platform_admin(login, name, password)))
    except ValueError as exc:
        sys.exit(str(exc))
    print(f"platform admin {login} ready")


def cmd_serve(settings: Settings, host: str, port: int, demo: bool) -> None:
    import uvicorn

    from zhicheng.app import create_app

    Path(settings.var_dir).mkdir(parents=True, exist_ok=True)
    cmd_migrate(settings)
    if demo:
        cmd_demo(settings)
    print(f"Zhicheng on http://{host}:{port}/graphql (GraphiQL in the browser); data in {settings.var_dir}/")
    uvicorn.run(create_app(settings, run_worker=True), host=host, port=port, **uvicorn_options(settings))


def cmd_api(settings: Settings, host: str, port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run("zhicheng.app:create_app", factory=True, host=host, port=port, workers=workers,
                **uvicorn_options(settings))


def uvicorn_options(settings: Settings) -> dict:
    """Proxy trust and logging for uvicorn: X-Forwarded-For is believed only from ZHICHENG_TRUSTED_PROXIES;
    our request line (zhicheng.logs) replaces uvicorn's access log, which would print download tokens."""
    from zhicheng.logs import config_dict

    return {"proxy_headers": True, "forwarded_allow_ips": list(settings.trusted_proxies),
            "access_log": False, "log_config": config_dict(settings), "log_level": "info"}


def cmd_worker(settings: Settings) -> None:
    from workers.process import run_worker_process
    from zhicheng.logs import configure

    configure(settings)
    asyncio.run(run_worker_process(settings))


def cmd_worker_health(settings: Settings, max_age: float) -> None:
    """The worker's liveness: its event loop rewrites the heartbeat every 5 s, Redis or not (a worker
    waiting for Redis is alive; restarting it would not help). Stale or missing: exit 1."""
    from workers.runtime import heartbeat_age

    age = heartbeat_age(settings.worker_heartbeat)
    if age is None or age > max_age:
        print(f"worker heartbeat {settings.worker_heartbeat}: " + ("missing" if age is None else f"{age:.0f}s old"))
        raise SystemExit(1)
    print(f"worker alive ({age:.1f}s ago)")


def cmd_export_schema(path: str) -> None:
    from schema.api import schema

    Path(path).write_text(schema.as_str() + "\n", encoding="utf-8")
    print(f"schema written to {path}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="zhicheng", description="Zhicheng professional-title platform")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run everything on the embedded default (SQLite, embedded Redis, worker)")
    serve.add_argument("--demo", action="store_true", help="load demo data first")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    api = sub.add_parser("api", help="run the API process (production)")
    api.add_argument("--host", default="0.0.0.0")
    api.add_argument("--port", type=int, default=8000)
    api.add_argument("--workers", type=int, default=1)
    sub.add_parser("worker", help="run the background worker process (production)")
    health = sub.add_parser("worker-health", help="exit 0 if the worker's heartbeat is fresh (liveness probe)")
    health.add_argument("--max-age", type=float, default=30.0, help="seconds; default 30")
    sub.add_parser("migrate", help="apply database migrations and reference data")
    sub.add_parser("demo", help="load demo data (idempotent)")
    admin = sub.add_parser("create-admin", help="create or promote a platform admin")
    admin.add_argument("--login", required=True, help="mobile number to sign in with")
    admin.add_argument("--name", default="平台管理员")
    admin.add_argument("--password", help="prompted when omitted")
    makemigrations = sub.add_parser("makemigrations", help="write a migration for model changes (developers)")
    makemigrations.add_argument("--name", help="migration name, e.g. catalogue")
    export = sub.add_parser("export-schema", help="print the GraphQL schema to a file")
    export.add_argument("path", nargs="?", default="schema.graphql")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if args.command == "export-schema":
        return cmd_export_schema(args.path)
    if args.command == "makemigrations":
        from tortoise.cli import main as tortoise_main

        sys.argv = ["tortoise", "-c", "zhicheng.db.TORTOISE_ORM", "makemigrations"]
        if args.name:
            sys.argv += ["--name", args.name]
        return tortoise_main()
    settings = _settings()
    if args.command == "serve":
        cmd_serve(settings, args.host, args.port, args.demo)
    elif args.command == "api":
        cmd_api(settings, args.host, args.port, args.workers)
    elif args.command == "worker":
        cmd_worker(settings)
    elif args.command == "worker-health":
        cmd_worker_health(settings, args.max_age)
    elif args.command == "migrate":
        cmd_migrate(settings)
    elif args.command == "demo":
        cmd_demo(settings)
    elif args.command == "create-admin":
        cmd_create_admin(settings, args.login, args.name, args.password)
