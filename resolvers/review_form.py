"""导出评审表: the person (once submitted) and the units on the path ask for the form; a worker renders it."""
from __future__ import annotations

import strawberry

from models.access.application import can_view_application
from models.application.models import Application as ApplicationRow
from models.application.models import ApplicationStatus
from models.core.errors import Forbidden, refuse
from models.core.job import JobKind
from models.core.transaction import create_job_once
from resolvers.core.mutation import payload_mutation
from schema.application.types import Application
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsSignedIn
from schema.message import Job
from schema.review_form import ApplicationReviewFormExportInput, ApplicationReviewFormPayload


@strawberry.type
class ReviewFormMutations:
    @strawberry.mutation(description="导出评审表: starts a job that renders 专业技术资格评审表 (.docx) with every "
                                     "section, the photo, and each node's opinion with its unit's seal once passed. "
                                     "For the applicant after submission and the units on the review path.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(ApplicationReviewFormPayload)
    async def application_review_form_export(self, info: Info, input: ApplicationReviewFormExportInput) -> dict:
        viewer = info.context.viewer
        app = await ApplicationRow.get_or_none(id=decode_id(input.application_id, Application, "applicationId"))
        if app is None or not await can_view_application(viewer, app):
            raise Forbidden("申报不存在或无权导出其评审表")
        if app.status == ApplicationStatus.DRAFT:
            raise refuse("NOT_SUBMITTED", "申报提交后才能导出评审表", "applicationId")
        job = await create_job_once(JobKind.REVIEW_FORM, {"application_id": app.id}, viewer.account_id,
                                    input.idempotency_key)
        return {"job": Job.of(job)}
