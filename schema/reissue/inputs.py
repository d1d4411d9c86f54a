"""Inputs and payloads of reissues (补换证) and of the process paths they follow."""
from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry
from strawberry.file_uploads import Upload

from schema.person import Gender, IdType
from schema.reissue.types import Reissue, ReissueError, ReissueField


@strawberry.input(description="One field to correct and its right value (dates as YYYY-MM-DD; 性别 男/女; 证件类型 "
                              "as IdType, e.g. RESIDENT_ID).")
class ReissueCorrectionInput:
    field: ReissueField
    value: str


@strawberry.input(description="情况一: a certificate that is not in 我的职称, entered as it reads. All required but "
                              "资格性质; the series, specialty and title from the catalogue.")
class ReissueCertificateInput:
    name: str
    gender: Gender
    birth_date: date
    id_type: IdType
    id_number: str
    acquisition_method: str = strawberry.field(description="取得方式: 评审 / 认定 / 初定 / 考试 / 确认.")
    series_id: strawberry.ID
    specialty_id: strawberry.ID
    title_name_id: strawberry.ID
    acquired_on: date = strawberry.field(description="取得资格时间.")
    approval_number: str = strawberry.field(description="批准文号.")
    issue_date: date = strawberry.field(description="发证日期.")
    issuer_unit_id: strawberry.ID = strawberry.field(description="发证机构: a unit of the platform.")
    number: str = strawberry.field(description="证书编号.")
    unit_name: str = strawberry.field(description="取得资格时所在单位.")
    nature: str = strawberry.field(default="", description="资格性质.")


@strawberry.input(description="证书补（换）: from a certificate in 我的职称 (certificateId) or one entered by hand "
                              "(certificate), one of the two.")
class ReissueCreateInput:
    certificate_id: strawberry.ID | None = None
    certificate: ReissueCertificateInput | None = None
    reason: str = strawberry.field(default="", description="申请补（换）发事由, e.g. 丢失.")
    corrections: list[ReissueCorrectionInput] = strawberry.field(
        default_factory=list, description="证书信息变更: leave empty when only a new copy is asked for.")


@strawberry.input(description="Change a draft or returned reissue: what is given is replaced.")
class ReissueUpdateInput:
    reissue_id: strawberry.ID
    reason: str | None = None
    corrections: list[ReissueCorrectionInput] | None = strawberry.field(
        default=None, description="The whole list; an empty list removes every correction.")
    certificate: ReissueCertificateInput | None = strawberry.field(
        default=None, description="情况一 only: the entered certificate, again.")


@strawberry.enum(description="Which file of a reissue.")
class ReissueFileKind(Enum):
    EVIDENCE = "EVIDENCE"  # 佐证材料: pdf / doc / docx, ≤ 10 MB
    PLEDGE = "PLEDGE"  # 承诺书: pdf / doc / docx, ≤ 10 MB
    PHOTO = "PHOTO"  # 照片: jpg / png


@strawberry.input(description="Upload the evidence, the signed pledge or the photo (replaces the one there was).")
class ReissueFileUploadInput:
    reissue_id: strawberry.ID
    kind: ReissueFileKind
    file: Upload


@strawberry.input
class ReissueActionInput:
    reissue_id: strawberry.ID


@strawberry.type
class ReissuePayload:
    errors: list[ReissueError]  # type: ignore[valid-type]
    reissue: Reissue | None = None


@strawberry.type
class ReissueDeletePayload:
    errors: list[ReissueError]  # type: ignore[valid-type]
    deleted_id: strawberry.ID | None = None
