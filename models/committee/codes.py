"""Error codes of committees: management, the Excel import, the committee choice."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, JobCode, UploadCode, includes
from models.person.codes import BindingGuardCode


# The import receives an upload; choosing a committee needs an approved binding; the export is a job.
@includes(UploadCode, BindingGuardCode, JobCode)
class CommitteeCode(Codes):
    DUPLICATE_NAME = auto()
    OUT_OF_REGION = auto()
    NOT_ORGANIZER = auto()
    SPECIALTY_NOT_IN_SERIES = auto()
    INVALID_AMOUNT = auto()
    INVALID_PHONE = auto()
    TOO_MANY = auto()
    DUPLICATE = auto()
    COMMITTEE_CANCELLED = auto()
    HAS_OPEN_PLANS = auto()
    ALREADY_ADMIN = auto()
    IMMUTABLE = auto()
    NO_COMMITTEE_NEEDED = auto()
    TITLE_MISMATCH = auto()
    INVALID_FILE = auto()
    TEMPLATE_MISMATCH = auto()
