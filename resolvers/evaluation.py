"""Evaluation schemes (呈报方案): compose, submit, list and open; the review runs in the task centre."""
from __future__ import annotations

import strawberry
from tortoise.expressions import Q

from models.access.committee import managed_committee_ids
from models.access.evaluation import can_view_scheme
from models.core.errors import refuse
from models.core.upload import receive_upload
from models.committee.models import Committee as CommitteeRow
from models.evaluation import results
from models.evaluation import scheme as rules
from models.evaluation.models import EvaluationScheme as SchemeRow
from models.evaluation.models import ObjectionOutcome as OutcomeEnum
from models.evaluation.models import PublicityObjection as ObjectionRow
from models.evaluation.models import SchemePublicity as PublicityRow
from models.plan.rules import PLAN_FILE_MAX_BYTES, PLAN_FILE_TYPES
from resolvers.core.input import input_fields
from resolvers.core.mutation import payload_mutation
from schema.catalogue import Specialty
from schema.core.context import Info
from schema.committee import Committee
from schema.core.ids import decode_id, from_row
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsSignedIn
from schema.evaluation.inputs import (CommitteePassRulePayload, CommitteeSetPassRuleInput, EvaluationObjectionPayload,
                                      EvaluationObjectionRecordInput, EvaluationObjectionResolveInput,
                                      EvaluationPublicityCloseInput, EvaluationPublicityStartInput,
                                      EvaluationResultsPayload, EvaluationResultsRecordInput,
                                      EvaluationSchemeCreateInput, EvaluationSchemeExpertNeedsInput,
                                      EvaluationSchemeFileAddInput, EvaluationSchemeFileRemoveInput,
                                      EvaluationSchemeFilter, EvaluationSchemeParticipantsInput,
                                      EvaluationSchemePayload, EvaluationSchemeScoringInput,
                                      EvaluationSchemeSubmitInput, EvaluationSchemeUpdateInput, ResultFilingDecideInput)
from schema.evaluation.types import (EvaluationScheme, PublicityObjection, SchemeAttachment, SchemeByIdLoader,
                                     SchemeParticipant)
from schema.application.types import Application
from schema.plan.types import Plan


async def _scheme(info: Info, scheme_id: strawberry.ID, field: str = "schemeId") -> SchemeRow:
    """The scheme, if it exists and the viewer may see it (one answer for both, as node(id) gives)."""
    row = await SchemeRow.get_or_none(id=decode_id(scheme_id, EvaluationScheme, field))
    if row is None or not await can_view_scheme(info.context.viewer, row):
        raise refuse("NOT_FOUND", "呈报方案不存在", field)
    return row


def _payload(row: SchemeRow) -> dict:
    return {"scheme": EvaluationScheme.of(row)}


async def scheme_node(info: Info, pk: int) -> EvaluationScheme | None:
    row = await info.context.loader(SchemeByIdLoader).load(pk)
    return EvaluationScheme.of(row) if row and await can_view_scheme(info.context.viewer, row) else None


@strawberry.type
class EvaluationQueries:
    @strawberry.field(description="呈报方案查询: schemes you compose (the committee's organizer admins) or oversee (the "
                                  "HR bureaus that manage the committee and those above, committee admins); platform "
                                  "admins see all. Newest first.", permission_classes=[IsSignedIn])
    async def evaluation_schemes(self, info: Info, filter: EvaluationSchemeFilter | None = None,
                                 first: int | None = None, after: str | None = None, last: int | None = None,
                                 before: str | None = None) -> Connection[EvaluationScheme]:
        viewer = info.context.viewer
        qs = SchemeRow.all()
        committees = await managed_committee_ids(viewer)
        if committees is not None:
            qs = qs.filter(Q(committee_id__in=committees) | Q(organizer_id__in=list(viewer.admin_units) or [0]))
        if filter is not None:
            if filter.plan_id is not None:
                qs = qs.filter(plan_id=decode_id(filter.plan_id, Plan, ("filter", "planId")))
            if filter.status is not None:
                qs = qs.filter(status=filter.status.value)
            if filter.kind is not None:
                qs = qs.filter(kind=filter.kind.value)
            if filter.name_contains:
                qs = qs.filter(name__icontains=filter.name_contains.strip())
        return await paginate(qs, EvaluationScheme.of, first=first, after=after, last=last, before=before)


@strawberry.type
class EvaluationMutations:
    @strawberry.mutation(description="编制呈报方案 (the committee's organizer admins, for a published plan).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_scheme_create(self, info: Info, input: EvaluationSchemeCreateInput) -> dict:
        plan_id = decode_id(input.plan_id, Plan, "planId")
        return _payload(await rules.create_scheme(info.context.viewer, plan_id, input_fields(input, skip=("plan_id",))))

    @strawberry.mutation(description="Change a draft or returned scheme's facts.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_scheme_update(self, info: Info, input: EvaluationSchemeUpdateInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        return _payload(await rules.update_scheme(info.context.viewer, row, input_fields(input, skip=("scheme_id",))))

    @strawberry.mutation(description="参评人员: set the whole list.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_scheme_set_participants(self, info: Info, input: EvaluationSchemeParticipantsInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        ids = [decode_id(a, Application, ("applicationIds", str(i))) for i, a in enumerate(input.application_ids)]
        await rules.set_participants(info.context.viewer, row, ids)
        return _payload(await SchemeRow.get(id=row.id))

    @strawberry.mutation(description="专家需求: set the whole list.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_scheme_set_expert_needs(self, info: Info, input: EvaluationSchemeExpertNeedsInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        needs = [{"specialty_id": decode_id(n.specialty_id, Specialty, ("needs", str(i), "specialtyId")),
                  "level": n.level.value, "count": n.count} for i, n in enumerate(input.needs)]
        await rules.set_expert_needs(info.context.viewer, row, needs)
        return _payload(await SchemeRow.get(id=row.id))

    @strawberry.mutation(description="打分细则: set the items and the pass mark.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_scheme_set_scoring(self, info: Info, input: EvaluationSchemeScoringInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        items = [{"name": i.name, "weight": i.weight, "description": i.description} for i in input.items]
        await rules.set_scoring(info.context.viewer, row, items, input.pass_mark)
        return _payload(await SchemeRow.get(id=row.id))

    @strawberry.mutation(description="Attach a file to a draft or returned scheme.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_scheme_file_add(self, info: Info, input: EvaluationSchemeFileAddInput) -> dict:
        viewer = info.context.viewer
        row = await _scheme(info, input.scheme_id)
        await rules.check_attachment_slot(viewer, row)  # before anything is stored
        stored = await receive_upload(info.context.services.storage, input.file, purpose="scheme_attachment",
                                      allowed_types=PLAN_FILE_TYPES, max_bytes=PLAN_FILE_MAX_BYTES,
                                      owner_id=viewer.account_id, field="file")
        await rules.add_attachment(viewer, row, stored.id)
        return _payload(row)

    @strawberry.mutation(description="Remove a file from a draft or returned scheme.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_scheme_file_remove(self, info: Info, input: EvaluationSchemeFileRemoveInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        await rules.remove_attachment(info.context.viewer, row,
                                      decode_id(input.attachment_id, SchemeAttachment, "attachmentId"))
        return _payload(row)

    @strawberry.mutation(description="提交呈报方案 to the HR bureau that manages the committee; a special scheme goes "
                                     "to its special-case reviewers (node kind SPECIAL_SCHEME_REVIEW).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_scheme_submit(self, info: Info, input: EvaluationSchemeSubmitInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        return _payload(await rules.submit_scheme(info.context.viewer, row))


@strawberry.type
class EvaluationResultMutations:
    @strawberry.mutation(description="录入评审结果 (the organizer's admins) of an approved scheme before its publicity.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationResultsPayload)
    async def evaluation_results_record(self, info: Info, input: EvaluationResultsRecordInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        votes = [{"participant_id": decode_id(r.participant_id, SchemeParticipant, ("results", str(i), "participantId")),
                  "members_present": r.members_present, "votes_for": r.votes_for, "votes_against": r.votes_against,
                  "votes_abstain": r.votes_abstain, "conclusion": r.conclusion.value}
                 for i, r in enumerate(input.results)]
        recorded = await results.record_results(info.context.viewer, row, votes)
        return {"recorded": recorded, **_payload(await SchemeRow.get(id=row.id))}

    @strawberry.mutation(description="开始公示.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_publicity_start(self, info: Info, input: EvaluationPublicityStartInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        return _payload(await results.start_publicity(info.context.viewer, row, input.starts_on, input.ends_on))

    @strawberry.mutation(description="登记公示异议.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationObjectionPayload)
    async def evaluation_objection_record(self, info: Info, input: EvaluationObjectionRecordInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        participant = decode_id(input.participant_id, SchemeParticipant, "participantId")
        objection = await results.record_objection(info.context.viewer, row, participant, input.content,
                                                   input.received_on)
        return {"objection": from_row(PublicityObjection, objection, outcome=OutcomeEnum(objection.outcome))}

    @strawberry.mutation(description="处理公示异议.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationObjectionPayload)
    async def evaluation_objection_resolve(self, info: Info, input: EvaluationObjectionResolveInput) -> dict:
        objection = await ObjectionRow.get_or_none(id=decode_id(input.objection_id, PublicityObjection, "objectionId"))
        publicity = await PublicityRow.get_or_none(id=objection.publicity_id) if objection else None
        if publicity is None or not await can_view_scheme(info.context.viewer, await SchemeRow.get(id=publicity.scheme_id)):
            raise refuse("NOT_FOUND", "异议不存在", "objectionId")
        done = await results.resolve_objection(info.context.viewer, objection, OutcomeEnum(input.outcome.value),
                                               input.handling)
        return {"objection": from_row(PublicityObjection, done, outcome=OutcomeEnum(done.outcome))}

    @strawberry.mutation(description="结束公示: fixes the passed list and asks the HR bureau to file it.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def evaluation_publicity_close(self, info: Info, input: EvaluationPublicityCloseInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        return _payload(await results.close_publicity(info.context.viewer, row))

    @strawberry.mutation(description="评审结果备案 (the HR bureau that manages the committee, or one above it): only "
                                     "filed results allow certificates.", permission_classes=[IsSignedIn])
    @payload_mutation(EvaluationSchemePayload)
    async def result_filing_decide(self, info: Info, input: ResultFilingDecideInput) -> dict:
        row = await _scheme(info, input.scheme_id)
        return _payload(await results.decide_filing(info.context.viewer, row, input.decision.strip(), input.opinion,
                                                    input.document_number, input.filed_on))

    @strawberry.mutation(description="评委会通过规则 (those who manage the committee).", permission_classes=[IsSignedIn])
    @payload_mutation(CommitteePassRulePayload)
    async def committee_set_pass_rule(self, info: Info, input: CommitteeSetPassRuleInput) -> dict:
        committee = await CommitteeRow.get_or_none(id=decode_id(input.committee_id, Committee, "committeeId"))
        if committee is None:
            raise refuse("NOT_FOUND", "评委会不存在", "committeeId")
        done = await results.set_pass_rule(info.context.viewer, committee, input.numerator, input.denominator)
        return {"numerator": done.pass_numerator, "denominator": done.pass_denominator}
