"""Error codes of certificates: issuer codes, number ranges and the numbers taken from them."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, JobCode, includes


@includes(JobCode)  # issuing and exports start jobs
class CertificateCode(Codes):
    INVALID_ISSUER_CODE = auto()  # not 4 digits, or 0000
    ISSUER_CODE_TAKEN = auto()  # the code was given in this province before (codes are never reassigned)
    UNIT_HAS_ISSUER_CODE = auto()  # the unit already holds an active code
    ALREADY_CANCELLED = auto()
    ISSUER_CODE_CANCELLED = auto()  # no new ranges or numbers under a cancelled code
    INVALID_YEAR = auto()
    INVALID_CATEGORY = auto()  # not 2 digits
    INVALID_SERIAL = auto()  # below 1 or beyond 999999
    INVALID_RANGE = auto()  # start after end
    NUMBER_RANGE_OVERLAPS = auto()
    NUMBER_RANGE_EXHAUSTED = auto()  # no range of the issuer, year and category has a number left
    NOT_AN_ISSUER = auto()  # the unit holds no active issuer code
    NOT_ISSUABLE = auto()  # not filed, already issued, or filed by another issuer
    NOTHING_TO_ISSUE = auto()
    ALREADY_REVOKED = auto()
    NOT_VALID = auto()  # revoked or replaced: the operation needs a valid certificate
    NOT_READY = auto()  # the e-certificate is not rendered yet
    BATCH_TOO_LARGE = auto()
    NOT_REPORTABLE = auto()  # 证书报送: not this issuer's, not valid, or reported already
    NOTHING_TO_REPORT = auto()
    INVALID_TOKEN = auto()  # a verification key that is not 43 characters of base64url
    TOO_MANY_ATTEMPTS = auto()  # verification throttled per client address (as sign-in names it)
    SERVICE_UNAVAILABLE = auto()  # the verification throttle's store (Redis) cannot be reached
