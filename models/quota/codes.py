"""Error codes of post quotas (岗位核准) and employer recommendations (单位推荐)."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, UploadCode, includes


@includes(UploadCode)  # the approval form and recommendation files are uploads
class QuotaCode(Codes):
    NOT_APPLICABLE = auto()
    QUOTA_CONFIRMED = auto()
    QUOTA_NOT_SET = auto()
    NO_VACANCY = auto()
    BELOW_OCCUPIED = auto()
    NO_CHANGE = auto()
    NOT_ACTIVE = auto()
    NOT_CLAIMED = auto()
    TOO_MANY_FILES = auto()


@includes(QuotaCode.NO_VACANCY)
class EmployerPassCode(Codes):
    """``employer_pass_guard``: why an employer cannot pass an application yet (raised through taskDecide)."""

    QUOTA_DECISION_REQUIRED = auto()
    QUOTA_NOT_CONFIRMED = auto()
    RECOMMENDATION_REQUIRED = auto()
