"""Inputs and payloads of evaluation schemes, results, publicity and filing (resolvers/evaluation.py)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry.file_uploads import Upload

from models.evaluation.models import SchemeKind as SchemeKindEnum
from models.evaluation.scheme import MAX_PARTICIPANTS
from schema.catalogue import Level
from schema.evaluation.types import (Conclusion, EvaluationError, EvaluationScheme, ObjectionOutcome,
                                     PublicityObjection, SchemeKind, SchemeStatus)


@strawberry.input(description="Filter for evaluationSchemes.")
class EvaluationSchemeFilter:
    plan_id: strawberry.ID | None = None
    status: SchemeStatus | None = None
    kind: SchemeKind | None = None
    name_contains: str | None = strawberry.field(default=None, description="Part of the name, at most 100 characters.")


@strawberry.input(description="编制呈报方案: for a published plan of a committee you organize.")
class EvaluationSchemeCreateInput:
    plan_id: strawberry.ID
    name: str = strawberry.field(description="方案名称, at most 100 characters.")
    kind: SchemeKind = SchemeKindEnum.NORMAL
    special_reason: str | None = strawberry.field(default=None, description="特殊情况说明 (required for SPECIAL), "
                                                                            "at most 500 characters.")
    meeting_date: date | None = None
    remarks: str | None = strawberry.field(default=None, description="备注, at most 500 characters.")


@strawberry.input(description="Change a draft or returned scheme; send only what changes.")
class EvaluationSchemeUpdateInput:
    scheme_id: strawberry.ID
    name: str | None = None
    kind: SchemeKind | None = None
    special_reason: str | None = None
    meeting_date: date | None = None
    remarks: str | None = None


@strawberry.input(description="参评人员: the whole list, replacing the previous one.")
class EvaluationSchemeParticipantsInput:
    scheme_id: strawberry.ID
    application_ids: list[strawberry.ID] = strawberry.field(
        description=f"Declarations of the scheme's plan that the review chain approved; at most {MAX_PARTICIPANTS}.")


@strawberry.input(description="One expert need.")
class ExpertNeedInput:
    specialty_id: strawberry.ID = strawberry.field(description="A specialty of the committee's series.")
    level: Level
    count: int = strawberry.field(description="专家人数, 1–99.")


@strawberry.input(description="专家需求: the whole list, replacing the previous one (at most 50).")
class EvaluationSchemeExpertNeedsInput:
    scheme_id: strawberry.ID
    needs: list[ExpertNeedInput]


@strawberry.input(description="One scored item.")
class ScoringItemInput:
    name: str = strawberry.field(description="打分项, at most 50 characters, unique in the scheme.")
    weight: Decimal = strawberry.field(description="权重, more than 0 and at most 100, two decimals.")
    description: str | None = strawberry.field(default=None, description="打分说明, at most 300 characters.")


@strawberry.input(description="打分细则: 1–30 items whose weights add up to 100, and the pass mark.")
class EvaluationSchemeScoringInput:
    scheme_id: strawberry.ID
    items: list[ScoringItemInput]
    pass_mark: Decimal = strawberry.field(description="通过分数线, more than 0 and at most 100.")


@strawberry.input(description="Attach a file (PDF, image, Word or Excel; at most 10 per scheme).")
class EvaluationSchemeFileAddInput:
    scheme_id: strawberry.ID
    file: Upload


@strawberry.input
class EvaluationSchemeFileRemoveInput:
    scheme_id: strawberry.ID
    attachment_id: strawberry.ID


@strawberry.input(description="提交呈报方案: needs participants, expert needs and scoring rules.")
class EvaluationSchemeSubmitInput:
    scheme_id: strawberry.ID


@strawberry.type(description="The scheme as it now is, or why nothing changed.")
class EvaluationSchemePayload:
    errors: list[EvaluationError]  # type: ignore[valid-type]
    scheme: EvaluationScheme | None = None


@strawberry.input(description="One participant's 评审结果. The conclusion must be what the committee's pass rule "
                             "gives (by default: votes for ≥ 2/3 of the members present).")
class ParticipantResultInput:
    participant_id: strawberry.ID
    members_present: int = strawberry.field(description="出席人数, 1–999.")
    votes_for: int
    votes_against: int
    votes_abstain: int = strawberry.field(description="For + against + abstaining = members present.")
    conclusion: Conclusion


@strawberry.input(description="录入评审结果 of an approved scheme, before its publicity; recording again corrects.")
class EvaluationResultsRecordInput:
    scheme_id: strawberry.ID
    results: list[ParticipantResultInput]


@strawberry.input(description="开始公示: every participant needs a result.")
class EvaluationPublicityStartInput:
    scheme_id: strawberry.ID
    starts_on: date
    ends_on: date = strawberry.field(description="At most 90 days after the start.")


@strawberry.input(description="登记异议 received during the publicity.")
class EvaluationObjectionRecordInput:
    scheme_id: strawberry.ID
    participant_id: strawberry.ID
    content: str = strawberry.field(description="异议内容, at most 500 characters.")
    received_on: date


@strawberry.input(description="处理异议: upheld takes the participant off the passed list.")
class EvaluationObjectionResolveInput:
    objection_id: strawberry.ID
    outcome: ObjectionOutcome
    handling: str = strawberry.field(description="处理意见, at most 500 characters.")


@strawberry.input(description="结束公示: once its end date has come and no objection is pending; fixes the passed list.")
class EvaluationPublicityCloseInput:
    scheme_id: strawberry.ID


@strawberry.input(description="评审结果备案: PASS with the filing document number and date, or RETURN with an opinion "
                             "(the results reopen for correction and a new publicity).")
class ResultFilingDecideInput:
    scheme_id: strawberry.ID
    decision: str = strawberry.field(description="PASS or RETURN.")
    opinion: str = ""
    document_number: str | None = strawberry.field(default=None, description="备案文号, at most 50 characters.")
    filed_on: date | None = strawberry.field(default=None, description="备案时间, not after today.")


@strawberry.input(description="评委会通过规则: a participant passes with at least numerator/denominator of the members "
                             "present voting for (2/3 unless set).")
class CommitteeSetPassRuleInput:
    committee_id: strawberry.ID
    numerator: int
    denominator: int


@strawberry.type(description="How many results were recorded, and the scheme.")
class EvaluationResultsPayload:
    errors: list[EvaluationError]  # type: ignore[valid-type]
    recorded: int = 0
    scheme: EvaluationScheme | None = None


@strawberry.type(description="The objection as it now is.")
class EvaluationObjectionPayload:
    errors: list[EvaluationError]  # type: ignore[valid-type]
    objection: PublicityObjection | None = None


@strawberry.type(description="The committee's pass rule as it now is.")
class CommitteePassRulePayload:
    errors: list[EvaluationError]  # type: ignore[valid-type]
    numerator: int | None = None
    denominator: int | None = None
