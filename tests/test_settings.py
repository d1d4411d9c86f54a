"""Settings are validated at start; production never falls back to a default secret."""
import pytest

from zhicheng.settings import DEV_SECRET, SettingsError, load_settings


def test_embedded_default_when_nothing_is_configured():
    s = load_settings({})
    assert s.database_url.startswith("sqlite://") and s.embedded_redis and s.secret_key == DEV_SECRET


@pytest.mark.parametrize("missing", ["ZHICHENG_DATABASE_URL", "ZHICHENG_REDIS_URL", "ZHICHENG_SECRET_KEY"])
def test_production_requires_every_secret(missing):
    env = {"ZHICHENG_ENV": "production", "ZHICHENG_DATABASE_URL": "postgres://u@h/db",
           "ZHICHENG_REDIS_URL": "redis://h:6379/0", "ZHICHENG_SECRET_KEY": "x" * 40}
    del env[missing]
    with pytest.raises(SettingsError, match=missing):
        load_settings(env)


@pytest.mark.parametrize("env, message", [
    ({"ZHICHENG_ENV": "staging"}, "ZHICHENG_ENV"),
    ({"ZHICHENG_DATABASE_URL": "mysql://x"}, "ZHICHENG_DATABASE_URL"),
    ({"ZHICHENG_REDIS_URL": "http://x"}, "ZHICHENG_REDIS_URL"),
    ({"ZHICHENG_ACCESS_TOKEN_TTL": "soon"}, "ZHICHENG_ACCESS_TOKEN_TTL"),
    ({"ZHICHENG_CERTIFICATE_PROVINCE": "340"}, "ZHICHENG_CERTIFICATE_PROVINCE"),
    ({"ZHICHENG_CERTIFICATE_NUMBER_PATTERN": "9{province}{year}"}, "ZHICHENG_CERTIFICATE_NUMBER_PATTERN"),
    ({"ZHICHENG_CERTIFICATE_NUMBER_PATTERN": "{serial}{city}"}, "ZHICHENG_CERTIFICATE_NUMBER_PATTERN"),
    ({"ZHICHENG_JOB_SWEEP_SECONDS": "30"}, "ZHICHENG_JOB_SWEEP_SECONDS"),
    ({"ZHICHENG_RESPONSE_CACHE_SECONDS": "soon"}, "ZHICHENG_RESPONSE_CACHE_SECONDS"),
    ({"ZHICHENG_RESPONSE_CACHE_SECONDS": "120"}, "ZHICHENG_RESPONSE_CACHE_SECONDS"),
    ({"ZHICHENG_ENV": "production", "ZHICHENG_DATABASE_URL": "postgres://u@h/db",
      "ZHICHENG_REDIS_URL": "redis://h", "ZHICHENG_SECRET_KEY": "short"}, "32"),
])
def test_bad_settings_are_named(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_the_response_cache_is_on_in_production_only_unless_told():
    production = {"ZHICHENG_ENV": "production", "ZHICHENG_DATABASE_URL": "postgres://u@h/db",
                  "ZHICHENG_REDIS_URL": "redis://h:6379/0", "ZHICHENG_SECRET_KEY": "x" * 40}
    assert load_settings(production).response_cache_seconds == 1.0
    assert load_settings({**production, "ZHICHENG_RESPONSE_CACHE_SECONDS": "0"}).response_cache_seconds == 0
    assert load_settings({}).response_cache_seconds == 0
    assert load_settings({"ZHICHENG_RESPONSE_CACHE_SECONDS": "2.5"}).response_cache_seconds == 2.5
