"""Domain errors: raised by services, shown to clients as UserError rows in Chinese.

A service raises ``Refused`` with every problem it found; nothing has been written
when it propagates, because each mutation runs in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    field: tuple[str, ...] | None = None


class Refused(Exception):
    def __init__(self, *problems: Problem):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


def refuse(code: str, message: str, *field: str) -> Refused:
    return Refused(Problem(code, message, tuple(field) or None))


class Collector:
    """Gathers every validation problem of an input before refusing once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, code: str, message: str, *field: str) -> None:
        self.problems.append(Problem(code, message, tuple(field) or None))

    def require(self, value, field: str, label: str) -> bool:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add("REQUIRED", f"请填写{label}", field)
            return False
        return True

    def max_length(self, value: str | None, field: str, label: str, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add("TOO_LONG", f"{label}不能超过{limit}个字符", field)

    def raise_if_any(self) -> None:
        if self.problems:
            raise Refused(*self.problems)


class Forbidden(Exception):
    """The caller may not do this; reaches the client as a top-level FORBIDDEN error."""


class Unauthenticated(Exception):
    """No valid sign-in; reaches the client as a top-level UNAUTHENTICATED error."""
