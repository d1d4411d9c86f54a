"""GraphQL types and inputs of the application domain."""
