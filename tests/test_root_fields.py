"""What every root field shares: ``payload_mutation`` (one transaction, refusals as payload errors) and the
permission classes (the same top-level UNAUTHENTICATED / FORBIDDEN errors a resolver's own check gave)."""
from __future__ import annotations

import strawberry

from models.account.models import Account
from models.core.errors import refuse
from resolvers.core.mutation import payload_error_types, payload_mutation
from schema.account import AuthError, AuthErrorCode, AuthLogoutPayload
from schema.core.permissions import IsPlatformAdmin
from tests.helpers import gql, make_account, make_person


@strawberry.input
class ProbeInput:
    name: str
    refuse: bool


@strawberry.type
class ProbeQuery:
    @strawberry.field(permission_classes=[IsPlatformAdmin])
    def secret(self) -> int:
        return 42


@strawberry.type
class ProbeMutation:
    @strawberry.mutation(description="Writes an account, then refuses when asked to.")
    @payload_mutation(AuthLogoutPayload)
    async def probe(self, info: strawberry.Info, input: ProbeInput) -> dict:
        await Account.create(display_name=input.name, password_hash="x")
        if input.refuse:
            raise refuse("INVALID_TOKEN", "不行", "name")
        return {"revoked": True}


PROBE = strawberry.Schema(query=ProbeQuery, mutation=ProbeMutation)
RUN = "mutation($input: ProbeInput!) { probe(input: $input) { errors { field message code } revoked } }"


def test_the_error_type_and_codes_come_from_the_payload():
    assert payload_error_types(AuthLogoutPayload) == (AuthError, AuthErrorCode)


def test_strawberry_sees_the_arguments_and_the_payload_type():
    assert "probe(input: ProbeInput!): AuthLogoutPayload!" in PROBE.as_str()


async def test_fields_build_the_payload_and_a_refusal_rolls_back(app):
    done = await PROBE.execute(RUN, variable_values={"input": {"name": "甲", "refuse": False}})
    assert done.data == {"probe": {"errors": [], "revoked": True}}
    refused = await PROBE.execute(RUN, variable_values={"input": {"name": "乙", "refuse": True}})
    assert refused.errors is None
    assert refused.data == {"probe": {"errors": [{"field": ["name"], "message": "不行", "code": "INVALID_TOKEN"}],
                                      "revoked": False}}
    assert await Account.filter(display_name="甲").exists()
    assert not await Account.filter(display_name="乙").exists()


def _errors(result: dict) -> list[dict]:
    return [{k: e[k] for k in ("message", "path", "extensions")} for e in result["errors"]]


async def test_refusals_are_top_level_errors_with_the_domain_message(http):
    account, person = await make_account("无角色"), await make_person()
    assert await gql(http, "{ me { isPlatformAdmin } }") == {"data": None, "errors": [
        {"message": "请先登录", "path": ["me"], "extensions": {"code": "UNAUTHENTICATED"},
         "locations": [{"line": 1, "column": 3}]}]}
    cases = [
        (None, "{ messages(first: 5) { totalCount } }", "请先登录", "UNAUTHENTICATED"),  # a connection
        (None, "{ myApplications { id } }", "请先登录", "UNAUTHENTICATED"),  # IsPerson, signed out
        (account.token, "{ myApplications { id } }", "只有专业技术人员可以执行此操作", "FORBIDDEN"),
        (person.token, "{ committeeImportTemplate { name } }", "评委会由人社部门管理", "FORBIDDEN"),
        (person.token, 'mutation { seriesCreate(input: {code: "X", name: "X"}) { errors { code } } }',
         "职称目录由省级人社部门维护", "FORBIDDEN"),
    ]
    for token, query, message, code in cases:
        result = await gql(http, query, token=token)
        field = next(iter(result["errors"]))["path"][0]
        assert result["data"] is None, query
        assert _errors(result) == [{"message": message, "path": [field], "extensions": {"code": code}}], query
    # A nullable field is null beside its error, as when the resolver raised.
    result = await gql(http, 'query($u: ID!) { postQuota(unitId: $u, year: 2026) { year } }', {"u": "VW5pdDox"})  # Unit:1
    assert result["data"] == {"postQuota": None}
    assert _errors(result) == [{"message": "请先登录", "path": ["postQuota"],
                                "extensions": {"code": "UNAUTHENTICATED"}}]


async def test_platform_admin_permission(app):
    from models.access.viewer import Viewer

    class Context:
        def __init__(self, viewer: Viewer) -> None:
            self.viewer = viewer

    refused = await PROBE.execute("{ secret }", context_value=Context(Viewer(account_id=1)))
    assert [(e.message, type(e.original_error).__name__) for e in refused.errors] == [
        ("仅平台管理员可以执行此操作", "Forbidden")]
    allowed = await PROBE.execute("{ secret }", context_value=Context(Viewer(account_id=1, is_platform_admin=True)))
    assert allowed.data == {"secret": 42}
