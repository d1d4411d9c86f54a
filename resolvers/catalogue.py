"""Browsing the catalogue (anyone) and maintaining it (the provincial HR bureau)."""
from __future__ import annotations

from typing import Any

import strawberry

from models.catalogue import rules as rules
from models.catalogue.models import EvaluationStandard as StandardRow
from models.catalogue.models import Series as SeriesRow
from models.catalogue.models import Specialty as SpecialtyRow
from models.catalogue.models import TitleName as TitleNameRow
from models.core.errors import refuse
from resolvers.core.input import input_fields
from resolvers.core.mutation import payload_mutation
from schema.catalogue import (EvaluationStandard,
                              EvaluationStandardCreateInput, EvaluationStandardPayload, EvaluationStandardUpdateInput,
                              Series, SeriesCreateInput, SeriesPayload, SeriesUpdateInput, Specialty,
                              SpecialtyCreateInput, SpecialtyPayload, SpecialtyUpdateInput, TitleName,
                              TitleNameCreateInput, TitleNamePayload, TitleNameUpdateInput)
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsCatalogueMaintainer


async def _get(model: Any, node_type: type, gid: strawberry.ID, field: str, label: str) -> Any:
    row = await model.get_or_none(id=decode_id(gid, node_type, field))
    if row is None:
        raise refuse("NOT_FOUND", f"{label}不存在", field)
    return row


def _parent(data: dict, value: Any) -> dict:
    if value is not strawberry.UNSET:
        data["parent_id"] = None if value is None else decode_id(value, Specialty, "parentId")
    return data


@strawberry.type
class CatalogueQueries:
    @strawberry.field(description="All series (系列), in catalogue order.")
    async def series_list(self, info: Info, include_inactive: bool = False) -> list[Series]:
        qs = SeriesRow.all() if include_inactive else SeriesRow.filter(is_active=True)
        return [Series.of(r) for r in await qs.order_by("sort", "id")]

    @strawberry.field(description="One series by its code, e.g. ENGINEERING.")
    async def series(self, info: Info, code: str) -> Series | None:
        row = await SeriesRow.get_or_none(code=code)
        return Series.of(row) if row else None


@strawberry.type
class CatalogueMutations:
    @strawberry.mutation(description="Add a series (provincial HR bureau).", permission_classes=[IsCatalogueMaintainer])
    @payload_mutation(SeriesPayload)
    async def series_create(self, info: Info, input: SeriesCreateInput) -> dict:
        return {"series": Series.of(await rules.create_series(input_fields(input)))}

    @strawberry.mutation(description="Rename, reorder or deactivate a series.",
                         permission_classes=[IsCatalogueMaintainer])
    @payload_mutation(SeriesPayload)
    async def series_update(self, info: Info, input: SeriesUpdateInput) -> dict:
        row = await _get(SeriesRow, Series, input.series_id, "seriesId", "系列")
        return {"series": Series.of(await rules.update_series(row, input_fields(input, skip=("series_id",))))}

    @strawberry.mutation(description="Add a title name to the title tree.", permission_classes=[IsCatalogueMaintainer])
    @payload_mutation(TitleNamePayload)
    async def title_name_create(self, info: Info, input: TitleNameCreateInput) -> dict:
        series = await _get(SeriesRow, Series, input.series_id, "seriesId", "系列")
        row = await rules.create_title_name(series, input_fields(input, skip=("series_id",)))
        return {"title_name": TitleName.of(row)}

    @strawberry.mutation(description="Rename, re-level or deactivate a title name.",
                         permission_classes=[IsCatalogueMaintainer])
    @payload_mutation(TitleNamePayload)
    async def title_name_update(self, info: Info, input: TitleNameUpdateInput) -> dict:
        row = await _get(TitleNameRow, TitleName, input.title_name_id, "titleNameId", "职称名称")
        updated = await rules.update_title_name(row, input_fields(input, skip=("title_name_id",)))
        return {"title_name": TitleName.of(updated)}

    @strawberry.mutation(description="Add a specialty to a series' tree.", permission_classes=[IsCatalogueMaintainer])
    @payload_mutation(SpecialtyPayload)
    async def specialty_create(self, info: Info, input: SpecialtyCreateInput) -> dict:
        series = await _get(SeriesRow, Series, input.series_id, "seriesId", "系列")
        data = _parent(input_fields(input, skip=("series_id", "parent_id")), input.parent_id)
        return {"specialty": Specialty.of(await rules.create_specialty(series, data))}

    @strawberry.mutation(description="Rename, move or deactivate a specialty.",
                         permission_classes=[IsCatalogueMaintainer])
    @payload_mutation(SpecialtyPayload)
    async def specialty_update(self, info: Info, input: SpecialtyUpdateInput) -> dict:
        row = await _get(SpecialtyRow, Specialty, input.specialty_id, "specialtyId", "专业")
        data = _parent(input_fields(input, skip=("specialty_id", "parent_id")), input.parent_id)
        return {"specialty": Specialty.of(await rules.update_specialty(row, data))}

    @strawberry.mutation(description="Add an evaluation standard.", permission_classes=[IsCatalogueMaintainer])
    @payload_mutation(EvaluationStandardPayload)
    async def evaluation_standard_create(self, info: Info, input: EvaluationStandardCreateInput) -> dict:
        series = await _get(SeriesRow, Series, input.series_id, "seriesId", "系列")
        row = await rules.create_standard(series, input_fields(input, skip=("series_id",)))
        return {"evaluation_standard": EvaluationStandard.of(row)}

    @strawberry.mutation(description="Edit or deactivate an evaluation standard.",
                         permission_classes=[IsCatalogueMaintainer])
    @payload_mutation(EvaluationStandardPayload)
    async def evaluation_standard_update(self, info: Info, input: EvaluationStandardUpdateInput) -> dict:
        row = await _get(StandardRow, EvaluationStandard, input.standard_id, "standardId", "评审标准")
        updated = await rules.update_standard(row, input_fields(input, skip=("standard_id",)))
        return {"evaluation_standard": EvaluationStandard.of(updated)}
