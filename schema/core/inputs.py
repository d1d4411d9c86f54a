"""The input layer: every argument of an operation is checked once, before any resolver runs.

PostgreSQL refuses NUL bytes and lone surrogates, Tortoise refuses values longer than a column and the
database overflows on keys beyond int64: unchecked, each is a 500. ``InputGuard`` walks the arguments the
operation passes (inline and from variables, into every input object and list) and refuses

- a string with a NUL byte or a lone surrogate — ``INVALID_INPUT``;
- a lookup or filter string longer than its column (``max_length`` of the Tortoise field it is compared
  with, stated in the field's description) or any string longer than ``TEXT_MAX`` — ``TOO_LONG`` (the
  fields a mutation writes are measured by its rules, which name the field and report every problem);
- a code of the wrong shape (a region code is 6 digits, a series code as the catalogue makes them) —
  ``INVALID_INPUT``;
- a global ID that does not decode to ``Type:key`` with a positive int64 key — ``INVALID_ID``;
- a Date, DateTime or Decimal that does not parse — ``INVALID_INPUT`` (the scalars below hand the guard a
  marker instead of raising Python's exception text).

A mutation's own ``input`` is refused in its payload (``errors { field code message }``, the field path
relative to ``input``) by ``payload_mutation``; anything else (query arguments, arguments of nested fields)
refuses the whole operation before it runs, as top-level errors with ``extensions.code`` and
``extensions.field``. Only fields that take arguments are visited, and the visit is cached per parsed
document, so list pages pay nothing per row.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import dateutil.parser
from graphql import (FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLError, GraphQLInputObjectType,
                     GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema,
                     InlineFragmentNode, OperationType, SelectionSetNode, get_named_type, get_operation_ast)
from graphql.execution import ExecutionResult
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry import relay
from strawberry.extensions import SchemaExtension
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition, DecimalDefinition
from tortoise.models import Model

from models import MODEL_MODULES
from models.account.models import Identity
from models.achievement.models import AchievementRecord
from models.catalogue.models import Series
from models.catalogue.rules import CODE as SERIES_CODE_PATTERN
from models.core.errors import Problem, Refused
from models.core.keys import parse_key
from models.person.models import Person

TEXT_MAX = 20_000  # any string without a column of its own; the longest texts (标准内容, 计划内容) are 20,000
_SURROGATE = re.compile("[\ud800-\udfff]")


# --- scalars that never raise ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Unparsed:
    """What a Date, DateTime or Decimal scalar returns for a value it cannot read; the guard refuses it."""

    scalar: str


UNPARSED_MESSAGES = {"Date": "日期格式不正确，应为 YYYY-MM-DD",
                     "DateTime": "时间格式不正确，应为 ISO 8601（如 2026-03-01T09:00:00+08:00）",
                     "Decimal": "数值格式不正确"}


def _decimal(text: str) -> decimal.Decimal:
    value = decimal.Decimal(text)
    # NaN, Infinity and 1e999999 parse, then break every comparison or rounding a rule does.
    if not value.is_finite() or not -30 <= value.adjusted() <= 30:
        raise decimal.InvalidOperation(text)
    return value


def _lenient(parse, scalar: str, errors: tuple[type[Exception], ...], numbers: bool = False):
    def parse_value(value: object) -> object:
        if numbers and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) > 64:
            return Unparsed(scalar)
        try:
            return parse(value)
        except errors:
            return Unparsed(scalar)

    return parse_value


SCALAR_OVERRIDES = {
    dt.date: dataclasses.replace(DateDefinition, parse_value=_lenient(dt.date.fromisoformat, "Date", (ValueError,))),
    dt.datetime: dataclasses.replace(DateTimeDefinition, parse_value=_lenient(
        dateutil.parser.isoparse, "DateTime", (ValueError, OverflowError))),
    decimal.Decimal: dataclasses.replace(DecimalDefinition, parse_value=_lenient(
        _decimal, "Decimal", (decimal.DecimalException, ValueError), numbers=True)),
}


# --- what each argument and input field may hold --------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    pattern: re.Pattern
    message: str
    note: str  # for the field's description


REGION_CODE = Shape(re.compile(r"[0-9]{6}"), "地区代码须为6位数字", "6 位数字的地区代码（GB/T 2260）")
SERIES_CODE = Shape(SERIES_CODE_PATTERN, "系列代码须为大写字母、数字或下划线，以字母开头，最多40个字符",
                    "大写字母开头，由大写字母、数字、下划线组成")
SHAPED_NAMES = {"regionCode": REGION_CODE, "regionCodes": REGION_CODE, "parentCode": REGION_CODE}


@dataclass(frozen=True)
class Rule:
    limit: int | None = None  # from a column; None: TEXT_MAX
    shape: Shape | None = None


# Where a field's name says nothing of its column: (input type or "Parent.field", field or argument) → column.
COLUMNS: dict[tuple[str, str], Any] = {
    ("Query.series", "code"): Series._meta.fields_map["code"],
    ("AuthLoginInput", "login"): Identity._meta.fields_map["subject"],
    ("UnitAdminAddInput", "login"): Identity._meta.fields_map["subject"],
    ("CommitteeAdminAddInput", "login"): Identity._meta.fields_map["subject"],
    ("UnitRegisterInput", "adminLogin"): Identity._meta.fields_map["subject"],
    ("CommitteeCreateInput", "adminLogins"): Identity._meta.fields_map["subject"],
    ("BindingFilter", "nameContains"): Person._meta.fields_map["real_name"],
    ("BindingFilter", "idNumber"): Person._meta.fields_map["id_number"],
    ("BindingFilter", "mobile"): Person._meta.fields_map["mobile"],
    ("AchievementReviewFilter", "personNameContains"): Person._meta.fields_map["real_name"],
    ("AchievementReviewFilter", "workUnitContains"): AchievementRecord._meta.fields_map["work_unit"],
}
SHAPES: dict[tuple[str, str], Shape] = {("Query.region", "code"): REGION_CODE, ("Query.series", "code"): SERIES_CODE}


@cache
def _models() -> dict[str, type[Model]]:
    import importlib

    found = {}
    for module_name in MODEL_MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Model) and value.__module__ == module_name:
                found[value.__name__] = value
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _column(owner: str, name: str) -> Any:
    """The Tortoise field behind a lookup: declared in COLUMNS, else, for a filter, by name — the filter
    starts with the model's name (``PlanFilter`` → Plan) and the field names a column (``nameContains`` →
    name, ``regionCode`` → region_code)."""
    if (owner, name) in COLUMNS:
        return COLUMNS[owner, name]
    if not owner.endswith("Filter"):
        # A mutation's own fields are measured by its rules, which name the field in the message and report
        # every problem at once; lookups and filters go to the database as they are.
        return None
    models = [m for n, m in _models().items() if owner.startswith(n)]
    if not models:
        return None
    model = max(models, key=lambda m: len(m.__name__))
    return model._meta.fields_map.get(re.sub(r"_contains$", "", _snake(name)))


def _rule(owner: str, name: str, type_: Any) -> Rule | None:
    if get_named_type(type_).name != "String":
        return None
    column = _column(owner, name)
    limit = getattr(column, "max_length", None) if column is not None else None
    shape = SHAPES.get((owner, name)) or SHAPED_NAMES.get(name)
    return Rule(limit, shape) if limit or shape else None


def _sites(schema: GraphQLSchema) -> Iterator[tuple[str, str, Any]]:
    """(owner, name, GraphQL argument or input field) for every argument and input field."""
    for type_ in schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLInputObjectType):
            for name, field in type_.fields.items():
                yield type_.name, name, field
        elif isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in type_.fields.items():
                for name, arg in field.args.items():
                    yield f"{type_.name}.{field_name}", name, arg


def build_rules(schema: GraphQLSchema) -> dict[tuple[str, str], Rule]:
    """The specific rules of the schema's strings; each is also stated in the field's description, so the
    printed schema tells partners the limits the guard applies."""
    rules = {}
    for owner, name, site in _sites(schema):
        rule = _rule(owner, name, site.type)
        if rule is None:
            continue
        rules[owner, name] = rule
        notes = [rule.shape.note] if rule.shape else []
        if rule.limit and not rule.shape:
            notes.append(f"最多 {rule.limit} 个字符")
        note = "；".join(notes) + "。"
        if note not in (site.description or ""):
            site.description = f"{site.description} {note}" if site.description else note
    return rules


# --- checking values ------------------------------------------------------------------------------------------

def _text_problem(text: str, rule: Rule | None, is_id: bool) -> tuple[str, str] | None:
    if not text.isascii() and _SURROGATE.search(text):
        return "INVALID_INPUT", "含有无效字符（不成对的 UTF-16 代理项）"
    if "\x00" in text:
        return "INVALID_INPUT", "不能包含空字符（U+0000）"
    limit = rule.limit if rule and rule.limit else TEXT_MAX
    if len(text) > limit:
        return "TOO_LONG", f"不能超过{limit}个字符"
    if not text.strip():
        return None  # left blank: the resolver answers REQUIRED where it is
    if is_id and not _key_in_id(text):
        return "INVALID_ID", "ID 无效"
    if rule and rule.shape and not rule.shape.pattern.fullmatch(text):
        return "INVALID_INPUT", rule.shape.message
    return None


def _key_in_id(text: str) -> bool:
    try:
        gid = relay.GlobalID.from_id(text)
    except (ValueError, relay.GlobalIDValueError):  # binascii and Unicode errors are ValueErrors
        return False
    return bool(gid.type_name) and parse_key(gid.node_id) is not None


def _check(value: Any, type_: Any, owner: str, name: str, path: tuple[str, ...], rules: dict,
           found: list[tuple[tuple[str, ...], str, str]]) -> None:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if value is None:
        return
    if isinstance(type_, GraphQLList):
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            _check(item, type_.of_type, owner, name, (*path, str(i)), rules, found)
    elif isinstance(type_, GraphQLInputObjectType):
        if isinstance(value, dict):
            for key, field in type_.fields.items():
                if key in value:
                    _check(value[key], field.type, type_.name, key, (*path, key), rules, found)
    elif isinstance(value, Unparsed):
        found.append((path, "INVALID_INPUT", UNPARSED_MESSAGES[value.scalar]))
    elif isinstance(value, str):
        problem = _text_problem(value, rules.get((owner, name)), type_.name == "ID")
        if problem:
            found.append((path, *problem))


# --- the operation's fields with arguments, per parsed document -----------------------------------------------

@dataclass(frozen=True)
class _Site:
    owner: str  # "Query.region"
    field: Any  # the GraphQLField
    node: FieldNode
    response_key: str
    root: bool
    mutation_input: bool  # a mutation whose resolver turns refusals into its payload


def _field_sites(schema: GraphQLSchema, document, operation) -> list[_Site]:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    root_type = schema.get_root_type(operation.operation)
    sites: list[_Site] = []

    def visit(selection_set: SelectionSetNode | None, parent: Any, root: bool, seen: frozenset) -> None:
        if selection_set is None or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                name = sel.name.value
                field = parent.fields.get(name)
                if field is None:  # __typename and introspection
                    continue
                if sel.arguments:
                    key = sel.alias.value if sel.alias else name
                    sites.append(_Site(f"{parent.name}.{name}", field, sel, key, root,
                                       root and operation.operation == OperationType.MUTATION
                                       and _refuses_in_payload(field)))
                visit(sel.selection_set, get_named_type(field.type), False, seen)
            elif isinstance(sel, InlineFragmentNode):
                target = schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                visit(sel.selection_set, target, root, seen)
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
                fragment = fragments.get(sel.name.value)
                if fragment is not None:
                    visit(fragment.selection_set, schema.get_type(fragment.type_condition.name.value), root,
                          seen | {sel.name.value})

    visit(operation.selection_set, root_type, True, frozenset())
    return sites


def _refuses_in_payload(field: Any) -> bool:
    definition = (field.extensions or {}).get("strawberry-definition")
    resolver = getattr(definition, "base_resolver", None)
    return bool(getattr(getattr(resolver, "wrapped_func", None), "refuses_input_in_payload", False))


_SITES_CACHE: dict[tuple[int, str | None], tuple[Any, list[_Site]]] = {}


def _cached_sites(schema: GraphQLSchema, document, operation_name: str | None):
    key = (id(document), operation_name)
    hit = _SITES_CACHE.get(key)
    if hit is not None and hit[0] is document:  # ParserCache hands back the same document for the same text
        return hit[1]
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    if len(_SITES_CACHE) >= 512:
        _SITES_CACHE.clear()
    found = (operation, _field_sites(schema, document, operation))
    _SITES_CACHE[key] = (document, found)
    return found


# --- the extension --------------------------------------------------------------------------------------------

class InputGuard(SchemaExtension):
    """Runs between validation and execution; see the module's docstring."""

    def on_execute(self):
        ctx = self.execution_context
        if ctx.graphql_document is not None and not ctx.result:
            errors = self._refusals(ctx)
            if errors:
                ctx.result = ExecutionResult(data=None, errors=errors)  # Strawberry then skips execution
        yield

    def _refusals(self, ctx) -> list[GraphQLError]:
        schema = ctx.schema._schema
        found_sites = _cached_sites(schema, ctx.graphql_document, ctx.operation_name)
        if not found_sites or not found_sites[1]:
            return []
        operation, sites = found_sites
        variables = get_variable_values(schema, operation.variable_definitions or (), ctx.variables or {})
        if isinstance(variables, list):
            return []  # execution reports the variables' own errors
        rules = rules_of(schema)
        payloads: dict[str, Refused] = {}
        errors: list[GraphQLError] = []
        for site in sites:
            try:
                args = get_argument_values(site.field, site.node, variables)
            except GraphQLError:
                continue
            found: list[tuple[tuple[str, ...], str, str]] = []
            for name, value in args.items():
                _check(value, site.field.args[name].type, site.owner, name, (name,), rules, found)
            if not found:
                continue
            if site.mutation_input and isinstance(getattr(ctx.context, "extra", None), dict):
                payloads[site.response_key] = Refused(
                    *(Problem(code, message, path[1:] or None) for path, code, message in found))
            else:
                errors += [GraphQLError(f"参数 {'.'.join(path)}：{message}", nodes=[site.node],
                                        path=[site.response_key] if site.root else None,
                                        extensions={"code": code, "field": list(path)})
                           for path, code, message in found]
        if payloads and not errors:
            ctx.context.extra[InputGuard] = payloads
        return errors


def refused_input(info: Any) -> Refused | None:
    """The guard's refusal of this mutation's input, if any (read by ``payload_mutation``)."""
    extra = getattr(info.context, "extra", None)
    payloads = extra.get(InputGuard) if isinstance(extra, dict) else None
    return payloads.get(info.path.key) if payloads else None


_RULES: dict[int, tuple[GraphQLSchema, dict]] = {}


def rules_of(schema: GraphQLSchema) -> dict[tuple[str, str], Rule]:
    hit = _RULES.get(id(schema))
    if hit is None or hit[0] is not schema:
        hit = _RULES[id(schema)] = (schema, build_rules(schema))
    return hit[1]
