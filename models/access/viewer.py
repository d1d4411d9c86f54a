"""The Viewer: who is asking, built once per request from the access token.

The questions "may they see / do X" are plain functions over it, one module per resource beside
this one (application.py, task.py, plan.py, …), so GraphQL fields, node lookups and workers ask the same.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from tortoise import connections

from models.core.errors import Forbidden, Unauthenticated
from models.region.models import region_covers
from models.unit.models import Unit, UnitKind


@dataclass
class Viewer:
    account_id: int | None = None
    display_name: str = ""
    is_platform_admin: bool = False
    person_id: int | None = None
    admin_units: dict[int, Unit] = field(default_factory=dict)

    @property
    def authenticated(self) -> bool:
        return self.account_id is not None

    @property
    def hr_regions(self) -> list[str]:
        return [u.region_id for u in self.admin_units.values() if u.kind == UnitKind.HR_BUREAU]

    @property
    def is_provincial_hr(self) -> bool:
        """Admin of a province-level HR bureau (人社厅): maintains the catalogue."""
        return any(code.endswith("0000") for code in self.hr_regions)

    def require_catalogue_maintainer(self) -> None:
        self.require_account()
        if not (self.is_platform_admin or self.is_provincial_hr):
            raise Forbidden("职称目录由省级人社部门维护")

    def require_account(self) -> int:
        if self.account_id is None:
            raise Unauthenticated()
        return self.account_id

    def require_person(self) -> int:
        self.require_account()
        if self.person_id is None:
            raise Forbidden("只有专业技术人员可以执行此操作")
        return self.person_id

    def covers_region(self, region_code: str) -> bool:
        """HR-bureau admins oversee their region and everything below it."""
        return any(region_covers(r, region_code) for r in self.hr_regions)

    def administers(self, unit_id: int) -> bool:
        return unit_id in self.admin_units

    def manages_unit(self, unit: Unit) -> bool:
        """May see a unit's private details and its admins, and edit it."""
        return self.is_platform_admin or self.administers(unit.id) or self.covers_region(unit.region_id)

    def require_manages_unit(self, unit: Unit) -> None:
        self.require_account()
        if not self.manages_unit(unit):
            raise Forbidden("无权管理该单位")

    def require_platform_admin(self) -> None:
        self.require_account()
        if not self.is_platform_admin:
            raise Forbidden("仅平台管理员可以执行此操作")


@lru_cache(maxsize=1)
def _unit_columns() -> tuple[tuple[str, ...], str]:
    """The unit table's columns and their select list (known once Tortoise is initialised: foreign keys'
    columns are added then)."""
    columns = tuple(Unit._meta.fields_db_projection.values())
    return columns, ", ".join(f'u."{c}" AS "u_{c}"' for c in columns)


async def load_viewer(account_id: int | None) -> Viewer:
    """One statement per request: the account with its person id and the units it administers (one row
    per unit; the unit columns are built into Unit rows as Tortoise's own select_related does)."""
    if account_id is None:
        return Viewer()
    conn = connections.get("default")
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    columns, select = _unit_columns()
    rows = await conn.execute_query_dict(f"SELECT a.id, a.display_name, a.is_platform_admin, p.id AS person_id, "
                                         f"{select} FROM account a "
                                         "LEFT JOIN person p ON p.account_id = a.id "
                                         "LEFT JOIN unit_admin ua ON ua.account_id = a.id "
                                         "LEFT JOIN unit u ON u.id = ua.unit_id "
                                         f"WHERE a.id = {mark} AND a.is_active ORDER BY ua.id", [account_id])
    if not rows:
        return Viewer()
    row = rows[0]
    units = [Unit._init_from_db(**{c: r[f"u_{c}"] for c in columns}) for r in rows if r["u_id"] is not None]
    return Viewer(
        account_id=row["id"],
        display_name=row["display_name"],
        is_platform_admin=bool(row["is_platform_admin"]),
        person_id=row["person_id"],
        admin_units={u.id: u for u in units},
    )

