"""Unit search, registration, detail edits and admins."""
from __future__ import annotations

import strawberry

from models.region.models import region_prefix
from models.unit.models import Unit as UnitRow
from models.unit.models import UnitAdmin as UnitAdminRow
from models.unit.registration import add_unit_admin, register_unit, remove_unit_admin, update_unit
from models.core.errors import refuse
from models.unit.seal import upload_seal
from resolvers.core.input import input_fields
from resolvers.core.mutation import payload_mutation
from schema.account import Account
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.pagination import Connection, paginate
from schema.core.permissions import IsSignedIn
from schema.unit import (Unit, UnitAdminAddInput, UnitAdminRemoveInput, UnitFilter, UnitPayload, UnitRegisterInput,
                         UnitSealUploadInput, UnitUpdateInput)


async def _unit(unit_id: strawberry.ID, field: str = "unitId") -> UnitRow:
    row = await UnitRow.get_or_none(id=decode_id(unit_id, Unit, field))
    if row is None:
        raise refuse("NOT_FOUND", "单位不存在", field)
    return row


def _with_department(data: dict, field_value) -> dict:
    if field_value is not None and field_value is not strawberry.UNSET:
        data["competent_department_id"] = decode_id(field_value, Unit, "competentDepartmentId")
    return data


@strawberry.type
class UnitQueries:
    @strawberry.field(description="Search units by name (选择单位). Open to anyone; private details stay private.")
    async def units(self, info: Info, filter: UnitFilter | None = None, first: int | None = None,
                    after: str | None = None, last: int | None = None,
                    before: str | None = None) -> Connection[Unit]:
        qs = UnitRow.all()
        if filter:
            if filter.name_contains:
                qs = qs.filter(name__icontains=filter.name_contains.strip())
            if filter.kind:
                qs = qs.filter(kind__in=[k.value for k in filter.kind])
            if filter.region_code:
                qs = qs.filter(region_id__startswith=region_prefix(filter.region_code))
        return await paginate(qs, Unit.of, first=first, after=after, last=last, before=before)


@strawberry.type
class UnitMutations:
    @strawberry.mutation(description="单位注册. Employers register themselves; other kinds are created by the HR "
                                     "bureau of their region or the platform.", permission_classes=[IsSignedIn])
    @payload_mutation(UnitPayload)
    async def unit_register(self, info: Info, input: UnitRegisterInput) -> dict:
        viewer = info.context.viewer
        data = _with_department(input_fields(input, skip=("competent_department_id", "admin_login")),
                                input.competent_department_id)
        unit = await register_unit(viewer, data, input.admin_login)
        if await UnitAdminRow.filter(unit_id=unit.id, account_id=viewer.account_id).exists():
            # The viewer was loaded before the unit existed: let the payload show what its admin sees.
            viewer.admin_units[unit.id] = unit
        return {"unit": Unit.of(unit)}

    @strawberry.mutation(description="完善单位信息: send only the fields to change.", permission_classes=[IsSignedIn])
    @payload_mutation(UnitPayload)
    async def unit_update(self, info: Info, input: UnitUpdateInput) -> dict:
        unit = await _unit(input.unit_id)
        data = _with_department(input_fields(input, skip=("unit_id", "competent_department_id")),
                                input.competent_department_id)
        if input.competent_department_id is None:
            data["competent_department_id"] = None
        return {"unit": Unit.of(await update_unit(info.context.viewer, unit, data))}

    @strawberry.mutation(description="Add an admin to a unit by their mobile or ID number.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(UnitPayload)
    async def unit_admin_add(self, info: Info, input: UnitAdminAddInput) -> dict:
        unit = await _unit(input.unit_id)
        await add_unit_admin(info.context.viewer, unit, input.login.strip())
        return {"unit": Unit.of(unit)}

    @strawberry.mutation(description="Remove an admin from a unit; at least one admin always remains.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(UnitPayload)
    async def unit_admin_remove(self, info: Info, input: UnitAdminRemoveInput) -> dict:
        viewer = info.context.viewer
        unit = await _unit(input.unit_id)
        account_id = decode_id(input.account_id, Account, "accountId")
        await remove_unit_admin(viewer, unit, account_id)
        if account_id == viewer.account_id:
            viewer.admin_units.pop(unit.id, None)  # removed oneself: the payload shows what one now sees
        return {"unit": Unit.of(unit)}

    @strawberry.mutation(description="上传电子印章 (PNG, at most 1 MB): replaces the unit's seal. Its admins only.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(UnitPayload)
    async def unit_seal_upload(self, info: Info, input: UnitSealUploadInput) -> dict:
        unit = await _unit(input.unit_id)
        return {"unit": Unit.of(await upload_seal(info.context.viewer, info.context.services.storage, unit,
                                                  input.file))}
