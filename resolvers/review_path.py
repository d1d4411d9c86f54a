"""Review-path configuration: HR bureaus for their region, platform admins anywhere; anyone signed in reads."""
from __future__ import annotations

import strawberry

from models.region.models import region_chain
from models.workflow.paths import delete_path, set_path
from models.workflow.models import ProcessPath as ProcessPathRow
from models.workflow.models import ReviewPath as PathRow
from models.workflow.process_paths import delete_process_path, set_process_path
from resolvers.core.mutation import payload_mutation
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsSignedIn
from schema.review_path import (ProcessPath, ProcessPathDeleteInput, ProcessPathPayload, ProcessPathSetInput,
                                ReviewPath, ReviewPathDeleteInput, ReviewPathPayload, ReviewPathSetInput)
from schema.task import ProcessType


@strawberry.type
class ReviewPathQueries:
    @strawberry.field(description="Paths configured for a region and the regions above it (most specific first).",
                      permission_classes=[IsSignedIn])
    async def review_paths(self, info: Info, region_code: str) -> list[ReviewPath]:
        chain = region_chain(region_code)
        rows = await PathRow.filter(region_id__in=chain)
        return [ReviewPath.of(r) for r in sorted(rows, key=lambda r: (chain.index(r.region_id), r.id))]

    @strawberry.field(description="Process paths (补换证) configured for a region and the regions above it (most "
                                  "specific first); where none applies the process's default does.",
                      permission_classes=[IsSignedIn])
    async def process_paths(self, info: Info, region_code: str, process_type: ProcessType | None = None
                            ) -> list[ProcessPath]:
        chain = region_chain(region_code)
        qs = ProcessPathRow.filter(region_id__in=chain)
        if process_type is not None:
            qs = qs.filter(process_type=process_type.value)
        rows = await qs
        return [ProcessPath.of(r) for r in sorted(rows, key=lambda r: (chain.index(r.region_id), r.level, r.id))]


@strawberry.type
class ReviewPathMutations:
    @strawberry.mutation(description="Set the review path for a mode, tier and region.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(ReviewPathPayload)
    async def review_path_set(self, info: Info, input: ReviewPathSetInput) -> dict:
        row = await set_path(info.context.viewer, input.evaluation_mode.value, input.committee_tier.value,
                             input.region_code.strip(), [k.value for k in input.node_kinds])
        return {"review_path": ReviewPath.of(row)}

    @strawberry.mutation(description="Delete a configured path (the region above, or the default, applies again).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(ReviewPathPayload)
    async def review_path_delete(self, info: Info, input: ReviewPathDeleteInput) -> dict:
        row = await delete_path(info.context.viewer, decode_id(input.review_path_id, ReviewPath, "reviewPathId"))
        return {"review_path": ReviewPath.of(row)}

    @strawberry.mutation(description="Set a process's review path (补换证) for a level and region.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(ProcessPathPayload)
    async def process_path_set(self, info: Info, input: ProcessPathSetInput) -> dict:
        row = await set_process_path(info.context.viewer, input.process_type.value,
                                     input.level.value if input.level else None, input.region_code.strip(),
                                     [k.value for k in input.node_kinds])
        return {"process_path": ProcessPath.of(row)}

    @strawberry.mutation(description="Delete a process path (the region above, or the default, applies again).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(ProcessPathPayload)
    async def process_path_delete(self, info: Info, input: ProcessPathDeleteInput) -> dict:
        row = await delete_process_path(info.context.viewer,
                                        decode_id(input.process_path_id, ProcessPath, "processPathId"))
        return {"process_path": ProcessPath.of(row)}
