"""Who may see a person, and how much (masking.py): the one rule behind every path to a Person."""
from __future__ import annotations

from collections.abc import Iterable

from models.access.masking import PersonAccess
from models.access.viewer import Viewer
from models.person.models import Person
from models.unit.models import Unit


def person_access(viewer: Viewer, person: Person, related_units: Iterable[Unit],
                  reviewing_unit_ids: Iterable[int] = ()) -> PersonAccess:
    """In full for the person, platform admins, the admins of a related unit and of a reviewing unit;
    masked for the HR bureaus above a related unit; otherwise not at all.

    ``related_units``: units the person belongs to or has asked to join. ``reviewing_unit_ids``: units
    reviewing something of theirs (holding a task for their application, the unit a record went to)."""
    related_units = list(related_units)
    if viewer.is_platform_admin or person.id == viewer.person_id:
        return PersonAccess.FULL
    if any(viewer.administers(u.id) for u in related_units) or any(viewer.administers(u) for u in reviewing_unit_ids):
        return PersonAccess.FULL
    if any(viewer.covers_region(u.region_id) for u in related_units):
        return PersonAccess.MASKED
    return PersonAccess.NONE
