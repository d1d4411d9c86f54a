"""Certificate numbers (证书编号): the province's pattern and ``assign_number``, the one way a number is taken.

The pattern is a setting handed in by the wiring (``configure``), so the domain never reads the settings
itself. A number is taken in one savepoint: a conditional UPDATE moves the range's counter (the row lock it
takes makes concurrent callers queue on PostgreSQL; SQLite runs one writer at a time) and the number is
inserted; the unique constraints on the number, the range's serial and the subject refuse a second number,
and when one refuses, the counter's move is rolled back with it, so no serial is skipped.
"""
from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.certificate.codes import CertificateCode
from models.certificate.models import CertificateNumber, IssuerCode, IssuerCodeStatus, NumberRange
from models.core.errors import refuse

DEFAULT_PROVINCE = "34"  # 安徽
DEFAULT_PATTERN = "9{province}{year}{issuer}{category}{serial:06d}"  # 9342023000101000136
REISSUE_PREFIX = "YB"  # 补换证
PLACEHOLDERS = {"province", "year", "issuer", "category", "serial"}
NUMBER_MAX = CertificateNumber._meta.fields_map["number"].max_length


@dataclass(frozen=True)
class NumberingSettings:
    """``patterns`` maps a province code to its pattern; a province without one uses ``default_pattern``."""

    default_province: str = DEFAULT_PROVINCE
    default_pattern: str = DEFAULT_PATTERN
    patterns: Mapping[str, str] = field(default_factory=dict)
    reissue_prefix: str = REISSUE_PREFIX

    def __post_init__(self) -> None:
        for pattern in (self.default_pattern, *self.patterns.values()):
            names = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
            if not names <= PLACEHOLDERS or "serial" not in names:
                raise ValueError(f"certificate number pattern {pattern!r}: placeholders are {sorted(PLACEHOLDERS)}, "
                                 "and it needs {serial}")

    def pattern_for(self, province: str) -> str:
        return self.patterns.get(province, self.default_pattern)


_settings = NumberingSettings()


def configure(settings: NumberingSettings) -> None:
    """Installed by the wiring at start-up; the defaults are Anhui's numbers."""
    global _settings
    _settings = settings


def numbering_settings() -> NumberingSettings:
    return _settings


def format_number(province: str | None, year: int, issuer: str, category: str, serial: int, *,
                  reissue: bool = False, settings: NumberingSettings | None = None) -> str:
    """``province`` None: the settings' default province."""
    s = settings or _settings
    province = province or s.default_province
    number = s.pattern_for(province).format(province=province, year=year, issuer=issuer, category=category,
                                            serial=serial)
    return f"{s.reissue_prefix}{number}" if reissue else number


async def assign_number(issuer: IssuerCode | int, year: int, category: str, subject_key: str, *,
                        subject_kind: str = "RESULT", reissue: bool = False,
                        settings: NumberingSettings | None = None) -> CertificateNumber:
    """The number of ``subject_kind``/``subject_key``: the one it already has, else the next serial of the first
    range of the issuer, year and category that has one left (ranges in serial order). Idempotent, so a job
    that runs again gets the same number. Refuses ISSUER_CODE_CANCELLED and NUMBER_RANGE_EXHAUSTED."""
    existing = await CertificateNumber.get_or_none(subject_kind=subject_kind, subject_key=subject_key)
    if existing is not None:
        return existing
    code = issuer if isinstance(issuer, IssuerCode) else await IssuerCode.get(id=issuer)
    if code.status != IssuerCodeStatus.ACTIVE:
        raise refuse(CertificateCode.ISSUER_CODE_CANCELLED, f"发证单位编码 {code.code} 已注销，不能再发放证书编号")
    open_ranges = await NumberRange.filter(issuer_id=code.id, year=year, category=category).order_by(
        "start_serial").values_list("id", "end_serial", "next_serial")
    for range_id, end_serial, next_serial in open_ranges:
        if next_serial > end_serial:
            continue
        try:
            async with in_transaction() as conn:  # a savepoint inside the caller's transaction
                serial = await _take_serial(conn, range_id)
                if serial is None:  # a concurrent caller took the last one
                    continue
                return await CertificateNumber.create(
                    number=format_number(code.province, year, code.code, category, serial, reissue=reissue,
                                         settings=settings),
                    range_id=range_id, serial=serial, subject_kind=subject_kind, subject_key=subject_key)
        except IntegrityError:
            # A concurrent call numbered the same subject first; the savepoint undid our serial.
            existing = await CertificateNumber.get_or_none(subject_kind=subject_kind, subject_key=subject_key)
            if existing is None:
                raise
            return existing
    raise refuse(CertificateCode.NUMBER_RANGE_EXHAUSTED,
                 f"发证单位编码 {code.code} 在 {year} 年类别 {category} 下没有可用的证书编号，请先生成证书编号")


async def _take_serial(conn, range_id: int) -> int | None:
    """Moves the counter by one if the range has a serial left, and returns the serial taken."""
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    rows = await conn.execute_query_dict(
        "UPDATE number_range SET next_serial = next_serial + 1 "
        f"WHERE id = {mark} AND next_serial <= end_serial RETURNING next_serial - 1 AS serial", [range_id])
    return rows[0]["serial"] if rows else None
