"""Helpers every domain's types share: global IDs and building types from rows."""
from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, TypeVar

from strawberry import relay

from models.core.errors import refuse
from models.core.keys import parse_key

N = TypeVar("N")


# What a missing ID asks for, in the words of the forms.
ID_LABELS = {"Account": "账号", "AchievementRecord": "业绩", "Application": "申报", "Binding": "注册申请",
             "BlacklistEntry": "黑名单记录", "Committee": "评委会", "EvaluationScheme": "呈报方案",
             "EvaluationStandard": "评审标准", "IssuerCode": "发证单位编码", "NumberRange": "证书编号库",
             "Person": "人员", "Plan": "评审计划", "SchemeParticipant": "参评人员", "Series": "系列",
             "Specialty": "专业", "Task": "任务", "TitleName": "申报资格名称", "Unit": "单位"}


def decode_id(value: str | relay.GlobalID, expected: type, field: str | tuple[str, ...]) -> int:
    """The primary key inside a global ID: an empty one is REQUIRED (a form left blank), one that does not
    decode, names another type or whose key is not a positive int64 is INVALID_ID."""
    fields = (field,) if isinstance(field, str) else field
    name = expected.__strawberry_definition__.name
    if isinstance(value, str) and not value.strip():
        raise refuse("REQUIRED", f"请选择{ID_LABELS.get(name, '此项')}", *fields)
    try:
        gid = value if isinstance(value, relay.GlobalID) else relay.GlobalID.from_id(str(value))
        if gid.type_name != name:
            raise ValueError
    except (ValueError, TypeError, relay.GlobalIDValueError):
        raise refuse("INVALID_ID", f"ID 无效或不是{name}类型", *fields) from None
    pk = parse_key(gid.node_id)
    if pk is None:  # beyond int64 the database would overflow
        raise refuse("INVALID_ID", f"ID 无效或不是{name}类型", *fields)
    return pk


def encode_id(type_: type, pk: int) -> str:
    return relay.to_base64(type_.__strawberry_definition__.name, pk)


@lru_cache(maxsize=None)
def _plain_fields(cls: type) -> tuple[tuple[str, ...], bool, bool]:
    """The init fields copied by name, and whether the type keeps ``row`` / takes ``id``."""
    names = tuple(f.name for f in dataclasses.fields(cls) if f.init)  # type: ignore[arg-type]
    return tuple(n for n in names if n not in ("row", "id")), "row" in names, "id" in names


_MISSING = object()


def from_row(cls: type[N], row: Any, **extra: Any) -> N:
    """Builds a Strawberry type from an ORM row: plain fields are copied by name, ``row`` is kept."""
    plain, keeps_row, has_id = _plain_fields(cls)
    values: dict[str, Any] = {}
    for name in plain:
        if name not in extra and (value := getattr(row, name, _MISSING)) is not _MISSING:
            values[name] = value
    if keeps_row:
        values["row"] = row
    if has_id:
        values["id"] = row.pk
    values.update(extra)
    return cls(**values)
