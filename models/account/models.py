"""Accounts, their sign-in identities and refresh tokens.

An account is reached through an identity (provider, subject): local sign-in uses the
providers ``phone`` and ``id_number``; the provincial SSO will add an OIDC provider
without reshaping accounts.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class IdentityProvider(str, Enum):
    PHONE = "phone"
    ID_NUMBER = "id_number"


class Account(Model):
    id = fields.BigIntField(primary_key=True)
    password_hash = fields.CharField(max_length=200, null=True)
    is_platform_admin = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    display_name = fields.CharField(max_length=50)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account"


class Identity(Model):
    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", related_name="identities", on_delete=fields.CASCADE)
    provider = fields.CharField(max_length=40)
    subject = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity"
        unique_together = (("provider", "subject"),)


class RefreshToken(Model):
    """One row per issued refresh token. A family is one sign-in and its rotations."""

    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.Account", related_name=False, on_delete=fields.CASCADE)
    family = fields.CharField(max_length=36, db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    rotated_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "refresh_token"
