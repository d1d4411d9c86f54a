"""schemathesis over every root query and mutation field, as anonymous, a person and a unit admin:
no request a client can send may crash (no INTERNAL_SERVER_ERROR, no 5xx). A fixed seed and a fixed
number of examples per field keep it deterministic and within its time budget; tests/fuzz_live.py
runs the same generator against a live server for longer runs."""
from __future__ import annotations

import asyncio

from tests.fuzz_live import Tally, generate
from tests.helpers import make_person, make_unit

EXAMPLES_PER_FIELD = 4


async def test_no_input_crashes_the_request(http):
    person = await make_person()
    admin = await make_unit()
    cases = await asyncio.to_thread(generate, EXAMPLES_PER_FIELD, 0)
    assert len({label for label, _ in cases}) >= 100  # every root field, not a handful
    tally = Tally()
    for token in (None, person.token, admin.token):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for label, query in cases:
            response = await http.post("/graphql", json={"query": query}, headers=headers)
            tally.record(label, query, response.status_code, response.content)
    assert tally.clean, "\n".join([f"{tally.internal_errors} INTERNAL_SERVER_ERROR, {tally.server_errors} 5xx "
                                   f"in {tally.requests} requests", *tally.failures[:20]])
