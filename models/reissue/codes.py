"""Error codes of reissues (补换证)."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, UploadCode, includes


@includes(UploadCode)  # the evidence, pledge and photo are uploads
class ReissueCode(Codes):
    NOT_EDITABLE = auto()  # submitted, approved or terminated: no change
    NOT_WITHDRAWABLE = auto()
    NOT_OWN_CERTIFICATE = auto()  # another person's certificate, or data that names someone else
    CERTIFICATE_NOT_VALID = auto()  # revoked, or replaced already: reissue the replacement instead
    REISSUE_OPEN = auto()  # this certificate has a reissue under way
    CERTIFICATE_IN_SYSTEM = auto()  # entered by hand, but the number is a certificate of the platform
    IMMUTABLE_FIELD = auto()  # the number, series, level, title, method, issuer and issue date are not corrected
    DUPLICATE_CORRECTION = auto()
    NOTHING_TO_CORRECT = auto()  # the corrected value is the value already on the certificate
    INVALID_VALUE = auto()
    INVALID_DATE = auto()
    NOT_AN_ISSUER = auto()  # the issuing body holds no active issuer code
    NO_EMPLOYER = auto()  # the person has no current unit to review it
    CHECK_FAILED = auto()


class ReissueReviewCode(Codes):
    """The REISSUE review process (models/reissue/process.py): raised through taskDecide."""

    NEXT_NODE_NOT_ALLOWED = auto()
    CERTIFICATE_NOT_VALID = auto()  # the old certificate was revoked while the reissue was in review
    NOT_AN_ISSUER = auto()
    NUMBER_RANGE_EXHAUSTED = auto()  # the issuer has no YB number left for this year: 证书编号生成 first
    ISSUER_CODE_CANCELLED = auto()
