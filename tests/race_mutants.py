"""Does each race test fail when its guard is gone? Removes one guard at a time in a scratch copy of the
repository and runs that guard's test there (tests/test_races.py, or the numbering races in
tests/test_certificate_number_race.py), on PostgreSQL.

    ZHICHENG_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python tests/race_mutants.py [NAME ...]

Prints a table: caught (the test failed), NOT caught (it passed: the test does not race, or the mutant is
equivalent — those expected to survive say which other guard covers them), or error (the mutant did not
apply or the run broke). Exits 1 unless every mutant meant to be caught is caught and every one expected
to survive does.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/test"
ENGINE, CREATE, BINDING, AUTH = ("models/workflow/engine.py", "models/application/create.py",
                                 "models/person/binding.py", "models/account/auth.py")
NUMBERING, NUMBER_RACES = "models/certificate/numbering.py", "tests/test_certificate_number_race.py"


@dataclass(frozen=True)
class Mutant:
    name: str
    removes: str  # the guard, as the table shows it
    test: str  # in ``module``
    edits: tuple[tuple[str, str, str], ...]  # (file, text, replacement); each text must occur exactly once
    covered_by: str = ""  # for an equivalent mutant: the guard that still holds, so the test passes
    module: str = "tests/test_races.py"


CLAIM_CONDITION = (ENGINE, "claimed = await Task.filter(id=task.id, status=TaskStatus.READY, version=task.version)",
                   "claimed = await Task.filter(id=task.id)")
DECIDE_CONDITION = (ENGINE, "done = await Task.filter(id=task.id, status=task.status, version=task.version)",
                    "done = await Task.filter(id=task.id)")
DECIDE_LOCK = (ENGINE, "errors.raise_if_any()\n    task = await _locked(task_id)",
               "errors.raise_if_any()\n    task = await Task.get(id=task_id)")
WITHDRAW_CONDITION = (ENGINE, ("cancelled = await Task.filter(id=following.id, status=TaskStatus.READY, "
                               "version=following.version)"), "cancelled = await Task.filter(id=following.id)")
APPLICATION_LOCK = (CREATE, "app = await Application.filter(id=application_id).select_for_update().first()",
                    "app = await Application.filter(id=application_id).first()")
BUMP_VERSION = (CREATE, "updated = await Application.filter(id=app.id, version=app.version)",
                "updated = await Application.filter(id=app.id)")
UNIQUE_YEAR = ("models/migrations/0002_catalogue_library.py",
               "'table': 'application', 'app': 'models', 'unique_together': (('person', 'year'),), ",
               "'table': 'application', 'app': 'models', ")
DETERMINATION_UNIQUE = ("models/migrations/0012_determinations_talent_statistics.py",
                        "'table': 'determination', 'app': 'models', 'unique_together': (('person', 'year', "
                        "'evaluation_mode'),), ", "'table': 'determination', 'app': 'models', ")
DETERMINATION_LOCK = ("models/determination/create.py",
                      "row = await Determination.filter(id=determination_id).select_for_update().first()",
                      "row = await Determination.filter(id=determination_id).first()")
REQUEST_VERSION = ("models/workflow/person_request.py",
                   "if not await self.model.filter(id=row.id, version=row.version).update(",
                   "if not await self.model.filter(id=row.id).update(")
QUOTA_LOCK = ("models/quota/rules.py",
              "remains for this application.\"\"\"\n    quota = await locked_quota(unit_id, year)",
              "remains for this application.\"\"\"\n    quota = await PostQuota.filter(unit_id=unit_id, year=year).first()")
BINDING_LOCK = (BINDING, "await Binding.filter(id__in=binding_ids).select_for_update()",
                "await Binding.filter(id__in=binding_ids)")
BINDING_CONDITION = (BINDING, ("updated = await Binding.filter(id=row.id, status=BindingStatus.PENDING, "
                               "version=row.version)"), "updated = await Binding.filter(id=row.id)")
TOKEN_LOCK = (AUTH, "RefreshToken.filter(token_hash=_digest(token)).select_for_update().first()",
              "RefreshToken.filter(token_hash=_digest(token)).first()")
TOKEN_CONDITION = (AUTH, "RefreshToken.filter(id=row.id, rotated_at=None).update(",
                   "RefreshToken.filter(id=row.id).update(")
SERIAL_BOUND = (NUMBERING, "WHERE id = {mark} AND next_serial <= end_serial RETURNING",
                "WHERE id = {mark} RETURNING")
SERIAL_READ_THEN_WRITE = (NUMBERING, (
    'rows = await conn.execute_query_dict(\n'
    '        "UPDATE number_range SET next_serial = next_serial + 1 "\n'
    '        f"WHERE id = {mark} AND next_serial <= end_serial RETURNING next_serial - 1 AS serial", [range_id])'), (
    'rows = await conn.execute_query_dict(\n'
    '        f"SELECT next_serial AS serial FROM number_range WHERE id = {mark} AND next_serial <= end_serial",\n'
    '        [range_id])\n'
    '    if rows:\n'
    '        await conn.execute_query(f"UPDATE number_range SET next_serial = {rows[0][\'serial\'] + 1} "\n'
    '                                 f"WHERE id = {mark}", [range_id])'))
SUBJECT_REREAD = (NUMBERING, (
    "            existing = await CertificateNumber.get_or_none(subject_kind=subject_kind, subject_key=subject_key)\n"
    "            if existing is None:\n"
    "                raise\n"
    "            return existing\n"), "            raise\n")
# The UPDATE and INSERT on the caller's own transaction: a refused INSERT then aborts all of it.
NO_SAVEPOINT = ((NUMBERING, "from tortoise.transactions import in_transaction",
                 "from contextlib import nullcontext\nfrom tortoise.transactions import _get_connection, in_transaction"),
                (NUMBERING, "async with in_transaction() as conn:  # a savepoint inside the caller's transaction",
                 "async with nullcontext(_get_connection(None)) as conn:"))

MUTANTS = (
    Mutant("claim", "engine.py claim_task: `status=READY, version=…` of the claim's UPDATE",
           "test_fifty_admins_claim_one_task", (CLAIM_CONDITION,)),
    Mutant("decide-condition", "engine.py decide_task: `status, version` of the completion's UPDATE",
           "test_one_claimed_task_decided_at_once", (DECIDE_CONDITION,),
           covered_by="the task row lock (`_locked`) taken before the status check"),
    Mutant("decide-lock", "engine.py decide_task: the row lock (`_locked` → plain read)",
           "test_one_claimed_task_decided_at_once", (DECIDE_LOCK,),
           covered_by="the completion's `status, version` condition (the loser gets CONFLICT)"),
    Mutant("decide", "engine.py decide_task: row lock and `status, version` condition",
           "test_one_claimed_task_decided_at_once", (DECIDE_LOCK, DECIDE_CONDITION)),
    Mutant("withdraw", "engine.py withdraw_decision: `status=READY, version=…` of the next task's cancel",
           "test_withdrawal_against_the_next_claim", (WITHDRAW_CONDITION,)),
    Mutant("submit-lock", "create.py own_application: the row lock (`select_for_update`)",
           "test_one_application_submitted_at_once", (APPLICATION_LOCK,),
           covered_by="bump's `version=…` condition (the loser gets CONFLICT)"),
    Mutant("submit-version", "create.py bump: `version=…` of the UPDATE",
           "test_one_application_submitted_at_once", (BUMP_VERSION,),
           covered_by="own_application's row lock (the loser sees IN_REVIEW: NOT_EDITABLE)"),
    Mutant("submit", "create.py own_application's row lock and bump's `version=…`",
           "test_one_application_submitted_at_once", (APPLICATION_LOCK, BUMP_VERSION)),
    Mutant("create", "unique (person, year) on application (migration 0002)",
           "test_one_application_a_year_created_at_once", (UNIQUE_YEAR,)),
    Mutant("determination-create", "unique (person, year, evaluation_mode) on determination (migration 0012)",
           "test_one_determination_a_year_created_at_once", (DETERMINATION_UNIQUE,)),
    Mutant("determination-submit-lock", "determination/create.py own_determination: the row lock",
           "test_one_determination_submitted_at_once", (DETERMINATION_LOCK,),
           covered_by="RequestKind.bump's `version=…` condition (the loser gets CONFLICT)"),
    Mutant("determination-submit", "own_determination's row lock and RequestKind.bump's `version=…`",
           "test_one_determination_submitted_at_once", (DETERMINATION_LOCK, REQUEST_VERSION)),
    Mutant("vacancy", "quota/rules.py take_post: the quota row lock (`locked_quota` → plain read)",
           "test_the_last_post_vacancy", (QUOTA_LOCK,)),
    Mutant("binding-lock", "binding.py decide_bindings: the row lock (`select_for_update`)",
           "test_binding_decided_twice_at_once", (BINDING_LOCK,),
           covered_by="the decision's `status=PENDING, version=…` condition (the loser gets CONFLICT)"),
    Mutant("binding-condition", "binding.py decide_bindings: `status=PENDING, version=…` of the UPDATE",
           "test_binding_decided_twice_at_once", (BINDING_CONDITION,),
           covered_by="the row lock (the loser sees the decision: NOT_PENDING)"),
    Mutant("binding", "binding.py decide_bindings: row lock and `status=PENDING, version=…`",
           "test_binding_decided_twice_at_once", (BINDING_LOCK, BINDING_CONDITION)),
    Mutant("refresh-lock", "auth.py rotate_refresh_token: the row lock (`select_for_update`)",
           "test_refresh_token_used_at_once", (TOKEN_LOCK,)),
    Mutant("refresh-condition", "auth.py rotate_refresh_token: `rotated_at=None` of the rotation's UPDATE",
           "test_refresh_token_used_at_once", (TOKEN_CONDITION,),
           covered_by="the row lock (the twin sees the rotation: TOKEN_REUSED)"),
    Mutant("refresh", "auth.py rotate_refresh_token: row lock and `rotated_at=None`",
           "test_refresh_token_used_at_once", (TOKEN_LOCK, TOKEN_CONDITION)),
    Mutant("number-bound", "numbering.py _take_serial: `AND next_serial <= end_serial` of the UPDATE",
           "test_numbers_run_on_into_the_next_range_then_out", (SERIAL_BOUND,), module=NUMBER_RACES),
    Mutant("number-read-write", "numbering.py _take_serial: the conditional UPDATE → SELECT next_serial, then "
           "UPDATE SET next_serial = value read + 1", "test_fifty_subjects_numbered_at_once",
           (SERIAL_READ_THEN_WRITE,), module=NUMBER_RACES),
    Mutant("number-reread", "numbering.py assign_number: the subject's re-read on IntegrityError (unique "
           "subject_kind, subject_key)", "test_one_subject_numbered_fifty_times_at_once", (SUBJECT_REREAD,),
           module=NUMBER_RACES),
    Mutant("number-savepoint", "numbering.py assign_number: the savepoint round UPDATE and INSERT "
           "(`in_transaction()` → the caller's connection)", "test_one_subject_numbered_fifty_times_at_once",
           NO_SAVEPOINT, module=NUMBER_RACES),
)


def copy_repository(target: Path) -> None:
    """The working tree's files as git sees them (tracked and new, not ignored): no .venv, .git or var."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def apply(copy: Path, edits) -> None:
    for file, text, replacement in edits:
        path = copy / file
        source = path.read_text(encoding="utf-8")
        found = source.count(text)
        if found != 1:
            raise ValueError(f"{file}: the guard's text occurs {found} times, expected once: {text!r}")
        path.write_text(source.replace(text, replacement), encoding="utf-8")


def run(mutant: Mutant, database_url: str) -> tuple[str, float, str]:
    """(caught | survived | error, seconds, the test's last lines)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"zhicheng-mutant-{mutant.name}-") as tmp:
        copy = Path(tmp)
        copy_repository(copy)
        try:
            apply(copy, mutant.edits)
        except ValueError as exc:
            return "error", time.monotonic() - started, str(exc)
        env = {**os.environ, "ZHICHENG_TEST_DATABASE_URL": database_url, "PYTHONPATH": str(copy)}
        proc = subprocess.run(["nice", "-n", "10", sys.executable, "-m", "pytest", "-q", "-x", "-rfE", "-p",
                               "no:cacheprovider",
                               f"{mutant.module}::{mutant.test}"], cwd=copy, env=env, capture_output=True,
                              text=True, timeout=600, check=False)
    output = proc.stdout + proc.stderr
    tail = "\n".join(output.strip().splitlines()[-12:])
    # pytest's exit status 1 also covers errors in fixtures: caught means the test's own assertion failed.
    if proc.returncode == 0:
        return "survived", time.monotonic() - started, tail
    if proc.returncode == 1 and f"FAILED {mutant.module}::{mutant.test}" in output and "ERROR tests/" not in output \
            and re.search(rf"^{re.escape(mutant.module)}:\d+: AssertionError$", output, re.MULTILINE):
        return "caught", time.monotonic() - started, tail
    return "error", time.monotonic() - started, tail


def verdict(mutant: Mutant, result: str) -> tuple[str, bool]:
    """The table's words, and whether the result is the one expected."""
    if result == "caught":
        return "**caught**", True
    if result == "survived" and mutant.covered_by:
        return f"equivalent: {mutant.covered_by}", True
    if result == "survived":
        return "NOT caught", False
    return "error", False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="mutants to run (default: all): " +
                        ", ".join(m.name for m in MUTANTS))
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.names or m.name in args.names]
    if args.names and len(chosen) != len(set(args.names)):
        parser.error(f"unknown mutant among {args.names}")
    database_url = os.environ.get("ZHICHENG_TEST_DATABASE_URL") or DEFAULT_DATABASE
    if not database_url.startswith("postgres"):
        parser.error("the race tests need PostgreSQL: set ZHICHENG_TEST_DATABASE_URL")
    rows, good, started = [], True, time.monotonic()
    for mutant in chosen:
        result, seconds, tail = run(mutant, database_url)
        words, expected = verdict(mutant, result)
        good &= expected
        rows.append(f"| {mutant.removes} | `{Path(mutant.module).name}::{mutant.test}` | {words} |")
        print(f"{mutant.name}: {result} in {seconds:.0f}s", file=sys.stderr, flush=True)
        if not expected:
            print(tail, file=sys.stderr, flush=True)
        elif result == "caught":
            print("  " + next((line for line in tail.splitlines() if line.startswith("E ")), ""), file=sys.stderr)
    print("| guard removed | race test (tests/) | real connections, PostgreSQL |")
    print("| --- | --- | --- |")
    print("\n".join(rows))
    print(f"\n{len(chosen)} mutants in {time.monotonic() - started:.0f}s", file=sys.stderr)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
