"""Error codes of certificate verification requests (证书核验)."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, SlotCode, includes


@includes(SlotCode)  # the scans are uploads into slots
class VerificationCode(Codes):
    NOT_EDITABLE = auto()
    NOT_WITHDRAWABLE = auto()
    INVALID_DATE = auto()
    TITLE_NOT_IN_SERIES = auto()  # the specialty or title does not belong to the chosen series
    COMMITTEE_NOT_OF_SERIES = auto()  # the committee does not evaluate the certificate's series
    NUMBER_EXISTS = auto()  # the number is a certificate of the platform already, or has a request under way
    NO_EMPLOYER = auto()
    NO_ORGANIZER = auto()  # the committee has no organizer to review it
    CHECK_FAILED = auto()


class VerificationReviewCode(Codes):
    """The CERTIFICATE_VERIFICATION review process: raised through taskDecide."""

    NUMBER_EXISTS = auto()  # the number became a certificate of the platform while the request was in review
