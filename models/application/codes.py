"""Error codes of declarations (职称申报): drafting, sections, attachments, submitting, review."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, JobCode, UploadCode, includes
from models.person.codes import BindingGuardCode


# Attachments are uploads; declaring needs an approved binding; the review form export is a job.
@includes(UploadCode, BindingGuardCode, JobCode)
class ApplicationCode(Codes):
    PLEDGE_REQUIRED = auto()
    NO_COMMITTEE_NEEDED = auto()  # 初定 / 认定 are not declared under a plan
    PLAN_NOT_OPEN = auto()
    BLACKLISTED = auto()
    APPLICATION_EXISTS = auto()
    TERMINATED_THIS_YEAR = auto()
    DECLARATION_TYPE_NOT_ALLOWED = auto()
    LEVEL_NOT_IN_PLAN = auto()
    COMMISSION_REQUIRED = auto()
    NOT_EDITABLE = auto()
    NOT_WITHDRAWABLE = auto()
    RECORD_NOT_APPROVED = auto()
    ALREADY_IMPORTED = auto()
    TOO_MANY = auto()
    TOO_MANY_FILES = auto()
    INVALID_DATE = auto()
    NOT_APPLICABLE = auto()
    CONFIRMATION_REQUIRED = auto()
    CHECK_FAILED = auto()
    NOT_SUBMITTED = auto()


class ApplicationReviewCode(Codes):
    """The APPLICATION review process (models/application/submit.py): raised through taskDecide."""

    NEXT_NODE_NOT_ALLOWED = auto()
