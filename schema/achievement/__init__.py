"""GraphQL types and inputs of the achievement domain."""
