"""Managing the blacklist (HR bureaus of the person's region, platform admins)."""
from __future__ import annotations

import strawberry

from models.access.blacklist import oversees_blacklist
from models.blacklist.models import BlacklistEntry as EntryRow
from models.blacklist.rules import add_entry, lift_entry
from models.core.errors import Forbidden
from models.person.models import Person as PersonRow
from models.unit.models import Unit as UnitRow
from resolvers.core.mutation import payload_mutation
from schema.blacklist import BlacklistAddInput, BlacklistEntry, BlacklistLiftInput, BlacklistPayload
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsSignedIn
from schema.person import Person


@strawberry.type
class BlacklistQueries:
    @strawberry.field(description="A person's blacklist entries (HR bureaus above their unit, platform admins).",
                      permission_classes=[IsSignedIn])
    async def blacklist_entries(self, info: Info, person_id: strawberry.ID) -> list[BlacklistEntry]:
        viewer = info.context.viewer
        try:
            person = await PersonRow.get_or_none(id=decode_id(person_id, Person, "personId"))
        except Exception:
            person = None
        unit = await UnitRow.get_or_none(id=person.current_unit_id) if person and person.current_unit_id else None
        if person is None or not oversees_blacklist(viewer, unit.region_id if unit else None):
            raise Forbidden("无权查看该人员的黑名单")
        return [BlacklistEntry.of(r) for r in await EntryRow.filter(person_id=person.id).order_by("-id")]


@strawberry.type
class BlacklistMutations:
    @strawberry.mutation(description="列入黑名单: the person cannot declare between the dates.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(BlacklistPayload)
    async def blacklist_add(self, info: Info, input: BlacklistAddInput) -> dict:
        entry = await add_entry(info.context.viewer, decode_id(input.person_id, Person, "personId"), input.reason,
                                input.starts_on, input.ends_on)
        return {"entry": BlacklistEntry.of(entry)}

    @strawberry.mutation(description="解除黑名单 with a reason.", permission_classes=[IsSignedIn])
    @payload_mutation(BlacklistPayload)
    async def blacklist_lift(self, info: Info, input: BlacklistLiftInput) -> dict:
        entry = await lift_entry(info.context.viewer, decode_id(input.entry_id, BlacklistEntry, "entryId"),
                                 input.reason)
        return {"entry": BlacklistEntry.of(entry)}
