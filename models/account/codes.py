"""Error codes of accounts: signing in, sessions, passwords."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes


class AuthCode(Codes):
    """Signing in, refreshing and ending a session."""

    INVALID_CREDENTIALS = auto()
    TOO_MANY_ATTEMPTS = auto()
    INVALID_TOKEN = auto()
    TOKEN_REUSED = auto()
    ACCOUNT_DISABLED = auto()
    SERVICE_UNAVAILABLE = auto()  # the sign-in throttle's store (Redis) cannot be reached


class PasswordCode(Codes):
    """The password rule, checked wherever a password is chosen (person registration)."""

    WEAK_PASSWORD = auto()


class AdminCode(Codes):
    """Unit and committee admin rosters (admins.py); UnitCode and CommitteeCode list it too."""

    ALREADY_ADMIN = auto()
