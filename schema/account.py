"""Accounts, the signed-in view of oneself (`me`), and sign-in payloads."""
from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import relay

from models.access.masking import PersonAccess
from models.person.binding import Binding as BindingRow
from models.account.codes import AuthCode
from schema.binding import Binding
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.person import Person
from schema.unit import Unit

AuthErrorCode = error_code_enum("Auth", AuthCode, "Why signing in or refreshing was refused.")
AuthError = error_type("Auth", AuthErrorCode)


@strawberry.enum(description="What a membership lets you do.")
class UnitRole(Enum):
    UNIT_ADMIN = "UNIT_ADMIN"
    HR_BUREAU_ADMIN = "HR_BUREAU_ADMIN"


@strawberry.type(description="An account: who signs in. Its details are private to its owner.")
class Account(relay.Node):
    id: relay.NodeID[int]
    display_name: str


@strawberry.type(description="A unit you administer and your role there.")
class UnitMembership:
    unit: Unit
    role: UnitRole


@strawberry.type(description="You, signed in: your account, your person profile and your unit memberships.")
class Me:
    account: Account
    is_platform_admin: bool
    person_id: strawberry.Private[int | None]

    @strawberry.field(description="Your profile, if you registered as a professional.")
    async def person(self, info: Info) -> Person | None:
        if self.person_id is None:
            return None
        row = await info.context.persons.load(self.person_id)
        return Person.of(row, PersonAccess.FULL) if row else None

    @strawberry.field(description="Units you administer.")
    def memberships(self, info: Info) -> list[UnitMembership]:
        out = []
        for unit in info.context.viewer.admin_units.values():
            role = UnitRole.HR_BUREAU_ADMIN if unit.kind == "HR_BUREAU" else UnitRole.UNIT_ADMIN
            out.append(UnitMembership(unit=Unit.of(unit), role=role))
        return out

    @strawberry.field(description="Your unit requests (注册/变更单位), newest first, with their decisions.")
    async def bindings(self, info: Info) -> list[Binding]:
        if self.person_id is None:
            return []
        rows = await BindingRow.filter(person_id=self.person_id).order_by("-id").limit(50).select_related("unit")
        for row in rows:  # joined above; nested `unit` fields then read the loader's cache
            info.context.units.prime(row.unit.id, row.unit)
        return [Binding.of(r) for r in rows]

    @strawberry.field(description="May you submit records and declare? (your unit has approved you)")
    async def binding_approved(self, info: Info) -> bool:
        if self.person_id is None:
            return False
        row = await info.context.persons.load(self.person_id)
        return row is not None and row.current_unit_id is not None


@strawberry.input(description="Sign in with your mobile number or ID number.")
class AuthLoginInput:
    login: str
    password: str


@strawberry.input
class AuthRefreshInput:
    refresh_token: str


@strawberry.input
class AuthLogoutInput:
    refresh_token: str


@strawberry.type(description="A signed-in session: a short-lived access token and a single-use refresh token.")
class AuthPayload:
    errors: list[AuthError]  # type: ignore[valid-type]
    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: int | None = strawberry.field(default=None, description="Seconds the access token lives.")


@strawberry.type
class AuthLogoutPayload:
    errors: list[AuthError]  # type: ignore[valid-type]
    revoked: bool = False
