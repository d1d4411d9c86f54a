"""The achievement library (个人业绩库) as clients see it: records, attachments, review, statistics.

A record is visible to its owner, the admins of the unit it was submitted to, the HR bureaus
above that unit and platform admins (``models.access.achievement.can_view_record``); its attachments and person are
reachable only through it, so they inherit that check.
"""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from models.achievement.models import CATEGORY_LABELS
from models.achievement.models import AchievementCategory as AchievementCategoryEnum
from models.achievement.models import AchievementRecord as RecordRow
from models.achievement.models import OpinionTemplate as TemplateRow
from models.achievement.models import RecordStatus as RecordStatusEnum
from models.achievement.fields import display
from models.achievement.rules import ReviewDecision
from models.core.file import StoredFile as FileRow
from models.achievement.codes import AchievementCode
from schema.achievement.fields import AchievementDataInput, AchievementFields, fields_of
from schema.core.ids import from_row
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.person import Person, visible_person
from schema.unit import Unit
from zhicheng.downloads import sign_download

AchievementCategory = strawberry.enum(AchievementCategoryEnum, description="业绩类别, in the order of 001 §3's table.")
AchievementRecordStatus = strawberry.enum(RecordStatusEnum, name="AchievementRecordStatus",
                                          description="草稿 / 审核中 / 通过 / 退回 / 撤回")
AchievementDecision = strawberry.enum(ReviewDecision, name="AchievementDecision", description="通过 / 退回")

STATUS_LABELS = {RecordStatusEnum.DRAFT: "草稿", RecordStatusEnum.PENDING: "审核中", RecordStatusEnum.APPROVED: "通过",
                 RecordStatusEnum.RETURNED: "退回", RecordStatusEnum.WITHDRAWN: "撤回"}

AchievementErrorCode = error_code_enum("Achievement", AchievementCode,
                                       "Why an achievement-library operation was refused.")
AchievementError = error_type("Achievement", AchievementErrorCode)


@strawberry.type(description="A supporting file (佐证材料) of a record; whoever can see the record may download it.")
class AchievementAttachment(relay.Node):
    file: strawberry.Private[FileRow]
    id: relay.NodeID[int]
    name: str = strawberry.field(description="File name as shown and downloaded.")
    content_type: str = strawberry.field(description="Decided from the content, not the name.")
    size: int = strawberry.field(description="Bytes.")
    created_at: datetime

    @classmethod
    def of(cls, pk: int, file: FileRow) -> "AchievementAttachment":
        return cls(file=file, id=pk, name=file.name, content_type=file.content_type, size=file.size,
                   created_at=file.created_at)

    @strawberry.field(description="Download URL, valid for a few minutes and only for you.")
    def url(self, info: Info) -> str:
        s = info.context.services.settings
        return sign_download(self.file.id, info.context.viewer.account_id, s.secret_key, s.download_url_ttl)


@strawberry.type(description="One filled field of a record, labelled and formatted as the manuals print it.")
class AchievementFieldValue:
    key: str = strawberry.field(description="The field's name in the category's typed fields.")
    label: str
    value: str


@strawberry.type(description="A record of the achievement library (个人业绩库): one work experience, paper, "
                             "project, … Visible to its owner, the unit it was submitted to, the HR bureaus above "
                             "that unit and platform admins.")
class AchievementRecord(relay.Node):
    row: strawberry.Private[RecordRow]
    id: relay.NodeID[int]
    category: AchievementCategory
    status: AchievementRecordStatus
    title: str = strawberry.field(description="Headline derived from the fields (a paper's name, a work unit, …).")
    work_unit: str = strawberry.field(description="工作单位 as the review list shows it.")
    opinion: str = strawberry.field(description="The unit's last review opinion (审核意见).")
    submitted_at: datetime | None = strawberry.field(description="申报日期: last submission to the unit.")
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: RecordRow) -> "AchievementRecord":
        return from_row(cls, row, category=AchievementCategoryEnum(row.category), status=RecordStatusEnum(row.status))

    @strawberry.field(description="The category as the manuals name it.")
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @strawberry.field(description="The status as the manuals name it.")
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @strawberry.field(description="The category's typed fields.")
    def fields(self) -> AchievementFields:
        return fields_of(self.category, self.row.data)

    @strawberry.field(description="Filled fields as label and text, in form order (for generic display).")
    def display_fields(self) -> list[AchievementFieldValue]:
        return [AchievementFieldValue(key=k, label=label, value=v)
                for k, label, v in display(self.category, self.row.data)]

    @strawberry.field(description="Whether the owner may still edit, attach to or delete it.")
    def editable(self) -> bool:
        return self.status in (RecordStatusEnum.DRAFT, RecordStatusEnum.RETURNED, RecordStatusEnum.WITHDRAWN)

    @strawberry.field(description="The owner (申报人); the reviewing unit sees full details.")
    async def person(self, info: Info) -> Person | None:
        row = await info.context.persons.load(self.row.person_id)
        return await visible_person(info, row, reviewing=[self.row.unit_id] if self.row.unit_id else [])

    @strawberry.field(description="The unit it was submitted to; null for a draft never submitted.")
    async def unit(self, info: Info) -> Unit | None:
        if self.row.unit_id is None:
            return None
        row = await info.context.units.load(self.row.unit_id)
        return Unit.of(row) if row else None

    @strawberry.field(description="佐证材料, in upload order.")
    async def attachments(self, info: Info) -> list[AchievementAttachment]:
        rows = await info.context.achievement_attachments.load(self.row.id)
        return [AchievementAttachment.of(a.id, a.file) for a in rows]


@strawberry.type(description="A reusable review opinion: public ones (maintained by the platform) and your own.")
class OpinionTemplate(relay.Node):
    row: strawberry.Private[TemplateRow]
    id: relay.NodeID[int]
    text: str
    created_at: datetime

    @classmethod
    def of(cls, row: TemplateRow) -> "OpinionTemplate":
        return from_row(cls, row)

    @strawberry.field(description="公共意见 (true) or 我的意见 (false).")
    def public(self) -> bool:
        return self.row.owner_id is None


# ----------------------------------------------------------------- statistics


@strawberry.type(description="How many records have one status.")
class AchievementStatusCount:
    status: AchievementRecordStatus
    label: str
    count: int


@strawberry.type(description="How many records one category holds.")
class AchievementCategoryCount:
    category: AchievementCategory
    label: str
    count: int


@strawberry.type(description="我的业绩库数据统计 (001 §3): all, per status, per category (every category, zeros too).")
class AchievementStatistics:
    generated_at: datetime = strawberry.field(description="统计时间.")
    total: int = strawberry.field(description="全部.")
    by_status: list[AchievementStatusCount]
    by_category: list[AchievementCategoryCount]


@strawberry.type(description="A unit's records of one category (or all): 全部 / 审核中 / 审核通过 / 退回 / 撤回. "
                             "全部 counts every submitted record, withdrawn ones included.")
class AchievementReviewCounts:
    category: AchievementCategory | None = strawberry.field(description="Null for every category together.")
    all: int
    pending: int
    approved: int
    returned: int
    withdrawn: int

    @classmethod
    def of(cls, category, counts: dict) -> "AchievementReviewCounts":
        s = RecordStatusEnum
        return cls(category=category, all=sum(counts.values()) - counts.get(s.DRAFT, 0),
                   pending=counts[s.PENDING], approved=counts[s.APPROVED], returned=counts[s.RETURNED],
                   withdrawn=counts[s.WITHDRAWN])


@strawberry.type(description="业绩档案 statistics of a unit: totals and every category.")
class AchievementUnitStatistics:
    total: AchievementReviewCounts
    by_category: list[AchievementReviewCounts]


# ----------------------------------------------------------------- inputs and payloads


@strawberry.input(description="Filters for your own records.")
class AchievementRecordFilter:
    category: AchievementCategory | None = None
    status: AchievementRecordStatus | None = None


@strawberry.input(description="Filters for a unit's review list (业绩档案).")
class AchievementReviewFilter:
    category: AchievementCategory | None = None
    status: AchievementRecordStatus | None = None
    person_name_contains: str | None = strawberry.field(default=None, description="申报人 name contains.")
    work_unit_contains: str | None = strawberry.field(default=None, description="工作单位 contains.")


@strawberry.input(description="A new draft record; its category is the member of `data` you fill.")
class AchievementRecordCreateInput:
    data: AchievementDataInput  # type: ignore[valid-type]


@strawberry.input(description="Replace the fields of a draft, returned or withdrawn record (same category).")
class AchievementRecordUpdateInput:
    record_id: strawberry.ID
    data: AchievementDataInput  # type: ignore[valid-type]


@strawberry.input(description="Names one of your records.")
class AchievementRecordRefInput:
    record_id: strawberry.ID


@strawberry.input(description="Attach one file (PDF, JPG, PNG or BMP by content; size and count limits per "
                              "category) to an editable record. Multipart upload with the X-Zhicheng-CSRF header.")
class AchievementAttachmentAddInput:
    record_id: strawberry.ID
    file: Upload


@strawberry.input(description="Rename an attachment of an editable record; the file's extension is kept.")
class AchievementAttachmentRenameInput:
    attachment_id: strawberry.ID
    name: str


@strawberry.input(description="Remove an attachment of an editable record.")
class AchievementAttachmentDeleteInput:
    attachment_id: strawberry.ID


@strawberry.input(description="审核 pending records submitted to your unit (at most 100): all or none are decided.")
class AchievementRecordDecideInput:
    record_ids: list[strawberry.ID]
    decision: AchievementDecision
    opinion: str = strawberry.field(default="", description="审核意见; required when returning, 同意 by default.")


@strawberry.input(description="A new opinion template: yours, or public (platform admins only).")
class OpinionTemplateCreateInput:
    text: str
    public: bool = False


@strawberry.input(description="Delete your template (or a public one, as platform admin).")
class OpinionTemplateDeleteInput:
    template_id: strawberry.ID


@strawberry.type
class AchievementRecordPayload:
    errors: list[AchievementError]  # type: ignore[valid-type]
    record: AchievementRecord | None = None


@strawberry.type
class AchievementAttachmentPayload:
    errors: list[AchievementError]  # type: ignore[valid-type]
    attachment: AchievementAttachment | None = None
    record: AchievementRecord | None = None


@strawberry.type
class AchievementRecordDecidePayload:
    errors: list[AchievementError]  # type: ignore[valid-type]
    records: list[AchievementRecord] | None = None


@strawberry.type
class OpinionTemplatePayload:
    errors: list[AchievementError]  # type: ignore[valid-type]
    opinion_template: OpinionTemplate | None = None
