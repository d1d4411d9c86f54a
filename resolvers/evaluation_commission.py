"""委托评审 results returned to the unit that issued the commission letter: listed there, and filed by it."""
from __future__ import annotations

import strawberry

from models.core.errors import Forbidden
from models.evaluation.commission import commissioned_results, file_commissioned
from models.evaluation.models import ParticipantResult
from resolvers.core.mutation import payload_mutation
from resolvers.core.query import refusals_as_errors
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsSignedIn
from schema.evaluation.commission import (COMMISSION_JOINS, CommissionedResult, CommissionedResultFileInput,
                                          CommissionedResultFilePayload)
from schema.evaluation.types import SchemeParticipant
from schema.unit import Unit


def _require_unit_admin(info: Info, unit_id: int) -> None:
    viewer = info.context.viewer
    viewer.require_account()
    if not (viewer.is_platform_admin or viewer.administers(unit_id)):
        raise Forbidden("只能查看返回本单位的委托评审结果")


@strawberry.type
class CommissionQueries:
    @strawberry.field(description="委托评审结果: commissioned participants' passed results returned to your unit (the one "
                                  "that issued their commission letters), to file and then issue; newest first.",
                      permission_classes=[IsSignedIn])
    async def commissioned_results(self, info: Info, unit_id: strawberry.ID, filed: bool | None = None,
                                   first: int | None = None, after: str | None = None, last: int | None = None,
                                   before: str | None = None) -> Connection[CommissionedResult]:
        with refusals_as_errors():
            pk = decode_id(unit_id, Unit, "unitId")
        _require_unit_admin(info, pk)
        qs = commissioned_results(pk, filed=filed).prefetch_related(*COMMISSION_JOINS)
        return await paginate(qs, lambda row: CommissionedResult(row=row), first=first, after=after, last=last,
                              before=before)


@strawberry.type
class CommissionMutations:
    @strawberry.mutation(description="委托评审结果备案 by the unit that issued the commission letters: its document number "
                                     "and date; the results may then be issued by that unit.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(CommissionedResultFilePayload)
    async def commissioned_result_file(self, info: Info, input: CommissionedResultFileInput) -> dict:
        unit_id = decode_id(input.unit_id, Unit, "unitId")
        ids = [decode_id(p, SchemeParticipant, ("participantIds", str(i))) for i, p in enumerate(input.participant_ids)]
        rows = await file_commissioned(info.context.viewer, unit_id, ids, input.document_number, input.filed_on)
        rows = await ParticipantResult.filter(id__in=[r.id for r in rows]).order_by("id").prefetch_related(
            *COMMISSION_JOINS)
        return {"results": [CommissionedResult(row=r) for r in rows]}
