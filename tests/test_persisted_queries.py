"""Automatic persisted queries (zhicheng/persisted_queries.py): Apollo's protocol, version 1."""
from __future__ import annotations

import hashlib

import pytest

from tests.helpers import gql, token_for
from tests.plan_support import hr_bureau, make_committee, organizer

QUERY = "query Committees { committees(first: 5) { nodes { name } } }"
HASH = hashlib.sha256(QUERY.encode()).hexdigest()


def persisted(sha: str = HASH, version: int = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


async def post(http, body: dict, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_hash_alone_works_once_the_document_was_sent_with_it(http):
    hr = await hr_bureau()
    await make_committee(hr.unit, name="合肥市工程中级评委会", regions=("340100",), organizers=((await organizer()).unit,))
    document = f"{QUERY} # {hr.unit.id}"  # a document no other test registers
    sha = hashlib.sha256(document.encode()).hexdigest()
    unknown = await post(http, {"extensions": persisted(sha)})
    assert unknown == {"errors": [{"message": "PersistedQueryNotFound",
                                   "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]}
    full = await post(http, {"query": document, "extensions": persisted(sha)})
    assert full["data"]["committees"]["nodes"] == [{"name": "合肥市工程中级评委会"}]
    by_hash = await post(http, {"extensions": persisted(sha.upper()), "operationName": "Committees"})
    assert by_hash == full
    signed_in = await post(http, {"extensions": persisted(sha)}, token=token_for(hr.account.id))
    assert signed_in == full  # the store is the server's, not the client's
    assert (await gql(http, QUERY))["data"] == full["data"]  # plain requests as before


@pytest.mark.parametrize("body, code", [
    ({"query": QUERY, "extensions": persisted("0" * 64)}, "PERSISTED_QUERY_HASH_MISMATCH"),
    ({"extensions": persisted(version=2)}, "PERSISTED_QUERY_NOT_SUPPORTED"),
    ({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}, "INVALID_INPUT"),
    ({"extensions": {"persistedQuery": "yes"}}, "PERSISTED_QUERY_NOT_SUPPORTED"),
])
async def test_refusals(http, body, code):
    answer = await post(http, body)
    assert [e["extensions"]["code"] for e in answer["errors"]] == [code] and "data" not in answer


async def test_a_mismatch_registers_nothing(http):
    await post(http, {"query": QUERY, "extensions": persisted("1" * 64)})
    assert (await post(http, {"extensions": persisted("1" * 64)}))["errors"][0]["extensions"]["code"] == \
        "PERSISTED_QUERY_NOT_FOUND"


def test_the_store_is_bounded():
    from zhicheng.persisted_queries import PersistedQueries

    store = PersistedQueries(max_documents=2)
    documents = [f"{{ regions {{ code }} }} # {n}" for n in range(3)]
    for d in documents:
        assert store.resolve({"query": d, "extensions": persisted(hashlib.sha256(d.encode()).hexdigest())}) is None
    first = {"extensions": persisted(hashlib.sha256(documents[0].encode()).hexdigest())}
    last = {"extensions": persisted(hashlib.sha256(documents[2].encode()).hexdigest())}
    assert store.resolve(first)["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert store.resolve(last) is None and last["query"] == documents[2]
