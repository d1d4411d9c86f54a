"""GraphQL layer: types, inputs, enums, errors, permissions and the composed schema (schema.api)."""
