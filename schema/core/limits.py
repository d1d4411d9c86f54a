"""Query cost: priced before execution, as GitHub and Shopify do.

Each selected field costs 1; fields under a connection are multiplied by its
``first``/``last``. Depth, token and alias limits come from Strawberry's extensions.
"""
from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    IntValueNode,
)
from strawberry.extensions import SchemaExtension

MAX_COST = 5000


def _page_size(node: FieldNode, variables: dict) -> int:
    for arg in node.arguments or ():
        if arg.name.value in ("first", "last"):
            value = arg.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 1)
            if isinstance(value, VariableNode):
                raw = variables.get(value.name.value)
                return max(int(raw), 1) if isinstance(raw, int) else 1
    return 1


def _cost(selection_set: SelectionSetNode | None, fragments: dict, variables: dict, seen: frozenset) -> int:
    if selection_set is None:
        return 0
    total = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            total += 1 + _page_size(sel, variables) * _cost(sel.selection_set, fragments, variables, seen)
        elif isinstance(sel, InlineFragmentNode):
            total += _cost(sel.selection_set, fragments, variables, seen)
        elif isinstance(sel, FragmentSpreadNode):
            name = sel.name.value
            if name in fragments and name not in seen:
                total += _cost(fragments[name].selection_set, fragments, variables, seen | {name})
    return total


def query_cost(document, variables: dict | None, operation_name: str | None = None) -> int:
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    return max((_cost(op.selection_set, fragments, variables or {}, frozenset()) for op in operations), default=0)


class QueryCostLimiter(SchemaExtension):
    def on_validate(self):
        ctx = self.execution_context
        if ctx.graphql_document is not None:
            cost = query_cost(ctx.graphql_document, ctx.variables, ctx.operation_name)
            if cost > MAX_COST:
                ctx.pre_execution_errors = list(ctx.pre_execution_errors or []) + [GraphQLError(f"查询过于复杂（代价 {cost}，上限 {MAX_COST}），请减少分页数量或嵌套",
                                           extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost})]
                # Strawberry skips validation and execution once pre-execution errors exist.
        yield
