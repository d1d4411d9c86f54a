"""Inputs and payloads of issuing and of the holder's certificates."""
from __future__ import annotations

import strawberry

from schema.catalogue import Level
from schema.certificate.numbers import CertificateError
from schema.certificate.types import Certificate
from schema.message import Job, idempotency_key_field


@strawberry.input(description="Narrow the list of those waiting for a certificate; every field narrows it.")
class IssuableFilter:
    plan_id: strawberry.ID | None = None
    committee_id: strawberry.ID | None = None
    series_id: strawberry.ID | None = None
    level: Level | None = None
    year: int | None = None


@strawberry.input(description="证书发放: issue the selected participants (participantIds) or, when it is omitted, all "
                              "waiting ones that match the filter. Each gets the next number of the issuer's ranges "
                              "for the plan's year and this category, and its e-certificate is rendered.")
class CertificateIssueInput:
    issuer_unit_id: strawberry.ID = strawberry.field(description="The issuing unit (holds an active issuer code).")
    category: str = strawberry.field(description="证书类别, 2 位数字: the number ranges the numbers come from.")
    participant_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="批量发放: these (SchemeParticipant IDs). Omitted: 全部发放 by filter. 最多 20000.")
    filter: IssuableFilter | None = None
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type
class CertificateIssuePayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    job: Job | None = strawberry.field(default=None, description="The issuing job: progress counts people issued.")
    count: int = strawberry.field(default=0, description="How many certificates the job issues.")


@strawberry.type
class CertificatePayload:
    errors: list[CertificateError]  # type: ignore[valid-type]
    certificate: Certificate | None = None
