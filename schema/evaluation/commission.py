"""委托评审 results handed back to the unit that issued the commission letter, as that unit sees them."""
from __future__ import annotations

from datetime import date

import strawberry
from schema.evaluation.passed import PassedResult
from schema.evaluation.types import EvaluationError

COMMISSION_JOINS = ("participant__application__person", "participant__application__unit",
                    "participant__application__title_name", "participant__application__specialty",
                    "participant__application__series",
                    "participant__scheme__plan", "participant__scheme__committee")


@strawberry.type(description="委托评审人员: a commissioned participant's passed result, returned to your unit to file "
                             "and issue.")
class CommissionedResult(PassedResult):
    @strawberry.field(description="委托评审函编号.")
    def commission_reference(self) -> str:
        return self.row.participant.application.commission_reference

    @strawberry.field(description="备案文号; empty until filed.")
    def document_number(self) -> str:
        return self.row.commission_document_number

    @strawberry.field(description="备案时间; null until filed.")
    def filed_on(self) -> date | None:
        return self.row.commission_filed_on


@strawberry.input(description="委托评审结果备案: file the selected commissioned results returned to your unit.")
class CommissionedResultFileInput:
    unit_id: strawberry.ID = strawberry.field(description="Your unit, which issued the commission letters.")
    participant_ids: list[strawberry.ID]
    document_number: str = strawberry.field(description="备案文号, at most 50 characters.")
    filed_on: date = strawberry.field(description="备案时间, not after today.")


@strawberry.type
class CommissionedResultFilePayload:
    errors: list[EvaluationError]  # type: ignore[valid-type]
    results: list[CommissionedResult] = strawberry.field(default_factory=list)
