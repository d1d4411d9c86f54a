"""Error codes of the catalogue (series, title names, specialties, evaluation standards)."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes


class CatalogueCode(Codes):
    DUPLICATE = auto()
    TITLE_NOT_IN_SERIES = auto()  # a request's specialty or title is not of its series (title_choice.py)
