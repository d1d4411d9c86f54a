"""Logs that help and leak nothing (issue 7 §4): one line per request, client errors quiet, server errors
traceable by request id, no forged lines, no secrets; the sign-in throttle counts the real client IP."""
from __future__ import annotations

import dataclasses
import json
import logging
import re
from pathlib import Path

import httpx
import pytest
import uvicorn
import yaml

import resolvers.account
from tests.helpers import PASSWORD, gql, make_person
from tests.test_person_photo import png, send
from zhicheng.cli import uvicorn_options
from zhicheng.logs import JsonLines, TextLines, config_dict
from zhicheng.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent
LOGIN = """
mutation SignIn($input: AuthLoginInput!) {
  authLogin(input: $input) { errors { field code message } accessToken refreshToken }
}"""
ME = "query WhoAmI { me { account { id } isPlatformAdmin } }"
ME_PHOTO = "query MyPhoto { me { person { photo { url } } } }"
# A marker that may only reach the logs if query text does.
MARKER = "QUERY-TEXT-MARKER"


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def rendered(caplog) -> list[str]:
    """Every captured record as both production (JSON) and development (text) formatters write it."""
    return [f.format(r) for r in caplog.records for f in (JsonLines(), TextLines())]


def request_lines(caplog, path: str = "/graphql") -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "zhicheng.request" and r.path == path]


async def post(http, query: str, variables: dict | None = None, token: str | None = None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post("/graphql", json={"query": query, "variables": variables or {}, **kwargs},
                           headers={**headers, **kwargs.pop("headers", {})})


CLIENT_ERRORS = [
    pytest.param(f"query Probe {{ regions {{ noSuchField }} }} # {MARKER}", {}, "GRAPHQL_VALIDATION_FAILED",
                 id="validation"),
    pytest.param(f"{ME} # {MARKER}", {}, "UNAUTHENTICATED", id="unauthenticated"),
    pytest.param(f"{LOGIN} # {MARKER}", {"input": {"login": "13900000000", "password": PASSWORD}},
                 "INVALID_CREDENTIALS", id="payload-refusal"),
]


@pytest.mark.parametrize(("query", "variables", "code"), CLIENT_ERRORS)
async def test_client_error_is_one_info_line_without_query_or_traceback(http, logs, query, variables, code):
    response = await post(http, query, variables)
    body = json.dumps(response.json())
    assert code in body or (code == "GRAPHQL_VALIDATION_FAILED" and "noSuchField" in body)
    [line] = request_lines(logs)
    assert (line.levelno, line.outcome, line.status) == (logging.INFO, "client_error", response.status_code)
    assert code in line.error_codes
    assert line.operation in {"Probe", "WhoAmI", "SignIn"}
    assert line.query_length == len(query) and re.fullmatch(r"[0-9a-f]{16}", line.query_sha256)
    assert line.request_id == response.headers["x-request-id"]
    assert all(r.levelno < logging.WARNING and r.exc_info is None for r in logs.records), \
        [(r.name, r.levelname) for r in logs.records]
    assert not any(MARKER in text or "Traceback" in text for text in rendered(logs))


async def test_ok_request_line_names_the_viewer(http, logs):
    person = await make_person()
    response = await post(http, ME, token=person.token)
    assert response.json()["data"]["me"]["account"]["id"]
    [line] = request_lines(logs)
    assert (line.levelno, line.outcome, line.viewer_id, line.operation) == (logging.INFO, "ok", person.account.id,
                                                                           "WhoAmI")
    assert line.duration_ms >= 0 and line.method == "POST" and line.status == 200


async def test_server_error_is_logged_with_traceback_and_the_request_id_the_client_gets(http, logs, monkeypatch):
    def bug(login):  # simulates a bug in a domain function: nothing a client can cause
        raise RuntimeError("simulated bug in find_account_by_login")

    monkeypatch.setattr(resolvers.account, "find_account_by_login", bug)
    response = await post(http, LOGIN, {"input": {"login": "13900000000", "password": PASSWORD}})
    [error] = response.json()["errors"]
    rid = error["extensions"]["requestId"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "simulated" not in json.dumps(response.json())  # the client sees no internals
    assert response.headers["x-request-id"] == rid
    [failure] = [r for r in logs.records if r.name == "zhicheng.graphql"]
    assert failure.levelno == logging.ERROR and failure.request_id == rid
    assert failure.exc_info and failure.exc_info[0] is RuntimeError
    traceback = json.loads(JsonLines().format(failure))["traceback"]
    assert "RuntimeError: simulated bug" in traceback and "find_account_by_login" in traceback
    [line] = request_lines(logs)
    assert (line.levelno, line.outcome, line.request_id) == (logging.ERROR, "server_error", rid)
    assert "INTERNAL_SERVER_ERROR" in line.error_codes


async def test_request_id_is_kept_when_sane_and_replaced_otherwise(http, logs):
    kept = await http.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42:1"})
    assert kept.headers["x-request-id"] == "lb-7f3a.42:1"
    for bad in ("x" * 65, "has space", "semi;colon"):
        replaced = await http.get("/healthz", headers={"X-Request-ID": bad})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])
    assert [r.request_id for r in request_lines(logs, "/healthz")][0] == "lb-7f3a.42:1"


async def test_cr_lf_in_logged_values_cannot_forge_lines(http, logs):
    forged = "\r\n2026-12-01 00:00:00 INFO zhicheng.request: POST /graphql 200 outcome=ok"
    assert (await http.get("/healthz" + forged.replace("\r", "%0D").replace("\n", "%0A"))).status_code == 404
    await post(http, LOGIN, {"input": {"login": "139\r\nINFO forged", "password": "x\r\ny"}},
               operationName="SignIn\r\nINFO forged")
    [line] = request_lines(logs, "/healthz" + forged)  # the value itself is kept, only its rendering is escaped
    assert line.outcome == "client_error"
    [refused] = request_lines(logs)
    assert refused.status == 400 and refused.outcome == "client_error"
    refused.operation = "SignIn" + forged  # as if a name could carry CR/LF
    for text in rendered(logs):
        assert "\n" not in text and "\r" not in text, text
    assert json.loads(JsonLines().format(line))["path"] == "/healthz" + forged
    assert "/healthz\\r\\n2026-12-01" in TextLines().format(line)
    assert "operation=SignIn\\r\\n2026" in TextLines().format(refused)


async def test_no_secret_reaches_any_line(http, logs, settings):
    person = await make_person()
    signed_in = (await post(http, LOGIN, {"input": {"login": person.person.mobile, "password": PASSWORD}}))
    payload = signed_in.json()["data"]["authLogin"]
    access, refresh = payload["accessToken"], payload["refreshToken"]
    assert access and refresh
    await post(http, LOGIN, {"input": {"login": person.person.mobile, "password": PASSWORD + "-wrong"}})
    await post(http, "mutation Out($input: AuthLogoutInput!) { authLogout(input: $input) { errors { code } } }",
               {"input": {"refreshToken": refresh}}, token=access)
    assert (await send(http, person.token, "photo.png", png(seed=b"logs"))).status_code == 200
    url = (await gql(http, ME_PHOTO, token=person.token))["data"]["me"]["person"]["photo"]["url"]
    download = await http.get(url)
    assert download.status_code == 200
    download_token = url.removeprefix("/files/")

    [files_line] = request_lines(logs, "/files/[redacted]")
    assert files_line.status == 200
    lines = rendered(logs)
    assert len(lines) >= 12
    for secret in (PASSWORD, refresh, access, person.token, download_token):
        assert not any(secret in text for text in lines), secret
    # uvicorn's access log (which prints the path) is off; were a token ever in a line, it is redacted.
    assert uvicorn_options(dataclasses.replace(settings, env="production"))["access_log"] is False
    access_record = logging.makeLogRecord({"name": "uvicorn.access", "levelno": logging.INFO, "levelname": "INFO",
                                           "msg": '%s - "%s %s HTTP/%s" %d',
                                           "args": ("10.0.0.1:1", "GET", url, "1.1", 200)})
    for formatter in (JsonLines(), TextLines()):
        assert download_token not in formatter.format(access_record)


async def test_throttle_counts_the_forwarded_client_only_from_a_trusted_proxy(app, settings):
    """The uvicorn options `zhicheng api` uses, applied by uvicorn itself (Config.load wraps the app in
    its ProxyHeadersMiddleware), in front of the real app."""
    from zhicheng.services import services

    trusted = dataclasses.replace(settings, trusted_proxies=("10.0.0.0/8",))
    config = uvicorn.Config(app, **{**uvicorn_options(trusted), "log_config": None})
    config.load()
    redis = services().redis
    wrong = {"input": {"login": "13911112222", "password": "Wrong-passw0rd"}}

    async def sign_in_from(peer: str, forwarded: str):
        transport = httpx.ASGITransport(app=config.loaded_app, client=(peer, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await post(client, LOGIN, wrong, headers={"X-Forwarded-For": forwarded})
        assert response.json()["data"]["authLogin"]["errors"][0]["code"] == "INVALID_CREDENTIALS"

    # Through the proxy: the client's own claim (1.2.3.4) is skipped, the hop the proxy saw is counted.
    await sign_in_from("10.1.2.3", "1.2.3.4, 198.51.100.7, 10.0.0.9")
    assert await redis.get("zc:login-fail:ip:198.51.100.7") == b"1"
    # Straight from the internet: a forged header is ignored, the peer is counted.
    await sign_in_from("192.0.2.50", "198.51.100.7")
    assert await redis.get("zc:login-fail:ip:192.0.2.50") == b"1"
    assert await redis.get("zc:login-fail:ip:198.51.100.7") == b"1"
    assert not await redis.keys("zc:login-fail:ip:1.2.3.4") and not await redis.keys("zc:login-fail:ip:10.*")


def test_trusted_proxies_setting():
    assert load_settings({}).trusted_proxies == ("127.0.0.1", "::1")
    parsed = load_settings({"ZHICHENG_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.1 ,fd00::/8"})
    assert parsed.trusted_proxies == ("10.0.0.0/8", "192.0.2.1", "fd00::/8")
    assert uvicorn_options(parsed)["forwarded_allow_ips"] == ["10.0.0.0/8", "192.0.2.1", "fd00::/8"]
    for bad in ("proxy.internal", "10.0.0.1/8", "*"):
        with pytest.raises(SettingsError, match="ZHICHENG_TRUSTED_PROXIES"):
            load_settings({"ZHICHENG_TRUSTED_PROXIES": bad})


def test_production_logs_are_json_and_uvicorn_access_log_is_quiet():
    production = config_dict(load_settings({"ZHICHENG_ENV": "production",
                                            "ZHICHENG_DATABASE_URL": "postgres://u@h/db",
                                            "ZHICHENG_REDIS_URL": "redis://h:6379/0",
                                            "ZHICHENG_SECRET_KEY": "s" * 32}))
    assert production["formatters"]["default"]["()"] is JsonLines
    assert config_dict(load_settings({}))["formatters"]["default"]["()"] is TextLines
    assert production["loggers"]["uvicorn.access"]["level"] == "WARNING"


def test_infra_sets_trusted_proxies():
    compose = yaml.safe_load((ROOT / "infra/docker-compose.yml").read_text())
    assert "ZHICHENG_TRUSTED_PROXIES" in compose["x-zhicheng-env"]
    docs = [d for f in (ROOT / "infra/k8s").glob("*.yaml") for d in yaml.safe_load_all(f.read_text()) if d]
    [configmap] = [d for d in docs if d["kind"] == "ConfigMap"]
    load_settings({"ZHICHENG_TRUSTED_PROXIES": configmap["data"]["ZHICHENG_TRUSTED_PROXIES"]})
    [api] = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "zhicheng-api"]
    env = api["spec"]["template"]["spec"]["containers"][0]["env"]
    assert "ZHICHENG_TRUSTED_PROXIES" in {e["name"] for e in env}
