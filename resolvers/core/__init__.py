"""Shared parts of the resolvers: running a mutation in one transaction, reading inputs."""
