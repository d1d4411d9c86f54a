"""Error codes: each domain lists the codes its rules raise as an enum in ``models/<domain>/codes.py``.

The GraphQL ``<Domain>ErrorCode`` enums are derived from these (schema/core/errors.py), so a payload can
carry every code its mutations can raise. A rule may refuse with a code from another domain (an upload,
the binding guard, a registered review process): the enum that reaches the client says so with
``@includes(OtherCode, OtherCode.MEMBER, …)`` — a whole enum (with what it includes) or single members.
tests/test_error_codes.py checks every raise against these enums and every payload against its call graph.
"""
from __future__ import annotations

from collections.abc import Iterator
from enum import Enum, StrEnum, auto


class Codes(StrEnum):
    """A member's value is its name, and a member is the code string itself (``refuse(PlanCode.X, …)``)."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name


def includes(*others: type[Codes] | Codes):
    """Marks the codes of other enums that the decorated domain's entry points can raise too."""

    def mark(enum: type[Codes]) -> type[Codes]:
        enum.__included__ = others  # not a member: EnumType only guards member names
        return enum

    return mark


def code_names(enum: type[Enum]) -> Iterator[str]:
    """The enum's own codes, then what it includes (recursively for whole enums), each once, in order."""
    seen: set[str] = set()
    for name in _walk(enum, set()):
        if name not in seen:
            seen.add(name)
            yield name


def _walk(enum: type[Enum], visiting: set[type]) -> Iterator[str]:
    if enum in visiting:
        return
    visiting.add(enum)
    yield from enum.__members__
    for other in getattr(enum, "__included__", ()):
        if isinstance(other, Enum):
            yield other.name
        else:
            yield from _walk(other, visiting)


class CommonCode(Codes):
    """Codes any input can be refused with; every domain's enum has them."""

    INVALID = auto()
    REQUIRED = auto()
    TOO_LONG = auto()
    NOT_FOUND = auto()
    INVALID_ID = auto()
    CONFLICT = auto()
    INVALID_INPUT = auto()  # schema/core/inputs.py: a NUL byte, a lone surrogate, a malformed code or date


class UploadCode(Codes):
    """models/core/upload.py: what any mutation that receives a file can be refused with."""

    EMPTY_FILE = auto()
    FILE_TYPE_NOT_ALLOWED = auto()
    FILE_TOO_LARGE = auto()
    INVALID_FILE_NAME = auto()
    STORAGE_UNAVAILABLE = auto()  # the disk is full or read-only: nothing was kept


@includes(UploadCode)
class ImportCode(Codes):
    """models/core/import_batches.py: a two-step Excel import (导入, then 提交 or 放弃)."""

    INVALID_FILE = auto()  # not a workbook openpyxl can read
    TEMPLATE_MISMATCH = auto()  # the header row is not the template's
    TOO_MANY_ROWS = auto()
    BATCH_NOT_PENDING = auto()  # already confirmed or discarded
    ROW_NO_LONGER_VALID = auto()  # a row that passed at import fails at confirmation


@includes(UploadCode)
class SlotCode(Codes):
    """models/core/slots.py: a file put into an attachment slot of a request's form."""

    UNKNOWN_SLOT = auto()
    TOO_MANY_FILES = auto()


class JobCode(Codes):
    """models/core/transaction.py: what a mutation that starts a background job can be refused with."""

    IDEMPOTENCY_KEY_REUSED = auto()  # the key named an earlier request with other parameters
