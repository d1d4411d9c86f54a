"""Error codes of the review engine (tasks) and of review-path configuration."""
from __future__ import annotations

from enum import auto

from models.achievement.codes import AchievementCode
from models.application.codes import ApplicationReviewCode
from models.core.codes import Codes, includes
from models.quota.codes import EmployerPassCode
from models.recognition.codes import RecognitionReviewCode
from models.reissue.codes import ReissueReviewCode
from models.verification_request.codes import VerificationReviewCode


# taskDecide runs the registered process of the task: the declaration review (and the employer's
# pass guard), and the record review, which refuses a record no longer pending.
@includes(ApplicationReviewCode, EmployerPassCode, AchievementCode.NOT_PENDING, ReissueReviewCode,
          RecognitionReviewCode, VerificationReviewCode)
class TaskCode(Codes):
    NOT_ACTIVE = auto()
    NOT_CLAIMED = auto()
    NOT_WITHDRAWABLE = auto()
    SUPPLEMENT_NOT_ALLOWED = auto()  # 退回补充: not an HR bureau, a process without it, no previous node


class ReviewPathCode(Codes):
    pass
