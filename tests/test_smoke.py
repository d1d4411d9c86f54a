from tests.helpers import gql, make_person, make_unit, assert_unauthenticated

ME = "query { me { account { id displayName } isPlatformAdmin person { realName idNumber currentUnit { name } } memberships { role unit { name } } } }"


async def test_me_requires_sign_in(http):
    assert_unauthenticated(await gql(http, ME))


async def test_me_shows_person(http):
    admin = await make_unit("合肥宏景软件有限公司")
    person = await make_person(unit=admin.unit, status="APPROVED")
    result = await gql(http, ME, token=person.token)
    assert result["data"]["me"]["person"]["currentUnit"]["name"] == "合肥宏景软件有限公司"
    result = await gql(http, ME, token=admin.token)
    assert result["data"]["me"]["memberships"][0]["role"] == "UNIT_ADMIN"
