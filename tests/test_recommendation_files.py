"""单位推荐意见 files: PDF / JPG / PNG up to 10 MB, added and deleted by the employer while it reviews."""
import shutil
from pathlib import Path

import pytest

from models.quota import recommendation
from models.core.file import StoredFile
from models.quota.models import RecommendationFile
from models.unit.models import UnitKind, UnitNature
from tests.declaration_support import PNG
from tests.helpers import assert_forbidden, assert_unauthenticated, gid, gql, make_person, make_unit, payload_errors
from tests.quota_support import FILE_DELETE, FILES, PDF, add_file, claimed, public_world, stored_files, submitted


@pytest.fixture
def storage_dir(settings):
    shutil.rmtree(settings.storage_dir, ignore_errors=True)
    return Path(settings.storage_dir)


def added(response) -> dict:
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]["recommendationFileAdd"]


async def reviewing(http):
    world = await public_world(requires_recommendation=True)
    app_id = await submitted(http, world)
    await claimed(http, world, app_id)
    return world, app_id


@pytest.mark.parametrize("name, content, code", [
    ("推荐意见.docx", b"PK\x03\x04" + b"\x00" * 64, "FILE_TYPE_NOT_ALLOWED"),
    ("推荐意见.pdf", b"", "EMPTY_FILE"),
    ("推荐意见.pdf", PDF + b"0" * 4096, "FILE_TOO_LARGE"),
    ("a/b.pdf", PDF, "INVALID_FILE_NAME"),
])
async def test_bad_uploads_store_nothing(http, storage_dir, monkeypatch, name, content, code):
    world, app_id = await reviewing(http)
    before = stored_files(storage_dir)  # the applicant's own attachment
    monkeypatch.setattr(recommendation, "MAX_FILE_BYTES", 2048)
    response = await add_file(http, world.employer.token, app_id, "RECOMMENDATION", name, content)
    assert [(e["code"], e["field"]) for e in added(response)["errors"]] == [(code, ["file"])]
    assert not await RecommendationFile.exists()
    assert not await StoredFile.filter(purpose="recommendation").exists() and stored_files(storage_dir) == before


async def test_add_list_delete_and_who_may(http, storage_dir):
    world, app_id = await reviewing(http)
    token = world.employer.token
    first = added(await add_file(http, token, app_id, "RECOMMENDATION"))["recommendationFile"]
    added(await add_file(http, token, app_id, "PUBLICITY_PROOF", "公示截图.png", PNG, "image/png"))
    listed = (await gql(http, FILES, {"id": app_id}, token=token))["data"]["recommendationFiles"]
    assert [(f["kind"], f["file"]["name"]) for f in listed] == [("RECOMMENDATION", "推荐意见.pdf"),
                                                                 ("PUBLICITY_PROOF", "公示截图.png")]
    # The person and the HR bureaus above see them; other units, other people and other regions do not.
    for actor in (world.applicant, world.city_hr, world.province_hr):
        assert len((await gql(http, FILES, {"id": app_id}, token=actor.token))["data"]["recommendationFiles"]) == 2
    stranger = await make_person("王五")
    other_unit = await make_unit("合肥市第一人民医院", nature=UnitNature.PUBLIC_INSTITUTION)
    wuhu = await make_unit("芜湖市人力资源和社会保障局", kind=UnitKind.HR_BUREAU, region="340200",
                           nature=UnitNature.GOVERNMENT_AGENCY)
    for actor in (stranger, other_unit, wuhu, world.department):
        assert_forbidden(await gql(http, FILES, {"id": app_id}, token=actor.token))
    assert_unauthenticated(await gql(http, FILES, {"id": app_id}))

    # Only the employer's admins add and delete.
    for actor in (world.applicant, other_unit, world.city_hr):
        response = await add_file(http, actor.token, app_id, "OTHER")
        assert_forbidden(response.json())
        assert_forbidden(await gql(http, FILE_DELETE, {"input": {"recommendationFileId": first["id"]}},
                                   token=actor.token))
    result = await gql(http, FILE_DELETE, {"input": {"recommendationFileId": first["id"]}}, token=token)
    assert payload_errors(result, "recommendationFileDelete") == [] and \
        result["data"]["recommendationFileDelete"]["deletedId"] == first["id"]
    result = await gql(http, FILE_DELETE, {"input": {"recommendationFileId": first["id"]}}, token=token)
    assert [e["code"] for e in payload_errors(result, "recommendationFileDelete")] == ["NOT_FOUND"]
    result = await gql(http, FILE_DELETE, {"input": {"recommendationFileId": gid("Plan", 1)}}, token=token)
    assert [e["code"] for e in payload_errors(result, "recommendationFileDelete")] == ["INVALID_ID"]
    assert await RecommendationFile.all().count() == 1


async def test_at_most_five_of_a_kind(http, storage_dir):
    world, app_id = await reviewing(http)
    for n in range(5):
        assert not added(await add_file(http, world.employer.token, app_id, "OTHER", f"材料{n}.pdf"))["errors"]
    response = await add_file(http, world.employer.token, app_id, "OTHER", "材料5.pdf")
    assert [e["code"] for e in added(response)["errors"]] == ["TOO_MANY_FILES"]
    assert await RecommendationFile.all().count() == 5
