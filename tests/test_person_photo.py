"""上传照片 through a multipart request, and the signed download URL of the photo."""
from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import jwt
import pytest

from models.account.models import Account
from models.person.binding import BindingStatus
from models.core.file import StoredFile
from models.person.models import Person
from models.unit.models import UnitKind
from tests.conftest import SECRET
from tests.helpers import (assert_forbidden, assert_unauthenticated, gid, gql, make_person, make_unit, upload)
from zhicheng.downloads import sign_download

UPLOAD = """
mutation Upload($input: PersonUploadPhotoInput!) {
  personUploadPhoto(input: $input) {
    errors { field code message }
    person { id photo { url name contentType size } }
  }
}"""
ME_PHOTO = "query { me { person { photo { url name contentType size } } } }"
NODE_PHOTO = """
query Node($id: ID!) { node(id: $id) { ... on Person { idNumber photo { url name contentType size } } } }"""


def png(padding: int = 0, seed: bytes = b"") -> bytes:
    """A valid 1×1 grey PNG; ``padding`` bytes go into an ancillary chunk, ``seed`` makes the content unique."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    extra = chunk(b"tEXt", b"Comment\x00" + seed + b"x" * padding) if padding or seed else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + extra + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def png_of_size(size: int, seed: bytes = b"") -> bytes:
    base = len(png(seed=seed or b"s"))
    data = png(padding=size - base, seed=seed or b"s")
    assert len(data) == size
    return data


def jpeg(seed: bytes = b"") -> bytes:
    """A JFIF header, a comment and EOI: what type sniffing looks at."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = b"\xff\xfe" + struct.pack(">H", len(seed) + 2) + seed
    return b"\xff\xd8" + app0 + comment + b"\xff\xd9"


def stored_files(settings) -> set[str]:
    root = Path(settings.storage_dir)
    out = set()
    for dirpath, _, names in os.walk(root):
        for name in names:
            out.add(str(Path(dirpath, name).relative_to(root)))
    return out


async def send(http, token, name: str, content: bytes, content_type: str = "image/png", **kwargs):
    return await upload(http, UPLOAD, {"input": {"file": None}}, {"input.file": (name, content, content_type)},
                        token=token, **kwargs)


async def photo_of(http, token) -> dict | None:
    return (await gql(http, ME_PHOTO, token=token))["data"]["me"]["person"]["photo"]


# --- accepted --------------------------------------------------------------------------------------------------

async def test_png_photo_is_stored_and_downloadable(http, settings):
    person = await make_person()
    content = png(seed=b"accepted-png")
    # The storage directory is the session's: only what this upload might have left behind is its concern.
    before = set((Path(settings.storage_dir) / "tmp").glob("*"))
    response = await send(http, person.token, "证件照.png", content)
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["personUploadPhoto"]
    assert payload["errors"] == []
    photo = payload["person"]["photo"]
    assert (photo["name"], photo["contentType"], photo["size"]) == ("证件照.png", "image/png", len(content))
    again = await photo_of(http, person.token)
    assert {k: again[k] for k in ("name", "contentType", "size")} == {k: photo[k] for k in ("name", "contentType",
                                                                                           "size")}

    row = await StoredFile.get()
    assert (row.purpose, row.owner_id, row.size) == ("photo", person.account.id, len(content))
    assert (await Person.get(id=person.person.id)).photo_id == row.id
    assert not set((Path(settings.storage_dir) / "tmp").glob("*")) - before  # nothing half-written left behind

    download = await http.get(photo["url"])
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-type"] == "image/png"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["cache-control"] == "private, no-store"
    assert download.headers["content-disposition"].startswith("attachment; filename*=UTF-8''")
    assert "%E8%AF%81" in download.headers["content-disposition"]  # the Chinese name, percent-encoded


async def test_jpeg_named_oddly_is_typed_by_content(http):
    person = await make_person()
    content = jpeg(b"accepted-jpeg")
    response = await send(http, person.token, "photo.bin", content, "application/octet-stream")
    payload = response.json()["data"]["personUploadPhoto"]
    assert payload["errors"] == []
    assert payload["person"]["photo"]["contentType"] == "image/jpeg"
    assert (await http.get(payload["person"]["photo"]["url"])).content == content


async def test_new_photo_replaces_the_old_one(http):
    person = await make_person()
    first = (await send(http, person.token, "a.png", png(seed=b"first"))).json()["data"]["personUploadPhoto"]
    second = (await send(http, person.token, "b.jpg", jpeg(b"second"))).json()["data"]["personUploadPhoto"]
    assert first["errors"] == [] and second["errors"] == []
    assert (await photo_of(http, person.token))["name"] == "b.jpg"
    latest = await StoredFile.filter(purpose="photo").order_by("-id").first()
    assert (await Person.get(id=person.person.id)).photo_id == latest.id


async def test_photo_at_exactly_the_limit_is_accepted(http, settings):
    person = await make_person()
    content = png_of_size(settings.max_photo_bytes, seed=b"exact")
    payload = (await send(http, person.token, "big.png", content)).json()["data"]["personUploadPhoto"]
    assert payload["errors"] == [] and payload["person"]["photo"]["size"] == settings.max_photo_bytes


async def test_same_content_twice_is_stored_once(http, settings):
    first, second = await make_person(), await make_person("李四")
    content = png(seed=b"shared-content")
    before = stored_files(settings)
    for actor in (first, second):
        assert (await send(http, actor.token, "p.png", content)).json()["data"]["personUploadPhoto"]["errors"] == []
    assert len(stored_files(settings) - before) == 1
    assert await StoredFile.all().count() == 2  # one row per upload, one blob


# --- refused ---------------------------------------------------------------------------------------------------

REFUSED = [
    ("text-named-png", "photo.png", lambda s: b"<html><script>alert(1)</script></html>", "FILE_TYPE_NOT_ALLOWED"),
    ("pdf", "photo.pdf", lambda s: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "FILE_TYPE_NOT_ALLOWED"),
    ("gif", "photo.gif", lambda s: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "FILE_TYPE_NOT_ALLOWED"),
    ("oversize", "big.png", lambda s: png_of_size(s.max_photo_bytes + 1, seed=b"too-big"), "FILE_TOO_LARGE"),
    ("empty", "empty.png", lambda s: b"", "EMPTY_FILE"),
    ("slash-in-name", "../etc/passwd.png", lambda s: png(seed=b"slash"), "INVALID_FILE_NAME"),
    ("backslash-in-name", "..\\photo.png", lambda s: png(seed=b"backslash"), "INVALID_FILE_NAME"),
    ("long-name", "照" * 201 + ".png", lambda s: png(seed=b"long-name"), "INVALID_FILE_NAME"),
]


@pytest.mark.parametrize(("name", "content", "code"), [pytest.param(n, c, k, id=i) for i, n, c, k in REFUSED])
async def test_refused_upload_keeps_nothing(http, settings, name, content, code):
    person = await make_person()
    kept = (await send(http, person.token, "kept.png", png(seed=b"kept"))).json()["data"]["personUploadPhoto"]
    assert kept["errors"] == []
    rows, files = await StoredFile.all().count(), stored_files(settings)

    response = await send(http, person.token, name, content(settings))
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["personUploadPhoto"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, ["file"])]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in payload["errors"][0]["message"])
    assert payload["person"] is None
    assert await StoredFile.all().count() == rows
    assert stored_files(settings) == files
    assert (await photo_of(http, person.token))["name"] == "kept.png"


async def test_far_oversize_is_cut_off_before_the_resolver_and_keeps_nothing(http, settings):
    """Past the photo cap plus the JSON allowance the ASGI layer answers 413 before reading the rest."""
    person = await make_person()
    rows, files = await StoredFile.all().count(), stored_files(settings)
    response = await send(http, person.token, "huge.png", png_of_size(3 * s_cap(settings), seed=b"huge"))
    assert response.status_code == 413, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert await StoredFile.all().count() == rows
    assert stored_files(settings) == files


def s_cap(settings) -> int:
    return settings.max_photo_bytes + settings.max_json_bytes


async def test_too_large_message_states_the_real_limit(http, settings):
    person = await make_person()
    response = await send(http, person.token, "big.png", png_of_size(settings.max_photo_bytes + 1, seed=b"msg"))
    message = response.json()["data"]["personUploadPhoto"]["errors"][0]["message"]
    assert "200KB" in message, message


async def test_upload_without_csrf_header_is_rejected(http, settings):
    person = await make_person()
    files = stored_files(settings)
    response = await send(http, person.token, "p.png", png(seed=b"csrf"), csrf=False)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    assert await StoredFile.all().count() == 0 and stored_files(settings) == files


async def test_anonymous_upload_is_unauthenticated(http, settings):
    files = stored_files(settings)
    response = await send(http, None, "p.png", png(seed=b"anon"))
    assert_unauthenticated(response.json())
    assert await StoredFile.all().count() == 0 and stored_files(settings) == files


async def test_account_without_person_cannot_upload(http, settings):
    admin = await make_unit()
    files = stored_files(settings)
    response = await send(http, admin.token, "p.png", png(seed=b"admin"))
    assert_forbidden(response.json())
    assert await StoredFile.all().count() == 0 and stored_files(settings) == files


# --- the download URL ------------------------------------------------------------------------------------------

async def _with_photo(http, seed: bytes):
    admin = await make_unit(region="340100")
    person = await make_person(unit=admin.unit, status=BindingStatus.APPROVED)
    content = png(seed=seed)
    payload = (await send(http, person.token, "p.png", content)).json()["data"]["personUploadPhoto"]
    assert payload["errors"] == []
    return admin, person, content, await StoredFile.get()


def claims(url: str) -> dict:
    return jwt.decode(url.removeprefix("/files/"), options={"verify_signature": False})


async def test_url_is_signed_for_each_viewer(http):
    admin, person, content, row = await _with_photo(http, b"per-viewer")
    own = await photo_of(http, person.token)
    seen = (await gql(http, NODE_PHOTO, {"id": gid("Person", person.person.id)}, token=admin.token))["data"]["node"]
    assert claims(own["url"])["a"] == person.account.id
    assert claims(seen["photo"]["url"])["a"] == admin.account.id
    assert claims(own["url"])["f"] == claims(seen["photo"]["url"])["f"] == row.id
    assert (await http.get(seen["photo"]["url"])).content == content


async def test_hr_bureau_with_masked_access_gets_no_photo(http):
    _, person, _, _ = await _with_photo(http, b"masked")
    bureau = await make_unit(kind=UnitKind.HR_BUREAU, region="340000")
    seen = (await gql(http, NODE_PHOTO, {"id": gid("Person", person.person.id)}, token=bureau.token))["data"]["node"]
    assert seen["photo"] is None and "*" in seen["idNumber"]


async def test_tampered_url_is_forbidden(http):
    _, person, _, _ = await _with_photo(http, b"tampered")
    url = (await photo_of(http, person.token))["url"]
    head, payload, signature = url.removeprefix("/files/").split(".")
    flipped = signature[:-3] + ("A" if signature[-3] != "A" else "B") + signature[-2:]
    for token in (f"{head}.{payload}.{flipped}", "garbage", f"{head}.{payload}."):
        response = await http.get(f"/files/{token}")
        assert response.status_code == 403 and response.json()["code"] == "FORBIDDEN", token


async def test_access_token_is_not_a_download_link(http):
    _, person, _, _ = await _with_photo(http, b"access-token")
    assert (await http.get(f"/files/{person.token}")).status_code == 403


async def test_expired_url_is_gone(http):
    _, person, _, row = await _with_photo(http, b"expired")
    response = await http.get(sign_download(row.id, person.account.id, SECRET, -1))
    assert response.status_code == 410 and response.json()["code"] == "LINK_EXPIRED"
    assert "过期" in response.json()["message"]


async def test_url_of_a_disabled_viewer_is_forbidden(http):
    admin, person, _, _ = await _with_photo(http, b"disabled")
    seen = (await gql(http, NODE_PHOTO, {"id": gid("Person", person.person.id)}, token=admin.token))["data"]["node"]
    await Account.filter(id=admin.account.id).update(is_active=False)
    assert (await http.get(seen["photo"]["url"])).status_code == 403


async def test_url_of_a_missing_file_is_not_found(http, settings):
    _, person, _, row = await _with_photo(http, b"missing")
    assert (await http.get(sign_download(row.id + 100, person.account.id, SECRET, 60))).status_code == 404
    from zhicheng.services import services

    await services().storage.delete(row.sha256)  # content unique to this test
    assert (await http.get(sign_download(row.id, person.account.id, SECRET, 60))).status_code == 404


async def test_url_without_a_file_claim_is_refused_cleanly(http):
    await make_person()
    token = jwt.encode({"aud": "zhicheng:download", "a": None}, SECRET, algorithm="HS256")
    response = await http.get(f"/files/{token}")
    assert response.status_code in (403, 404), response.text
