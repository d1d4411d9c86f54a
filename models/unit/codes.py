"""Error codes of units: registration, admins, the seal."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, UploadCode, includes


@includes(UploadCode)  # the seal image is an upload
class UnitCode(Codes):
    INVALID_CREDIT_CODE = auto()
    DUPLICATE_CREDIT_CODE = auto()
    INVALID_MOBILE = auto()
    INVALID_EMAIL = auto()
    IMMUTABLE = auto()
    ALREADY_ADMIN = auto()
    LAST_ADMIN = auto()
