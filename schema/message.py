"""Messages (我的消息) and background jobs as clients see them."""
from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from models.access.masking import mask_ids_in_label
from models.core.job import Job as JobRow
from models.core.job import JobKind as JobKindEnum
from models.core.job import JobStatus as JobStatusEnum
from models.messaging.models import Message as MessageRow
from models.messaging.codes import MessageCode
from schema.core.ids import from_row
from schema.core.context import Info
from schema.core.errors import error_code_enum, error_type
from schema.file import File, load_file

JobStatus = strawberry.enum(JobStatusEnum)
JobKind = strawberry.enum(JobKindEnum)

MessageErrorCode = error_code_enum("Message", MessageCode, "Why a message operation was refused.")
MessageError = error_type("Message", MessageErrorCode)


@strawberry.type(description="An in-app message. Only its recipient can reach it.")
class Message(relay.Node):
    row: strawberry.Private[MessageRow]
    id: relay.NodeID[int]
    title: str
    body: str
    link_type: str = strawberry.field(description="Type of the object the message is about, e.g. Binding.")
    link_id: str = strawberry.field(description="Global ID of that object, when there is one.")
    read_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: MessageRow) -> "Message":
        return from_row(cls, row, body=mask_ids_in_label(row.body))  # rows written before bodies were masked


@strawberry.type(description="A background job you asked for; poll it for progress.")
class Job(relay.Node):
    row: strawberry.Private[JobRow]
    id: relay.NodeID[int]
    kind: JobKind
    status: JobStatus
    progress: int = strawberry.field(description="Items done.")
    total: int = strawberry.field(description="Items to do, once known.")
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, row: JobRow) -> "Job":
        return from_row(cls, row, kind=JobKindEnum(row.kind), status=JobStatusEnum(row.status))

    @strawberry.field(description="The file the job produced, if any.")
    async def result_file(self, info: Info) -> File | None:
        return await load_file(info, self.row.result_file_id)


def idempotency_key_field():
    """The optional client key of a mutation that starts a job (a new field object per input)."""
    return strawberry.field(default=None, description=(
        "Your name for this request (1–64 of A–Z a–z 0–9 . _ : -), e.g. a UUID: sending the same request "
        "again with the same key — after a lost reply — returns the job the first one started instead of "
        "starting another. The same key with other input is refused (IDEMPOTENCY_KEY_REUSED)."))


@strawberry.input(description="Mark messages read: the given ones, or all when `messageIds` is omitted.")
class MessageMarkReadInput:
    message_ids: list[strawberry.ID] | None = None


@strawberry.type
class MessageMarkReadPayload:
    errors: list[MessageError]  # type: ignore[valid-type]
    marked: int = 0
    unread_count: int = 0


@strawberry.input(description="Send a message to every person in a region (and series); runs as a background job.")
class MessageBroadcastInput:
    title: str
    body: str
    region_code: str | None = strawberry.field(default=None, description="Region and below; all when omitted.")
    series: str | None = strawberry.field(default=None, description="Only persons of this series.")
    idempotency_key: str | None = idempotency_key_field()


@strawberry.type
class MessageBroadcastPayload:
    errors: list[MessageError]  # type: ignore[valid-type]
    job: Job | None = None
