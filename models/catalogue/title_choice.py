"""A title chosen from the title tree by series, specialty and title name (申报 / 申请确认 系列、专业、资格): the
specialty and the title must belong to the series. One check for every request that names a title."""
from __future__ import annotations

from models.catalogue.codes import CatalogueCode as Code
from models.catalogue.models import Series, Specialty, TitleName
from models.core.errors import Collector


async def check_title_choice(errors: Collector, series_id: int, specialty_id: int, title_name_id: int, *,
                             noun: str) -> TitleName | None:
    """The title, or None with the problems added (``noun`` opens the labels: 申报, 申请确认)."""
    series = await Series.get_or_none(id=series_id)
    specialty = await Specialty.get_or_none(id=specialty_id)
    title = await TitleName.get_or_none(id=title_name_id)
    if series is None:
        errors.add("NOT_FOUND", f"{noun}系列不存在", "seriesId")
        return None
    if specialty is None or specialty.series_id != series.id:
        errors.add(Code.TITLE_NOT_IN_SERIES, f"{noun}专业不属于所选系列", "specialtyId")
    if title is None or title.series_id != series.id:
        errors.add(Code.TITLE_NOT_IN_SERIES, f"{noun}资格不属于所选系列", "titleNameId")
        return None
    return title
