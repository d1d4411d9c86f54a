"""发证单位编码 (issuer codes), 证书编号库 (number ranges) and the certificate numbers taken from them.

The database itself guarantees what must never happen: a code given twice in a province, a unit with two
active codes, a number or a serial assigned twice, a subject numbered twice, a range's counter outside it.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

MAX_SERIAL = 999_999  # six digits in the number


class IssuerCodeStatus(str, Enum):
    ACTIVE = "ACTIVE"
    CANCELLED = "CANCELLED"


class IssuerCode(Model):
    """The 4-digit issuer code of a unit, unique in its province for ever: a cancelled code stays taken."""

    id = fields.BigIntField(primary_key=True)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.RESTRICT)
    # The unit while the code is ACTIVE, null once cancelled: a unique column (Tortoise has no partial index on
    # SQLite) that lets a unit hold one active code and, after a cancellation, a new one.
    active_unit_id = fields.BigIntField(null=True, unique=True)
    province = fields.CharField(max_length=2)  # the first two digits of the unit's region code
    code = fields.CharField(max_length=4)
    status = fields.CharEnumField(IssuerCodeStatus, max_length=10, default=IssuerCodeStatus.ACTIVE)
    assigned_by = fields.ForeignKeyField("models.Account", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    assigned_at = fields.DatetimeField(auto_now_add=True)
    cancel_reason = fields.CharField(max_length=500, default="")
    cancelled_by = fields.ForeignKeyField("models.Account", related_name=False, null=True,
                                          on_delete=fields.SET_NULL)
    cancelled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "issuer_code"
        unique_together = (("province", "code"),)


class NumberRange(Model):
    """证书编号库: serials start to end for one issuer, year and category, handed out in order.

    next_serial is the next one to hand out (end + 1 once exhausted). Ranges of one issuer, year and category
    do not overlap: checked under a lock on the issuer code when a range is created."""

    id = fields.BigIntField(primary_key=True)
    issuer = fields.ForeignKeyField("models.IssuerCode", related_name=False, on_delete=fields.RESTRICT)
    year = fields.SmallIntField()
    category = fields.CharField(max_length=2)
    start_serial = fields.IntField()
    end_serial = fields.IntField()
    next_serial = fields.IntField()
    created_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "number_range"
        constraints = (
            CheckConstraint(check=f"start_serial >= 1 AND start_serial <= end_serial AND end_serial <= {MAX_SERIAL}",
                            name="number_range_bounds"),
            CheckConstraint(check="next_serial >= start_serial AND next_serial <= end_serial + 1",
                            name="number_range_next_inside"),
        )

    @property
    def used(self) -> int:
        # A serial is taken together with its number in one savepoint, so the counter is the count.
        return self.next_serial - self.start_serial

    @property
    def remaining(self) -> int:
        return self.end_serial + 1 - self.next_serial


class CertificateNumber(Model):
    """A number handed out, never reused and never assigned twice.

    Unique number, unique serial in its range, and one per subject (unique subject kind and key)."""

    id = fields.BigIntField(primary_key=True)
    number = fields.CharField(max_length=40, unique=True)
    range = fields.ForeignKeyField("models.NumberRange", related_name=False, on_delete=fields.RESTRICT)
    serial = fields.IntField()
    subject_kind = fields.CharField(max_length=32)  # what was numbered, e.g. RESULT or REISSUE
    subject_key = fields.CharField(max_length=64, null=True)  # its stable key (a result's id), null once it is gone
    assigned_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "certificate_number"
        unique_together = (("range", "serial"), ("subject_kind", "subject_key"))
