"""Append-only history of every decision: who, in which unit, did what, with which opinion."""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model

# Every review opinion (task decisions, record and binding reviews) is written here, so none may be longer.
OPINION_MAX = 500


class SubjectType(str, Enum):
    """What a history row is about. The values are the strings rows have always been stored with."""

    APPLICATION = "APPLICATION"
    ACHIEVEMENT_RECORD = "AchievementRecord"
    BINDING = "Binding"
    BLACKLIST_ENTRY = "BlacklistEntry"
    EVALUATION_SCHEME = "EvaluationScheme"
    REISSUE = "Reissue"
    RECOGNITION = "Recognition"
    VERIFICATION_REQUEST = "VerificationRequest"
    DETERMINATION = "Determination"
    TALENT_RECORD = "TalentRecord"


class HistoryEntry(Model):
    id = fields.BigIntField(primary_key=True)
    # A plain column, not an enum one: older databases hold rows of other types (the task engine used to write
    # "ACHIEVEMENT_RECORD" duplicates), which an enum column could no longer load.
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.BigIntField()
    action = fields.CharField(max_length=40)
    opinion = fields.CharField(max_length=OPINION_MAX, default="")
    actor = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "history_entry"
        indexes = (("subject_type", "subject_id"),)


async def record(subject_type: SubjectType, subject_id: int, action: str, *, actor_id: int | None,
                 unit_id: int | None = None, opinion: str = "") -> None:
    await HistoryEntry.create(subject_type=SubjectType(subject_type).value, subject_id=subject_id, action=action,
                              actor_id=actor_id, unit_id=unit_id, opinion=opinion)
