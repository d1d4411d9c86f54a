"""Mutation score for the modules that guard people's data and the workflow (issue 11).

Runs mutmut 3 (``pip install mutmut``; 3.8.1 was used) over each target below, in a scratch copy of the
project (mutmut writes a ``mutants/`` tree and a ``setup.cfg`` next to the code it mutates, so the
working tree is never touched), with one targeted selection of test files per target. mutmut first runs
that selection once to learn which tests reach which function, then runs each mutant against only those
tests, with ``-x``, in a process forked from the warmed-up runner. SQLite and the embedded Redis, as in
the default test run: no services needed.

    python tests/mutation/run.py                      # every target, one worker, under nice
    python tests/mutation/run.py validators auth      # some targets
    python tests/mutation/run.py --list-survivors     # also print each survivor's diff
    python tests/mutation/run.py --jobs 2 --workdir /tmp/zc-mutation

Prints per target: mutants, killed, survived, timeouts, no tests, the survivors known to be equivalent
(``EQUIVALENT`` below, with the reason), score (killed + timeouts over all mutants, equivalents counted
as not killed), the score without the equivalents, and the elapsed time. A run starts fresh (the scratch copy is rebuilt) unless ``--resume``: then the
last run's verdicts stand and only its survivors are run again, against the kill tests as they are now
(a test added cannot revive a killed mutant).

Run time, one worker on a 2-core machine shared with other test runs (2026-12-02): validators 2 min, check
13, auth 21, engine 22, access 9; submit (567 mutants) about 45; numbering (477) 94 under a load average of
8–13; a ``--resume`` of a few dozen survivors 2–4 min. The README section "Mutation score" has the figures.
Well over the CI budget, so it is not part of ``.ci/run``: run it by hand after changing a target module or
its tests.

Kill tests can be checked against one mutant by hand, in ``<workdir>/<target>/mutants``:
``MUTANT_UNDER_TEST=<name> ZHICHENG_MUTATION_DB_TEMPLATE=../template.sqlite3 pytest <kill tests>`` (add
``ZHICHENG_TEST_DATABASE_URL`` for PostgreSQL).

Not collected by pytest (no ``test_`` prefix, and ``tests/mutation`` holds no tests).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "resolvers", "schema", "workers", "zhicheng", "tests")
TOP_FILES = ("pyproject.toml",)


@dataclass(frozen=True)
class Target:
    files: tuple[str, ...]  # globs, relative to the project root
    tests: tuple[str, ...]  # test files that exercise them


TARGETS: dict[str, Target] = {
    "validators": Target(
        files=("models/core/validators.py",),
        tests=("tests/test_resident_id.py", "tests/test_input_hardening.py", "tests/test_mutation_kills_validators.py"),
    ),
    "auth": Target(
        files=("models/account/auth.py",),
        tests=("tests/test_auth.py", "tests/test_mutation_kills_auth.py"),
    ),
    "access": Target(
        files=("models/access/*.py",),
        tests=("tests/test_permissions.py", "tests/test_declaration_access.py", "tests/test_declaration_permissions.py",
               "tests/test_root_fields.py", "tests/test_plan_permissions.py", "tests/test_achievement_permissions.py",
               "tests/test_bindings.py", "tests/test_blacklist_review_paths.py", "tests/test_task_centre.py",
               "tests/test_evaluation_scheme.py", "tests/test_evaluation_results.py",  # access/evaluation.py
               "tests/test_certificate_numbers.py", "tests/test_certificate_permissions.py",  # access/certificate.py
               "tests/test_mutation_kills_access.py"),
    ),
    "engine": Target(
        files=("models/workflow/engine.py",),
        tests=("tests/test_task_centre.py", "tests/test_workflow_registry.py", "tests/test_decision_notices.py",
               "tests/test_declaration_chain.py", "tests/test_mutation_kills_engine.py"),
    ),
    "submit": Target(
        files=("models/application/submit.py",),
        tests=("tests/test_declaration_chain.py", "tests/test_task_centre.py", "tests/test_required_ids.py",
               "tests/test_mutation_kills_submit.py"),
    ),
    "numbering": Target(  # certificate numbers, the ranges they come from and the issuer codes they carry
        files=("models/certificate/numbering.py", "models/certificate/ranges.py", "models/certificate/issuers.py"),
        tests=("tests/test_certificate_numbers.py", "tests/test_mutation_kills_numbering.py"),
    ),
    "check": Target(
        files=("models/application/check.py",),
        tests=("tests/test_declaration_chain.py", "tests/test_declaration_sections.py", "tests/test_required_ids.py",
               "tests/test_mutation_kills_check.py"),
    ),
}

# Survivors that no test can kill, because the mutant behaves as the original for every input; the README lists
# them too. A name is the function's mutant number: it changes when that function changes, and is then shown
# as a plain survivor again, to be looked at anew.
EQUIVALENT: dict[str, str] = {
    "models.core.validators.x_resident_id_facts__mutmut_5":
        'a non-string becomes "XXXX" instead of "": both fail the 18-character test',
    "models.core.validators.x_resident_id_facts__mutmut_11":
        "number[:18].isascii(): a non-ASCII 18th character can never equal the check character (0-9 or X), "
        "so the check-digit test refuses it anyway",
    "models.core.validators.x_resident_id_facts__mutmut_27":
        "number[:7] for the county: GB/T 2260 holds 6-digit codes only, numdb matches the same county and "
        "leaves the 7th digit unmatched",
    **{f"models.account.auth.xǁLoginThrottleǁsucceeded__mutmut_{n}":
       "the IP passed to _keys only shapes the IP key; [0], the login key, is the same for any IP" for n in (3, 6)},
    **{f"models.application.check.x_check_application__mutmut_{n}":
       "the default of CATEGORY_LABELS.get is never used: every AchievementCategory has a label, and "
       "AchievementCategory(rule.category) raises before for any other text" for n in (181, 183)},
    "models.application.check.x_check_application__mutmut_182":
        "CATEGORY_LABELS.get(rule.category) with the plain string: a str-valued Enum member hashes and compares "
        "equal to its value, so the same label is found",
    "models.application.check.x_check_application__mutmut_191":
        "n <= min_count picks the 'at least' message only when n == min_count and the rule still fails, i.e. "
        "min_count > max_count, which plan validation refuses (MIN_EXCEEDS_MAX)",
    **{f"models.application.check.x_check_application__mutmut_{n}":
       "changes the message argument that add() does not use for that outcome (a failing rule shows `bad`, "
       "a passing one `good`)" for n in (234, 243, 249, 258, 264, 272)},
    "models.application.check.x_check_application__mutmut_217":
        "order_by('sort') without 'id': on SQLite rows of equal sort come in id order anyway; on PostgreSQL "
        "the tie order is unspecified, so only a run there could tell",
    **{f"models.workflow.engine.x_claim_task__mutmut_{n}":
       "one of claim_task's two conditions (status=READY, version) dropped: every change of a READY task sets a "
       "new status and bumps the version, so either alone refuses the same races (both dropped: the issue's "
       "two winners; tests/test_mutation_kills_engine.py injects such a race)" for n in (63, 64)},
    "models.workflow.engine.x_withdraw_decision__mutmut_81":
        "claimed_by_id=account_id dropped when reopening: a PASS leaves claimed_by == completed_by, and only "
        "completed_by may withdraw, so the column already holds that account",
    **{f"models.workflow.engine.x_decide_task__mutmut_{n}":
       "status or version dropped from decide_task's conditional UPDATE: _locked() took the row lock (SELECT ... "
       "FOR UPDATE; SQLite has one writer) before the row was read, so the row cannot change in between "
       "(the issue's 'equivalent mutant')" for n in (79, 80)},
    **{f"models.workflow.engine.x_decide_task__mutmut_{n}":
       "inside `if not done`, unreachable while the row lock holds (see decide_task mutant 79)" for n in range(85, 97)},
    **{f"models.workflow.engine.x_withdraw_decision__mutmut_{n}":
       "one of the two conditions of cancelling the next task (status=READY, version) dropped: every change "
       "of a READY task (claim, cancel, skip-claim decision) sets a new status and bumps the version, so "
       "either condition alone refuses the same races" for n in (55, 56)},
    "models.account.auth.x_issue_access_token__mutmut_19": "jwt.encode signs with HS256 when no algorithm is given",
    "models.account.auth.x__new_refresh_token__mutmut_2":
        "secrets.token_urlsafe(None) draws secrets.DEFAULT_ENTROPY bytes, which is 32",
    "models.account.auth.xǁLoginThrottleǁsubject__mutmut_4":
        "lower() instead of upper() for an unknown login's counter: for ASCII logins (mobile and ID numbers) "
        "both fold the same spellings into one counter; the text only names a Redis key",
    "models.account.auth.x_rotate_refresh_token__mutmut_26":
        "rotated_at=None dropped from the conditional UPDATE: the SELECT ... FOR UPDATE before it (PostgreSQL) or "
        "SQLite's single writer already serializes rotations of one token, so the row read is never stale "
        "(as the issue found for decide_task's conditional update)",
    **{f"models.account.auth.x_rotate_refresh_token__mutmut_{n}":
       "inside `if not updated`, unreachable while the row lock holds (see mutant 26)" for n in range(28, 40)},
    **{f"models.certificate.numbering.x__take_serial__mutmut_{n}":
       "the UPDATE's keywords and unquoted names in lower or upper case: SQLite and PostgreSQL fold both"
       for n in (15, 16)},
    "models.certificate.numbering.x__take_serial__mutmut_3":
        "the placeholder $1 on every database: SQLite takes $1 as a parameter name, bound by position as ? is",
    **{f"models.certificate.numbering.x__take_serial__mutmut_{n}":
       "the PostgreSQL placeholder broken: equivalent on SQLite, where this run tests; on PostgreSQL "
       "tests/test_certificate_numbers.py kills it (run by hand with MUTANT_UNDER_TEST and "
       "ZHICHENG_TEST_DATABASE_URL)" for n in (2, 4, 5, 6, 7)},
    **{f"models.certificate.ranges.x_create_range__mutmut_{n}":
       "start 1 left out of the start > end test: no valid end (1 or more) is smaller than 1" for n in (44, 45)},
    "models.certificate.ranges.x_create_range__mutmut_49":
        "end 999999 left out of the start > end test: no valid start (999999 at most) is greater than it",
    "models.application.submit.x_withdraw_submission__mutmut_15":
        "exclude(status=None) counts this round's CANCELLED tasks too: the only one a round can hold is a next "
        "task cancelled by withdraw_decision, which leaves the task before it CLAIMED, so the withdrawal is "
        "refused NOT_WITHDRAWABLE with the same message either way",
    **{f"models.application.submit.x_withdraw_submission__mutmut_{n}":
       "one of the two conditions of cancelling the first task (status=READY, version) dropped: every change of "
       "a READY task sets a new status and bumps the version, so either alone refuses the same races (both "
       "dropped: tests/test_mutation_kills_submit.py's injected claim)" for n in (50, 51)},
    **{f"models.application.submit.xǁApplicationProcessǁ_advance__mutmut_{n}":
       "the fallback of the `here` search is never taken: the deciding task's unit is on the path at or after "
       "the position (path nodes get their tasks from the path, a provincial pick is inserted at position + 1, "
       "extra units' decisions return before _advance)" for n in (5, 7)},
    **{f"models.access.certificate.x_visible_certificates__mutmut_{n}":
       "the fallback for a viewer with no region and no unit (`admin_units or True`, `Q(id=None)`, `Q(id=-2)`) "
       "selects nothing, as Q(id=-1) does: ids are never null or negative" for n in (3, 6, 8)},
    "models.application.submit.x__notify__mutmut_14":
        "`task.id if task or True`: every caller passes the task, so the None branch is never taken",
    "models.application.submit.x__notify__mutmut_3":
        "the notice job's requester None instead of actor_id: no caller passes actor_id (it is None already)",
    "models.application.submit.x_submit_application__mutmut_48":
        "pending_extra_unit_ids=[] left out at submission: a stale list (from a return among extra units) is read "
        "only when an extra unit passes, and every path into extra units sets the list first",
    "models.application.submit.xǁApplicationProcessǁ_advance__mutmut_136":
        "path_position=here left out at approval: the last node's task was opened with path_position set to its "
        "index, which is `here`",
    "models.application.submit.xǁApplicationProcessǁ_pass__mutmut_6":
        "the employer pass guard given None for the options: the one guard registered "
        "(models.quota.recommendation.employer_pass_guard) does not read them",
    "models.application.submit.xǁApplicationProcessǁ_advance__mutmut_55":
        "i >= here in the search for the chosen unit later on the path: path[here] is the deciding unit, and "
        "choosing it is refused before, so i == here never matches",
}

RESULT_LINE = re.compile(r"^\s+(\S+): (.+)$")


def _copy_project(dest: Path, source: str) -> None:
    """The committed tree (``git archive``; read-only) plus this script's own kill tests, or the working
    tree as it is (``--source worktree``), which may hold someone's unfinished change."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if source == "head":
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", *PACKAGES, *TOP_FILES],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
        for kill_tests in (ROOT / "tests").glob("test_mutation_kills_*.py"):
            shutil.copy2(kill_tests, dest / "tests" / kill_tests.name)
        return
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants", ".pytest_cache")
    for name in PACKAGES:
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for name in TOP_FILES:
        shutil.copy2(ROOT / name, dest / name)


CONFTEST_SQLITE = """        yield f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"\n"""
CONFTEST_SQLITE_FROM_TEMPLATE = """        path = tmp_path_factory.mktemp('db') / 'test.sqlite3'
        __import__("shutil").copyfile(os.environ["ZHICHENG_MUTATION_DB_TEMPLATE"], path)  # tests/mutation/run.py
        yield f"sqlite://{path}"
"""


def _template_database(dest: Path) -> None:
    """Each mutant's test session would migrate a new SQLite database (about 2 s, 5 s on a loaded machine:
    most of a mutant's time). In the scratch copy only, the session copies one migrated while unmutated
    instead; ``migrate`` then finds nothing to do. When tests/conftest.py no longer has the line this replaces,
    every session migrates, only slower."""
    conftest = dest / "tests" / "conftest.py"
    text = conftest.read_text()
    if text.count(CONFTEST_SQLITE) != 1:
        print("    (tests/conftest.py changed: no template database, each session migrates)")
        return
    template = dest / "template.sqlite3"
    subprocess.run([sys.executable, "-c", "import asyncio, sys; from zhicheng.db import migrate; "
                    "asyncio.run(migrate('sqlite://' + sys.argv[1]))", str(template)], cwd=dest, check=True)
    conftest.write_text(text.replace(CONFTEST_SQLITE, CONFTEST_SQLITE_FROM_TEMPLATE))


# mutmut stops a mutant's run after (its tests' call time + timeout_constant) x 15 seconds (wall clock, half its
# CPU limit); with the default constant of 1 s, a run whose fixtures (app, database, world) take longer than the
# calls themselves, on a loaded machine, is stopped and counted a timeout -- killed -- though it would survive.
TIMEOUT_SETTING = "timeout_constant = 30"


def _write_config(dest: Path, target: Target) -> list[str]:
    tests = list(target.tests)
    for test in tests:  # a kill-test file not written yet: an empty one keeps the selection (and mutmut's cache) stable
        if not (dest / test).exists():
            (dest / test).write_text('"""No kill tests yet."""\n')
    lines = ["[mutmut]", "source_paths = models", "only_mutate ="]
    lines += [f"    {g}" for g in target.files]
    lines += ["pytest_add_cli_args_test_selection ="] + [f"    {t}" for t in tests]
    lines += [TIMEOUT_SETTING]
    lines += ["also_copy =", "    resolvers", "    schema", "    workers", "    zhicheng",
              "pytest_add_cli_args =", "    -p", "    no:cacheprovider", "    -W", "    ignore",
              "use_git_change_detection = false", ""]
    (dest / "setup.cfg").write_text("\n".join(lines))
    return tests


def _mutmut(workdir: Path, *args: str, log=None) -> subprocess.CompletedProcess:
    exe = str(Path(sys.executable).with_name("mutmut"))
    template = workdir / "template.sqlite3"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if template.exists():
        env["ZHICHENG_MUTATION_DB_TEMPLATE"] = str(template)
    return subprocess.run(["nice", "-n", "10", exe, *args], cwd=workdir, text=True,
                          stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT, env=env)


def _results(workdir: Path) -> dict[str, str]:
    out = _mutmut(workdir, "results", "--all", "true").stdout
    return {m[1]: m[2].strip() for m in map(RESULT_LINE.match, out.splitlines()) if m}


def _refresh_kill_tests(workdir: Path, target: Target) -> None:
    """--resume: bring the kill tests written since the last run into the copy mutmut runs."""
    for test in target.tests:
        if (ROOT / test).exists() and Path(test).name.startswith("test_mutation_kills_"):
            for tree in (workdir, workdir / "mutants"):
                shutil.copy2(ROOT / test, tree / test)


def run_target(name: str, target: Target, base: Path, jobs: int, show: bool, source: str, resume: bool,
               report: bool = False) -> dict:
    workdir = base / name
    rerun: list[str] = []
    if report:
        pass
    elif resume and (workdir / "mutants").is_dir():
        # Killed stays killed when tests are added; rerun the rest against the new kill tests, timeouts too
        # (a slow survivor on a loaded machine), with the timeout setting of today's runs.
        rerun = sorted(k for k, v in _results(workdir).items() if v != "killed")
        _refresh_kill_tests(workdir, target)
        cfg = (workdir / "setup.cfg").read_text()
        if "timeout_constant" not in cfg:
            (workdir / "setup.cfg").write_text(cfg.rstrip("\n") + "\n" + TIMEOUT_SETTING + "\n")
    else:
        _copy_project(workdir, source)
        _write_config(workdir, target)
        _template_database(workdir)
    cfg = (workdir / "setup.cfg").read_text() if (workdir / "setup.cfg").exists() else ""
    tests = [t for t in target.tests if t in cfg]  # the selection that run used, not today's TARGETS
    started = time.monotonic()
    with open(workdir / "mutmut.log", "a" if resume or report else "w") as log:
        proc = _mutmut(workdir, "run", "--max-children", str(jobs), *rerun, log=log) if not report and (
            rerun or not resume) else subprocess.CompletedProcess([], 0)
    elapsed = time.monotonic() - started
    results = _results(workdir)
    counts = {s: sum(1 for v in results.values() if v == s) for s in set(results.values())}
    total = len(results)
    killed, timeouts = counts.get("killed", 0), counts.get("timeout", 0)
    survivors = sorted(k for k, v in results.items() if v not in ("killed", "timeout"))
    equivalent = [k for k in survivors if k in EQUIVALENT]
    row = {"target": name, "mutants": total, "killed": killed, "survived": counts.get("survived", 0),
           "timeout": timeouts, "no tests": counts.get("no tests", 0),
           "other": total - killed - timeouts - counts.get("survived", 0) - counts.get("no tests", 0),
           "equivalent": len(equivalent), "score": (killed + timeouts) / total if total else 0.0,
           "score_net": (killed + timeouts) / (total - len(equivalent)) if total > len(equivalent) else 0.0,
           "seconds": elapsed, "rc": proc.returncode, "tests": tests}
    print(f"\n## {name}: {', '.join(target.files)}  (tests: {len(tests)} files; log: {workdir / 'mutmut.log'})")
    for key in survivors:
        print(f"  {results[key]}: {key}" + (f"  [equivalent: {EQUIVALENT[key]}]" if key in EQUIVALENT else ""))
        if show:
            print(_mutmut(workdir, "show", key).stdout)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", metavar="target", help=f"some of: {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "zhicheng-mutation")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--source", choices=("head", "worktree"), default="head",
                        help="mutate the last commit (default; plus tests/test_mutation_kills_*.py) or the working tree")
    parser.add_argument("--resume", action="store_true",
                        help="keep the last run's verdicts and rerun only its survivors, with the kill tests as they are now")
    parser.add_argument("--report", action="store_true", help="run nothing: print the last run's figures")
    parser.add_argument("--list-survivors", action="store_true", help="print the diff of every survivor")
    args = parser.parse_args(argv)
    names = args.targets or list(TARGETS)
    if unknown := set(names) - set(TARGETS):
        parser.error(f"unknown target(s): {', '.join(sorted(unknown))}")
    rows = [run_target(n, TARGETS[n], args.workdir, args.jobs, args.list_survivors, args.source, args.resume,
                       args.report) for n in names]
    print(f"\n{'target':<11}{'mutants':>8}{'killed':>8}{'survived':>9}{'timeout':>8}{'no tests':>9}"
          f"{'other':>6}{'equiv.':>7}{'score':>8}{'w/o equiv.':>11}{'time':>8}")
    for r in rows:
        print(f"{r['target']:<11}{r['mutants']:>8}{r['killed']:>8}{r['survived']:>9}{r['timeout']:>8}"
              f"{r['no tests']:>9}{r['other']:>6}{r['equivalent']:>7}{r['score']:>8.1%}{r['score_net']:>11.1%}"
              f"{r['seconds'] / 60:>7.1f}m"
              + ("" if r["rc"] == 0 else f"  (mutmut exit {r['rc']}: see the log)"))
    return 0 if all(r["rc"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
