"""The API under faults (issue 7 §2): Redis stopped or frozen, the upload disk full or read-only.

A Redis server of this module's own (redis-server on a free port) is swapped in for the API's
services, then killed or SIGSTOPped; the storage directory is a tiny tmpfs the test mounts, so the
disk errors are the kernel's own (ENOSPC, EROFS), which hold for root too (chmod would not).
Timeouts are 1 s here to keep the module short; production defaults are 2 s.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import subprocess
import time
from pathlib import Path

import pytest
import redis
from openpyxl import Workbook

from models.account.models import RefreshToken
from models.core.file import StoredFile
from models.core.job import Job, JobStatus
from models.core.transaction import enqueue
from models.messaging.models import Message
from models.person.binding import BindingStatus
from models.unit.models import UnitKind, UnitNature
from tests.fault_support import REDIS_SERVER, RedisServer
from tests.achievement_support import ATTACH, PDF, create, pk_of
from tests.helpers import PASSWORD, gid, gql, make_person, make_unit, payload_errors, run_jobs, upload
from tests.plan_support import hr_bureau
from tests.test_person_photo import png
from zhicheng.services import services, start_services, stop_services

TIMEOUT = 1.0
SLACK = 1.0  # the bound every faulty call must answer within: TIMEOUT + SLACK

LOGIN = """mutation($input: AuthLoginInput!) { authLogin(input: $input) {
  errors { field code message } accessToken refreshToken } }"""
BROADCAST = """mutation($input: MessageBroadcastInput!) { messageBroadcast(input: $input) {
  errors { field code message } job { id status } } }"""
EXPORT = """mutation { committeeExport(input: {}) { errors { field code message } job { id status } } }"""
PHOTO = """mutation($input: PersonUploadPhotoInput!) { personUploadPhoto(input: $input) {
  errors { field code message } } }"""
SEAL = """mutation($input: UnitSealUploadInput!) { unitSealUpload(input: $input) { errors { field code message } } }"""
IMPORT = """mutation($input: CommitteeImportInput!) { committeeImport(input: $input) {
  errors { field code message } } }"""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory):
    if REDIS_SERVER is None:
        pytest.skip("no redis-server binary on PATH (apt-get install redis-server)")
    server = RedisServer(tmp_path_factory.mktemp("own-redis"))
    server.start()
    yield server
    server.kill()


@contextlib.asynccontextmanager
async def api_services(settings, **changes):
    """The running app's services (Redis clients, queue, storage) rebuilt from changed settings."""
    changed = dataclasses.replace(settings, redis_connect_timeout=TIMEOUT, redis_socket_timeout=TIMEOUT, **changes)
    await stop_services()
    await start_services(changed, changed.redis_url)
    try:
        yield changed
    finally:
        await stop_services()
        await start_services(settings, settings.redis_url)


async def timed(call):
    started = time.monotonic()
    result = await call
    return result, time.monotonic() - started


# ---------------------------------------------------------------- Redis stopped / frozen


async def broadcast_world():
    hr = await make_unit("合肥人社局", kind=UnitKind.HR_BUREAU, region="340100",
                         nature=UnitNature.GOVERNMENT_AGENCY)
    employer = (await make_unit(region="340100")).unit
    people = [await make_person(f"人员{i}", unit=employer, status=BindingStatus.APPROVED) for i in range(3)]
    return hr, people


def login_of(actor) -> dict:
    return {"input": {"login": actor.person.mobile, "password": PASSWORD}}


@pytest.mark.parametrize("fault", ["stopped", "frozen"])
async def test_redis_fault_answers_fast_and_jobs_wait_for_redis(http, settings, own_redis, fault):
    hr, people = await broadcast_world()
    # Row ids restart with every test's clean database: old arq results would block their job ids.
    redis.Redis(port=own_redis.port).flushdb()
    async with api_services(settings, redis_url=own_redis.url) as changed:
        assert (await http.get("/readyz")).status_code == 200
        own_redis.kill() if fault == "stopped" else own_redis.freeze()
        try:
            response, took = await timed(http.get("/readyz"))
            assert response.status_code == 503 and took < TIMEOUT + SLACK, (response.text, took)
            body = response.json()
            assert body["redis"].startswith("error") and body["database"] == body["storage"] == "ok", body
            print(f"\n{fault}: /readyz 503 in {took:.2f} s")

            # Sign-in with the right password: a clear refusal, no session written.
            result, took = await timed(gql(http, LOGIN, login_of(people[0])))
            assert [e["code"] for e in payload_errors(result, "authLogin")] == ["SERVICE_UNAVAILABLE"], result
            assert "暂时不可用" in result["data"]["authLogin"]["errors"][0]["message"]
            assert result["data"]["authLogin"]["accessToken"] is None and took < TIMEOUT + SLACK, took
            assert await RefreshToken.all().count() == 0
            print(f"{fault}: authLogin SERVICE_UNAVAILABLE in {took:.2f} s")

            # Mutations that start jobs commit their row and return it, PENDING, within the bound.
            job_ids = []
            for query, variables, name in ((BROADCAST, {"input": {"title": "通知", "body": "正文",
                                                                  "regionCode": "340100"}}, "messageBroadcast"),
                                           (EXPORT, None, "committeeExport")):
                result, took = await timed(gql(http, query, variables, token=hr.token))
                assert payload_errors(result, name) == [] and took < TIMEOUT + SLACK, (result, took)
                job = result["data"][name]["job"]
                assert job["status"] == "PENDING"
                job_ids.append(pk_of(job["id"]))
                print(f"{fault}: {name} returned its PENDING job in {took:.2f} s")
            assert [j.status for j in await Job.filter(id__in=job_ids)] == [JobStatus.PENDING] * 2
        finally:
            own_redis.start() if fault == "stopped" else own_redis.thaw()

        response, took = await timed(http.get("/readyz"))
        assert response.status_code == 200, response.text
        print(f"{fault}: /readyz 200 again {took:.2f} s after Redis is back")
        assert payload_errors(await gql(http, LOGIN, login_of(people[0])), "authLogin") == []
        # What the sweep does with rows never sent; then a worker delivers them, each message once.
        for job in await Job.filter(status=JobStatus.PENDING):
            await enqueue(job)
        await run_jobs(changed)
        assert [j.status for j in await Job.filter(id__in=job_ids)] == [JobStatus.SUCCEEDED] * 2
        for actor in people:
            assert await Message.filter(recipient_id=actor.account.id).count() == 1


# ---------------------------------------------------------------- a small disk of our own


class Disk:
    """A 256 KB tmpfs; the storage directory is files/ inside it."""

    def __init__(self, mount: Path):
        self.mount, self.storage = mount, mount / "files"

    def _remount(self, mode: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.mount)], check=True, capture_output=True)

    def read_only(self) -> None:
        self._remount("ro")

    def writable(self) -> None:
        self._remount("rw")

    def free(self) -> int:
        st = os.statvfs(self.mount)
        return st.f_bavail * st.f_frsize

    def fill(self, leave: int) -> None:
        with open(self.mount / "filler", "wb") as out:
            out.write(b"\0" * max(self.free() - leave, 0))

    def empty(self) -> None:
        (self.mount / "filler").unlink(missing_ok=True)

    def files(self) -> set[str]:
        return {str(Path(d, n).relative_to(self.storage)) for d, _, names in os.walk(self.storage) for n in names}


@pytest.fixture
def disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs for a real full/read-only disk here: {done.stderr.decode().strip()}")
    (mount / "files").mkdir()
    yield Disk(mount)
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def padded_png(n: int = 24_000) -> bytes:
    return png(padding=n, seed=os.urandom(8).hex().encode())


def padded_xlsx() -> bytes:
    wb = Workbook()
    wb.active.title = "评委会"
    pad = wb.create_sheet("pad")
    for _ in range(800):
        pad.append([os.urandom(16).hex() for _ in range(4)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def photo_case(http):
    person = await make_person()
    return PHOTO, "personUploadPhoto", {"input": {"file": None}}, ("照片.png", padded_png(), "image/png"), person


async def seal_case(http):
    admin = await make_unit()
    variables = {"input": {"unitId": gid("Unit", admin.unit.id), "file": None}}
    return SEAL, "unitSealUpload", variables, ("公章.png", padded_png(), "image/png"), admin


async def achievement_case(http):
    admin = await make_unit()
    person = await make_person(unit=admin.unit, status=BindingStatus.APPROVED)
    record = await create(http, person)
    variables = {"input": {"recordId": record["id"], "file": None}}
    content = PDF + b"%" + os.urandom(12_000).hex().encode() + b"\n"
    return ATTACH, "achievementAttachmentAdd", variables, ("证明.pdf", content, "application/pdf"), person


async def committee_import_case(http):
    hr = await hr_bureau()
    return IMPORT, "committeeImport", {"input": {"file": None}}, ("评委会.xlsx", padded_xlsx(), XLSX), hr


CASES = {"photo": photo_case, "seal": seal_case, "achievement": achievement_case, "committee_import":
         committee_import_case}


@pytest.mark.parametrize("fault", ["full", "read-only"])
@pytest.mark.parametrize("kind", list(CASES))
async def test_upload_on_a_full_or_read_only_disk(http, settings, disk, fault, kind):
    query, name, variables, file, actor = await CASES[kind](http)
    assert len(file[1]) > 20_000
    async with api_services(settings, storage_dir=disk.storage):
        await services().storage.check_writable()  # files/tmp exists before the snapshot
        files, rows = disk.files(), await StoredFile.all().count()
        disk.fill(leave=8192) if fault == "full" else disk.read_only()
        free = disk.free()
        try:
            response = await upload(http, query, variables, {"input.file": file}, token=actor.token)
            errors = payload_errors(response.json(), name)
            assert [e["code"] for e in errors] == ["STORAGE_UNAVAILABLE"], errors
            assert "磁盘已满或只读" in errors[0]["message"] and errors[0]["field"] == ["file"]
            # Nothing kept: no row, no file, and no half-written temp file holding the disk's space.
            assert await StoredFile.all().count() == rows and disk.files() == files and disk.free() == free
        finally:
            disk.empty() if fault == "full" else disk.writable()
        # The same upload goes through once the disk is healthy: the fault, not the content, refused it.
        response = await upload(http, query, variables, {"input.file": file}, token=actor.token)
        codes = [e["code"] for e in payload_errors(response.json(), name)]
        assert "STORAGE_UNAVAILABLE" not in codes and (kind == "committee_import" or codes == []), codes


@pytest.mark.parametrize("fault", ["full", "read-only"])
async def test_readyz_when_the_storage_is_not_writable(http, settings, disk, fault):
    async with api_services(settings, storage_dir=disk.storage):
        assert (await http.get("/readyz")).status_code == 200
        disk.fill(leave=0) if fault == "full" else disk.read_only()
        try:
            response, took = await timed(http.get("/readyz"))
            assert response.status_code == 503 and response.json()["storage"].startswith("error"), response.text
            print(f"\nstorage {fault}: /readyz 503 in {took:.3f} s: {response.json()['storage']}")
            assert disk.files() == set()  # the probe left nothing behind
        finally:
            disk.empty() if fault == "full" else disk.writable()
        assert (await http.get("/readyz")).status_code == 200
