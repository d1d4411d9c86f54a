"""Request-body caps at the ASGI door: 413 as soon as a body crosses its limit, before it is parsed.

JSON (and any other non-multipart body) gets ``max_json_bytes``. A multipart upload gets the cap of
the upload kinds its mutation takes: the ``operations`` part comes first (GraphQL multipart spec),
so only that much is buffered to learn the root fields, then the rest streams through, counted. A
declared Content-Length over the cap is refused without reading anything; a chunked body is cut
the moment it crosses. The rules' own per-file limits (FILE_TOO_LARGE) still apply inside.
"""
from __future__ import annotations

import json
from typing import Any, Awaitable, Callable

from graphql import FieldNode, FragmentSpreadNode, GraphQLError, InlineFragmentNode, OperationDefinitionNode, parse
from python_multipart.multipart import MultipartParser, parse_options_header

Scope = dict[str, Any]
Message = dict[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

# Root mutation field → upload kind (the settings name the kinds' caps); tests/test_body_limit.py
# checks that every mutation taking an Upload is listed.
UPLOAD_KINDS = {
    "personUploadPhoto": "photo",
    "unitSealUpload": "seal",
    "committeeImport": "import",
    "acceptanceBodyImport": "import",  # 批量导入受理机构 (.xlsx)
    "processPathImport": "import",  # 批量导入审核路径 (.xlsx)
    "planFileAdd": "plan_file",
    "evaluationSchemeFileAdd": "plan_file",  # the same file kinds and 20 MB as a plan's files
    "applicationAttachmentAdd": "attachment",
    "achievementAttachmentAdd": "attachment",
    "recommendationFileAdd": "attachment",
    "postQuotaSet": "attachment",
    "postQuotaAdjust": "attachment",
    "reissueFileUpload": "attachment",  # 10 MB files, or a photo
    "recognitionAttachmentAdd": "attachment",  # ≤ 10 MB a file
    "recognitionPhotoUpload": "photo",
    "verificationRequestAttachmentAdd": "attachment",
    "determinationPhotoUpload": "photo",
}


def _label(n: int) -> str:
    return f"{n / (1024 * 1024):g}MB" if n >= 1024 * 1024 else f"{n / 1024:g}KB"


def _too_large(limit: int) -> list[Message]:
    body = json.dumps({"errors": [{"message": f"请求内容过大，不能超过{_label(limit)}",
                                   "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}, ensure_ascii=False).encode()
    return [{"type": "http.response.start", "status": 413,
             "headers": [(b"content-type", b"application/json; charset=utf-8"),
                         (b"content-length", str(len(body)).encode()), (b"connection", b"close")]},
            {"type": "http.response.body", "body": body}]


def root_fields(query: str) -> list[str]:
    """Root field names of every operation in ``query``, through fragments; [] if it does not parse."""
    try:
        document = parse(query, max_tokens=10_000)
    except GraphQLError:
        return []
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    names: list[str] = []

    def walk(selection_set, seen: frozenset[str]) -> None:
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                names.append(node.name.value)
            elif isinstance(node, InlineFragmentNode):
                walk(node.selection_set, seen)
            elif isinstance(node, FragmentSpreadNode) and node.name.value in fragments and node.name.value not in seen:
                walk(fragments[node.name.value].selection_set, seen | {node.name.value})

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            walk(definition.selection_set, frozenset())
    return names


class BodyLimit:
    """ASGI middleware: wraps ``receive``; never reads more than the cap (plus one chunk)."""

    def __init__(self, app: ASGIApp, *, max_json_bytes: int, upload_caps: dict[str, int]) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.upload_caps = upload_caps

    def multipart_cap(self, operations: bytes) -> int:
        """Each upload field adds its kind's cap; the JSON cap covers the operations and map parts."""
        try:
            ops = json.loads(operations)
        except ValueError:
            return self.max_json_bytes
        queries = [o.get("query") for o in (ops if isinstance(ops, list) else [ops]) if isinstance(o, dict)]
        kinds = [UPLOAD_KINDS.get(f) for q in queries if isinstance(q, str) for f in root_fields(q)]
        return self.max_json_bytes + sum(self.upload_caps[k] for k in kinds if k)

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        try:
            declared = int(headers.get(b"content-length", b""))
        except ValueError:
            declared = None
        content_type, options = parse_options_header(headers.get(b"content-type", b""))
        buffered: list[Message] = []
        limit = self.max_json_bytes
        if content_type.startswith(b"multipart/") and options.get(b"boundary"):
            ceiling = self.max_json_bytes * 2 + sum(self.upload_caps.values())
            if declared is not None and declared > ceiling:
                return await self._refuse(send, ceiling)
            operations = await self._read_operations(receive, options[b"boundary"], buffered)
            if operations is None:  # the operations part alone crossed the JSON cap
                return await self._refuse(send, self.max_json_bytes)
            limit = self.multipart_cap(operations)
        if declared is not None and declared > limit:
            return await self._refuse(send, limit)

        seen = sum(len(m.get("body", b"")) for m in buffered)
        responded = False

        async def counted_receive() -> Message:
            nonlocal seen, responded
            if buffered:
                return buffered.pop(0)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not responded:
                    responded = True
                    for m in _too_large(limit):
                        await send(m)
                    return {"type": "http.disconnect"}  # the app stops reading; its reply is dropped
            return message

        async def guarded_send(message: Message) -> None:
            if not responded:
                await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not responded:
                raise  # a real failure; the app's own error handling already answered

    async def _read_operations(self, receive, boundary: bytes, buffered: list[Message]) -> bytes | None:
        """Buffers messages until the first part is complete; None once it exceeds the JSON cap."""
        state = {"part": 0, "data": bytearray(), "done": False}

        def on_part_begin() -> None:
            state["part"] += 1

        def on_part_data(data: bytes, start: int, end: int) -> None:
            if state["part"] == 1:
                state["data"] += data[start:end]

        def on_part_end() -> None:
            state["done"] = True

        parser = MultipartParser(boundary, {"on_part_begin": on_part_begin, "on_part_data": on_part_data,
                                            "on_part_end": on_part_end})
        total = 0
        while not state["done"]:
            message = await receive()
            buffered.append(message)
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            total += len(chunk)
            try:
                parser.write(chunk[: self.max_json_bytes + 1])
            except Exception:  # noqa: BLE001 - malformed framing: the app answers it
                break
            if total > self.max_json_bytes and not state["done"]:
                return None
            if not message.get("more_body", False):
                break
        return bytes(state["data"])

    @staticmethod
    async def _refuse(send, limit: int) -> None:
        for m in _too_large(limit):
            await send(m)
