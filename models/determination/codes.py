"""Error codes of 初定 / 认定 declarations (DeterminationCode, DeterminationReviewCode) and of the acceptance
bodies that accept them (AcceptanceCode)."""
from __future__ import annotations

from enum import auto

from models.core.codes import Codes, ImportCode, UploadCode, includes
from models.person.codes import BindingGuardCode


# 受理机构 (models/determination/acceptance.py) and the two-step Excel imports (acceptance bodies and process
# paths, models/core/import_batches.py): an import receives an upload.
@includes(UploadCode, ImportCode)
class AcceptanceCode(Codes):
    INVALID_NODE_KIND = auto()  # not one of 主管部门, 县区 / 市 / 省人社部门, 发证机关
    INVALID_MODE = auto()  # 取得方式 is 职称初定 or 职称认定
    UNIT_NOT_ACTIVE = auto()  # the unit is not 登记在册
    UNIT_KIND_MISMATCH = auto()  # the unit cannot act at that node kind
    UNIT_OUT_OF_PROVINCE = auto()
    OUT_OF_REGION = auto()  # the region is outside the HR bureau's
    ACCEPTANCE_BODY_EXISTS = auto()  # the same unit, node kind, level, mode and region
    NODE_TAKEN = auto()  # another active unit already accepts at that node kind for the region
    ALREADY_CANCELLED = auto()
    BODY_CANCELLED = auto()  # a cancelled body is re-added, not edited
    NO_UNIT = auto()  # 申报须知 need the person's current unit


# The photo is an upload; declaring needs an approved binding.
@includes(UploadCode, BindingGuardCode)
class DeterminationCode(Codes):
    INVALID_MODE = auto()  # only 初定 or 认定 are declared here
    INVALID_YEAR = auto()
    TITLE_NOT_IN_SERIES = auto()
    NO_ACCEPTANCE_BODY = auto()  # no unit accepts this level's 初定 / 认定 for the employer's region
    BLACKLISTED = auto()
    DETERMINATION_EXISTS = auto()  # one 初定 and one 认定 a person a year
    NOT_EDITABLE = auto()
    NOT_WITHDRAWABLE = auto()
    INVALID_VALUE = auto()
    INVALID_DATE = auto()
    FUTURE_DATE = auto()
    TOO_MANY = auto()
    RECORD_NOT_APPROVED = auto()  # only unit-approved library records are imported
    RECORD_NOT_ALLOWED = auto()  # a category the declaration does not hold
    ALREADY_IMPORTED = auto()
    NO_EMPLOYER = auto()
    CHECK_FAILED = auto()


class DeterminationReviewCode(Codes):
    """The INITIAL_DETERMINATION / ACCREDITATION review processes: raised through taskDecide."""

    NOT_AN_ISSUER = auto()
    NUMBER_EXISTS = auto()
    NUMBER_RANGE_EXHAUSTED = auto()
    ISSUER_CODE_CANCELLED = auto()
