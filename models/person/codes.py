"""Error codes of persons: registration and profile, unit bindings, the binding guard."""
from __future__ import annotations

from enum import auto

from models.account.codes import PasswordCode
from models.core.codes import Codes, UploadCode, includes


class BindingCode(Codes):
    """Asking to join a unit and the unit's review of it (models/person/binding.py)."""

    FREELANCER_NEEDS_HR_UNIT = auto()
    ALREADY_BOUND = auto()
    NOT_PENDING = auto()
    TOO_MANY = auto()


class BindingGuardCode(Codes):
    """``require_approved_binding``: raised wherever a person acts for their unit (achievements,
    declarations, committee choice) — never by the binding mutations themselves."""

    BINDING_NOT_APPROVED = auto()


# Registering asks to join the chosen unit (request_binding); the photo is an upload.
@includes(PasswordCode, UploadCode, BindingCode.FREELANCER_NEEDS_HR_UNIT, BindingCode.ALREADY_BOUND)
class PersonCode(Codes):
    INVALID_ID_NUMBER = auto()
    ID_MISMATCH = auto()
    INVALID_MOBILE = auto()
    INVALID_EMAIL = auto()
    INVALID_LANDLINE = auto()
    INVALID_DATE = auto()
    TOO_MANY_SERIES = auto()
    DUPLICATE_ID_NUMBER = auto()
    DUPLICATE_MOBILE = auto()
    IMMUTABLE = auto()
