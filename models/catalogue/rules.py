"""Maintaining the catalogue: add, rename, move, deactivate — never delete what may be referenced."""
from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise.exceptions import IntegrityError

from models.catalogue.models import EvaluationStandard, Level, Series, Specialty, TitleName
from models.core.errors import Collector, refuse

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
SPECIALTY_CODE = re.compile(r"^[0-9A-Za-z]{1,20}$")


def _name(errors: Collector, value: str | None, label: str, limit: int, field: str = "name") -> None:
    if errors.require(value, field, label):
        errors.max_length(value, field, label, limit)


@asynccontextmanager
async def _unique(message: str, field: str) -> AsyncIterator[None]:
    """The check before a write misses a concurrent request writing the same name (seen in fuzzing: two
    admins sending one titleNameCreate at once); the unique index catches it, and it is the same refusal."""
    try:
        yield
    except IntegrityError:
        raise refuse("DUPLICATE", message, field) from None


async def create_series(data: dict[str, Any]) -> Series:
    errors = Collector()
    _name(errors, data.get("name"), "系列名称", 50)
    if not CODE.match(data.get("code") or ""):
        errors.add("INVALID", "系列代码须为大写字母、数字或下划线，以字母开头", "code")
    errors.raise_if_any()
    if await Series.filter(code=data["code"]).exists() or await Series.filter(name=data["name"]).exists():
        raise refuse("DUPLICATE", "系列代码或名称已存在", "code")
    async with _unique("系列代码或名称已存在", "code"):
        return await Series.create(code=data["code"], name=data["name"], sort=data.get("sort") or 0)


async def update_series(series: Series, data: dict[str, Any]) -> Series:
    errors = Collector()
    if "name" in data:
        _name(errors, data["name"], "系列名称", 50)
    errors.raise_if_any()
    if data.get("name") and await Series.filter(name=data["name"]).exclude(id=series.id).exists():
        raise refuse("DUPLICATE", "系列名称已存在", "name")
    async with _unique("系列名称已存在", "name"):
        await Series.filter(id=series.id).update(**{k: v for k, v in data.items()
                                                    if k in ("name", "sort", "is_active") and v is not None})
    return await Series.get(id=series.id)


def _check_grade(errors: Collector, level: str | None, grade: str | None) -> None:
    if grade is not None and level != Level.PRIMARY.value:
        errors.add("INVALID", "只有初级职称可区分员级、助理级", "primaryGrade")


async def create_title_name(series: Series, data: dict[str, Any]) -> TitleName:
    errors = Collector()
    _name(errors, data.get("name"), "职称名称", 50)
    errors.require(data.get("level"), "level", "职称级别")
    _check_grade(errors, data.get("level"), data.get("primary_grade"))
    errors.raise_if_any()
    if await TitleName.filter(series_id=series.id, name=data["name"]).exists():
        raise refuse("DUPLICATE", "该系列下已有同名职称", "name")
    async with _unique("该系列下已有同名职称", "name"):
        return await TitleName.create(series_id=series.id, name=data["name"], level=data["level"],
                                      primary_grade=data.get("primary_grade"), sort=data.get("sort") or 0)


async def update_title_name(title: TitleName, data: dict[str, Any]) -> TitleName:
    errors = Collector()
    if "name" in data:
        _name(errors, data["name"], "职称名称", 50)
    level = data.get("level") or title.level
    grade = data["primary_grade"] if "primary_grade" in data else title.primary_grade
    _check_grade(errors, getattr(level, "value", level), getattr(grade, "value", grade))
    errors.raise_if_any()
    if data.get("name") and await TitleName.filter(series_id=title.series_id, name=data["name"]).exclude(
            id=title.id).exists():
        raise refuse("DUPLICATE", "该系列下已有同名职称", "name")
    values = {k: v for k, v in data.items() if k in ("name", "level", "sort", "is_active") and v is not None}
    if "primary_grade" in data:
        values["primary_grade"] = data["primary_grade"]
    async with _unique("该系列下已有同名职称", "name"):
        await TitleName.filter(id=title.id).update(**values)
    return await TitleName.get(id=title.id)


async def _check_parent(series_id: int, parent_id: int | None, moving_id: int | None = None) -> None:
    if parent_id is None:
        return
    parent = await Specialty.get_or_none(id=parent_id)
    if parent is None or parent.series_id != series_id:
        raise refuse("INVALID", "上级专业须属于同一系列", "parentId")
    # Walk up from the new parent: meeting the node itself would make a cycle.
    seen, cursor = set(), parent
    while cursor is not None:
        if cursor.id == moving_id:
            raise refuse("INVALID", "不能把专业移动到它自己的下级", "parentId")
        if cursor.id in seen:
            break
        seen.add(cursor.id)
        cursor = await Specialty.get_or_none(id=cursor.parent_id) if cursor.parent_id else None


async def create_specialty(series: Series, data: dict[str, Any]) -> Specialty:
    errors = Collector()
    _name(errors, data.get("name"), "专业名称", 60)
    if not SPECIALTY_CODE.match(data.get("code") or ""):
        errors.add("INVALID", "专业代码须为1至20位字母或数字", "code")
    errors.raise_if_any()
    await _check_parent(series.id, data.get("parent_id"))
    if await Specialty.filter(series_id=series.id, code=data["code"]).exists():
        raise refuse("DUPLICATE", "该系列下已有相同代码的专业", "code")
    async with _unique("该系列下已有相同代码的专业", "code"):
        return await Specialty.create(series_id=series.id, parent_id=data.get("parent_id"), code=data["code"],
                                      name=data["name"], sort=data.get("sort") or 0)


async def update_specialty(specialty: Specialty, data: dict[str, Any]) -> Specialty:
    errors = Collector()
    if "name" in data:
        _name(errors, data["name"], "专业名称", 60)
    if "code" in data and not SPECIALTY_CODE.match(data["code"] or ""):
        errors.add("INVALID", "专业代码须为1至20位字母或数字", "code")
    errors.raise_if_any()
    if "parent_id" in data:
        await _check_parent(specialty.series_id, data["parent_id"], moving_id=specialty.id)
    if data.get("code") and await Specialty.filter(series_id=specialty.series_id, code=data["code"]).exclude(
            id=specialty.id).exists():
        raise refuse("DUPLICATE", "该系列下已有相同代码的专业", "code")
    values = {k: v for k, v in data.items() if k in ("name", "code", "sort", "is_active") and v is not None}
    if "parent_id" in data:
        values["parent_id"] = data["parent_id"]
    async with _unique("该系列下已有相同代码的专业", "code"):
        await Specialty.filter(id=specialty.id).update(**values)
    return await Specialty.get(id=specialty.id)


def _check_levels(errors: Collector, levels: list[str] | None) -> None:
    if levels is not None and not levels:
        errors.add("REQUIRED", "请至少选择一个适用级别", "levels")
    if levels and len(set(levels)) != len(levels):
        errors.add("INVALID", "适用级别不能重复", "levels")


async def create_standard(series: Series, data: dict[str, Any]) -> EvaluationStandard:
    errors = Collector()
    _name(errors, data.get("name"), "评审标准名称", 100)
    _check_levels(errors, data.get("levels") or [])
    errors.max_length(data.get("content"), "content", "标准内容", 20000)
    errors.raise_if_any()
    return await EvaluationStandard.create(series_id=series.id, name=data["name"], levels=data["levels"],
                                           content=data.get("content") or "")


async def update_standard(standard: EvaluationStandard, data: dict[str, Any]) -> EvaluationStandard:
    errors = Collector()
    if "name" in data:
        _name(errors, data["name"], "评审标准名称", 100)
    _check_levels(errors, data.get("levels"))
    errors.max_length(data.get("content"), "content", "标准内容", 20000)
    errors.raise_if_any()
    values = {k: v for k, v in data.items() if k in ("name", "levels", "content", "is_active") and v is not None}
    await EvaluationStandard.filter(id=standard.id).update(**values)
    return await EvaluationStandard.get(id=standard.id)


