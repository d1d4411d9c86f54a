"""Accounts, their sign-in identities and refresh tokens; passwords, access tokens and throttling; the admin
rosters of units and committees (admins.py)."""
