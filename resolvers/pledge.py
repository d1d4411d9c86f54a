"""The integrity pledge (诚信承诺书): its text for the confirmation dialog, its printable template."""
from __future__ import annotations

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from models.application.pledge import PLEDGE_PARAGRAPHS, PLEDGE_TITLE, PLEDGE_VERSION

TEMPLATE_PATH = "/documents/integrity-pledge.docx"
REISSUE_TEMPLATE_PATH = "/documents/reissue-pledge.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@strawberry.type(description="The integrity pledge an applicant accepts when declaring (诚信承诺书).")
class IntegrityPledge:
    title: str
    version: str = strawberry.field(description="Changes when the wording changes.")
    paragraphs: list[str]
    template_url: str = strawberry.field(description="The printable .docx, to sign on paper (点击下载承诺书模板).")


@strawberry.type
class PledgeQueries:
    @strawberry.field(description="The pledge shown before a declaration starts; open to anyone.")
    def integrity_pledge(self) -> IntegrityPledge:
        return IntegrityPledge(title=PLEDGE_TITLE, version=PLEDGE_VERSION, paragraphs=list(PLEDGE_PARAGRAPHS),
                               template_url=TEMPLATE_PATH)

    @strawberry.field(description="补换证承诺书: its text, and the .docx to sign and upload (承诺书模板下载); open to anyone.")
    def reissue_pledge(self) -> IntegrityPledge:
        from models.reissue import pledge

        return IntegrityPledge(title=pledge.PLEDGE_TITLE, version=pledge.PLEDGE_VERSION,
                               paragraphs=list(pledge.PLEDGE_PARAGRAPHS), template_url=REISSUE_TEMPLATE_PATH)


async def pledge_template(request: Request) -> Response:
    from workers.pledge_document import pledge_docx

    return Response(pledge_docx(), media_type=DOCX, headers={
        "Content-Disposition": "attachment; filename*=UTF-8''%E8%AF%9A%E4%BF%A1%E6%89%BF%E8%AF%BA%E4%B9%A6.docx",
        "Cache-Control": "public, max-age=3600"})


async def reissue_pledge_template(request: Request) -> Response:
    from workers.pledge_document import reissue_pledge_docx

    return Response(reissue_pledge_docx(), media_type=DOCX, headers={
        "Content-Disposition": "attachment; filename*=UTF-8''%E8%A1%A5%E6%8D%A2%E8%AF%81%E6%89%BF%E8%AF%BA%E4%B9%A6.docx",
        "Cache-Control": "public, max-age=3600"})
