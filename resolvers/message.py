"""The message inbox, broadcasts and one's own jobs."""
from __future__ import annotations

import strawberry

from models.messaging.broadcast import check_broadcast, region_exists
from models.core.errors import Collector, Forbidden, refuse
from models.core.job import Job as JobRow
from models.core.job import JobKind
from models.messaging.models import Message as MessageRow
from models.messaging.models import mark_read
from models.core.transaction import create_job_once
from resolvers.core.mutation import payload_mutation
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsSignedIn
from schema.message import (Job, Message, MessageBroadcastInput, MessageBroadcastPayload, MessageMarkReadInput,
                            MessageMarkReadPayload)
from schema.core.pagination import Connection, paginate


async def _unread(account_id: int) -> int:
    return await MessageRow.filter(recipient_id=account_id, read_at__isnull=True).count()


@strawberry.type
class MessageQueries:
    @strawberry.field(description="我的消息, newest first.", permission_classes=[IsSignedIn])
    async def messages(self, info: Info, unread_only: bool = False, first: int | None = None,
                       after: str | None = None, last: int | None = None,
                       before: str | None = None) -> Connection[Message]:
        qs = MessageRow.filter(recipient_id=info.context.viewer.account_id)
        if unread_only:
            qs = qs.filter(read_at__isnull=True)
        return await paginate(qs, Message.of, first=first, after=after, last=last, before=before)

    @strawberry.field(description="How many of your messages are unread.", permission_classes=[IsSignedIn])
    async def unread_message_count(self, info: Info) -> int:
        return await _unread(info.context.viewer.account_id)

    @strawberry.field(description="Background jobs you started, newest first.", permission_classes=[IsSignedIn])
    async def my_jobs(self, info: Info, first: int | None = None, after: str | None = None,
                      last: int | None = None, before: str | None = None) -> Connection[Job]:
        return await paginate(JobRow.filter(requester_id=info.context.viewer.account_id), Job.of, first=first,
                              after=after, last=last, before=before)


@strawberry.type
class MessageMutations:
    @strawberry.mutation(description="Mark your messages read.", permission_classes=[IsSignedIn])
    @payload_mutation(MessageMarkReadPayload)
    async def message_mark_read(self, info: Info, input: MessageMarkReadInput) -> dict:
        account_id = info.context.viewer.account_id
        ids = None
        if input.message_ids is not None:
            ids = [decode_id(m, Message, ("messageIds", str(i))) for i, m in enumerate(input.message_ids)]
        marked = await mark_read(account_id, ids)
        return {"marked": marked, "unread_count": await _unread(account_id)}

    @strawberry.mutation(description="Notify every person of a region (and series) — HR bureaus for their region, "
                                     "platform admins anywhere. Returns the job to follow.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(MessageBroadcastPayload)
    async def message_broadcast(self, info: Info, input: MessageBroadcastInput) -> dict:
        viewer = info.context.viewer
        if not viewer.is_platform_admin:
            if not input.region_code or not viewer.covers_region(input.region_code):
                raise Forbidden("只能向本人社部门管辖区域内的人员发送通知")
        errors = Collector()
        check_broadcast(errors, input.title.strip(), input.body.strip(), input.region_code, input.series)
        errors.raise_if_any()
        if input.region_code and not await region_exists(input.region_code):
            raise refuse("NOT_FOUND", "属地不存在", "regionCode")
        job = await create_job_once(JobKind.MESSAGE_BROADCAST,
                                    {"title": input.title.strip(), "body": input.body.strip(),
                                     "region_code": input.region_code, "series": input.series},
                                    viewer.account_id, input.idempotency_key)
        return {"job": Job.of(job)}
