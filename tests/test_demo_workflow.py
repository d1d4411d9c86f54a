"""The demo's workflow state is what the rules leave behind: the demo package writes no workflow row itself,
the rows it produced agree with the engine, its notices were delivered, and every unit on a review path
stamps its seal."""
from __future__ import annotations

import ast
import asyncio
from collections import Counter
from pathlib import Path

import filetype

from models.achievement.models import AchievementRecord, RecordStatus
from models.application.models import Application, ApplicationStatus
from models.certificate.models import Certificate, CertificateStatus, DocumentState
from models.certificate.rendering import render_settings
from models.certificate.signing import validate
from models.core.file import StoredFile
from models.core.history import HistoryEntry, SubjectType
from models.core.job import Job, JobKind, JobStatus
from models.evaluation.models import EvaluationScheme, ParticipantResult, SchemeStatus
from models.messaging.models import Message
from models.person.binding import Binding, BindingStatus
from models.person.models import Person
from models.unit.models import Unit, UnitAdmin
from models.workflow.models import ProcessType, Task, TaskStatus
from tests.certificate_support import MINE
from tests.helpers import gql, token_for
from zhicheng.demo import load_demo, walkthrough
from zhicheng.demo.declarations import WALKER_MOBILE
from zhicheng.storage import LocalStorage, read_all

DEMO = Path(__file__).resolve().parents[1] / "zhicheng" / "demo"
# Rows only the rules may write: the demo calls them instead.
WORKFLOW = {"Task", "HistoryEntry", "Binding", "AchievementRecord", "Application", "ApplicationRecord",
            "ApplicationAttachment", "ApplicationTitle", "QuotaUse", "PostQuota", "RecommendationFile",
            "BlacklistEntry", "ReviewPath", "Message", "Job", "EvaluationScheme", "SchemeParticipant",
            "SchemeExpertNeed", "SchemeScoringItem", "ParticipantResult", "SchemePublicity", "ResultFiling",
            "IssuerCode", "NumberRange", "CertificateNumber", "Certificate"}
WRITES = {"create", "bulk_create", "update", "bulk_update", "delete", "update_or_create", "get_or_create"}
OPEN = (TaskStatus.READY, TaskStatus.CLAIMED)
from models.workflow.processes import PROCESSES, process_for

SUBJECTS = {t: process_for(t).subject.value for t in PROCESSES}  # the history subject of each process
# The walk-through's chain as the README names it.
README_UNITS = ("合肥市第一中学", "合肥星辰智能科技有限公司", "合肥市教育局", "安徽省人才服务中心", "合肥市人力资源和社会保障局",
                "安徽省人力资源和社会保障厅", "安徽省中小学教师职称评审委员会办公室")


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else None


def test_demo_writes_no_workflow_rows():
    found = []
    for path in sorted(DEMO.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in WORKFLOW:  # a row built by hand
                found.append(f"{path.name}:{node.lineno} {func.id}(…)")
            elif isinstance(func, ast.Attribute) and func.attr in WRITES and _root(func) in WORKFLOW:
                found.append(f"{path.name}:{node.lineno} {_root(func)}….{func.attr}")
            elif isinstance(func, ast.Attribute) and func.attr == "bulk" and node.args \
                    and _root(node.args[0]) in WORKFLOW:
                found.append(f"{path.name}:{node.lineno} bulk({_root(node.args[0])})")
    assert not found, found


async def test_demo_seals_and_workflow_agree_with_the_engine(app, settings):
    await load_demo()

    # Seals: every unit of the README's chain, of the walk-through's path and of any review path or task.
    _, path = await walkthrough()
    units = {u.id: u for u in await Unit.all()}
    reviewing = {u for _, u in path} | set(await Task.all().values_list("unit_id", flat=True))
    for app_row in await Application.all():
        reviewing |= {u for _, u in app_row.review_path or []}
    reviewing |= {u.id for u in units.values() if u.name in README_UNITS}
    assert {units[u].name for u in reviewing} >= set(README_UNITS)
    storage = LocalStorage(settings.storage_dir)
    for unit_id in reviewing:
        assert units[unit_id].seal_id is not None, units[unit_id].name
        seal = await StoredFile.get(id=units[unit_id].seal_id)
        assert seal.purpose == "seal" and seal.content_type == "image/png"
        assert filetype.guess(await read_all(storage, seal.sha256)).mime == "image/png"

    # Applications: one open task at the node the position names while in review, none otherwise.
    tasks = await Task.all().order_by("id")
    open_tasks: dict[tuple[str, int], list[Task]] = {}
    for t in tasks:
        if t.status in OPEN:
            open_tasks.setdefault((t.process_type, t.subject_id), []).append(t)
    for a in await Application.all():
        here = open_tasks.get((ProcessType.APPLICATION, a.id), [])
        if a.status != ApplicationStatus.IN_REVIEW:
            assert not here, (a.id, a.status)
            continue
        assert len(here) == 1, a.id
        assert [here[0].node_kind, here[0].unit_id] == list(a.review_path[a.path_position]), a.id
    for r in await AchievementRecord.all():
        assert len(open_tasks.get((ProcessType.ACHIEVEMENT_RECORD, r.id), [])) == (r.status == RecordStatus.PENDING)

    # Every decision has its history row (same subject, action, unit and actor), every claim is by an
    # admin of the task's unit, and every later node follows a PASS.
    admins = set(await UnitAdmin.all().values_list("unit_id", "account_id"))
    history = Counter(await HistoryEntry.all().values_list("subject_type", "subject_id", "action", "unit_id",
                                                           "actor_id"))
    decided = Counter()
    by_id = {t.id: t for t in tasks}
    for t in tasks:
        if t.status == TaskStatus.COMPLETED:
            assert t.decision is not None and (t.unit_id, t.completed_by_id) in admins, t.id
            decided[(SUBJECTS[t.process_type], t.subject_id, t.decision.value, t.unit_id, t.completed_by_id)] += 1
        if t.status == TaskStatus.CLAIMED:
            assert (t.unit_id, t.claimed_by_id) in admins, t.id
        if t.previous_id is not None:
            assert by_id[t.previous_id].decision == "PASS", t.id
    assert not decided - history, decided - history
    submitted = Counter(r[1] for r in history if r[0] == SubjectType.APPLICATION.value and r[2] == "SUBMITTED")
    for a in await Application.filter(submitted_at__isnull=False):
        assert submitted[a.id] >= 1, a.id
    for b in await Binding.filter(status__in=[BindingStatus.APPROVED, BindingStatus.RETURNED]):
        action = "PASS" if b.status == BindingStatus.APPROVED else "RETURN"
        assert history[(SubjectType.BINDING.value, b.id, action, b.unit_id, b.decided_by_id)] == 1, b.id
        assert (b.unit_id, b.decided_by_id) in admins

    # The notices the rules asked for were delivered: every job done, and people have messages.
    assert set(await Job.all().values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    assert await Message.filter(recipient_id=(await Person.get(mobile="14400000102")).account_id).exists()


async def test_demo_walker_holds_a_signed_certificate(app, http):
    """陈静's last-year declaration went through a scheme, results, publicity and filing; the issue job ran in
    the demo and she downloads a PDF whose signature validates. Of her two colleagues of that round, one
    certificate is revoked (re-rendered with its banner), the other replaced by a reissue."""
    lines = await load_demo()
    walker = await Person.get(mobile=WALKER_MOBILE)
    [cert] = await Certificate.filter(person_id=walker.id)
    assert (cert.status, cert.document_state) == (CertificateStatus.VALID, DocumentState.READY)
    assert cert.number in "\n".join(lines)
    result = await ParticipantResult.get(id=cert.result_id).prefetch_related("participant__scheme")
    assert result.publicity_passed and result.participant.scheme.status == SchemeStatus.FILED
    assert await EvaluationScheme.filter(status=SchemeStatus.FILED).count() == 1
    assert (await Job.get(kind=JobKind.CERTIFICATE_ISSUE)).status == JobStatus.SUCCEEDED
    statuses = sorted(await Certificate.all().values_list("status", "document_state", "document_status"))
    # … a recognised title (确认), whose document is its confirmation form, a verified historical certificate
    # (核验), whose document is its scan, and a 初定 certificate the issuer issued directly.
    assert statuses == [("REPLACED", "READY", "REPLACED"), ("REVOKED", "READY", "REVOKED")] + [
        ("VALID", "READY", "VALID")] * 5
    assert await Certificate.filter(subject_kind="DETERMINATION", acquisition_method="初定",
                                    number_row_id__isnull=False, document_id__isnull=False).count() == 1
    assert await Certificate.filter(acquisition_method="确认", number_row_id=None, document_id__isnull=False).count() == 1
    assert await Certificate.filter(subject_kind="VERIFICATION", number_row_id=None, document_id__isnull=False,
                                    acquisition_method="评审").count() == 1
    # The replaced one names its YB successor, which the approved reissue issued (补换证, issue 9 §2).
    old = await Certificate.get(status=CertificateStatus.REPLACED)
    new = await Certificate.get(id=old.replaced_by_id)
    assert new.number.startswith("YB") and new.person_id == old.person_id and new.subject_kind == "REISSUE"
    # This year's draft is still there for the README's walk-through.
    assert (await walkthrough())[0].person_id == walker.id

    mine = (await gql(http, MINE, token=token_for(walker.account_id)))["data"]["myCertificates"]
    assert mine["totalCount"] == 1
    [shown] = mine["nodes"]
    assert (shown["number"], shown["name"], shown["status"], shown["documentState"]) == (
        cert.number, "陈静", "VALID", "READY")
    response = await http.get(shown["document"]["url"])
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # pyHanko's validation runs its own event loop: off this one, in a thread.
    check = await asyncio.to_thread(validate, response.content, render_settings().trust_roots())
    assert check.intact and check.valid, check
    # On the same demo (loading one costs ~30 s): the README's recognition walk-through, as written.
    await the_readme_recognition_walkthrough_runs_as_written(http)


def _readme_block(heading: str) -> list[str]:
    """The GraphQL lines of the README's walk-through that starts with ``heading``."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = text[text.index(heading):].split("```graphql\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.startswith(("query", "mutation"))]


def _fill(line: str, values: dict[str, str]) -> str:
    for name, value in sorted(values.items(), key=lambda kv: -len(kv[0])):  # $rec before $re…
        line = line.replace(f"${name}", f'"{value}"')
    return line


async def the_readme_recognition_walkthrough_runs_as_written(http) -> None:
    """Every line of the README's recognition walk-through, sent as written (placeholders filled), on the loaded
    demo: 陈静 has no recognition of her own."""
    from strawberry import relay

    from models.catalogue.models import Series, Specialty, TitleName
    from tests.helpers import upload
    from tests.recognition_support import PDF, REQUIRED_SLOTS

    walker = await Person.get(mobile=WALKER_MOBILE)
    token = token_for(walker.account_id)
    series = await Series.get(code="SCHOOL_TEACHER")
    title = await TitleName.filter(series=series, level="INTERMEDIATE").order_by("id").first()
    specialty = await Specialty.filter(series=series).order_by("id").first()
    values = {"series": relay.to_base64("Series", series.id), "specialty": relay.to_base64("Specialty", specialty.id),
              "title": relay.to_base64("TitleName", title.id)}
    create, update, education, attach, submit, export, tasks, final = _readme_block("A recognition (异地职称确认)")

    async def send(line: str, who: str = token) -> dict:
        result = await gql(http, _fill(line, values), token=who)
        assert not result.get("errors"), (line, result)
        payload = next(iter(result["data"].values()))
        assert not (payload or {}).get("errors"), (line, payload)
        return payload

    values["rec"] = (await send(create))["recognition"]["id"]
    assert (await send(update))["recognition"]["check"]
    await send(education)
    for slot in REQUIRED_SLOTS:
        response = await upload(http, attach.replace('"ID_CARD"', f'"{slot}"').replace("$rec", f'"{values["rec"]}"'),
                                {"file": None}, {"file": (f"{slot}.pdf", PDF, "application/pdf")}, token=token)
        assert response.status_code == 200 and not response.json()["data"]["recognitionAttachmentAdd"]["errors"]
    flow = (await send(submit))["recognition"]["flow"]
    assert [n["unit"]["name"] for n in flow] == ["合肥市第一中学", "合肥市教育局", "合肥市人力资源和社会保障局",
                                                 "安徽省人力资源和社会保障厅"]
    assert (await send(export))["job"]["id"]
    claim = 'mutation { taskClaim(input: {taskId: $task}) { errors { code message } } }'
    decide = 'mutation { taskDecide(input: {taskId: $task, decision: PASS, opinion: "同意"}) { errors { field code message } } }'
    assert claim in _readme_block("A reissue (补换证)") and decide in _readme_block("A reissue (补换证)")
    for name in [n["unit"]["name"] for n in flow]:
        unit = await Unit.get(name=name)
        admin = token_for((await UnitAdmin.filter(unit_id=unit.id).order_by("id").first()).account_id)
        values["me"] = relay.to_base64("Unit", unit.id)
        mine = [n for n in (await send(tasks, admin))["nodes"] if n["recognition"]["id"] == values["rec"]]
        values["task"] = mine[0]["id"]
        await send(claim, admin)
        await send(decide, admin)
    done = await send(final)
    assert done["status"] == "APPROVED" and done["certificate"]["acquisitionMethod"] == "确认"
    assert done["certificate"]["number"] == "JS2019320100999"
