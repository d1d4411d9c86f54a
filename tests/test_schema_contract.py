"""The printed schema is a contract: it must match the code, and conventions must hold."""
from pathlib import Path

from graphql import GraphQLNonNull, GraphQLObjectType

from schema.api import schema

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schema_matches_code():
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", "schema.graphql drifted: run `zhicheng export-schema`"


def test_mutations_take_one_input_and_return_errors():
    mutation = schema._schema.mutation_type
    assert mutation is not None
    for name, field in mutation.fields.items():
        assert list(field.args) == ["input"], f"{name} must take exactly one `input:` argument"
        payload = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        assert isinstance(payload, GraphQLObjectType) and payload.name.endswith("Payload"), name
        assert "errors" in payload.fields, f"{name} payload needs errors"


def test_connections_are_paged_and_counted():
    query = schema._schema.query_type
    for name, field in query.fields.items():
        type_ = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        if getattr(type_, "name", "").endswith("Connection"):
            assert {"first", "last", "after", "before"} <= set(field.args), name
            assert "totalCount" in type_.fields, name


def test_types_are_described():
    missing = [t.name for t in schema._schema.type_map.values()
               if isinstance(t, GraphQLObjectType) and not t.name.startswith("__")
               and not t.name.endswith(("Edge", "Connection", "Payload", "Queries", "Mutations"))
               and not t.description]
    assert not missing, f"types without description: {missing}"
