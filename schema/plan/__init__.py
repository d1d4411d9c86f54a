"""GraphQL types and inputs of the plan domain."""
