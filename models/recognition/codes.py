"""Error codes of recognitions (异地职称确认)."""
from __future__ import annotations

from enum import auto

from models.achievement.codes import AchievementCode
from models.core.codes import Codes, JobCode, SlotCode, includes


# The attachments and the photo are uploads, the education records are checked by the achievement library's
# education fields, and exporting the form starts a job.
@includes(SlotCode, JobCode, AchievementCode.FUTURE_DATE, AchievementCode.DATE_ORDER, AchievementCode.OUT_OF_RANGE,
          AchievementCode.INVALID_CHOICE)
class RecognitionCode(Codes):
    NOT_EDITABLE = auto()  # submitted, approved or terminated: no change
    NOT_WITHDRAWABLE = auto()
    INVALID_VALUE = auto()
    INVALID_DATE = auto()
    TITLE_NOT_IN_SERIES = auto()  # the specialty or title does not belong to the chosen series
    RECOGNITION_OPEN = auto()  # the person has a recognition under way for this title
    TOO_MANY_EDUCATIONS = auto()  # at most two records: the highest and the first (one may be both)
    DUPLICATE_HIGHEST = auto()
    NO_EMPLOYER = auto()  # the person has no current unit to review it
    CHECK_FAILED = auto()
    NOT_SUBMITTED = auto()  # the form is exported from submission on


class RecognitionReviewCode(Codes):
    """The RECOGNITION review process (models/recognition/process.py): raised through taskDecide."""

    NEXT_NODE_NOT_ALLOWED = auto()
    NUMBER_EXISTS = auto()  # the recognised certificate's number is already a certificate here
    NOT_AN_ISSUER = auto()
    NUMBER_RANGE_EXHAUSTED = auto()
    ISSUER_CODE_CANCELLED = auto()
