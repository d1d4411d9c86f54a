"""发证单位编码配置 and 证书编号生成: HR bureaus of the issuer unit's region and above, platform admins."""
from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError

from models.access.certificate import manages_issuer
from models.certificate.issuers import assign_issuer_code, cancel_issuer_code, visible_issuer_codes
from models.certificate.models import IssuerCodeStatus as IssuerCodeStatusEnum
from models.certificate.models import NumberRange as NumberRangeRow
from models.certificate.ranges import create_range, visible_ranges
from models.core.errors import Refused
from models.unit.models import Unit as UnitRow
from resolvers.core.mutation import payload_mutation
from schema.certificate.numbers import (IsIssuerAdministrator, IssuerCode, IssuerCodeAssignInput, IssuerCodeByIdLoader,
                                IssuerCodeCancelInput, IssuerCodeFilter, IssuerCodePayload, NumberRange,
                                NumberRangeCreateInput, NumberRangeFilter, NumberRangePayload)
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, paginate
from schema.unit import Unit

UNIT_NAME_MAX = UnitRow._meta.fields_map["name"].max_length


def _too_long(field: str, limit: int) -> GraphQLError:
    return GraphQLError(f"不能超过{limit}个字符", extensions={"code": "TOO_LONG", "field": ["filter", field]})


@strawberry.type
class CertificateQueries:
    @strawberry.field(description="发证单位编码查询: the codes of the units in your region and below (platform admins: all), "
                                  "newest first. Export to Excel (导出查询结果) is to come as a background job.",
                      permission_classes=[IsIssuerAdministrator])
    async def issuer_codes(self, info: Info, filter: IssuerCodeFilter | None = None, first: int | None = None,
                           after: str | None = None, last: int | None = None,
                           before: str | None = None) -> Connection[IssuerCode]:
        f = filter or IssuerCodeFilter()
        if f.unit_name_contains and len(f.unit_name_contains) > UNIT_NAME_MAX:  # the column behind is the unit's
            raise _too_long("unitNameContains", UNIT_NAME_MAX)
        qs = visible_issuer_codes(info.context.viewer, region_code=f.region_code,
                                  status=IssuerCodeStatusEnum(f.status.value) if f.status else None,
                                  unit_name_contains=f.unit_name_contains, code=f.code)
        return await paginate(qs, IssuerCode.of, first=first, after=after, last=last, before=before)

    @strawberry.field(description="证书编号库查询: ranges of the issuers you manage, with used and remaining counts.",
                      permission_classes=[IsIssuerAdministrator])
    async def number_ranges(self, info: Info, filter: NumberRangeFilter | None = None, first: int | None = None,
                            after: str | None = None, last: int | None = None,
                            before: str | None = None) -> Connection[NumberRange]:
        f = filter or NumberRangeFilter()
        try:
            issuer_id = decode_id(f.issuer_code_id, IssuerCode, "issuerCodeId") if f.issuer_code_id else None
        except Refused:
            raise GraphQLError("发证单位编码 ID 无效", extensions={"code": "INVALID_ID"}) from None
        qs = visible_ranges(info.context.viewer, issuer_code_id=issuer_id, year=f.year, category=f.category)
        return await paginate(qs, NumberRange.of, first=first, after=after, last=last, before=before)


@strawberry.type
class CertificateMutations:
    @strawberry.mutation(description="新增发证单位编码: HR bureaus for units of their region and below, platform admins.",
                         permission_classes=[IsIssuerAdministrator])
    @payload_mutation(IssuerCodePayload)
    async def issuer_code_assign(self, info: Info, input: IssuerCodeAssignInput) -> dict:
        row = await assign_issuer_code(info.context.viewer, decode_id(input.unit_id, Unit, "unitId"), input.code)
        return {"issuer_code": IssuerCode.of(row)}

    @strawberry.mutation(description="注销发证单位编码 with a reason; its ranges give no more numbers.",
                         permission_classes=[IsIssuerAdministrator])
    @payload_mutation(IssuerCodePayload)
    async def issuer_code_cancel(self, info: Info, input: IssuerCodeCancelInput) -> dict:
        row = await cancel_issuer_code(info.context.viewer,
                                       decode_id(input.issuer_code_id, IssuerCode, "issuerCodeId"), input.reason)
        return {"issuer_code": IssuerCode.of(row)}

    @strawberry.mutation(description="生成证书编号: a range of serials for an issuer, year and category.",
                         permission_classes=[IsIssuerAdministrator])
    @payload_mutation(NumberRangePayload)
    async def number_range_create(self, info: Info, input: NumberRangeCreateInput) -> dict:
        row = await create_range(info.context.viewer, decode_id(input.issuer_code_id, IssuerCode, "issuerCodeId"),
                                 input.year, input.category.strip(), input.start_serial, input.end_serial)
        return {"number_range": NumberRange.of(row)}


async def issuer_code_node(info: Info, pk: int) -> Any:
    row = await info.context.loader(IssuerCodeByIdLoader).load(pk)
    if row is None:
        return None
    unit = await info.context.units.load(row.unit_id)
    return IssuerCode.of(row) if manages_issuer(info.context.viewer, unit.region_id) else None


async def number_range_node(info: Info, pk: int) -> Any:
    row = await NumberRangeRow.get_or_none(id=pk)
    code = await info.context.loader(IssuerCodeByIdLoader).load(row.issuer_id) if row else None
    unit = await info.context.units.load(code.unit_id) if code else None
    return NumberRange.of(row) if unit and manages_issuer(info.context.viewer, unit.region_id) else None


# node(id) for the types above; schema/api.py adds them to resolvers/node.py's table.
