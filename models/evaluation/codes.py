"""Error codes of evaluation schemes (呈报方案)."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, UploadCode, includes


@includes(UploadCode)  # scheme attachments are uploads
class EvaluationCode(Codes):
    PLAN_NOT_PUBLISHED = auto()  # a scheme is for a published (or closed) plan
    NOT_EDITABLE = auto()  # submitted or approved: only a draft or a returned scheme changes
    NOT_A_PARTICIPANT = auto()  # the application has not completed the review chain for this plan
    ALREADY_IN_SCHEME = auto()  # the application is a participant of another scheme
    DUPLICATE = auto()
    WEIGHTS_NOT_100 = auto()
    INCOMPLETE = auto()  # submitting without participants, expert needs or scoring items
    OUT_OF_RANGE = auto()
    TOO_MANY = auto()
    TOO_MANY_FILES = auto()
    SPECIALTY_NOT_IN_SERIES = auto()
    NOT_WITHDRAWABLE = auto()  # taskWithdraw on a scheme review: there is no next node
    WRONG_STAGE = auto()  # results before approval, publicity twice, filing before the publicity ended, …
    VOTES_MISMATCH = auto()  # for + against + abstaining ≠ members present
    CONCLUSION_CONTRADICTS_RULE = auto()  # the conclusion is not what the committee's pass rule gives
    PUBLICITY_NOT_ENDED = auto()
    OBJECTIONS_PENDING = auto()
