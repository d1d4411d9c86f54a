"""Logging for the API and the worker: one JSON object per line in production, readable text in development.

Every line carries the request id of the request it belongs to; one line per HTTP request
(``zhicheng.request``) says method, path, status, duration and, for GraphQL, the operation,
outcome and viewer. Query text, variables and headers are never logged; values that look
like signed tokens are redacted; CR/LF in any value is escaped, so input cannot forge lines.
"""
from __future__ import annotations

import logging
import logging.config
import re
import time
import uuid
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from schema.core import request_log
from zhicheng.settings import Settings

log = logging.getLogger("zhicheng.request")

REQUEST_ID_HEADER = "x-request-id"
# A proxy's or client's id is kept when it is short and plain, so it can be grepped across systems.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# Access and download tokens are JWTs (header.payload.signature, base64url, header starts "eyJ").
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_FILES_PATH = re.compile(r"^/(files|verify)/.*")  # a download token, a certificate's verification key
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_STANDARD_ATTRS = {*RESERVED_ATTRS, "taskName", "color_message"}


def escape(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def redact(text: str) -> str:
    """Signed tokens anywhere in a finished line (an exception text, a library's message) are dropped."""
    return _JWT.sub("[redacted]", text)


def safe_path(path: str) -> str:
    """The path as logged: a download path's token is a credential, a verification key opens a holder's
    certificate: both are dropped."""
    return _FILES_PATH.sub(lambda m: f"/{m[1]}/[redacted]", path)[:200]


class AddRequestId(logging.Filter):
    """Stamps lines logged while a request is served (a library's, a rule's) with its request id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            rid = request_log.request_id()
            if rid is not None:
                record.request_id = rid
        return True


class JsonLines(JsonFormatter):
    """One JSON object per line; JSON string encoding escapes CR/LF and every control character."""

    def __init__(self) -> None:
        super().__init__("{levelname}{name}{message}", style="{", timestamp=True, json_ensure_ascii=False,
                         rename_fields={"levelname": "level", "name": "logger", "exc_info": "traceback"})

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class TextLines(logging.Formatter):
    """``time LEVEL logger: message key=value …`` with control characters escaped; traceback lines
    are indented, so nothing in an exception text can start a line of its own."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        extras = "".join(f" {k}={v}" for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS)
        return escape(super().formatMessage(record) + extras)

    def formatException(self, ei: Any) -> str:
        return "\n".join("    " + escape(line) for line in super().formatException(ei).splitlines())

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def config_dict(settings: Settings) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict, also handed to uvicorn (which applies it in each worker)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": AddRequestId}},
        "formatters": {"default": {"()": JsonLines if settings.production else TextLines}},
        "handlers": {"default": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                 "formatter": "default", "filters": ["request_id"]}},
        "root": {"level": "INFO", "handlers": ["default"]},
        # uvicorn's loggers go through the same handler; its access log is replaced by zhicheng.request.
        "loggers": {name: {"handlers": [], "propagate": True, "level": "INFO"}
                    for name in ("uvicorn", "uvicorn.error", "arq")}
        | {"uvicorn.access": {"handlers": [], "propagate": True, "level": "WARNING"}},
    }


def configure(settings: Settings) -> None:
    logging.config.dictConfig(config_dict(settings))


class RequestLog:
    """Pure ASGI middleware: a request id (a sane incoming X-Request-ID, else a new one) returned in
    the X-Request-ID header, and one ``zhicheng.request`` line when the response is done."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        rid = incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []),
                                                  (REQUEST_ID_HEADER.encode(), rid.encode())]}
            await send(message)

        token = request_log.open_record(rid)
        exc_info = None
        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            exc_info = exc
            raise
        finally:
            record = request_log.close_record(token)
            if status >= 500 or exc_info is not None:
                record["outcome"] = "server_error"
            elif status >= 400 and record["outcome"] == "ok":
                record["outcome"] = "client_error"
            client = scope.get("client")
            fields = {**record, "method": scope["method"], "path": safe_path(scope["path"]), "status": status,
                      "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                      "client_ip": client[0] if client else None}
            level = logging.ERROR if fields["outcome"] == "server_error" else logging.INFO
            log.log(level, "%s %s %s", fields["method"], fields["path"], status, extra=fields, exc_info=exc_info)
