"""Submitting and withdrawing a 初定 / 认定 declaration, and what each review decision does to it: the
INITIAL_DETERMINATION and ACCREDITATION processes of the task engine (models/workflow/processes.py), a person's
request on a resolved path (models/workflow/person_request.py).

The path is resolved at submission (models/determination/path.py): PASS moves on (provincial units may choose
the next unit), RETURN gives it back to the person, TERMINATE ends it, and the issuer's PASS issues the
certificate (models/determination/issuing.py).
"""
from __future__ import annotations

from typing import Any

from models.access.viewer import Viewer
from models.blacklist.rules import active_blacklisting
from models.catalogue.models import TitleName
from models.core.errors import Problem, Refused, refuse
from models.determination.check import check_items
from models.determination.codes import DeterminationCode as Code
from models.determination.create import KINDS, MODES, kind_of, require_acceptance
from models.determination.issuing import issue
from models.determination.models import EDITABLE, Determination
from models.determination.path import resolve_path
from models.person.models import Person
from models.unit.models import Unit
from models.workflow.person_request import RequestProcess


async def task_title(row: Determination) -> str:
    person = await Person.get(id=row.person_id)
    title = await TitleName.get(id=row.title_name_id)
    return f"{MODES[row.evaluation_mode]}-{person.real_name}【{person.id_number}】-{title.name}"


def _field(name: str | None) -> tuple[str, ...] | None:
    return tuple(name.split(".")) if name else None


async def submit_determination(row: Determination, actor_id: int) -> Determination:
    """提交: every check passes (CHECK_FAILED for each that does not), then the first task of a new path, from the
    person's current unit."""
    if row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "申报已提交", "determinationId")
    person = await Person.get(id=row.person_id)
    if person.current_unit_id is None:
        raise refuse(Code.NO_EMPLOYER, "请先绑定工作单位：申报由所在单位首先审核", "determinationId")
    if await active_blacklisting(person.id):  # listed after the draft was made: still barred from declaring
        raise refuse(Code.BLACKLISTED, "您在黑名单期限内，暂不能申报职称", "determinationId")
    failures = [Problem(Code.CHECK_FAILED, message, _field(field))
                for message, field, passed in await check_items(row, person.photo_id) if not passed]
    if failures:
        raise Refused(*failures)
    employer = await Unit.get(id=person.current_unit_id)
    await require_acceptance(row.evaluation_mode, row.level, employer, "determinationId")
    path = await resolve_path(row, employer)
    return await kind_of(row).start(row, employer, path, await task_title(row), actor_id,
                                    photo_id=row.photo_id or person.photo_id)


async def withdraw_determination(row: Determination, actor_id: int) -> Determination:
    return await kind_of(row).withdraw(row, actor_id)


async def _approve(row: Determination, unit: Unit, viewer: Viewer) -> tuple[dict[str, Any], str]:
    cert = await issue(row, unit, viewer.account_id)
    body = (f"您的{MODES[row.evaluation_mode]}申报已由{unit.name}审核通过，证书编号{cert.number}，"
            "电子证书生成后可在“我的证书”中下载。")
    return {"certificate_id": cert.id}, body


def determination_processes() -> dict[str, RequestProcess]:
    """One handler a mode (初定, 认定), keyed by evaluation mode."""
    return {mode: RequestProcess(kind, task_title, _approve) for mode, kind in KINDS.items()}
