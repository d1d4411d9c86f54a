"""Sign-in, access tokens, refresh rotation, logout and throttling, through the API."""
from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from tortoise import connections

from models.account.models import Account, RefreshToken
from models.account.auth import issue_access_token
from tests.conftest import SECRET, on_postgres
from tests.helpers import PASSWORD, assert_unauthenticated, gql, make_account, make_person, payload_errors
from zhicheng.downloads import sign_download

LOGIN = """
mutation Login($input: AuthLoginInput!) {
  authLogin(input: $input) { errors { field code message } accessToken refreshToken expiresIn }
}"""
REFRESH = """
mutation Refresh($input: AuthRefreshInput!) {
  authRefresh(input: $input) { errors { field code message } accessToken refreshToken expiresIn }
}"""
LOGOUT = """
mutation Logout($input: AuthLogoutInput!) {
  authLogout(input: $input) { errors { field code message } revoked }
}"""
ME = "query { me { account { id displayName } person { realName idNumber mobile } } }"
IP = "203.0.113.9"  # the client address the test transport reports


async def login(http, who: str, password: str = PASSWORD) -> dict:
    return (await gql(http, LOGIN, {"input": {"login": who, "password": password}}))["data"]["authLogin"]


async def refresh(http, token: str) -> dict:
    return (await gql(http, REFRESH, {"input": {"refreshToken": token}}))["data"]["authRefresh"]


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def assert_refused(payload: dict, code: str, field: list[str] | None) -> dict:
    assert payload["errors"], payload
    error = payload["errors"][0]
    assert (error["code"], error["field"]) == (code, field), payload
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error  # shown to users in Chinese
    assert payload["accessToken"] is None and payload["refreshToken"] is None
    return error


async def fail_times(http, who: str, n: int) -> None:
    for _ in range(n):
        assert codes(await login(http, who, "Wrong-passw0rd")) == ["INVALID_CREDENTIALS"]


# --- signing in ------------------------------------------------------------------------------------------------

async def test_login_by_mobile_gives_working_tokens(http, settings):
    person = await make_person("王五")
    payload = await login(http, person.person.mobile)
    assert payload["errors"] == []
    assert payload["expiresIn"] == settings.access_token_ttl
    assert payload["accessToken"] and payload["refreshToken"]
    me = (await gql(http, ME, token=payload["accessToken"]))["data"]["me"]
    assert me["person"] == {"realName": "王五", "idNumber": person.person.id_number, "mobile": person.person.mobile}


async def test_login_by_id_number_ignores_case_and_spaces(http):
    person = await make_person()
    number = person.person.id_number
    for variant in (number, f"  {number.lower()} "):
        payload = await login(http, variant)
        assert payload["errors"] == [], variant
        me = (await gql(http, ME, token=payload["accessToken"]))["data"]["me"]
        assert me["account"]["displayName"] == "张三"


async def test_login_by_id_number_ending_in_x_accepts_lower_case(http):
    from models.account.models import Identity, IdentityProvider
    from tests.helpers import resident_id

    number = next(n for n in (resident_id(seq=s) for s in range(1, 400)) if n.endswith("X"))
    actor = await make_account("李X")
    await Identity.create(account=actor.account, provider=IdentityProvider.ID_NUMBER.value, subject=number)
    assert (await login(http, number.lower()))["errors"] == []


async def test_wrong_password_is_refused_in_chinese(http):
    person = await make_person()
    error = assert_refused(await login(http, person.person.mobile, "Wrong-passw0rd"), "INVALID_CREDENTIALS",
                           ["password"])
    # An unknown login gets the very same answer: no account enumeration.
    assert assert_refused(await login(http, "13000000000"), "INVALID_CREDENTIALS", ["password"]) == error


async def test_empty_password_and_password_of_another_account_are_refused(http):
    first, second = await make_person(), await make_person("李四")
    await Account.filter(id=second.account.id).update(password_hash=None)  # e.g. an SSO-only account
    assert_refused(await login(http, first.person.mobile, ""), "INVALID_CREDENTIALS", ["password"])
    assert_refused(await login(http, second.person.mobile, PASSWORD), "INVALID_CREDENTIALS", ["password"])


async def test_disabled_account_cannot_sign_in_or_use_its_tokens(http):
    person = await make_person()
    await Account.filter(id=person.account.id).update(is_active=False)
    assert_refused(await login(http, person.person.mobile), "ACCOUNT_DISABLED", ["login"])
    assert_unauthenticated(await gql(http, ME, token=person.token))


# --- throttling ------------------------------------------------------------------------------------------------

async def test_five_failures_lock_the_login_even_for_the_right_password(http, settings):
    assert settings.login_max_failures == 5
    person, other = await make_person(), await make_person("李四")
    await fail_times(http, person.person.mobile, 5)
    error = assert_refused(await login(http, person.person.mobile), "TOO_MANY_ATTEMPTS", ["login"])
    assert "分钟" in error["message"]
    # The lock is per login: another person on the same address still signs in.
    assert (await login(http, other.person.mobile))["errors"] == []


async def test_four_failures_then_success_resets_the_login_counter(http):
    person = await make_person()
    await fail_times(http, person.person.mobile, 4)
    assert (await login(http, person.person.mobile))["errors"] == []
    await fail_times(http, person.person.mobile, 4)
    assert (await login(http, person.person.mobile))["errors"] == []


async def test_lock_covers_both_ways_of_writing_the_login(http):
    person = await make_person()
    number = person.person.id_number
    await fail_times(http, number, 5)
    assert codes(await login(http, f" {number.lower()} ")) == ["TOO_MANY_ATTEMPTS"]


async def test_mobile_and_id_number_share_one_budget_of_guesses(http):
    person = await make_person()
    await fail_times(http, person.person.mobile, 3)
    await fail_times(http, person.person.id_number, 2)
    assert codes(await login(http, person.person.mobile)) == ["TOO_MANY_ATTEMPTS"]


async def test_lock_expires_with_the_window(http, settings):
    from zhicheng.services import services

    person = await make_person()
    await fail_times(http, person.person.mobile, 5)
    redis = services().redis
    keys = [k async for k in redis.scan_iter("zc:login-fail:login:*")]
    assert len(keys) == 1
    assert 0 < await redis.ttl(keys[0]) <= settings.login_window_seconds
    await redis.delete(*keys)  # what the window's end does
    assert (await login(http, person.person.mobile))["errors"] == []


async def test_client_address_is_locked_after_many_failures_across_logins(http, settings):
    from zhicheng.services import services

    redis = services().redis
    person = await make_person()
    for n in range(6):  # different logins, so no single login locks
        assert codes(await login(http, f"1380000000{n}", "Wrong-passw0rd")) == ["INVALID_CREDENTIALS"]
    ip_key = f"zc:login-fail:ip:{IP}"
    assert int(await redis.get(ip_key)) == 6
    assert 0 < await redis.ttl(ip_key) <= settings.login_window_seconds
    # Fast-forward to one short of the limit instead of making 50 slow requests.
    await redis.set(ip_key, settings.login_ip_max_failures - 1, keepttl=True)
    assert (await login(http, person.person.mobile))["errors"] == []  # 49 failures: still open
    assert codes(await login(http, "13800000009", "Wrong-passw0rd")) == ["INVALID_CREDENTIALS"]
    assert_refused(await login(http, person.person.mobile), "TOO_MANY_ATTEMPTS", ["login"])
    # A success does not clear the address counter.
    assert int(await redis.get(ip_key)) == settings.login_ip_max_failures


async def test_locked_attempts_do_not_verify_or_count(http, settings):
    from zhicheng.services import services

    person = await make_person()
    await fail_times(http, person.person.mobile, 5)
    ip_key = f"zc:login-fail:ip:{IP}"
    before = int(await services().redis.get(ip_key))
    for _ in range(3):
        assert codes(await login(http, person.person.mobile, "Wrong-passw0rd")) == ["TOO_MANY_ATTEMPTS"]
    assert int(await services().redis.get(ip_key)) == before


# --- access tokens ---------------------------------------------------------------------------------------------

async def test_me_with_access_token(http):
    actor = await make_account("管理员甲")
    me = (await gql(http, ME, token=actor.token))["data"]["me"]
    assert me["account"]["displayName"] == "管理员甲" and me["person"] is None


async def test_expired_access_token_is_unauthenticated(http):
    person = await make_person()
    assert_unauthenticated(await gql(http, ME, token=issue_access_token(person.account.id, SECRET, -1)))


@pytest.mark.parametrize("forge", [
    pytest.param(lambda aid: "not-a-jwt", id="garbage"),
    pytest.param(lambda aid: issue_access_token(aid, "another-secret-that-is-long-enough-000000", 900),
                 id="wrong-secret"),
    pytest.param(lambda aid: jwt.encode({"sub": str(aid), "exp": datetime.now(timezone.utc) + timedelta(minutes=5)},
                                        SECRET, algorithm="HS256"), id="no-audience"),
    pytest.param(lambda aid: sign_download(1, aid, SECRET, 300).removeprefix("/files/"), id="download-token"),
    pytest.param(lambda aid: jwt.encode({"sub": str(aid), "aud": "zhicheng:access",
                                         "exp": datetime.now(timezone.utc) + timedelta(minutes=5)},
                                        None, algorithm="none"), id="alg-none"),
    pytest.param(lambda aid: issue_access_token(aid, SECRET, 900)[:-2] + "xx", id="tampered-signature"),
    pytest.param(lambda aid: issue_access_token(aid + 1000, SECRET, 900), id="unknown-account"),
])
async def test_bad_access_tokens_are_unauthenticated(http, forge):
    person = await make_person()
    result = await gql(http, ME, token=forge(person.account.id))
    assert_unauthenticated(result)
    assert result["data"] is None


async def test_refresh_token_is_not_an_access_token(http):
    person = await make_person()
    pair = await login(http, person.person.mobile)
    assert_unauthenticated(await gql(http, ME, token=pair["refreshToken"]))


# --- refresh rotation ------------------------------------------------------------------------------------------

async def test_refresh_rotates_the_pair(http):
    person = await make_person()
    first = await login(http, person.person.mobile)
    second = await refresh(http, first["refreshToken"])
    assert second["errors"] == []
    assert second["refreshToken"] != first["refreshToken"]
    me = (await gql(http, ME, token=second["accessToken"]))["data"]["me"]
    assert me["person"]["idNumber"] == person.person.id_number
    third = await refresh(http, second["refreshToken"])
    assert third["errors"] == [] and third["refreshToken"] not in (first["refreshToken"], second["refreshToken"])


async def test_reused_refresh_token_revokes_the_whole_sign_in(http):
    person = await make_person()
    first = await login(http, person.person.mobile)
    second = await refresh(http, first["refreshToken"])
    assert_refused(await refresh(http, first["refreshToken"]), "TOKEN_REUSED", ["refreshToken"])
    # The thief's (or the owner's) newer token is dead too.
    assert_refused(await refresh(http, second["refreshToken"]), "INVALID_TOKEN", ["refreshToken"])
    rows = await RefreshToken.filter(account_id=person.account.id)
    assert len(rows) == 2 and all(r.revoked_at is not None for r in rows)


async def test_reuse_leaves_other_sign_ins_alone(http):
    person = await make_person()
    phone = await login(http, person.person.mobile)
    laptop = await login(http, person.person.id_number)
    await refresh(http, phone["refreshToken"])
    assert codes(await refresh(http, phone["refreshToken"])) == ["TOKEN_REUSED"]
    assert (await refresh(http, laptop["refreshToken"]))["errors"] == []


@pytest.mark.parametrize("token", ["", "garbage", "x" * 500])
async def test_unknown_refresh_token_is_invalid(http, token):
    assert_refused(await refresh(http, token), "INVALID_TOKEN", ["refreshToken"])


async def test_expired_refresh_token_is_invalid(http):
    person = await make_person()
    pair = await login(http, person.person.mobile)
    await RefreshToken.filter(account_id=person.account.id).update(
        expires_at=datetime.now(timezone.utc) - timedelta(seconds=1))
    assert_refused(await refresh(http, pair["refreshToken"]), "INVALID_TOKEN", ["refreshToken"])


async def test_refresh_for_a_disabled_account_is_refused_and_can_be_retried(http):
    person = await make_person()
    pair = await login(http, person.person.mobile)
    await Account.filter(id=person.account.id).update(is_active=False)
    assert_refused(await refresh(http, pair["refreshToken"]), "ACCOUNT_DISABLED", ["refreshToken"])
    await Account.filter(id=person.account.id).update(is_active=True)
    # The refused attempt was rolled back: the token was not consumed, so this is no reuse.
    assert (await refresh(http, pair["refreshToken"]))["errors"] == []


async def test_refresh_tokens_are_stored_hashed(http):
    person = await make_person()
    first = await login(http, person.person.mobile)
    second = await refresh(http, first["refreshToken"])
    rows = await connections.get("default").execute_query_dict("SELECT * FROM refresh_token")
    assert len(rows) == 2
    dump = repr(rows)
    for token in (first["refreshToken"], second["refreshToken"]):
        assert token not in dump
        assert hashlib.sha256(token.encode()).hexdigest() in {r["token_hash"] for r in rows}
    assert len({r["family"] for r in rows}) == 1


# --- logout ----------------------------------------------------------------------------------------------------

async def test_logout_requires_sign_in(http):
    person = await make_person()
    pair = await login(http, person.person.mobile)
    assert_unauthenticated(await gql(http, LOGOUT, {"input": {"refreshToken": pair["refreshToken"]}}))
    assert (await refresh(http, pair["refreshToken"]))["errors"] == []  # untouched


async def test_logout_revokes_the_sign_in(http):
    person = await make_person()
    pair = await login(http, person.person.mobile)
    other = await login(http, person.person.mobile)
    result = await gql(http, LOGOUT, {"input": {"refreshToken": pair["refreshToken"]}}, token=pair["accessToken"])
    assert result["data"]["authLogout"] == {"errors": [], "revoked": True}
    assert_refused(await refresh(http, pair["refreshToken"]), "INVALID_TOKEN", ["refreshToken"])
    assert (await refresh(http, other["refreshToken"]))["errors"] == []  # another device stays signed in


async def test_logout_after_rotation_revokes_the_current_token(http):
    person = await make_person()
    first = await login(http, person.person.mobile)
    second = await refresh(http, first["refreshToken"])
    # Logging out with the old token of the family still ends the sign-in.
    result = await gql(http, LOGOUT, {"input": {"refreshToken": first["refreshToken"]}},
                       token=second["accessToken"])
    assert payload_errors(result, "authLogout") == []
    assert_refused(await refresh(http, second["refreshToken"]), "INVALID_TOKEN", ["refreshToken"])


async def test_logout_cannot_revoke_someone_elses_sign_in(http):
    victim, attacker = await make_person(), await make_person("李四")
    pair = await login(http, victim.person.mobile)
    result = await gql(http, LOGOUT, {"input": {"refreshToken": pair["refreshToken"]}}, token=attacker.token)
    errors = payload_errors(result, "authLogout")
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_TOKEN", ["refreshToken"])]
    assert result["data"]["authLogout"]["revoked"] is False
    assert (await refresh(http, pair["refreshToken"]))["errors"] == []


# --- concurrency (row locks are real on PostgreSQL only) -------------------------------------------------------

@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL row locks")
async def test_concurrent_refresh_with_one_token_rotates_once(http):
    person = await make_person()
    pair = await login(http, person.person.mobile)
    results = await asyncio.gather(*(refresh(http, pair["refreshToken"]) for _ in range(3)))
    winners = [r for r in results if not r["errors"]]
    assert len(winners) <= 1
    assert all(codes(r) in (["TOKEN_REUSED"], ["INVALID_TOKEN"]) for r in results if r["errors"])
    # Exactly one rotation happened; the token came back, so the sign-in is over.
    assert await RefreshToken.filter(account_id=person.account.id, rotated_at__isnull=False).count() == 1
    assert await RefreshToken.filter(account_id=person.account.id, revoked_at=None).count() == 0
