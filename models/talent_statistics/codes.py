"""Error codes of talent statistics (专技人才统计)."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, JobCode, includes


@includes(JobCode)  # the Excel exports start a job
class TalentCode(Codes):
    NO_EMPLOYER = auto()  # no approved binding: the unit reviews the record, so there must be one
    RECORD_EXISTS = auto()  # one record per person and statistics year
    NOT_EDITABLE = auto()  # in review, approved or terminated: no change
    NOT_WITHDRAWABLE = auto()
    INVALID_YEAR = auto()  # a statistics year before 2000 or in the future
    INVALID_CHOICE = auto()  # a post category, education or degree that is not one
    INVALID_DATE = auto()
    FUTURE_DATE = auto()
    DATE_ORDER = auto()  # appointed before the title was obtained, a date before the birth date
    OUT_OF_RANGE = auto()  # professional years outside 0–60 or beyond the person's age minus 16
    TITLE_NOT_IN_SERIES = auto()  # the specialty or title does not belong to the chosen series
    CHECK_FAILED = auto()
    EXPORT_TOO_LARGE = auto()
