"""Error codes of the achievement library: records, their fields, attachments, reviews."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, UploadCode, includes
from models.person.codes import BindingGuardCode


# Attachments are uploads; submitting a record needs an approved binding.
@includes(UploadCode, BindingGuardCode)
class AchievementCode(Codes):
    INVALID_DATE = auto()
    FUTURE_DATE = auto()
    DATE_ORDER = auto()
    OUT_OF_RANGE = auto()
    INVALID_CHOICE = auto()
    CATEGORY_MISMATCH = auto()
    NOT_EDITABLE = auto()
    NOT_PENDING = auto()
    NOT_WITHDRAWABLE = auto()
    RECORD_LOCKED = auto()
    TOO_MANY = auto()
    TOO_MANY_FILES = auto()
    ATTACHMENT_REQUIRED = auto()
    DUPLICATE = auto()
