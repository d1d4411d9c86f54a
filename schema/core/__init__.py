"""Shared parts of the layer: errors, pagination, context, limits, IDs."""
