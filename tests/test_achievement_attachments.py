"""Attachments (佐证材料): uploads checked by content, limits per category, rename, delete, orphan sweep."""
from __future__ import annotations

import asyncio
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import models.achievement.attachments as rules
from models.achievement.models import AchievementAttachment, AchievementCategory, RecordStatus
from models.core.file import StoredFile
from models.core.job import Job
from models.person.models import Person
from tests.achievement_support import ATTACH, PDF, PNG, attach, create, set_status
from tests.conftest import on_postgres
from tests.helpers import gql, make_person, upload

RENAME = """
mutation($input: AchievementAttachmentRenameInput!) {
  achievementAttachmentRename(input: $input) { errors { field code message } attachment { id name } }
}"""
REMOVE = """
mutation($input: AchievementAttachmentDeleteInput!) {
  achievementAttachmentDelete(input: $input) {
    errors { field code message } attachment { id } record { id attachments { name } }
  }
}"""


@pytest.fixture
def storage_dir(settings):
    shutil.rmtree(settings.storage_dir, ignore_errors=True)
    return Path(settings.storage_dir)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def payload(response) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]["achievementAttachmentAdd"]


def narrow(monkeypatch, **limits) -> None:
    monkeypatch.setitem(rules.ATTACHMENT_LIMITS, AchievementCategory.WORK_EXPERIENCE, rules.AttachmentLimits(**limits))


async def test_upload_then_download_through_the_signed_url(http, storage_dir):
    person = await make_person()
    record = await create(http, person)
    first = payload(await attach(http, person, record["id"], "毕业证.pdf"))
    second = payload(await attach(http, person, record["id"], "照片.png", PNG, "image/png"))
    assert first["errors"] == [] and second["errors"] == []
    assert (first["attachment"]["contentType"], first["attachment"]["size"]) == ("application/pdf", len(PDF))
    assert [a["name"] for a in second["record"]["attachments"]] == ["毕业证.pdf", "照片.png"]
    response = await http.get(first["attachment"]["url"])
    assert response.status_code == 200 and response.content == PDF
    assert len(stored_files(storage_dir)) == 2


@pytest.mark.parametrize("name,content,code", [
    ("证明.pdf", b"MZ\x90\x00 this is really an executable", "FILE_TYPE_NOT_ALLOWED"),
    ("证明.pdf", b"<html><script>alert(1)</script></html>", "FILE_TYPE_NOT_ALLOWED"),
    ("证明.pdf", b"", "EMPTY_FILE"),
    ("../etc/证明.pdf", PDF, "INVALID_FILE_NAME"),
    ("a\\b.pdf", PDF, "INVALID_FILE_NAME"),
    ("证明.pdf", PDF + b"0" * 2048, "FILE_TOO_LARGE"),
])
async def test_bad_uploads_store_nothing(http, storage_dir, monkeypatch, name, content, code):
    narrow(monkeypatch, max_bytes=1024)
    person = await make_person()
    record = await create(http, person)
    result = payload(await attach(http, person, record["id"], name, content))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, ["file"])]
    assert result["attachment"] is None
    assert await StoredFile.all().count() == 0 and await AchievementAttachment.all().count() == 0
    assert stored_files(storage_dir) == []
    assert not storage_dir.exists() or [p.name for p in storage_dir.iterdir()] in ([], ["tmp"])


async def test_too_many_files(http, storage_dir, monkeypatch):
    narrow(monkeypatch, max_count=2)
    person = await make_person()
    record = await create(http, person)
    for n in range(2):
        assert payload(await attach(http, person, record["id"], f"{n}.png", PNG, "image/png"))["errors"] == []
    result = payload(await attach(http, person, record["id"], "third.pdf"))
    assert [e["code"] for e in result["errors"]] == ["TOO_MANY_FILES"]
    assert await StoredFile.all().count() == 2 and len(stored_files(storage_dir)) == 1  # same PNG content twice


async def test_only_allowed_types_per_category(http, storage_dir, monkeypatch):
    narrow(monkeypatch, types=("application/pdf",))
    person = await make_person()
    record = await create(http, person)
    result = payload(await attach(http, person, record["id"], "photo.pdf", PNG, "application/pdf"))
    assert [e["code"] for e in result["errors"]] == ["FILE_TYPE_NOT_ALLOWED"]
    assert "PDF" in result["errors"][0]["message"]


async def test_uploads_need_the_csrf_header(http, storage_dir):
    person = await make_person()
    record = await create(http, person)
    response = await upload(http, ATTACH, {"input": {"recordId": record["id"], "file": None}},
                            {"input.file": ("a.pdf", PDF, "application/pdf")}, person.token, csrf=False)
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    assert await StoredFile.all().count() == 0


async def test_another_person_cannot_attach(http, storage_dir):
    owner, other = await make_person("张三"), await make_person("李四")
    record = await create(http, owner)
    body = (await attach(http, other, record["id"])).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await StoredFile.all().count() == 0 and stored_files(storage_dir) == []


async def test_rename_keeps_the_extension_and_delete_detaches(http, storage_dir):
    person = await make_person()
    record = await create(http, person)
    added = payload(await attach(http, person, record["id"], "scan.pdf"))["attachment"]
    result = await gql(http, RENAME, {"input": {"attachmentId": added["id"], "name": "学位证"}}, person.token)
    assert result["data"]["achievementAttachmentRename"]["attachment"]["name"] == "学位证.pdf"
    bad = await gql(http, RENAME, {"input": {"attachmentId": added["id"], "name": "a/b"}}, person.token)
    assert [e["code"] for e in bad["data"]["achievementAttachmentRename"]["errors"]] == ["INVALID_FILE_NAME"]
    await set_status(record["id"], RecordStatus.PENDING)
    locked = await gql(http, REMOVE, {"input": {"attachmentId": added["id"]}}, person.token)
    assert [e["code"] for e in locked["data"]["achievementAttachmentDelete"]["errors"]] == ["NOT_EDITABLE"]
    await set_status(record["id"], RecordStatus.RETURNED)
    removed = await gql(http, REMOVE, {"input": {"attachmentId": added["id"]}}, person.token)
    assert removed["data"]["achievementAttachmentDelete"]["record"]["attachments"] == []
    assert await AchievementAttachment.all().count() == 0 and await StoredFile.all().count() == 1  # left to the sweep


async def test_orphan_sweep_removes_only_unreferenced_old_files(http, storage_dir):
    from workers.cleanup import file_references, remove_orphan_files
    from workers.settings import CRON_JOBS
    from zhicheng.services import services

    assert {m._meta.db_table for m, _ in file_references()} >= {
        "person", "achievement_attachment", "job", "plan_file"}
    assert any(c.name.endswith("cleanup_orphan_files") for c in CRON_JOBS)
    person = await make_person()
    record = await create(http, person)
    kept = payload(await attach(http, person, record["id"], "kept.pdf"))["attachment"]
    dropped = payload(await attach(http, person, record["id"], "dropped.png", PNG, "image/png"))["attachment"]
    await gql(http, REMOVE, {"input": {"attachmentId": dropped["id"]}}, person.token)
    storage = services().storage
    old = datetime.now(timezone.utc) - timedelta(days=2)

    async def stored(name: str, content: bytes) -> StoredFile:
        sha, size = await storage.put(_chunks(content), 1 << 20)
        return await StoredFile.create(sha256=sha, size=size, content_type="image/png", name=name, purpose="t")

    photo = await stored("photo.png", PNG + b"photo")
    await Person.filter(id=person.person.id).update(photo_id=photo.id)
    result = await stored("result.png", PNG + b"job")
    await Job.create(kind="MESSAGE_BROADCAST", result_file=result)
    recent_orphan = await stored("recent.png", PNG + b"recent")
    shared_orphan = await stored("copy-of-kept.pdf", PDF)  # same content as a referenced file
    await StoredFile.all().exclude(id=recent_orphan.id).update(created_at=old)

    assert await remove_orphan_files(storage) == 2  # the detached PNG and the copy of kept.pdf
    names = set(await StoredFile.all().values_list("name", flat=True))
    assert names == {"kept.pdf", "photo.png", "result.png", "recent.png"}
    assert not await StoredFile.filter(id=shared_orphan.id).exists()
    remaining = {f.sha256 for f in await StoredFile.all()}
    assert {p.name for p in stored_files(storage_dir)} == remaining  # the PNG blob went, the shared PDF stayed
    response = await http.get(kept["url"])
    assert response.status_code == 200 and response.content == PDF
    assert await remove_orphan_files(storage) == 0


async def _chunks(content: bytes):
    yield content


@pytest.mark.skipif(not on_postgres(), reason="row locks are real only on PostgreSQL")
async def test_concurrent_uploads_never_exceed_the_limit(http, storage_dir, monkeypatch):
    narrow(monkeypatch, max_count=1)
    person = await make_person()
    record = await create(http, person)
    responses = await asyncio.gather(attach(http, person, record["id"], "a.pdf"),
                                     attach(http, person, record["id"], "b.png", PNG, "image/png"))
    outcomes = sorted(tuple(e["code"] for e in payload(r)["errors"]) for r in responses)
    assert outcomes[0] == () and outcomes[1][0] in ("CONFLICT", "TOO_MANY_FILES"), outcomes
    assert await AchievementAttachment.all().count() == 1 and await StoredFile.all().count() == 1
