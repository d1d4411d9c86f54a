"""The typed fields of each achievement category, generated from models/achievement/fields.py.

For every category: an output type ``<Stem>Fields`` (member of the ``AchievementFields``
union) and an input ``<Stem>Input`` (member of the one-of ``AchievementDataInput``). Input
fields are all nullable so that a missing value is answered like any other validation
problem: a REQUIRED error in Chinese with its field path.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Union

import strawberry

import schema.person  # noqa: F401 - registers the Education and Degree enums this module reuses
from models.achievement.models import AchievementCategory
from models.achievement.choices import LABELS
from models.achievement.fields import SPECS, CategorySpec, FieldSpec, Kind, load

_SCALARS: dict[Kind, type] = {Kind.TEXT: str, Kind.DATE: date, Kind.INT: int, Kind.AMOUNT: Decimal, Kind.FLAG: bool}


def _enum(choices: type[Enum]) -> type[Enum]:
    if "__strawberry_definition__" not in vars(choices):
        strawberry.enum(choices, description=" / ".join(f"{m.value} {LABELS[m]}" for m in choices))
    return choices


def _python_type(f: FieldSpec) -> type:
    return _enum(f.choices) if f.kind == Kind.CHOICE else _SCALARS[f.kind]  # type: ignore[arg-type]


def _describe(f: FieldSpec, *, for_input: bool) -> str:
    text = f.label
    if f.kind == Kind.TEXT:
        text += f"，至多{f.max_length}字"
    elif f.kind == Kind.INT:
        text += f"，{f.minimum}–{f.maximum}"
    elif f.kind == Kind.AMOUNT:
        text += "，不小于0，至多两位小数"
    elif f.kind == Kind.DATE and f.past:
        text += "，不晚于今天"
    if f.help:
        text += f"（{f.help}）"
    if for_input and f.required:
        text += "。必填"
    return text


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _output_type(spec: CategorySpec) -> type:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__}
    for f in spec.fields:
        t = _python_type(f)
        non_null = f.required or f.kind == Kind.FLAG
        annotations[f.key] = t if non_null else t | None
        namespace[f.key] = strawberry.field(description=_describe(f, for_input=False))
    namespace["__annotations__"] = annotations
    cls = type(f"{spec.type_stem}Fields", (), namespace)
    return strawberry.type(cls, description=f"{spec.category.value}（{_category_label(spec)}）的字段.")


def _input_type(spec: CategorySpec) -> type:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__}
    for f in spec.fields:
        annotations[f.key] = _python_type(f) | None
        namespace[f.key] = strawberry.field(default=None, description=_describe(f, for_input=True))
    namespace["__annotations__"] = annotations
    cls = type(f"{spec.type_stem}Input", (), namespace)
    return strawberry.input(cls, description=f"{_category_label(spec)}: the record's fields.")


def _category_label(spec: CategorySpec) -> str:
    from models.achievement.models import CATEGORY_LABELS

    return CATEGORY_LABELS[spec.category]


OUTPUT_TYPES: dict[AchievementCategory, type] = {c: _output_type(s) for c, s in SPECS.items()}
INPUT_TYPES: dict[AchievementCategory, type] = {c: _input_type(s) for c, s in SPECS.items()}
MEMBERS: dict[str, AchievementCategory] = {_snake(s.member): c for c, s in SPECS.items()}

AchievementFields = Annotated[
    Union[tuple(OUTPUT_TYPES.values())],  # type: ignore[valid-type]
    strawberry.union("AchievementFields", description="The category's typed fields; one member per category."),
]


def _data_input() -> type:
    annotations = {member: INPUT_TYPES[c] | None for member, c in MEMBERS.items()}
    namespace: dict[str, Any] = {"__module__": __name__, "__annotations__": annotations}
    for member, c in MEMBERS.items():
        namespace[member] = strawberry.field(default=strawberry.UNSET, description=_category_label(SPECS[c]))
    cls = type("AchievementDataInput", (), namespace)
    return strawberry.input(cls, one_of=True, description="Exactly one member: the record's category and its fields.")


AchievementDataInput = _data_input()


def fields_of(category: AchievementCategory, data: dict) -> Any:
    return OUTPUT_TYPES[category](**load(category, data))


def read_data_input(value: Any) -> tuple[AchievementCategory, dict, tuple[str, ...]]:
    """(category, raw field values, error path prefix) of the one member the client sent."""
    for member, category in MEMBERS.items():
        chosen = getattr(value, member, strawberry.UNSET)
        if chosen is not strawberry.UNSET and chosen is not None:
            raw = {f.key: getattr(chosen, f.key) for f in SPECS[category].fields}
            return category, raw, ("data", SPECS[category].member)
    from models.core.errors import refuse

    raise refuse("REQUIRED", "请选择业绩类别并填写内容", "data")
