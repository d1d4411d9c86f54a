"""The integrity pledge: text for the dialog, a printable template, and its acceptance time kept."""
import io

from docx import Document

from models.application.models import Application
from tests.declaration_support import CREATE, build_world
from tests.helpers import gql, payload_errors

PLEDGE = "{ integrityPledge { title version paragraphs templateUrl } }"


async def test_pledge_text_and_template_are_public(http):
    pledge = (await gql(http, PLEDGE))["data"]["integrityPledge"]
    assert pledge["title"] == "专业技术人员职称申报诚信承诺书" and len(pledge["paragraphs"]) >= 4
    response = await http.get(pledge["templateUrl"])
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert pledge["title"] in text and "承诺人（签字）" in text
    assert (await http.get(pledge["templateUrl"])).content == response.content  # the same bytes every time


async def test_declaring_keeps_when_the_pledge_was_accepted(http):
    world = await build_world()
    result = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    assert not payload_errors(result, "applicationCreate")
    assert (await Application.get()).pledge_accepted_at is not None
