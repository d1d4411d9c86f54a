"""证书发放 and 我的职称: issuers list who waits for a certificate and issue them (a job); holders see theirs."""
from __future__ import annotations

from typing import Any

import strawberry

from models.access.certificate import can_view_certificate, require_issues_for
from models.catalogue.models import Level as LevelEnum
from models.certificate.issuing import IssuableFilter as IssuableFilterData
from models.certificate.issuing import issuable_results, start_issue
from models.certificate.models import Certificate as CertificateRow
from resolvers.core.mutation import payload_mutation
from resolvers.core.query import refusals_as_errors
from schema.catalogue import Series
from schema.certificate.inputs import CertificateIssueInput, CertificateIssuePayload, IssuableFilter
from schema.certificate.types import ISSUABLE_JOINS, Certificate, CertificateByIdLoader, IssuableResult
from schema.committee import Committee
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsPerson, IsSignedIn
from schema.evaluation.types import SchemeParticipant
from schema.message import Job
from schema.plan.types import Plan
from schema.unit import Unit


def filter_data(f: IssuableFilter | None) -> IssuableFilterData:
    if f is None:
        return IssuableFilterData()
    return IssuableFilterData(
        plan_id=decode_id(f.plan_id, Plan, ("filter", "planId")) if f.plan_id else None,
        committee_id=decode_id(f.committee_id, Committee, ("filter", "committeeId")) if f.committee_id else None,
        series_id=decode_id(f.series_id, Series, ("filter", "seriesId")) if f.series_id else None,
        level=LevelEnum(f.level.value).value if f.level else None, year=f.year)


@strawberry.type
class CertificateIssueQueries:
    @strawberry.field(description="证书发放 (是否发放：否): those of your issuing unit whose results are filed and who have "
                                  "no certificate yet, in result order.", permission_classes=[IsSignedIn])
    async def issuable_results(self, info: Info, issuer_unit_id: strawberry.ID, filter: IssuableFilter | None = None,
                               first: int | None = None, after: str | None = None, last: int | None = None,
                               before: str | None = None) -> Connection[IssuableResult]:
        with refusals_as_errors():
            unit_id = decode_id(issuer_unit_id, Unit, "issuerUnitId")
            wanted = filter_data(filter)
        await require_issues_for(info.context.viewer, unit_id)
        qs = issuable_results(unit_id, wanted).prefetch_related(*ISSUABLE_JOINS)
        return await paginate(qs, lambda row: IssuableResult(row=row), first=first, after=after, last=last,
                              before=before)

    @strawberry.field(description="我的职称: your certificates, newest first, with their e-certificate when ready.",
                      permission_classes=[IsPerson])
    async def my_certificates(self, info: Info, first: int | None = None, after: str | None = None,
                              last: int | None = None, before: str | None = None) -> Connection[Certificate]:
        qs = CertificateRow.filter(person_id=info.context.viewer.require_person())
        return await paginate(qs, Certificate.of, first=first, after=after, last=last, before=before)


@strawberry.type
class CertificateIssueMutations:
    @strawberry.mutation(description="证书发放: 批量发放 the selected, or 全部发放 by filter, as a background job. The "
                                     "request is checked whole (each one issuable by this unit, enough numbers left); "
                                     "a refused request starts nothing.", permission_classes=[IsSignedIn])
    @payload_mutation(CertificateIssuePayload)
    async def certificate_issue(self, info: Info, input: CertificateIssueInput) -> dict:
        viewer = info.context.viewer
        unit_id = decode_id(input.issuer_unit_id, Unit, "issuerUnitId")
        participant_ids = None
        if input.participant_ids is not None:
            participant_ids = [decode_id(p, SchemeParticipant, ("participantIds", str(i)))
                               for i, p in enumerate(input.participant_ids)]
        job, count = await start_issue(viewer, unit_id, participant_ids, filter_data(input.filter), input.category,
                                       input.idempotency_key)
        return {"job": Job.of(job), "count": count}


async def certificate_node(info: Info, pk: int) -> Any:
    row = await info.context.loader(CertificateByIdLoader).load(pk)
    return Certificate.of(row) if row and can_view_certificate(info.context.viewer, row) else None
