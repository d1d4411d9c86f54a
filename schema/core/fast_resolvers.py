"""Direct resolvers for the fields that need none of Strawberry's per-call machinery.

Strawberry calls every field that has a resolver through a wrapper that converts arguments, builds the
extension chain and inspects the result; graphql-core already does the rest. For a field with no
arguments, no field extensions (no ``permission_classes``) and a plain ``self`` / ``info`` signature that
wrapper changes nothing but costs microseconds per object: on a 50-row page, a few hundred calls
(issue 10). After the schema is built, those fields get a resolver calling the function directly, with
the same Strawberry ``Info``; the relay ``id`` of types keeping the default ``resolve_id`` gets the
Relay ID straight from the row's key; a plain field (no resolver) reads its attribute, as Strawberry's
basic-field path does through two more calls. Only how a field is called changes: same function, same result,
same errors, and the printed schema is untouched (the schema-drift test holds it).
"""
from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType
from strawberry.relay import Node, to_base64
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition

DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF
# The function behind every relay type's `id` (a classmethod resolver of relay.Node).
_NODE_ID = Node.__strawberry_definition__.fields[0].base_resolver.wrapped_func.__func__  # type: ignore[union-attr]


def install(schema: Any) -> int:
    """Replaces the resolvers it can in the built ``strawberry.Schema``; returns how many."""
    info_class = schema.config.info_class
    replaced = 0
    for gtype in schema._schema.type_map.values():
        if not isinstance(gtype, GraphQLObjectType) or gtype.name.startswith("__"):
            continue
        definition = gtype.extensions.get("strawberry-definition")
        origin = definition.origin if isinstance(definition, StrawberryObjectDefinition) else None
        for gfield in gtype.fields.values():
            field = (gfield.extensions or {}).get(DEFINITION)
            if field is None or field.extensions or field.arguments or field.is_subscription:
                continue
            fast = None
            if field.base_resolver is None:
                if schema.config.default_resolver is getattr:
                    fast = _attribute(field.python_name)
            elif _is_node_id(field):
                fast = _node_id(gtype.name, origin)
            else:
                fast = _direct(field, info_class)
            if fast is not None:
                gfield.resolve = fast
                replaced += 1
    return replaced


def _attribute(name: str):
    """A plain field: the attribute itself (Strawberry's default resolver is ``getattr``)."""
    def resolve(source: Any, info: Any) -> Any:
        return getattr(source, name)

    return resolve


def _is_node_id(field: Any) -> bool:
    return getattr(field.base_resolver.wrapped_func, "__func__", None) is _NODE_ID


def _node_id(type_name: str, origin: type | None):
    """``to_base64(type, key)`` when the type keeps relay's default id and type-name resolution."""
    if origin is None or not issubclass(origin, Node):
        return None
    if (origin.resolve_id.__func__ is not Node.resolve_id.__func__  # type: ignore[attr-defined]
            or origin.resolve_typename.__func__ is not Node.resolve_typename.__func__):  # type: ignore[attr-defined]
        return None
    attr = origin.resolve_id_attr()

    def resolve_id(root: Any, info: Any) -> str:
        return to_base64(type_name, getattr(root, attr))

    return resolve_id


def _direct(field: Any, info_class: type):
    resolver = field.base_resolver
    params = resolver.reserved_parameters
    if resolver.parent_parameter is not None or resolver.root_parameter is not None:
        return None
    names = {p.name for p in resolver.signature.parameters.values()}
    expected = {p.name for p in params.values() if p is not None}
    if names != expected or resolver.self_parameter is None or resolver.self_parameter.name != "self":
        return None  # something Strawberry fills in that this does not, or a class/static method
    func = resolver.wrapped_func
    info_parameter = resolver.info_parameter
    if info_parameter is None:
        def resolve(source: Any, info: Any) -> Any:
            return func(source)
    else:
        name = info_parameter.name

        def resolve(source: Any, info: Any) -> Any:
            return func(source, **{name: info_class(_raw_info=info, _field=field)})

    return resolve
