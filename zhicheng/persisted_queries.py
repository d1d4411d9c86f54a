"""Automatic persisted queries (Apollo's APQ protocol, version 1): a client sends the sha256 of a document
instead of the document; the first time the server does not know it (PERSISTED_QUERY_NOT_FOUND), the client
sends both, the server checks the hash and keeps the document, and from then on the hash is enough.

Requests get small (a 64-character hash instead of the document) and known documents skip the parser and
validation caches' hashing of long strings. Each API process keeps its own store, bounded by count and
size (oldest out first): a client reaching another process is told NOT_FOUND once and sends the document
again, as the protocol expects. Not a safelist: any valid document may be registered.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

MAX_DOCUMENTS = 2000
MAX_DOCUMENT_CHARS = 20_000
MAX_TOTAL_CHARS = 4_000_000  # so registering many large documents cannot grow the process

NOT_FOUND = {"errors": [{"message": "PersistedQueryNotFound",
                         "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]}


def _refusal(code: str, message: str) -> dict:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


class PersistedQueries:
    def __init__(self, max_documents: int = MAX_DOCUMENTS, max_chars: int = MAX_TOTAL_CHARS) -> None:
        self.max_documents, self.max_chars = max_documents, max_chars
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._chars = 0

    def resolve(self, data: dict[str, Any]) -> dict | None:
        """Fills ``data["query"]`` from the store (or stores the document sent with its hash); returns the
        answer to send instead when the request cannot go on (unknown hash, mismatch, bad version), else
        None. Requests without the extension are left alone."""
        extensions = data.get("extensions")
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            return None
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return _refusal("PERSISTED_QUERY_NOT_SUPPORTED", "只支持 persistedQuery version 1")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            return _refusal("INVALID_INPUT", "sha256Hash 应为 64 位十六进制字符串")
        digest = digest.lower()
        query = data.get("query")
        if query is None:
            known = self._documents.get(digest)
            if known is None:
                return NOT_FOUND
            self._documents.move_to_end(digest)
            data["query"] = known
            return None
        if not isinstance(query, str):
            return None  # the view refuses it as it would any malformed query
        if hashlib.sha256(query.encode()).hexdigest() != digest:
            return _refusal("PERSISTED_QUERY_HASH_MISMATCH", "sha256Hash 与 query 不符")
        if digest in self._documents:
            self._documents.move_to_end(digest)
        elif len(query) <= MAX_DOCUMENT_CHARS:
            self._documents[digest] = query
            self._chars += len(query)
            while len(self._documents) > self.max_documents or self._chars > self.max_chars:
                self._chars -= len(self._documents.popitem(last=False)[1])
        return None
