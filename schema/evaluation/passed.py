"""The fields every list of passed results shows (who, where, which plan, committee and title)."""
from __future__ import annotations

import strawberry
from strawberry import relay

from models.evaluation.models import ParticipantResult as ResultRow


@strawberry.type(description="A participant's passed result as the lists after filing show it (issuing, commissioned "
                             "results).")
class PassedResult:
    row: strawberry.Private[ResultRow]

    @strawberry.field(description="The participant's global ID (SchemeParticipant): what certificateIssue and "
                                  "commissionedResultFile take.")
    def participant_id(self) -> strawberry.ID:
        return strawberry.ID(relay.to_base64("SchemeParticipant", self.row.participant_id))

    @strawberry.field(description="姓名.")
    def name(self) -> str:
        return self.row.participant.application.person.real_name

    @strawberry.field(description="工作单位.")
    def unit_name(self) -> str:
        return self.row.participant.application.unit.name

    @strawberry.field(description="评审计划.")
    def plan_name(self) -> str:
        return self.row.participant.scheme.plan.name

    @strawberry.field(description="评审委员会.")
    def committee_name(self) -> str:
        return self.row.participant.scheme.committee.name

    @strawberry.field(description="年度.")
    def year(self) -> int:
        return self.row.participant.application.year

    @strawberry.field(description="职称系列.")
    def series_name(self) -> str:
        return self.row.participant.application.series.name

    @strawberry.field(description="专业.")
    def specialty_name(self) -> str:
        return self.row.participant.application.specialty.name

    @strawberry.field(description="职称名称.")
    def title_name(self) -> str:
        return self.row.participant.application.title_name.name

    @strawberry.field(description="级别.")
    def level(self) -> str:
        return self.row.participant.application.level
