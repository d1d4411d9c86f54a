"""The blacklist (黑名单): HR bureaus bar a person from declaring for a period."""
