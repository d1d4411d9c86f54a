"""What the request line says about the request being served (written by zhicheng.logs.RequestLog).

The ASGI middleware opens a record per HTTP request; the GraphQL layer adds the operation,
the viewer and the outcome as it learns them. Outside a request (tests calling the schema
directly, websockets, workers) there is no record and noting is a no-op.
"""
from __future__ import annotations

from contextvars import ContextVar
from typing import Any

OUTCOMES = ("ok", "client_error", "server_error")
_current: ContextVar[dict[str, Any] | None] = ContextVar("zhicheng_request_log", default=None)


def open_record(request_id: str) -> Any:
    """Starts the record; returns the token to ``close_record`` with."""
    return _current.set({"request_id": request_id, "outcome": "ok"})


def close_record(token: Any) -> dict[str, Any]:
    record = _current.get() or {}
    _current.reset(token)
    return record


def request_id() -> str | None:
    record = _current.get()
    return record["request_id"] if record else None


def note(**fields: Any) -> None:
    record = _current.get()
    if record is not None:
        record.update(fields)


def escalate(outcome: str, code: str | None = None) -> None:
    """Raises the outcome to ``outcome`` (never lowers it) and remembers the error code."""
    record = _current.get()
    if record is None:
        return
    if OUTCOMES.index(outcome) > OUTCOMES.index(record["outcome"]):
        record["outcome"] = outcome
    if code is not None:
        codes = record.setdefault("error_codes", [])
        if code not in codes and len(codes) < 10:
            codes.append(code)
