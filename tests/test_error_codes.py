"""Error codes: every code a rule raises is in its domain's enum, and every payload's enum holds every code
its resolver can reach — a code missing there would be a KeyError in to_user_errors, a masked 500.

The call graph is static (tests/codes_support.py); it follows resolvers into models/, through the review
processes and their guards, and into tables of checks. The canaries below fail if it loses track of those.
"""
from __future__ import annotations

import importlib
import inspect
from enum import Enum

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType

from models.core.codes import Codes, code_names
from schema.api import schema
from tests.codes_support import ROOT, CodeBase

CODE_BASE = CodeBase()

# Codes built at run time (f-strings, variables) cannot be read from the source: "module:function" -> codes.
# The input layer refuses any mutation's input with these (all CommonCode, so in every domain's enum).
DYNAMIC_CODES: dict[str, set[str]] = {"schema.core.inputs:InputGuard._refusals": {"INVALID_INPUT", "TOO_LONG", "INVALID_ID"}}

# Codes the static graph reaches that the field cannot raise, and why.
UNREACHABLE = {
    ("taskDecide", "TOO_MANY"): "decide_records' batch limit; the record review passes it the one record",
}


def domain_codes() -> dict[str, set[str]]:
    """models/<domain>/codes.py: every code of the enums defined there (with what they include)."""
    out = {}
    for path in sorted((ROOT / "models").glob("*/codes.py")):
        module = importlib.import_module(f"models.{path.parent.name}.codes")
        enums = [v for v in vars(module).values()
                 if isinstance(v, type) and issubclass(v, Codes) and v.__module__ == module.__name__]
        out[path.parent.name] = {name for e in enums for name in code_names(e)}
    return out


def unknown_codes(codes_by_domain: dict[str, set[str]]) -> list[str]:
    core = codes_by_domain.get("core", set())
    problems = []
    for r in CODE_BASE.raises():
        if not r.module.startswith("models.") or r.code is None:
            continue
        domain = r.module.split(".")[1]
        if domain not in codes_by_domain:
            problems.append(f"{r.module}:{r.line} raises {r.code}, but models/{domain}/codes.py does not exist")
        elif r.code not in codes_by_domain[domain] | core:
            problems.append(f"{r.module}:{r.line} {r.code} is not in models/{domain}/codes.py: {r.text}")
    return problems


def _named(t):
    while isinstance(t, (GraphQLNonNull, GraphQLList)):
        t = t.of_type
    return t


def payload_fields():
    """(field name, resolver key, code enum values) for every root field whose payload has ``errors``."""
    for root in (schema._schema.query_type, schema._schema.mutation_type):
        for name, field in root.fields.items():
            payload = _named(field.type)
            if not isinstance(payload, GraphQLObjectType) or "errors" not in payload.fields:
                continue
            enum = _named(_named(payload.fields["errors"].type).fields["code"].type)
            resolver = inspect.unwrap(schema.get_field_for_type(name, root.name).base_resolver.wrapped_func)
            yield name, f"{resolver.__module__}:{resolver.__qualname__}", set(enum.values), enum.name


def reachable_codes(key: str) -> dict[str, list[str]]:
    found = {code: [f"{r.module}:{r.line}" for r in raises] for code, raises in CODE_BASE.codes(key).items()}
    for k in CODE_BASE.reachable(key):
        for code in DYNAMIC_CODES.get(k, ()):
            found.setdefault(code, []).append(k)
    return found


def payload_gaps(values_of=lambda name, values: values) -> list[str]:
    gaps = []
    for name, key, values, enum_name in payload_fields():
        assert key in CODE_BASE.functions, f"{name}: resolver {key} not found in the source"
        for code, where in sorted(reachable_codes(key).items()):
            if code not in values_of(enum_name, values) and (name, code) not in UNREACHABLE:
                gaps.append(f"{name} can raise {code} ({', '.join(where[:3])}) but {enum_name} lacks it")
    return gaps


def test_every_raised_code_is_in_its_domain_enum():
    problems = unknown_codes(domain_codes())
    assert not problems, "\n".join(problems)


def test_codes_are_literals_or_listed():
    dynamic = [f"{r.module}:{r.line} {r.text}" for r in CODE_BASE.raises() if r.code is None]
    listed = {key.split(":")[0] for key in DYNAMIC_CODES}
    unlisted = [d for d in dynamic if d.split(":")[0] not in listed]
    assert not unlisted, "use a literal or a …Code member, or list the codes in DYNAMIC_CODES:\n" + "\n".join(unlisted)


def test_every_payload_enum_holds_what_its_resolver_can_raise():
    gaps = payload_gaps()
    assert not gaps, "\n".join(gaps)


def test_unreachable_exceptions_are_still_needed():
    for (name, code), why in UNREACHABLE.items():
        key = next(k for n, k, _, _ in payload_fields() if n == name)
        assert code in reachable_codes(key), f"{name}/{code} is no longer reached: drop it from UNREACHABLE ({why})"


def test_the_graph_follows_resolvers_processes_and_tables():
    reach = {name: reachable_codes(key) for name, key, _, _ in payload_fields()}
    assert {"INVALID_ID", "REQUIRED", "PLAN_WINDOW_INVALID", "NOT_ORGANIZER"} <= reach["planCreate"].keys()
    assert {"FILE_TOO_LARGE", "TOO_MANY_FILES"} <= reach["planFileAdd"].keys()  # core upload, plan rules
    # taskDecide -> the registered processes -> the employer's pass guard handed to the APPLICATION process
    assert {"NEXT_NODE_NOT_ALLOWED", "QUOTA_DECISION_REQUIRED", "NOT_PENDING"} <= reach["taskDecide"].keys()
    assert "DATE_ORDER" in reach["achievementRecordCreate"]  # a check held in the category table


def test_a_code_missing_from_an_enum_is_caught():
    codes = domain_codes()
    codes["plan"] = codes["plan"] - {"PLAN_WINDOW_PAST"}
    assert any("PLAN_WINDOW_PAST" in p for p in unknown_codes(codes))
    gaps = payload_gaps(lambda name, values: values - {"PLAN_WINDOW_PAST"} if name == "PlanErrorCode" else values)
    assert any(g.startswith("planPublish can raise PLAN_WINDOW_PAST") for g in gaps), gaps


def test_schema_enums_are_derived_from_the_domain_enums():
    from models.plan.codes import PlanCode
    from schema.plan.types import PlanErrorCode

    assert set(PlanCode) <= {m.value for m in PlanErrorCode}
    assert issubclass(PlanErrorCode, Enum)
