"""What every request a person submits into review shows the same way (a reissue, a recognition, a
verification request): where its review path stands and what happened so far. Their types implement the
``ReviewedRequest`` interface, so a client reads the flow and history of any of them with one fragment."""
from __future__ import annotations

from typing import Any, ClassVar

import strawberry

from models.core.history import SubjectType
from schema.application.types import FlowNode, HistoryItem, flow_nodes, history_of
from schema.core.context import Info


@strawberry.interface(description="A request a person submitted into a review path: its flow and its history.")
class ReviewedRequest:
    row: strawberry.Private[Any]
    subject: ClassVar[SubjectType]

    @strawberry.field(description="流程: the review path and where it stands.")
    def flow(self) -> list[FlowNode]:
        status = self.row.status.value if hasattr(self.row.status, "value") else self.row.status
        return flow_nodes(self.row.review_path, self.row.path_position, approved=status == "APPROVED",
                          in_review=status == "IN_REVIEW")

    @strawberry.field(description="Every step so far, oldest first.")
    async def history(self, info: Info) -> list[HistoryItem]:
        return await history_of(info, self.subject, self.row.id)
