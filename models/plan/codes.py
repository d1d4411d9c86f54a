"""Error codes of plans: drafting, the window and deadlines, publishing, plan files."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, UploadCode, includes


@includes(UploadCode)  # plan files are uploads
class PlanCode(Codes):
    COMMITTEE_NOT_ACTIVE = auto()
    NOT_ORGANIZER = auto()
    PLAN_WINDOW_INVALID = auto()
    PLAN_DEADLINE_INVALID = auto()
    PLAN_YEAR_INVALID = auto()
    LEVEL_NOT_IN_COMMITTEE = auto()
    LEVEL_NOT_IN_PLAN = auto()
    SPECIALTY_NOT_IN_SERIES = auto()
    OUT_OF_RANGE = auto()
    MIN_EXCEEDS_MAX = auto()
    DUPLICATE = auto()
    TOO_MANY = auto()
    TOO_MANY_FILES = auto()
    INVALID_PHONE = auto()
    PLAN_CLOSED = auto()
    NOT_DRAFT = auto()
    NOT_PUBLISHED = auto()
    PLAN_WINDOW_PAST = auto()
