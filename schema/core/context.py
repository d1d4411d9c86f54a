"""The per-request context: who is asking, their access rules, and the request's DataLoaders."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from starlette.requests import Request
from strawberry.dataloader import DataLoader
from strawberry.types import Info as _Info

from models.access.viewer import Viewer
from models.achievement.models import AchievementAttachment
from models.person.binding import Binding, BindingStatus
from models.core.file import StoredFile
from models.person.models import Person
from models.region.models import Region
from models.unit.models import Unit, UnitAdmin
from zhicheng.services import Services

L = TypeVar("L", bound=DataLoader)


class ModelByIdLoader(DataLoader):
    """Loads rows of ``model`` by primary key, one query per batch."""

    model: Any

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list) -> list:
        rows = {row.pk: row for row in await self.model.filter(pk__in=list(set(keys)))}
        return [rows.get(k) for k in keys]


class RowsByKeyLoader(DataLoader):
    """Rows of ``model`` grouped by the column ``key`` (one query per batch), in ``order``.

    ``joined`` loads a relation along with each row; ``related`` returns that related row
    instead of the row itself (for link tables)."""

    model: Any
    key: str
    order: tuple[str, ...] = ("id",)
    joined: str | None = None
    related: str | None = None

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list) -> list[list]:
        groups: dict = {k: [] for k in keys}
        qs = self.model.filter(**{f"{self.key}__in": list(set(keys))}).order_by(*self.order)
        if self.related or self.joined:
            qs = qs.select_related(self.related or self.joined)
        for row in await qs:
            groups[getattr(row, self.key)].append(getattr(row, self.related) if self.related else row)
        return [groups[k] for k in keys]


class UnitByIdLoader(ModelByIdLoader):
    model = Unit


class PersonByIdLoader(ModelByIdLoader):
    model = Person


class RegionByCodeLoader(ModelByIdLoader):
    model = Region


class StoredFileByIdLoader(ModelByIdLoader):
    model = StoredFile


class RegionChildrenByCodeLoader(RowsByKeyLoader):
    model, key, order = Region, "parent_code", ("code",)


class UnitAdminsByUnitLoader(RowsByKeyLoader):
    model, key, joined = UnitAdmin, "unit_id", "account"


class RelatedUnitsByPersonLoader(DataLoader):
    """Units a person belongs to or has asked to join: what decides who may see the person."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, person_ids: list[int]) -> list[list[Unit]]:
        ids = list(set(person_ids))
        related: dict[int, dict[int, Unit]] = {p: {} for p in ids}
        for b in await Binding.filter(
            person_id__in=ids, status__in=[BindingStatus.PENDING, BindingStatus.APPROVED]
        ).select_related("unit"):
            related[b.person_id][b.unit.id] = b.unit
        for p in await Person.filter(id__in=ids, current_unit_id__isnull=False).select_related("current_unit"):
            related[p.id][p.current_unit.id] = p.current_unit
        return [list(related[p].values()) for p in person_ids]


class AchievementAttachmentsByRecordLoader(DataLoader):
    """A record's attachments with their files, in upload order."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, record_ids: list[int]) -> list[list[AchievementAttachment]]:
        found: dict[int, list[AchievementAttachment]] = {r: [] for r in record_ids}
        for row in await AchievementAttachment.filter(record_id__in=list(set(record_ids))).select_related(
                "file").order_by("sort", "id"):
            found[row.record_id].append(row)
        return [found[r] for r in record_ids]


@dataclass
class Context:
    request: Request
    response: Any
    viewer: Viewer
    services: Services
    extra: dict = field(default_factory=dict)

    def loader(self, cls: type[L]) -> L:
        """This request's instance of a DataLoader class (domains declare their loaders next to their types)."""
        instance = self.extra.get(cls)
        if instance is None:
            instance = self.extra[cls] = cls()
        return instance

    @cached_property
    def units(self) -> UnitByIdLoader:
        return UnitByIdLoader()

    @cached_property
    def persons(self) -> PersonByIdLoader:
        return PersonByIdLoader()

    @cached_property
    def regions(self) -> RegionByCodeLoader:
        return RegionByCodeLoader()

    @cached_property
    def region_children(self) -> RegionChildrenByCodeLoader:
        return RegionChildrenByCodeLoader()

    @cached_property
    def files(self) -> StoredFileByIdLoader:
        return StoredFileByIdLoader()

    @cached_property
    def unit_admins(self) -> UnitAdminsByUnitLoader:
        return UnitAdminsByUnitLoader()

    @cached_property
    def person_related_units(self) -> RelatedUnitsByPersonLoader:
        return RelatedUnitsByPersonLoader()

    @cached_property
    def achievement_attachments(self) -> AchievementAttachmentsByRecordLoader:
        return AchievementAttachmentsByRecordLoader()

    @property
    def client_ip(self) -> str:
        # uvicorn's ProxyHeadersMiddleware puts the X-Forwarded-For client here, only when the peer is one
        # of ZHICHENG_TRUSTED_PROXIES (zhicheng/cli.py uvicorn_options); otherwise this is the peer itself.
        return self.request.client.host if self.request.client else "unknown"


Info = _Info[Context, None]
