"""Submitting and withdrawing a reissue, and what each review decision does to it: the REISSUE process of the
task engine (models/workflow/processes.py), a person's request on a resolved path
(models/workflow/person_request.py).

The path is resolved at submission (models/reissue/path.py): PASS moves on (provincial units may choose the
next unit), RETURN gives it back to the person to change and submit again (a new path then), TERMINATE ends
it (and frees the certificate for another reissue), and the issuer's PASS issues the new certificate.
"""
from __future__ import annotations

from typing import Any

from models.access.viewer import Viewer
from models.core.errors import Problem, Refused, refuse
from models.person.models import Person
from models.reissue.codes import ReissueCode as Code
from models.reissue.create import KIND, check_items, issuer_code_of
from models.reissue.issuing import issue_reissue
from models.reissue.models import EDITABLE, Reissue
from models.reissue.path import resolve_path
from models.unit.models import Unit
from models.workflow.person_request import RequestProcess


async def task_title(row: Reissue) -> str:
    person = await Person.get(id=row.person_id)
    return f"补换证-{person.real_name}【{person.id_number}】-{row.original.get('title_name', '')}"


async def submit_reissue(row: Reissue, actor_id: int) -> Reissue:
    """提交: every check passes (CHECK_FAILED for each that does not), then the first task of a new path."""
    if row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "补换证申请已提交", "reissueId")
    person = await Person.get(id=row.person_id)
    failures = [Problem(Code.CHECK_FAILED, message, (field,) if field else None)
                for message, field, passed in check_items(row, person.photo_id) if not passed]
    if failures:
        raise Refused(*failures)
    if person.current_unit_id is None:
        raise refuse(Code.NO_EMPLOYER, "请先绑定工作单位：补换证申请由所在单位首先审核", "reissueId")
    if await issuer_code_of(row.issuer_unit_id) is None:
        raise refuse(Code.NOT_AN_ISSUER, "所选发证机构没有有效的发证单位编码，不能在线补换证", "reissueId")
    employer = await Unit.get(id=person.current_unit_id)
    path = await resolve_path(row, employer, await Unit.get(id=row.issuer_unit_id))
    return await KIND.start(row, employer, path, await task_title(row), actor_id,
                            photo_id=row.photo_id or person.photo_id)


async def withdraw_reissue(row: Reissue, actor_id: int) -> Reissue:
    return await KIND.withdraw(row, actor_id)


async def _approve(row: Reissue, unit: Unit, viewer: Viewer) -> tuple[dict[str, Any], str]:
    cert = await issue_reissue(row, viewer.account_id)
    return ({"open_certificate_id": None, "new_certificate_id": cert.id},
            f"您的补换证申请已由{unit.name}审核通过，新证书编号{cert.number}，电子证书生成后可在“我的职称”中下载。")


def reissue_process() -> RequestProcess:
    return RequestProcess(KIND, task_title, _approve, terminated={"open_certificate_id": None})
