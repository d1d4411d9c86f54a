"""Certificate numbering raced over real connections: ``assign_number`` (models/certificate/numbering.py)
called by 50 callers at once from two processes (tests/number_race_driver.py), each caller in its own
transaction on its own asyncpg connection, released together once every connection is open. No GraphQL
mutation takes a number yet, so the processes call the domain function as an issuing job would.

Each test names the guard it protects; tests/race_mutants.py removes it in a scratch copy and shows the test
fails. The in-process versions in test_certificate_numbers.py stay.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest

from models.certificate.models import CertificateNumber, IssuerCode, NumberRange
from tests.conftest import on_postgres
from tests.helpers import make_unit

pytestmark = pytest.mark.skipif(not on_postgres(), reason="real concurrent transactions need PostgreSQL")

PROCESSES, CALLERS = 2, 25  # 50 connections at once, a pool of 25 per process (the API runs two replicas)
ROOT = Path(__file__).resolve().parents[1]  # the checkout under test (a scratch copy for a mutant)


async def issuer_with(*ranges: tuple[int, int]) -> IssuerCode:
    unit = (await make_unit("合肥市第一人民医院", region="340102")).unit
    issuer = await IssuerCode.create(unit=unit, active_unit_id=unit.id, province="34", code="0001")
    for start, end in ranges:
        await NumberRange.create(issuer=issuer, year=2023, category="01", start_serial=start, end_serial=end,
                                 next_serial=start)
    return issuer


async def at_once(settings, issuer: IssuerCode, subjects: list[str]) -> list[dict]:
    """``assign_number`` for every subject at the same moment, CALLERS per process; results in order."""
    shares = [subjects[i::PROCESSES] for i in range(PROCESSES)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = []
    try:
        for share in shares:
            job = {"database_url": settings.database_url, "issuer_id": issuer.id, "year": 2023, "category": "01",
                   "subjects": share}
            procs.append(await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.number_race_driver", json.dumps(job), cwd=ROOT, env=env,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE))
        for proc in procs:
            line = await asyncio.wait_for(proc.stdout.readline(), 60)
            if line.strip() != b"ready":
                raise RuntimeError(f"driver not ready: {line!r} {(await proc.stderr.read()).decode()[-2000:]}")
        for proc in procs:  # the go signal, to every process before any answers
            proc.stdin.write(b"go\n")
        await asyncio.gather(*(proc.stdin.drain() for proc in procs))
        outputs = await asyncio.wait_for(asyncio.gather(*(proc.communicate() for proc in procs)), 120)
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    per_process = []
    for proc, (out, err) in zip(procs, outputs):
        if proc.returncode != 0:
            raise RuntimeError(f"driver exited {proc.returncode}: {err.decode()[-2000:]}")
        per_process.append(json.loads(out.decode().splitlines()[-1]))
    results = [None] * len(subjects)
    for i, share in enumerate(per_process):
        results[i::PROCESSES] = share
    return results


def outcome(result: dict) -> str:
    return "ok" if "number" in result else result["error"]


async def test_fifty_subjects_numbered_at_once(app, settings):
    """Guard: numbering.py _take_serial — the serial is taken by one conditional
    ``UPDATE number_range SET next_serial = next_serial + 1 … RETURNING``, whose row lock queues the callers
    and whose increment is computed from the row as it is under that lock; a read of next_serial followed by
    a write of the value read + 1 hands two callers the same serial. Fifty subjects numbered at once from one
    range: 50 distinct numbers, serials 1–50, none twice, none skipped."""
    issuer = await issuer_with((1, 1000))
    results = await at_once(settings, issuer, [f"result:{i}" for i in range(50)])
    assert Counter(map(outcome, results)) == {"ok": 50}, Counter(map(outcome, results))
    assert len({r["number"] for r in results}) == 50
    assert sorted(r["serial"] for r in results) == list(range(1, 51))
    rows = await CertificateNumber.all().values_list("subject_key", "serial")
    assert sorted(serial for _, serial in rows) == list(range(1, 51))
    assert {key: serial for key, serial in rows} == {f"result:{i}": r["serial"] for i, r in enumerate(results)}
    assert (await NumberRange.get()).next_serial == 51


async def test_one_subject_numbered_fifty_times_at_once(app, settings):
    """Guard: numbering.py assign_number — the unique (subject_kind, subject_key) on certificate_number refuses
    a second number, and on that IntegrityError the caller re-reads the subject's number and returns it, the
    savepoint round the UPDATE and INSERT giving its serial back; the "already numbered?" read at the start
    cannot see an uncommitted twin. Without the re-read the twins fail; without the savepoint the refused
    INSERT aborts the caller's whole transaction. Fifty callers number one subject at once: one number,
    returned to all fifty, and the counter moved once."""
    issuer = await issuer_with((1, 1000))
    results = await at_once(settings, issuer, ["result:1"] * 50)
    assert Counter(map(outcome, results)) == {"ok": 50}, Counter(map(outcome, results))
    assert {(r["number"], r["serial"]) for r in results} == {("9342023000101000001", 1)}
    assert await CertificateNumber.all().count() == 1
    assert (await NumberRange.get()).next_serial == 2


async def test_numbers_run_on_into_the_next_range_then_out(app, settings):
    """Guard: numbering.py _take_serial — ``AND next_serial <= end_serial`` in the conditional UPDATE: a caller
    that read the range as open before the others emptied it takes nothing there and moves on to the next
    range, or is refused NUMBER_RANGE_EXHAUSTED after the last. Without it the counter is pushed past the
    range's end and the check constraint (number_range_next_inside) fails the call with an IntegrityError.
    Two ranges of 20 serials (1–20, 101–120) and fifty callers at once: forty numbers, both ranges used up in
    order with no serial skipped, ten refused NUMBER_RANGE_EXHAUSTED."""
    issuer = await issuer_with((101, 120), (1, 20))
    results = await at_once(settings, issuer, [f"result:{i}" for i in range(50)])
    assert Counter(map(outcome, results)) == {"ok": 40, "NUMBER_RANGE_EXHAUSTED": 10}, \
        Counter(map(outcome, results))
    assert sorted(r["serial"] for r in results if "serial" in r) == [*range(1, 21), *range(101, 121)]
    assert await CertificateNumber.all().count() == 40
    counters = await NumberRange.all().order_by("start_serial").values_list("next_serial", flat=True)
    assert list(counters) == [21, 121]
