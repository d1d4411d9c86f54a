"""证书查验 (issue 8 §6): anyone verifies by number and name or by the QR code's key, through GraphQL and the
server-rendered /verify page, and learns only what the certificate shows, its status and a masked ID number.

The page is also opened in a real headless Chromium against a real `zhicheng api` process. Debian's chromium
package is required, not optional (.ci/run installs it): a missing browser fails that test.

Every check is a cell of one row (tests/matrix_support.py): the two certificates are issued once and handed on
while the database and Redis read as they were built. A cell that changes a certificate writes it back, and
each cell's verification budget is forgotten after it; anything else a cell changed makes the next one
rebuild the world, so a cell sees the same world alone, first or in any order."""
from __future__ import annotations

import dataclasses
import inspect
import io
import json
import secrets
import shutil
import subprocess
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import partial

import httpx
import pytest
import redis.asyncio as aioredis
from PIL import Image

from models.access.masking import mask_id_number
from models.certificate.models import Certificate, CertificateStatus
from models.certificate.throttle import VerifyThrottle
from tests.certificate_world import forget_verify_budget, issued_world, written_back
from tests.conftest import SECRET
from tests.fault_support import ApiProcess, RedisServer
from tests.helpers import gql
from tests.matrix_support import SharedWorld
from zhicheng.services import services

FIELDS = """number name gender idType idNumberMasked seriesName specialtyName titleName level levelName year
  acquiredOn acquisitionMethod approvalNumber issuerName committeeName issueDate unitName status revokedAt
  replacedByNumber"""
BY_NUMBER = f"""query($number: String!, $name: String!) {{ certificateVerify(number: $number, name: $name) {{
  errors {{ field code message }} found certificate {{ {FIELDS} }} }} }}"""
BY_TOKEN = f"""query($token: String!) {{ certificateVerifyByToken(token: $token) {{
  errors {{ field code message }} found certificate {{ {FIELDS} }} }} }}"""
NOT_FOUND = {"errors": [], "found": False, "certificate": None}
CHROMIUM = shutil.which("chromium")


shared = SharedWorld("world")
CELLS: list = []  # the checks, in the order they are defined; the last test of the module runs them


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


async def two_certificates(http, settings) -> list[Certificate]:
    """Two certificates issued the way an issuer issues them (GraphQL, the job, rendered and signed)."""
    await issued_world(http, settings)
    rows = await Certificate.all().order_by("id")
    assert len(rows) == 2
    return rows


def cell(check=None, **params):
    """Registers a check as a cell; ``name=[(id, value), …]`` registers one cell per value."""
    def register(check):
        if not params:
            CELLS.append(pytest.param(check, id=check.__name__))
        for name, values in params.items():
            CELLS.extend(pytest.param(partial(check, **{name: value}), id=f"{check.__name__}-{i}")
                         for i, value in values)
        return check
    return register(check) if check is not None else register


@pytest.fixture
def verify_limit(monkeypatch):
    """Sets the verification throttle's limit per client address for this test."""
    svc = services()

    def set_limit(n: int) -> None:
        monkeypatch.setattr(svc, "settings", dataclasses.replace(svc.settings, verify_per_minute=n))

    return set_limit


async def by_number(http, number: str, name: str) -> dict:
    result = await gql(http, BY_NUMBER, {"number": number, "name": name})
    assert "errors" not in result, result
    return result["data"]["certificateVerify"]


async def by_token(http, token: str) -> dict:
    result = await gql(http, BY_TOKEN, {"token": token})
    assert "errors" not in result, result
    return result["data"]["certificateVerifyByToken"]


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


# --- GraphQL ----------------------------------------------------------------------------------------------------

@cell
async def by_number_and_name_answers_what_the_certificate_shows(http, certs):
    cert = certs[0]
    answer = await by_number(http, cert.number, cert.name)
    assert answer["errors"] == [] and answer["found"] is True
    shown = answer["certificate"]
    assert shown == {
        "number": cert.number, "name": cert.name, "gender": cert.gender, "idType": cert.id_type,
        "idNumberMasked": mask_id_number(cert.id_number), "seriesName": cert.series_name,
        "specialtyName": cert.specialty_name, "titleName": cert.title_name, "level": "ASSOCIATE_SENIOR",
        "levelName": "副高级", "year": 2026, "acquiredOn": str(cert.acquired_on), "acquisitionMethod": "评审",
        "approvalNumber": cert.approval_number, "issuerName": cert.issuer_name, "committeeName": cert.committee_name,
        "issueDate": str(cert.issue_date), "unitName": cert.unit_name, "status": "VALID", "revokedAt": None,
        "replacedByNumber": None}
    # Spaces around either value are the user's, not the certificate's.
    assert await by_number(http, f"  {cert.number.lower()} ", f" {cert.name}\t") == answer


@cell
async def the_id_number_is_masked_everywhere(http, certs):
    cert = certs[0]
    masked = (await by_number(http, cert.number, cert.name))["certificate"]["idNumberMasked"]
    assert masked == cert.id_number[:2] + "*" * (len(cert.id_number) - 4) + cert.id_number[-2:]
    for response in (await http.post("/graphql", json={"query": BY_NUMBER, "variables": {
            "number": cert.number, "name": cert.name}}), await http.get(f"/verify/{cert.token}")):
        assert cert.id_number not in response.text and cert.id_number[2:-2] not in response.text
        assert str(cert.birth_date) not in response.text


@cell
async def a_wrong_name_answers_exactly_as_an_unknown_number(http, certs):
    cert, other = certs
    unknown = await by_number(http, "9342026000101999999", cert.name)
    assert unknown == NOT_FOUND
    for name in (other.name, cert.name[:-1], cert.name + "x", "张三", cert.name.replace("参", "叁")):
        assert await by_number(http, cert.number, name) == unknown, name


@cell
async def blank_number_or_name_is_required(http, certs):
    assert codes(await by_number(http, " ", certs[0].name)) == [("REQUIRED", ["number"])]
    assert codes(await by_number(http, certs[0].number, "")) == [("REQUIRED", ["name"])]
    assert (await by_number(http, "", ""))["errors"][0]["message"] == "请填写证书编号"


@cell
async def by_token_answers_as_by_number_and_name(http, certs):
    cert = certs[1]
    answer = await by_token(http, cert.token)
    assert answer["found"] is True and answer["certificate"]["number"] == cert.number
    assert answer == await by_number(http, cert.number, cert.name)  # one answer, whichever way it is asked
    assert await by_token(http, secrets.token_urlsafe(32)) == NOT_FOUND  # well-formed, unknown


@cell(token=list(zip(["empty", "short", "42", "44", "padding", "plus", "slash", "chinese", "space", "accent",
                      "long"],
                     ["", "abc", "A" * 42, "A" * 44, "A" * 42 + "=", "A" * 42 + "+", "A" * 42 + "/", "证" * 43,
                      "A" * 21 + " " + "A" * 21, "A" * 42 + "é", "A" * 5000])))
async def a_malformed_token_is_refused_precisely(http, *, token):
    answer = await by_token(http, token)
    assert codes(answer) == [("INVALID_TOKEN", ["token"])] and answer["found"] is False
    assert answer["errors"][0]["message"] == "证书查验码格式不正确（应为43位字母、数字、-或_）"


@cell
async def revoked_answers_with_its_date(http, certs):
    cert = certs[0]
    at = datetime(2026, 5, 3, 1, 30, tzinfo=timezone.utc)
    async with written_back(cert):
        await Certificate.filter(id=cert.id).update(status=CertificateStatus.REVOKED, revoked_at=at,
                                                    revoke_reason="x")
        for answer in (await by_number(http, cert.number, cert.name), await by_token(http, cert.token)):
            assert answer["found"] is True
            shown = answer["certificate"]
            assert (shown["status"], shown["replacedByNumber"]) == ("REVOKED", None)
            assert datetime.fromisoformat(shown["revokedAt"]) == at
            assert "revokeReason" not in shown  # the reason is the issuer's, not the public's
        page = await http.get(f"/verify/{cert.token}")
        assert page.status_code == 200 and "已撤销" in page.text and "撤销日期：2026年5月3日" in page.text
        assert "有效" not in page.text.replace("不再有效", "")


@cell
async def replaced_answers_with_the_new_number(http, certs):
    old, new = certs
    async with written_back(old):
        await Certificate.filter(id=old.id).update(status=CertificateStatus.REPLACED, replaced_by_id=new.id)
        shown = (await by_number(http, old.number, old.name))["certificate"]
        assert (shown["status"], shown["replacedByNumber"], shown["revokedAt"]) == ("REPLACED", new.number, None)
        page = await http.get(f"/verify/{old.token}")
        assert "已换发" in page.text and f"新证书编号：{new.number}" in page.text


# --- throttle ---------------------------------------------------------------------------------------------------

@cell
async def verification_is_throttled_per_client_address(app, http, certs, verify_limit):
    verify_limit(3)
    cert = certs[0]
    assert (await by_number(http, cert.number, cert.name))["found"] is True
    assert (await by_number(http, cert.number, "别人"))["found"] is False  # misses count too
    assert (await by_token(http, cert.token))["found"] is True
    over = await by_token(http, cert.token)
    assert codes(over) == [("TOO_MANY_ATTEMPTS", None)] and over["certificate"] is None
    assert over["errors"][0]["message"].startswith("查验过于频繁，请") and over["errors"][0]["message"].endswith("秒后再试")
    assert codes(await by_number(http, cert.number, cert.name)) == [("TOO_MANY_ATTEMPTS", None)]
    page = await http.get(f"/verify/{cert.token}")  # the page shares the address's budget
    assert page.status_code == 429 and "查验过于频繁" in page.text and cert.name not in page.text
    assert 0 < int(page.headers["retry-after"]) <= 60
    # The window is a minute from the first request, and another address has its own budget.
    ttl = await services().redis.ttl(VerifyThrottle.key("203.0.113.9"))
    assert 0 < ttl <= 60
    transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        assert (await by_token(other, cert.token))["found"] is True


@cell
async def without_redis_verification_is_refused_not_let_through(http, certs, monkeypatch):
    dead = aioredis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5, socket_timeout=0.5)
    with monkeypatch.context() as patched:  # Redis back before the world's fingerprint is read
        patched.setattr(services(), "redis", dead)
        answer = await by_token(http, certs[0].token)
        assert codes(answer) == [("SERVICE_UNAVAILABLE", None)] and answer["certificate"] is None
        page = await http.get(f"/verify/{certs[0].token}")
        assert page.status_code == 503 and "暂时无法查验" in page.text
    await dead.aclose()


# --- odd input ----------------------------------------------------------------------------------------------------

ODD = ["A" * 41, "9" * 20000, "A" * 20001, "\x00", "9342026000101000001\x00", "\ud800", "😀" * 50, "' OR '1'='1",
       "%", "_" * 19, "<script>alert(1)</script>", "\u202e" * 3, "\n" * 10]


@cell
async def odd_inputs_never_reach_a_server_error(http, certs, verify_limit):
    verify_limit(10_000)
    cert = certs[0]
    sent = [(BY_NUMBER, {"number": odd, "name": cert.name}) for odd in ODD]
    sent += [(BY_NUMBER, {"number": cert.number, "name": odd}) for odd in ODD]
    sent += [(BY_TOKEN, {"token": odd}) for odd in ODD]
    for query, variables in sent:
        body = json.dumps({"query": query, "variables": variables})  # ASCII: a lone surrogate travels as \\ud800
        response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 200, variables
        result = response.json()
        top = [e["extensions"]["code"] for e in result.get("errors", [])]
        assert set(top) <= {"INVALID_INPUT", "TOO_LONG"}, (variables, result)  # the input layer's refusals
        if not top:
            payload = next(iter(result["data"].values()))
            assert payload["found"] is False and payload["certificate"] is None
            assert {e["code"] for e in payload["errors"]} <= {"INVALID_TOKEN", "REQUIRED"}, (variables, payload)


@cell(path=list(enumerate(["/verify/%00", "/verify/" + "A" * 10000, "/verify/%F0%9F%98%80" * 20,
                           "/verify/%ED%A0%80", "/verify/..%2F..%2Fetc", "/verify/" + "A" * 42 + "%0A"])))
async def odd_page_paths_answer_not_found(http, *, path):
    response = await http.get(path)
    assert response.status_code == 404


# --- the page -----------------------------------------------------------------------------------------------------

@cell
async def the_page_shows_a_valid_certificate(http, certs):
    cert = certs[0]
    response = await http.get(f"/verify/{cert.token}")
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    html = response.text
    for shown in ("有效", "该证书真实有效", cert.number, cert.name, mask_id_number(cert.id_number), cert.title_name,
                  cert.issuer_name, cert.approval_number, "副高级", "评审",
                  f"{cert.issue_date.year}年{cert.issue_date.month}月{cert.issue_date.day}日"):
        assert shown in html, shown
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script" not in html.lower()
    headers = response.headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "script-src" not in headers["content-security-policy"]  # default-src 'none': no script at all
    assert (headers["x-content-type-options"], headers["cache-control"], headers["x-frame-options"]) == (
        "nosniff", "no-store", "DENY")
    assert (await http.head(f"/verify/{cert.token}")).status_code == 200


@cell
async def unknown_and_malformed_keys_get_the_same_not_found_page(http, certs):
    unknown = await http.get(f"/verify/{secrets.token_urlsafe(32)}")
    malformed = await http.get("/verify/not-a-token")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.text == malformed.text and "未查询到该证书" in unknown.text
    assert unknown.headers["content-security-policy"] == malformed.headers["content-security-policy"]


@cell
async def the_page_escapes_what_it_shows(http, certs):
    cert = certs[0]
    async with written_back(cert):
        await Certificate.filter(id=cert.id).update(unit_name='<img src=x onerror="alert(1)">&')
        html = (await http.get(f"/verify/{cert.token}")).text
    assert "<img" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;&amp;" in html


@cell
async def the_token_is_not_logged(http, certs, caplog):
    with caplog.at_level("INFO", logger="zhicheng.request"):
        await http.get(f"/verify/{certs[0].token}")
    assert caplog.records and certs[0].token not in caplog.text and "/verify/[redacted]" in caplog.text


# --- a real browser against a real server ---------------------------------------------------------------------------

@contextmanager
def api_process(settings, workdir):
    """`zhicheng api` in production mode on the suite's database, with a redis-server of its own (as
    tests/race_support.py runs it, one replica, and more time to start on a busy machine)."""
    redis = RedisServer(workdir)
    redis.start()
    env = {"ZHICHENG_ENV": "production", "ZHICHENG_SECRET_KEY": SECRET, "ZHICHENG_DATABASE_URL": settings.database_url,
           "ZHICHENG_REDIS_URL": redis.url, "ZHICHENG_VAR_DIR": str(workdir),
           "ZHICHENG_STORAGE_DIR": str(settings.storage_dir)}
    api = ApiProcess(env, workdir / "api.log").start()
    try:
        api.wait_ready(timeout=120)
        yield api
    finally:
        api.stop()
        redis.kill()


def chromium(*args: str, tmp_path) -> str:
    """Headless Chromium with a profile of its own (no cache carried between runs); its stdout."""
    if CHROMIUM is None:
        pytest.fail("chromium is not installed (Debian package chromium; .ci/run installs it)")
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           f"--user-data-dir={tmp_path / 'chromium-profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@cell
async def a_browser_shows_valid_then_revoked(settings, certs, tmp_path):
    cert = certs[0]
    with api_process(settings, tmp_path) as api:
        url = f"{api.url}/verify/{cert.token}"
        dom = chromium("--dump-dom", url, tmp_path=tmp_path)
        assert '<p class="label">有效</p>' in dom and cert.name in dom and cert.number in dom
        assert cert.id_number not in dom and mask_id_number(cert.id_number) in dom
        shot = tmp_path / "valid.png"
        chromium("--hide-scrollbars", "--window-size=390,844", f"--screenshot={shot}", url, tmp_path=tmp_path)
        with Image.open(io.BytesIO(shot.read_bytes())) as image:
            assert image.size == (390, 844)

        async with written_back(cert):
            await Certificate.filter(id=cert.id).update(status=CertificateStatus.REVOKED,
                                                        revoked_at=datetime(2026, 6, 1, 2, tzinfo=timezone.utc))
            dom = chromium("--dump-dom", url, tmp_path=tmp_path)
            assert '<p class="label">已撤销</p>' in dom and "撤销日期：2026年6月1日" in dom
            chromium("--hide-scrollbars", "--window-size=390,844", f"--screenshot={tmp_path / 'revoked.png'}", url,
                     tmp_path=tmp_path)

        dom = chromium("--dump-dom", f"{api.url}/verify/{secrets.token_urlsafe(32)}", tmp_path=tmp_path)
        assert "未查询到该证书" in dom and cert.name not in dom


# --- the row ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("check", CELLS)
async def test_two_issued_certificates(app, http, settings, caplog, monkeypatch, verify_limit, tmp_path, check):
    given = {"app": app, "http": http, "settings": settings, "caplog": caplog, "monkeypatch": monkeypatch,
             "verify_limit": verify_limit, "tmp_path": tmp_path}
    async with shared.use(lambda: two_certificates(http, settings)) as certs:
        await check(**{name: certs if name == "certs" else given[name]
                       for name in inspect.signature(check).parameters if name == "certs" or name in given})
        await forget_verify_budget()
