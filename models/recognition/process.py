"""Submitting and withdrawing a recognition, and what each review decision does to it: the RECOGNITION
process of the task engine (models/workflow/processes.py), a person's request on a resolved path
(models/workflow/person_request.py).

The path is resolved at submission (models/recognition/path.py): PASS moves on (provincial units may choose
the next unit), RETURN gives it back to the person to change and submit again (a new path then), TERMINATE
ends it, and the last HR bureau's PASS records the recognised title (models/recognition/issuing.py).
"""
from __future__ import annotations

from typing import Any

from models.access.viewer import Viewer
from models.catalogue.models import TitleName
from models.certificate.models import Certificate
from models.core.errors import Problem, Refused, refuse
from models.person.models import Person
from models.recognition.check import check_items
from models.recognition.codes import RecognitionCode as Code
from models.recognition.config import form_for
from models.recognition.create import KIND, province_of
from models.recognition.issuing import recognise
from models.recognition.models import EDITABLE, Recognition
from models.recognition.path import resolve_path
from models.unit.models import Unit
from models.workflow.person_request import RequestProcess


async def task_title(row: Recognition) -> str:
    person = await Person.get(id=row.person_id)
    title = await TitleName.get(id=row.title_name_id)
    return f"异地职称确认-{person.real_name}【{person.id_number}】-{title.name}"


def _field(name: str | None) -> tuple[str, ...] | None:
    return tuple(name.split(".")) if name else None


async def submit_recognition(row: Recognition, actor_id: int) -> Recognition:
    """提交: every check passes (CHECK_FAILED for each that does not), then the first task of a new path."""
    if row.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "异地职称确认已提交", "recognitionId")
    person = await Person.get(id=row.person_id)
    if person.current_unit_id is None:
        raise refuse(Code.NO_EMPLOYER, "请先绑定工作单位：异地职称确认由所在单位首先审核", "recognitionId")
    form = form_for(await province_of(row))
    failures = [Problem(Code.CHECK_FAILED, message, _field(field))
                for message, field, passed in await check_items(row, form, person.photo_id) if not passed]
    if not form.issues_certificate and row.original_number and await Certificate.filter(
            number=row.original_number).exists():
        failures.append(Problem(Code.CHECK_FAILED, "原证书编号已登记在本平台，无需确认", ("basic", "originalNumber")))
    if failures:
        raise Refused(*failures)
    employer = await Unit.get(id=person.current_unit_id)
    path = await resolve_path(row, employer)
    return await KIND.start(row, employer, path, await task_title(row), actor_id,
                            photo_id=row.photo_id or person.photo_id)


async def withdraw_recognition(row: Recognition, actor_id: int) -> Recognition:
    return await KIND.withdraw(row, actor_id)


async def _approve(row: Recognition, unit: Unit, viewer: Viewer) -> tuple[dict[str, Any], str]:
    form = form_for((await Unit.get(id=row.unit_id)).region_id)
    cert = await recognise(row, form, unit, viewer.account_id)
    body = f"您的异地职称确认已由{unit.name}审核通过，确认的职称已列入“我的职称”，专业技术资格确认审核表生成后可下载。"
    return {"certificate_id": cert.id}, body


def recognition_process() -> RequestProcess:
    return RequestProcess(KIND, task_title, _approve)
