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


class CertificateStatus(str, Enum):
    VALID = "VALID"  # 有效
    REVOKED = "REVOKED"  # 已撤销
    REPLACED = "REPLACED"  # 已换发: a reissue (补换证) took its place


class DocumentState(str, Enum):
    """The e-certificate file of a certificate, as the holder sees it (001 §五（二）1)."""

    AWAITING_PHOTO = "AWAITING_PHOTO"  # 请上传照片: rendered once the holder has a photo
    GENERATING = "GENERATING"  # 正在生成职称证书，请稍后刷新页面
    READY = "READY"  # 可下载


class Certificate(Model):
    """职称证书: what the e-certificate shows, copied from the person and the result when it is issued, so a
    later change of the person's profile or the catalogue never changes an issued certificate.

    One certificate per subject (subject_kind and subject_key, e.g. RESULT and the result's id), so an issuing
    job that runs again finds the certificate it made. token is the unguessable key of the public verification
    page (the QR code). status_index is the certificate's bit in its issuer's Bitstring Status List."""

    id = fields.BigIntField(primary_key=True)
    number = fields.CharField(max_length=40, unique=True)
    number_row = fields.OneToOneField("models.CertificateNumber", related_name=False, null=True,
                                      on_delete=fields.RESTRICT)
    subject_kind = fields.CharField(max_length=32)
    subject_key = fields.CharField(max_length=64)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.RESTRICT)
    result = fields.ForeignKeyField("models.ParticipantResult", related_name=False, null=True,
                                    on_delete=fields.RESTRICT)
    application = fields.ForeignKeyField("models.Application", related_name=False, null=True,
                                         on_delete=fields.RESTRICT)
    issuer = fields.ForeignKeyField("models.IssuerCode", related_name=False, null=True, on_delete=fields.RESTRICT)
    issuer_unit = fields.ForeignKeyField("models.Unit", related_name=False, null=True, on_delete=fields.RESTRICT)
    committee = fields.ForeignKeyField("models.Committee", related_name=False, null=True, on_delete=fields.RESTRICT)
    # What the certificate shows, as it was at issue.
    name = fields.CharField(max_length=50)
    gender = fields.CharField(max_length=6)
    birth_date = fields.DateField()
    id_type = fields.CharField(max_length=32)
    id_number = fields.CharField(max_length=30)
    series_name = fields.CharField(max_length=50)
    specialty_name = fields.CharField(max_length=50)
    title_name = fields.CharField(max_length=50)
    level = fields.CharField(max_length=20)
    year = fields.SmallIntField()
    acquired_on = fields.DateField()
    acquisition_method = fields.CharField(max_length=4)  # 评审 / 认定 / 初定 / 考试 / 确认
    approval_number = fields.CharField(max_length=50)  # 批准 / 备案文号
    issuer_name = fields.CharField(max_length=100)
    committee_name = fields.CharField(max_length=100, default="")
    issue_date = fields.DateField()
    # The holder's unit at issue: HR bureaus of its region and above query the certificate, as do the issuer's.
    unit_name = fields.CharField(max_length=100, default="")
    unit_region = fields.CharField(max_length=6, default="")
    issuer_region = fields.CharField(max_length=6, default="")
    photo = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    status = fields.CharEnumField(CertificateStatus, max_length=10, default=CertificateStatus.VALID)
    revoked_at = fields.DatetimeField(null=True)
    revoke_reason = fields.CharField(max_length=200, default="")
    revoked_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    replaced_by = fields.ForeignKeyField("models.Certificate", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    document_state = fields.CharEnumField(DocumentState, max_length=16, default=DocumentState.GENERATING)
    document = fields.ForeignKeyField("models.StoredFile", related_name=False, null=True, on_delete=fields.SET_NULL)
    document_status = fields.CharField(max_length=10, default="")  # the status the file was rendered with
    token = fields.CharField(max_length=43, unique=True)  # 32 random bytes, base64url
    status_index = fields.IntField(null=True)
    reported_at = fields.DatetimeField(null=True)  # 已报送人社部
    issued_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "certificate"
        unique_together = (("subject_kind", "subject_key"), ("issuer", "status_index"))
        indexes = (("person_id", "id"), ("issuer_unit_id", "reported_at"), ("id_number",), ("name",), ("unit_region",),
                   ("issuer_region",))


class StatusList(Model):
    """An issuer's Bitstring Status List (W3C Bitstring Status List v1.0) for one purpose (revocation).

    next_index is the next bit to hand to a certificate, taken with a conditional UPDATE in the transaction
    that issues it. The bits are not stored: a certificate's bit is set when it is no longer valid, read from
    the certificate rows when the list is served, so revoking and flipping the bit are one write. size (in
    bits, at least 131072 for herd privacy) grows by a whole block when the indices reach it."""

    id = fields.BigIntField(primary_key=True)
    issuer = fields.ForeignKeyField("models.IssuerCode", related_name=False, on_delete=fields.RESTRICT)
    purpose = fields.CharField(max_length=16, default="revocation")
    size = fields.IntField(default=131072)
    next_index = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "status_list"
        unique_together = (("issuer", "purpose"),)
        constraints = (
            CheckConstraint(check="size >= 131072 AND next_index >= 0 AND next_index <= size",
                            name="status_list_bounds"),
        )
