"""Refusals in queries: a query has no payload to carry them, so the first problem becomes a top-level error
with its code and field, as the input layer words its own (never an INTERNAL_SERVER_ERROR)."""
from __future__ import annotations

from contextlib import contextmanager

from graphql import GraphQLError

from models.core.errors import Refused


def refused_error(refused: Refused) -> GraphQLError:
    problem = refused.problems[0]
    return GraphQLError(problem.message, extensions={"code": problem.code, "field": list(problem.field or ())})


@contextmanager
def refusals_as_errors():
    """Wraps a query resolver's argument decoding and rule calls."""
    try:
        yield
    except Refused as refused:
        raise refused_error(refused) from None
