"""The composed schema: one Query and one Mutation built from each domain's pieces."""
from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig

from resolvers.account import AccountMutations, AccountQueries
from resolvers.binding import BindingMutations, BindingQueries
from resolvers.catalogue import CatalogueMutations, CatalogueQueries
from resolvers.message import MessageMutations, MessageQueries
from resolvers.node import NodeQueries
from resolvers.person import PersonMutations
from resolvers.region import RegionQueries
from resolvers.unit import UnitMutations, UnitQueries
from schema.errors import ZhichengErrors
from schema.limits import QueryCostLimiter
from schema.account import Account
from schema.binding import Binding
from schema.catalogue import EvaluationStandard, Series, Specialty, TitleName
from schema.message import Job, Message
from schema.person import Person
from schema.unit import Unit


@strawberry.type(description="Everything a client can read.")
class Query(NodeQueries, AccountQueries, RegionQueries, UnitQueries, BindingQueries, MessageQueries,
            CatalogueQueries):
    pass


@strawberry.type(description="Every business action, one mutation each.")
class Mutation(AccountMutations, PersonMutations, UnitMutations, BindingMutations, MessageMutations,
               CatalogueMutations):
    pass


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Account, Binding, Job, Message, Person, Unit, Series, TitleName, Specialty, EvaluationStandard],
        config=StrawberryConfig(),
        extensions=[
            lambda: QueryDepthLimiter(max_depth=12),
            lambda: MaxTokensLimiter(max_token_count=4000),
            lambda: MaxAliasesLimiter(max_alias_count=20),
            QueryCostLimiter,
            ZhichengErrors,
        ],
    )


schema = build_schema()
