"""Who may see a certificate verification request (证书核验) and its scans: the rule of every submitted
request (models.access.submitted)."""
from __future__ import annotations

from collections.abc import Iterable

from models.access.submitted import can_view_submitted, may_view_submitted
from models.access.viewer import Viewer
from models.verification_request.models import VerificationRequest
from models.workflow.models import ProcessType


def may_view_verification(viewer: Viewer, row: VerificationRequest, reviewing_unit_ids: Iterable[int] = (),
                          employer_region: str | None = None) -> bool:
    return may_view_submitted(viewer, row, reviewing_unit_ids, employer_region)


async def can_view_verification(viewer: Viewer, row: VerificationRequest) -> bool:
    return await can_view_submitted(viewer, ProcessType.CERTIFICATE_VERIFICATION, row)
