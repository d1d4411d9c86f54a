"""The HTTP surface: health, readiness, GraphiQL outside production, CSRF on uploads."""
from tests.helpers import error_codes, gql

ME_ID = "query { me { account { id } } }"


async def test_health_and_readiness(http):
    assert (await http.get("/healthz")).json() == {"status": "ok"}
    ready = await http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok" and ready.json()["redis"] == "ok"


async def test_graphiql_is_served_on_get(http):
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_post_graphql_is_not_redirected(http):
    response = await http.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200 and response.json()["data"] == {"__typename": "Query"}


async def test_multipart_without_csrf_header_is_refused(http):
    response = await http.post("/graphql", data={"operations": "{}", "map": "{}"}, files={"0": ("a.png", b"x")})
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"


async def test_unexpected_errors_are_masked(http, monkeypatch):
    import resolvers.region as region_resolvers

    async def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(region_resolvers.Region, "of", staticmethod(lambda row: (_ for _ in ()).throw(
        RuntimeError("secret internals"))))
    result = await gql(http, "{ regions { code } }")
    assert error_codes(result) == ["INTERNAL_SERVER_ERROR"]
    assert "secret" not in str(result)


async def test_pagination_arguments_are_required_and_capped(http):
    result = await gql(http, "{ units { totalCount } }")
    assert error_codes(result) == ["INVALID_PAGINATION"]
    result = await gql(http, "{ units(first: 101) { totalCount } }")
    assert error_codes(result) == ["INVALID_PAGINATION"]


async def test_query_cost_is_limited(http):
    inner = "edges { node { name region { children { name children { name } } } } }"
    query = "{ " + " ".join(f"a{i}: units(first: 100) {{ {inner} }}" for i in range(10)) + " }"
    result = await gql(http, query)
    assert error_codes(result) == ["QUERY_TOO_COMPLEX"]


async def test_regions_tree(http):
    result = await gql(http, '{ regions { code name children { code name } } region(code: "340100") '
                             '{ name parent { name } children { code } } }')
    provinces = {r["code"]: r for r in result["data"]["regions"]}
    assert provinces["340000"]["name"] == "安徽省" and provinces["510000"]["name"] == "四川省"
    assert any(c["name"] == "合肥市" for c in provinces["340000"]["children"])
    assert result["data"]["region"]["parent"]["name"] == "安徽省"
    assert {"340102", "340181"} <= {c["code"] for c in result["data"]["region"]["children"]}


async def test_production_app_refuses_introspection(settings):
    """The production build starts (a regression: it once crashed) and hides the schema."""
    import dataclasses

    from zhicheng.app import build_graphql

    graphql = build_graphql(dataclasses.replace(settings, env="production"))
    result = await graphql.schema.execute("{ __schema { types { name } } }")
    assert result.errors and "introspection" in result.errors[0].message.lower()
    assert graphql.graphql_ide is None
