"""Edges of models/account/auth.py that the mutation run (tests/mutation/run.py) found unguarded: the
password rules, finding an admin's account by login, token reading, rotation and reuse, logout."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt
import pytest

from models.account import auth
from models.account.auth import (ACCESS_AUDIENCE, LoginThrottle, _digest, account_for_login, check_password_rules,
                                 end_session, find_account_by_login, hash_password, read_access_token,
                                 refresh_session, rotate_refresh_token, start_session, verify_password)
from models.account.models import Account, Identity, RefreshToken
from models.core.errors import Collector, Problem, Refused
from tests.conftest import SECRET
from tests.helpers import make_person

WEAK = Problem("WEAK_PASSWORD", "密码须为8至64位，且包含大写字母、小写字母、数字、符号中的至少三类", ("password",))


def problems(password, field: str | None = None) -> list[Problem]:
    errors = Collector()
    if field is None:
        check_password_rules(errors, password)  # the default field
    else:
        check_password_rules(errors, password, field)
    return errors.problems


@pytest.mark.parametrize("password", [
    "Abcdef1!",  # 8 characters, four kinds
    "abcdef1!",  # lower, digit, symbol
    "ABCDEF1!",  # upper, digit, symbol
    "Abcdefg!",  # lower, upper, symbol
    "Abcdefg1",  # lower, upper, digit
    "Aa1" + "b" * 61,  # 64 characters
])
def test_passwords_that_meet_the_rules(password):
    assert problems(password) == []


@pytest.mark.parametrize("password", [
    "Abcde1!",  # 7 characters
    "Aa1" + "b" * 62,  # 65 characters
    "abcdefgh1",  # two kinds: lower, digit
    "ABCDEFGH!",  # two kinds: upper, symbol
    "ABCDEFGH1",  # two kinds: upper, digit (upper case is no symbol)
    "abcdefgh",  # one kind
    "12345678!",  # two kinds: digit, symbol
])
def test_weak_passwords_are_refused_with_the_rule(password):
    assert problems(password) == [WEAK]


def test_the_problem_names_the_field_asked_for():
    assert problems("short", "newPassword") == [Problem(WEAK.code, WEAK.message, ("newPassword",))]


@pytest.mark.parametrize("password", [None, "", "   "])
def test_a_missing_password_is_required_not_weak(password):
    assert problems(password) == [Problem("REQUIRED", "请填写密码", ("password",))]


async def test_account_for_login_by_mobile_or_id_number(app):
    actor = await make_person()
    assert (await account_for_login(actor.person.mobile)).id == actor.account.id
    assert (await account_for_login(f"  {actor.person.id_number.lower()} ")).id == actor.account.id


@pytest.mark.parametrize("login", [None, "", "  "])
async def test_account_for_login_requires_a_login(app, login):
    with pytest.raises(Refused) as caught:
        await account_for_login(login, "adminLogin")
    assert caught.value.problems == [Problem("REQUIRED", "请填写管理员手机号或证件号", ("adminLogin",))]


async def test_account_for_login_refuses_an_unknown_login(app):
    with pytest.raises(Refused) as caught:
        await account_for_login("13900000000")
    assert caught.value.problems == [Problem("NOT_FOUND", "未找到该手机号或证件号对应的账号，请先注册", ("login",))]


def test_a_password_hash_verifies_that_password_only():
    digest = hash_password("Passw0rd!")
    assert verify_password(digest, "Passw0rd!")
    assert not verify_password(digest, "Passw0rd?")
    assert not verify_password(None, "Passw0rd!")


def _token(**claims) -> str:
    issued = datetime.now(timezone.utc)
    base = {"sub": "7", "aud": ACCESS_AUDIENCE, "iat": issued, "exp": issued + timedelta(minutes=5)}
    return jwt.encode({k: v for k, v in {**base, **claims}.items() if v is not None}, SECRET, algorithm="HS256")


def test_an_access_token_needs_every_claim_we_issue():
    assert read_access_token(_token(), SECRET) == 7
    for missing in ("exp", "iat", "aud", "sub"):
        assert read_access_token(_token(**{missing: None}), SECRET) is None, missing


async def test_logout_revokes_the_presented_sign_in_not_another(app):
    actor = await make_person()
    first = await start_session(actor.account, SECRET, 900, 3600)
    second = await start_session(actor.account, SECRET, 900, 3600)
    assert not await end_session("not-a-token-of-this-account", actor.account.id)
    assert await end_session(second.refresh_token, actor.account.id)
    rows = {r.token_hash: r for r in await RefreshToken.filter(account_id=actor.account.id)}
    assert rows[_digest(first.refresh_token)].revoked_at is None
    assert rows[_digest(second.refresh_token)].revoked_at is not None


async def test_a_second_logout_keeps_the_time_of_the_first(app):
    actor = await make_person()
    pair = await start_session(actor.account, SECRET, 900, 3600)
    assert await end_session(pair.refresh_token, actor.account.id)
    revoked = (await RefreshToken.get(token_hash=_digest(pair.refresh_token))).revoked_at
    assert await end_session(pair.refresh_token, actor.account.id)
    assert (await RefreshToken.get(token_hash=_digest(pair.refresh_token))).revoked_at == revoked


async def test_a_refresh_token_is_expired_at_its_expiry_instant(app, monkeypatch):
    actor = await make_person()
    pair = await start_session(actor.account, SECRET, 900, 3600)
    row = await RefreshToken.get(token_hash=_digest(pair.refresh_token))
    monkeypatch.setattr(auth, "now", lambda: row.expires_at)
    with pytest.raises(Refused) as caught:
        await rotate_refresh_token(pair.refresh_token, SECRET, 900, 3600)
    assert [p.code for p in caught.value.problems] == ["INVALID_TOKEN"]


INVALID_TOKEN = Problem("INVALID_TOKEN", "登录凭证无效或已过期，请重新登录", ("refreshToken",))


async def test_rotation_gives_a_pair_for_the_same_account(app):
    actor = await make_person()
    pair = await start_session(actor.account, SECRET, 900, 3600)
    rotated = await rotate_refresh_token(pair.refresh_token, SECRET, 600, 3600)
    assert (rotated.expires_in, rotated.account_id) == (600, actor.account.id)
    assert read_access_token(rotated.access_token, SECRET) == actor.account.id
    with pytest.raises(Refused) as caught:
        await rotate_refresh_token("no-such-token", SECRET, 600, 3600)
    assert caught.value.problems == [INVALID_TOKEN]


async def test_rotation_for_a_disabled_account_says_so(app):
    actor = await make_person()
    pair = await start_session(actor.account, SECRET, 900, 3600)
    await Account.filter(id=actor.account.id).update(is_active=False)
    with pytest.raises(Refused) as caught:
        await rotate_refresh_token(pair.refresh_token, SECRET, 600, 3600)
    assert caught.value.problems == [Problem("ACCOUNT_DISABLED", "账号已停用", ("refreshToken",))]


async def test_reuse_revokes_the_family_and_keeps_earlier_revocations(app):
    actor = await make_person()
    first = await start_session(actor.account, SECRET, 900, 3600)
    second = await refresh_session(first.refresh_token, SECRET, 900, 3600)
    earlier = datetime(2026, 1, 1, tzinfo=timezone.utc)
    await RefreshToken.filter(token_hash=_digest(second.refresh_token)).update(revoked_at=earlier)
    with pytest.raises(Refused) as caught:
        await refresh_session(first.refresh_token, SECRET, 900, 3600)
    assert caught.value.problems == [
        Problem("TOKEN_REUSED", "登录凭证已被使用过，为安全起见已注销该次登录，请重新登录", ("refreshToken",))]
    assert (await RefreshToken.get(token_hash=_digest(first.refresh_token))).revoked_at is not None
    assert (await RefreshToken.get(token_hash=_digest(second.refresh_token))).revoked_at == earlier


async def test_a_sign_in_is_for_its_account_with_a_refresh_token_of_256_bits(app):
    actor = await make_person()
    pair = await start_session(actor.account, SECRET, 900, 3600)
    assert (pair.account_id, pair.expires_in) == (actor.account.id, 900)
    assert len(pair.refresh_token) == 43  # 32 random bytes, base64url without padding


def test_an_account_without_a_password_never_verifies_not_even_with_the_dummy_password():
    assert not verify_password(None, "zhicheng-dummy-password")


async def test_only_phone_and_id_number_identities_are_logins(app):
    actor = await make_person()
    await Identity.create(account=actor.account, provider="wechat", subject="WX13900000001")
    assert await find_account_by_login("wx13900000001") is None
    assert (await find_account_by_login(actor.person.mobile)).id == actor.account.id


async def test_a_lock_without_an_expiry_reports_one_second_left(app):
    from zhicheng.services import services

    throttle = LoginThrottle(services().redis, per_login=3, per_ip=100, window=60)
    login_key, _ = throttle._keys("login:X", "198.51.100.7")
    await services().redis.set(login_key, 3)  # over the limit, and no TTL (-1)
    assert await throttle.blocked("login:X", "198.51.100.7") == 1
    await throttle.succeeded("login:X")
    assert await throttle.blocked("login:X", "198.51.100.7") is None
