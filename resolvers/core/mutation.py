"""Running a mutation: one transaction, refused inputs become payload errors, jobs sent after commit.

A mutation is written as an async function that returns the payload's fields::

    @strawberry.mutation(description="...", permission_classes=[IsSignedIn])
    @payload_mutation(PlanPayload)
    async def plan_create(self, info: Info, input: PlanCreateInput) -> dict:
        return {"plan": Plan.of(await create_plan(info.context.viewer, plan_data(input)))}
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, ParamSpec, TypeVar

from strawberry.types import Info as StrawberryInfo

from models.core.errors import Refused
from models.core.transaction import atomic
from schema.core import request_log
from schema.core.errors import to_user_errors
from schema.core.inputs import refused_input

P = ParamSpec("P")
T = TypeVar("T")


@functools.cache
def payload_error_types(payload_cls: type) -> tuple[type, type[Enum]]:
    """The ``<Domain>Error`` class of ``payload_cls.errors`` and its code enum, read from the types
    themselves so no call site repeats them."""
    fields = {f.name: f for f in payload_cls.__strawberry_definition__.fields}  # type: ignore[attr-defined]
    error_cls = fields["errors"].type.of_type
    codes = {f.name: f for f in error_cls.__strawberry_definition__.fields}["code"].type.wrapped_cls
    return error_cls, codes


def refused_payload(payload_cls: type[T], refused: Refused) -> T:
    """``payload_cls`` carrying the refusal's problems as its errors."""
    error_cls, codes = payload_error_types(payload_cls)
    for problem in refused.problems:
        request_log.escalate("client_error", problem.code)
    return payload_cls(errors=to_user_errors(error_cls, codes, refused.problems))  # type: ignore[call-arg]


def payload_mutation(payload_cls: type[T]) -> Callable[[Callable[P, Awaitable[dict[str, Any]]]],
                                                       Callable[P, Awaitable[T]]]:
    """Runs the decorated function in one transaction and builds ``payload_cls`` from the fields it
    returns; when it raises ``Refused`` everything it wrote is rolled back and the payload carries
    the problems as errors. Jobs it created are sent once the transaction has committed."""
    payload_error_types(payload_cls)  # a payload without typed errors fails at import, not at the first refusal

    def decorate(work: Callable[P, Awaitable[dict[str, Any]]]) -> Callable[P, Awaitable[T]]:
        @functools.wraps(work)
        async def mutation(*args: P.args, **kwargs: P.kwargs) -> T:
            info = next((a for a in (*args, *kwargs.values()) if isinstance(a, StrawberryInfo)), None)
            refused = refused_input(info) if info is not None else None
            if refused is not None:  # the input layer found bad strings, IDs or dates: nothing runs
                return refused_payload(payload_cls, refused)
            try:
                async with atomic():
                    fields = await work(*args, **kwargs)
            except Refused as refused:
                return refused_payload(payload_cls, refused)
            return payload_cls(errors=[], **fields)  # type: ignore[call-arg]

        # Strawberry reads the arguments (info, input) and the GraphQL return type from the signature:
        # keep the function's parameters, but publish the payload type rather than the dict it returns.
        mutation.__signature__ = inspect.signature(work).replace(  # type: ignore[attr-defined]
            return_annotation=payload_cls)
        mutation.__annotations__ = {**work.__annotations__, "return": payload_cls}
        mutation.refuses_input_in_payload = True  # type: ignore[attr-defined]  # read by the input layer
        return mutation

    return decorate
