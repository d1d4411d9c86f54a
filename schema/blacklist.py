"""黑名单 entries as HR bureaus see and manage them."""
from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from models.blacklist.models import BlacklistEntry as EntryRow
from models.blacklist.codes import BlacklistCode
from schema.core.ids import from_row
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.person import Person, visible_person

BlacklistErrorCode = error_code_enum("Blacklist", BlacklistCode, "Why a blacklist change was refused.")
BlacklistError = error_type("Blacklist", BlacklistErrorCode)


@strawberry.type(description="A bar on declaring (黑名单): who, why, from when until when, and whether lifted.")
class BlacklistEntry(relay.Node):
    row: strawberry.Private[EntryRow]
    id: relay.NodeID[int]
    reason: str
    starts_on: date
    ends_on: date
    lifted_at: datetime | None
    lift_reason: str
    created_at: datetime

    @classmethod
    def of(cls, row: EntryRow) -> "BlacklistEntry":
        return from_row(cls, row)

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await visible_person(info, await info.context.persons.load(self.row.person_id))


@strawberry.input(description="Bar a person (in your region) from declaring for a period.")
class BlacklistAddInput:
    person_id: strawberry.ID
    reason: str
    starts_on: date
    ends_on: date


@strawberry.input(description="Lift a bar early, with a reason.")
class BlacklistLiftInput:
    entry_id: strawberry.ID
    reason: str


@strawberry.type
class BlacklistPayload:
    errors: list[BlacklistError]  # type: ignore[valid-type]
    entry: BlacklistEntry | None = None
