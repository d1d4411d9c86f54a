"""Accounts, their sign-in identities and refresh tokens; passwords, access tokens and throttling."""
