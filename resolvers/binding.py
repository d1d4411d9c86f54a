"""Joining a unit (变更单位) and the unit's registration review (人员注册审核)."""
from __future__ import annotations

import strawberry
from graphql import GraphQLError
from tortoise.expressions import Subquery

from models.person.binding import Binding as BindingRow
from models.person.binding import BindingDecision, decide_bindings, request_binding
from models.core.errors import Forbidden, Refused
from models.person.models import Person as PersonRow
from models.unit.models import Unit as UnitRow
from resolvers.core.mutation import payload_mutation
from schema.binding import (Binding, BindingDecideInput, BindingDecidePayload, BindingFilter, BindingRequestInput,
                            BindingRequestPayload)
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsPerson, IsSignedIn
from schema.core.pagination import Connection, paginate
from schema.unit import Unit


@strawberry.type
class BindingQueries:
    @strawberry.field(description="人员注册审核: people who asked to join a unit. For that unit's admins, the HR "
                                  "bureaus above it and platform admins.", permission_classes=[IsSignedIn])
    async def registration_reviews(self, info: Info, unit_id: strawberry.ID, filter: BindingFilter | None = None,
                                   first: int | None = None, after: str | None = None, last: int | None = None,
                                   before: str | None = None) -> Connection[Binding]:
        viewer = info.context.viewer
        try:
            pk = decode_id(unit_id, Unit, "unitId")
        except Refused:
            raise GraphQLError("单位 ID 无效", extensions={"code": "INVALID_ID"}) from None
        unit = await UnitRow.get_or_none(id=pk)
        if unit is None or not viewer.manages_unit(unit):
            raise Forbidden("无权查看该单位的人员注册审核")
        qs = BindingRow.filter(unit_id=unit.id)
        if filter:
            if filter.status:
                qs = qs.filter(status__in=[s.value for s in filter.status])
            people = PersonRow.all()
            narrowed = False
            if filter.name_contains:
                people, narrowed = people.filter(real_name__icontains=filter.name_contains.strip()), True
            if filter.id_number:
                people, narrowed = people.filter(id_number=filter.id_number.strip().upper()), True
            if filter.mobile:
                people, narrowed = people.filter(mobile=filter.mobile.strip()), True
            if narrowed:
                qs = qs.filter(person_id__in=Subquery(people.values("id")))
            if filter.created_from:
                qs = qs.filter(created_at__gte=filter.created_from)
            if filter.created_to:
                qs = qs.filter(created_at__lte=filter.created_to)
        ctx = info.context

        def to_node(row: BindingRow) -> Binding:
            # The page query joins person and unit; hand them to the loaders the nested fields use.
            ctx.persons.prime(row.person.id, row.person)
            ctx.units.prime(row.unit.id, row.unit)
            return Binding.of(row)

        return await paginate(qs.select_related("person", "unit"), to_node, first=first, after=after, last=last,
                              before=before)


@strawberry.type
class BindingMutations:
    @strawberry.mutation(description="Ask to join a unit (变更单位). Your current unit stays until it approves.",
                         permission_classes=[IsPerson])
    @payload_mutation(BindingRequestPayload)
    async def binding_request(self, info: Info, input: BindingRequestInput) -> dict:
        person = await PersonRow.get(id=info.context.viewer.person_id)
        unit_id = decode_id(input.unit_id, Unit, "unitId")
        binding = await request_binding(person, unit_id, is_freelancer=input.is_freelancer,
                                        explanation=input.explanation.strip(), actor_id=person.account_id)
        return {"binding": Binding.of(binding)}

    @strawberry.mutation(description="审核: pass or return registrations of your unit; each person gets a message.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(BindingDecidePayload)
    async def binding_decide(self, info: Info, input: BindingDecideInput) -> dict:
        viewer = info.context.viewer
        ids = [decode_id(b, Binding, ("bindingIds", str(i))) for i, b in enumerate(input.binding_ids)]
        rows = await decide_bindings(viewer, ids, BindingDecision(input.decision.value), input.opinion)
        return {"bindings": [Binding.of(r) for r in rows]}


