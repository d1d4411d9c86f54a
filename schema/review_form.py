"""Review-form export (导出评审表): the input and payload; the file arrives as the job's result."""
from __future__ import annotations

import strawberry

from schema.application.types import ApplicationError
from schema.message import Job, idempotency_key_field


@strawberry.input(description="Export 专业技术资格评审表 of a submitted application.")
class ApplicationReviewFormExportInput:
    application_id: strawberry.ID
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type(description="The export job: poll it (node / myJobs) and download `resultFile.url` once it "
                             "has SUCCEEDED.")
class ApplicationReviewFormPayload:
    errors: list[ApplicationError]  # type: ignore[valid-type]
    job: Job | None = None
