"""UserError rows in payloads, and the top-level errors clients can rely on.

Business and validation failures travel in ``errors: [<Domain>Error!]!`` with a stable
English code, a Chinese message and the input field path. Not signed in / not allowed
are top-level errors with ``extensions.code`` UNAUTHENTICATED / FORBIDDEN.
"""
from __future__ import annotations

import hashlib
import logging
import re
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from models.core.codes import CommonCode, code_names
from models.core.errors import Forbidden, Problem, Unauthenticated
from schema.core import request_log

log = logging.getLogger("zhicheng.graphql")

COMMON_CODES = list(CommonCode)


def error_code_enum(domain: str, codes: type[Enum], description: str) -> type[Enum]:
    """``<Domain>ErrorCode``: the common codes, then the domain enum's own and included ones
    (models/core/codes.py) — derived, so a code a rule raises cannot be missing here by hand."""
    if not (isinstance(codes, type) and issubclass(codes, Enum)):
        raise TypeError(f"{domain}ErrorCode derives from a models/<domain>/codes.py enum, not a list")
    names = dict.fromkeys([*code_names(CommonCode), *code_names(codes)])
    return strawberry.enum(Enum(f"{domain}ErrorCode", {c: c for c in names}), description=description)


@strawberry.interface(description="A refused input: what is wrong, where, and a stable code to branch on.")
class UserError:
    field: list[str] | None = strawberry.field(description="Path of the input field at fault, if any.")
    message: str = strawberry.field(description="What is wrong, in Chinese, ready to show.")


def error_type(domain: str, code_enum: type[Enum]):
    """Builds ``<Domain>Error`` implementing UserError with the domain's code enum."""
    annotations = {"code": code_enum}
    cls = type(f"{domain}Error", (UserError,), {"__annotations__": annotations})
    return strawberry.type(cls, description=f"A refused input in {domain} operations.")


def to_user_errors(error_cls: Any, code_enum: type[Enum], problems: list[Problem]) -> list:
    return [error_cls(field=list(p.field) if p.field else None, message=p.message, code=_member(code_enum, p.code))
            for p in problems]


def _member(code_enum: type[Enum], code: str) -> Enum:
    try:
        return code_enum[code]
    except KeyError:  # still a 500, but one that says where to fix it; tests/test_error_codes.py should catch it
        raise LookupError(f"{code} is not in {code_enum.__name__}: add it to a codes.py enum or its includes") \
            from None


def top_level(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


# graphql-core quotes names and values from the request in its messages ("Cannot query field 'x…'"):
# anything long is cut, so a 200 KB name is not echoed back (nor logged).
_QUOTED = re.compile(r"(['\"])([^'\"]{80})[^'\"]+\1")


def shortened(error: GraphQLError) -> GraphQLError:
    if len(error.message) <= 500:
        return error
    message = _QUOTED.sub(lambda m: f"{m[1]}{m[2]}…{m[1]}", error.message)[:500]
    return GraphQLError(message, nodes=error.nodes, source=error.source, positions=error.positions,
                        path=error.path, original_error=error.original_error, extensions=error.extensions)


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class ZhichengErrors(MaskErrors):
    """Keeps intended errors (auth, limits, validation) and masks everything unexpected."""

    def __init__(self, hide_suggestions: bool = False) -> None:
        super().__init__(error_message="服务器内部错误，请稍后重试")
        self.hide_suggestions = hide_suggestions  # production: names of fields are not handed out

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        out = []
        for error in errors:
            original = error.original_error
            if isinstance(original, Unauthenticated):
                out.append(self._with_code(error, "请先登录", "UNAUTHENTICATED"))
            elif isinstance(original, Forbidden):
                out.append(self._with_code(error, str(original) or "无权访问", "FORBIDDEN"))
            elif original is None or isinstance(original, GraphQLError):
                out.append(shortened(self._unsuggested(error)))  # parse/validation and deliberate errors
            else:
                # The client gets the request id, so a support call finds this line (and its traceback).
                rid = request_log.request_id()
                log.error("unexpected error at %s", error.path, exc_info=original, extra={"request_id": rid})
                anonymised = self.anonymise_error(error)
                anonymised.extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": rid}
                out.append(anonymised)
            code = (out[-1].extensions or {}).get("code", "GRAPHQL_VALIDATION_FAILED")
            request_log.escalate("server_error" if code == "INTERNAL_SERVER_ERROR" else "client_error", code)
        return out

    def on_operation(self):  # type: ignore[override]
        yield from super().on_operation()
        # Only the operation's name and a fingerprint of its text: queries can be large and carry input.
        query = self.execution_context.query or ""
        name = self.execution_context.operation_name
        request_log.note(operation=name[:100] if isinstance(name, str) else None, query_length=len(query),
                         query_sha256=hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()[:16])

    def _unsuggested(self, error: GraphQLError) -> GraphQLError:
        # graphql-core 3.3 has a hide_suggestions switch, but Strawberry passes it neither to validation
        # nor to execution (variable coercion): cut "Did you mean 'plans'?" from the message instead.
        if not self.hide_suggestions or "Did you mean" not in error.message:
            return error
        return GraphQLError(_SUGGESTION.sub("", error.message), nodes=error.nodes, source=error.source,
                            positions=error.positions, path=error.path, original_error=error.original_error,
                            extensions=error.extensions)

    @staticmethod
    def _with_code(error: GraphQLError, message: str, code: str) -> GraphQLError:
        return GraphQLError(message, nodes=error.nodes, source=error.source, positions=error.positions,
                            path=error.path, extensions={"code": code})
