"""Body caps at the ASGI door (zhicheng/body_limit.py): 413 before a body is read whole or parsed."""
from __future__ import annotations

import json
import time

from graphql import GraphQLInputObjectType, build_schema, get_named_type

from tests.helpers import gql
from zhicheng.body_limit import UPLOAD_KINDS
from zhicheng.settings import Settings

CHUNK = 64 * 1024
BOUNDARY = "zhichengtestboundary"
PHOTO = ("mutation($input: PersonUploadPhotoInput!) { personUploadPhoto(input: $input) "
         "{ errors { field code message } } }")


def _headers(content_type: str, length: int | None) -> list[tuple[bytes, bytes]]:
    headers = [(b"host", b"testserver"), (b"content-type", content_type.encode()), (b"x-zhicheng-csrf", b"1")]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    return headers


async def _drive(app, chunks, *, content_type: str = "application/json", length: int | None = None):
    """Runs one POST /graphql through the real ASGI stack; returns (status, body, bytes the app pulled)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/graphql", "raw_path": b"/graphql", "root_path": "", "query_string": b"",
             "headers": _headers(content_type, length), "client": ("203.0.113.7", 5000),
             "server": ("testserver", 80), "state": {}}
    source = iter(chunks)
    pulled = 0
    sent: list[dict] = []

    async def receive():
        nonlocal pulled
        chunk = next(source, None)
        if chunk is None:
            return {"type": "http.disconnect"}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body, pulled


def _endless(first: bytes = b""):
    yield first
    while True:
        yield b"x" * CHUNK


def _assert_413(status: int, body: bytes) -> None:
    assert status == 413, body
    error = json.loads(body)["errors"][0]
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE" and "过大" in error["message"]


def _photo_operations() -> bytes:
    operations = json.dumps({"query": PHOTO, "variables": {"input": {"file": None}}})
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{operations}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n"
            "{\"0\": [\"variables.input.file\"]}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"a.png\"\r\n"
            "Content-Type: image/png\r\n\r\n").encode()


async def test_declared_json_over_the_cap_is_refused_without_reading(app, settings):
    started = time.monotonic()
    status, body, pulled = await _drive(app, _endless(), length=300 * 1024)
    _assert_413(status, body)
    assert pulled == 0 and time.monotonic() - started < 1


async def test_chunked_json_is_cut_when_it_crosses_the_cap(app, settings):
    status, body, pulled = await _drive(app, _endless(b'{"query": "'))
    _assert_413(status, body)
    assert settings.max_json_bytes < pulled <= settings.max_json_bytes + CHUNK + 16


async def test_multipart_over_its_kind_cap_stops_reading(app, settings):
    cap = settings.max_json_bytes + settings.max_photo_bytes
    status, body, pulled = await _drive(app, _endless(_photo_operations()),
                                        content_type=f"multipart/form-data; boundary={BOUNDARY}")
    _assert_413(status, body)
    assert cap < pulled <= cap + 2 * CHUNK
    # Declared up front: only the operations part is read.
    head = _photo_operations()
    status, body, pulled = await _drive(app, _endless(head), length=30 * 1024 * 1024,
                                        content_type=f"multipart/form-data; boundary={BOUNDARY}")
    _assert_413(status, body)
    assert pulled == len(head)


async def test_multipart_to_a_field_without_uploads_gets_the_json_cap(app, settings):
    operations = json.dumps({"query": "{ __typename }"})
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{operations}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"a\"\r\n\r\n").encode()
    status, body, pulled = await _drive(app, _endless(head),
                                        content_type=f"multipart/form-data; boundary={BOUNDARY}")
    _assert_413(status, body)
    assert pulled <= settings.max_json_bytes + 2 * CHUNK


async def test_under_the_caps_requests_behave_normally(http, settings):
    assert (await gql(http, "{ __typename }"))["data"] == {"__typename": "Query"}
    padded = "{ __typename }" + " " * (200 * 1024)  # under 256 KB: parsed, answered
    response = await http.post("/graphql", json={"query": padded})
    assert response.status_code == 200 and response.json()["data"] == {"__typename": "Query"}
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 1024
    data = {"operations": json.dumps({"query": PHOTO, "variables": {"input": {"file": None}}}),
            "map": json.dumps({"0": ["variables.input.file"]})}
    response = await http.post("/graphql", data=data, files={"0": ("a.png", png, "image/png")},
                               headers={"X-Zhicheng-CSRF": "1"})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # reached the resolver


async def test_an_oversized_value_is_not_echoed(http):
    big = "x" * 200_000  # under the body cap; graphql-core and Strawberry quote names and values
    for body in ({"query": f"{{ {big} }}"}, {"query": f"{{ plans(first: 1, sort: {big}) {{ totalCount }} }}"},
                 {"query": f'{{ plans(first: {json.dumps(big)}) {{ totalCount }} }}'},
                 {"query": f"{{ plans(first: 1, filter: {{{big}: 1}}) {{ totalCount }} }}"},
                 {"query": "{ __typename }", "operationName": big}):
        response = await http.post("/graphql", json=body)
        assert response.status_code in (200, 400)
        assert len(response.content) < 1024, response.content[:300]


def test_every_upload_mutation_has_a_kind_and_defaults_cover_the_rules():
    from models.achievement.attachments import AttachmentLimits
    from models.quota.rules import MAX_FILE_BYTES
    from models.plan.rules import PLAN_FILE_MAX_BYTES
    from models.unit.seal import MAX_SEAL_BYTES
    from resolvers.committee import IMPORT_MAX_BYTES

    schema = build_schema(open("schema.graphql", encoding="utf-8").read())

    def takes_upload(t, seen: set[str]) -> bool:
        t = get_named_type(t)
        if t.name == "Upload":
            return True
        if isinstance(t, GraphQLInputObjectType) and t.name not in seen:
            seen.add(t.name)
            return any(takes_upload(f.type, seen) for f in t.fields.values())
        return False

    uploads = {n for n, f in schema.mutation_type.fields.items() if any(takes_upload(a.type, set())
                                                                        for a in f.args.values())}
    assert uploads == set(UPLOAD_KINDS)
    d = Settings()
    assert d.max_seal_bytes >= MAX_SEAL_BYTES and d.max_plan_file_bytes >= PLAN_FILE_MAX_BYTES
    assert d.max_import_bytes >= IMPORT_MAX_BYTES
    assert d.max_attachment_bytes >= max(MAX_FILE_BYTES, AttachmentLimits().max_bytes, 50 * 1024 * 1024)
