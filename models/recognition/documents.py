"""The data of a recognition's two documents: 异地职称确认表 (the form as filled in, the 申请一览表 exported)
and 专业技术资格确认审核表 (the person, the title and each unit that passed it, with its seal).

Pure data and deterministic, as the review form's (models/application/review_form.py): rows in a fixed
order, dates as YYYY-MM-DD (China time), Chinese labels, nothing that depends on when it is rendered, so the
same recognition gives the same file. Images are named, not embedded: ``images`` maps a name to the sha256
of a stored file and the worker turns each name into a picture (workers/recognition_form.py).

Context keys: the person (name, gender, birth_date, id_type, id_number, mobile, unit_name, photo), the title
asked for (level, series, specialty, title), ``basic`` (every field of ``models.recognition.fields.BASIC``:
key, label, value), what the form prints of it (``basic_pairs``: label/value/label/value rows of the short
fields, ``basic_wide``: the long texts a row each; a field is printed when the province asks for it, when it
is 备注, or when it is filled), ``educations``, ``attachments`` (each slot with its file count and names),
``province`` (the employer's province), ``approval_pairs`` (the original title as the 审核表 prints it),
``nodes`` (every completed task of the current round: label, unit, decision, opinion, date, seal) and
``passed`` (the nodes that passed, numbered again).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from models.application.review_form import (
    DECISION_LABELS,
    DEGREE_LABELS,
    EDUCATION_LABELS,
    GENDER_LABELS,
    ID_TYPE_LABELS,
    POLITICAL_LABELS,
    day,
)
from models.catalogue.models import LEVEL_LABELS, Level, Series, Specialty, TitleName
from models.core.file import StoredFile
from models.person.models import Degree, Education, Person, PoliticalStatus
from models.recognition.config import form_for
from models.recognition.create import province_of
from models.recognition.fields import BASIC, BasicField
from models.recognition.models import (
    EDITABLE,
    Recognition,
    RecognitionAttachment,
    RecognitionEducation,
)
from models.region.models import Region
from models.unit.models import Unit
from models.workflow.models import (
    NODE_LABELS,
    Decision,
    NodeKind,
    ProcessType,
    Task,
    TaskStatus,
)

PHOTO = "photo"
WIDE = ("work_history", "remarks", "expertise", "current_work")  # long texts: a row of their own
OPTIONAL_SHOWN = ("remarks",)  # printed even when empty, as on seed 000's 申请一览表
# What 专业技术资格确认审核表 prints of the original title, in order.
APPROVAL_KEYS = ("original_title", "original_acquired_on", "original_committee", "original_issuer",
                 "original_approval_number", "original_number", "previous_unit", "transferred_on")
YES_NO = {True: "是", False: "否"}


@dataclass
class RecognitionDocuments:
    context: dict[str, Any]
    images: dict[str, str] = field(default_factory=dict)  # image name → sha256 of the stored file
    form_name: str = ""  # file names of the two documents
    approval_name: str = ""


def _v(value: Any) -> str:
    return value.value if isinstance(value, Enum) else str(value or "")


# Keyed by value: models.achievement.choices.LABELS is keyed by members, and str-valued members of two enums
# with one value are one key there (Education.BACHELOR and Degree.BACHELOR both print 学士).
CHOICE_LABELS: dict[type[Enum], dict[str, str]] = {PoliticalStatus: POLITICAL_LABELS, Education: EDUCATION_LABELS,
                                                   Degree: DEGREE_LABELS}


def _label(enum: type[Enum], value: Any) -> str:
    """A choice's label; a value older than today's choices prints as stored."""
    if value in (None, ""):
        return ""
    return CHOICE_LABELS[enum].get(_v(value), _v(value))


def display(f: BasicField, value: Any) -> str:
    """A basic field's value as the form prints it."""
    if value is None or value == "":
        return ""
    if f.kind == "DATE":
        return day(value)
    if f.kind == "CHOICE":
        assert f.choices is not None
        return _label(f.choices, value)
    return str(value)


def _pairs(items: list[tuple[str, str]]) -> list[list[str]]:
    if len(items) % 2:
        items = items + [("", "")]
    return [[a, av, b, bv] for (a, av), (b, bv) in zip(items[0::2], items[1::2])]


def education_row(no: int, data: dict) -> dict[str, Any]:
    """One education record (the achievement library's fields) as the form's row; flags as 是/否."""
    degree = _label(Degree, data.get("degree"))
    obtained = bool(data.get("degree_obtained"))
    if degree and degree != "无" and not obtained:
        degree = f"{degree}（未获得）"
    years = data.get("schooling_years")
    return {"no": no, "start_date": day(data.get("start_date")), "end_date": day(data.get("end_date")),
            "school": str(data.get("school") or ""), "major": str(data.get("major") or ""),
            "schooling_years": f"{years}年" if years not in (None, "") else "",
            "education": _label(Education, data.get("education")), "degree": degree or "无",
            "degree_obtained": YES_NO[obtained], "is_highest": YES_NO[bool(data.get("is_highest"))],
            "is_first": YES_NO[bool(data.get("is_first"))]}


def _employer_id(row: Recognition, person: Person) -> int | None:
    """The unit the form names: the current one while it is a draft, the one it was submitted from after
    (as ``province_of``), so a later move does not change a submitted form."""
    if row.status in EDITABLE:
        return person.current_unit_id or row.unit_id
    return row.unit_id or person.current_unit_id


async def _attachments(row: Recognition, region: str | None) -> list[dict]:
    files = list(await RecognitionAttachment.filter(recognition_id=row.id).order_by("id"))
    names = {f.id: f.name for f in await StoredFile.filter(id__in={a.file_id for a in files})}
    by_slot: dict[str, list[str]] = {}
    for a in files:
        by_slot.setdefault(a.slot, []).append(names.get(a.file_id, ""))
    slots = [(s.key, s.name, s.required) for s in form_for(region).slots]
    known = {key for key, _, _ in slots}
    slots += [(key, key, False) for key in sorted(by_slot) if key not in known]  # a slot no longer configured
    return [{"no": i, "key": key, "name": name, "required": YES_NO[required], "count": len(by_slot.get(key, [])),
             "files": "；".join(by_slot.get(key, [])) or "无"}
            for i, (key, name, required) in enumerate(slots, start=1)]


async def review_nodes(row: Recognition, images: dict[str, str]) -> list[dict]:
    """Each completed task of the current round (since the last submission), in order; a node that passed
    carries its unit's seal when the unit has one."""
    if row.submitted_at is None:
        return []
    tasks = [t for t in await Task.filter(process_type=ProcessType.RECOGNITION, subject_id=row.id,
                                          created_at__gte=row.submitted_at).order_by("id")
             if t.status == TaskStatus.COMPLETED]
    units = {u.id: u for u in await Unit.filter(id__in={t.unit_id for t in tasks})}
    seals = {f.id: f for f in await StoredFile.filter(id__in={u.seal_id for u in units.values() if u.seal_id})}
    nodes = []
    for i, t in enumerate(tasks, start=1):
        unit = units[t.unit_id]
        passed, seal = _v(t.decision) == Decision.PASS.value, None
        if passed and unit.seal_id in seals:
            seal = f"seal-{unit.id}"
            images[seal] = seals[unit.seal_id].sha256
        nodes.append({"no": i, "label": NODE_LABELS[NodeKind(t.node_kind)], "unit": unit.name,
                      "decision": DECISION_LABELS.get(_v(t.decision), ""), "passed": passed, "opinion": t.opinion,
                      "date": day(t.completed_at), "seal": seal})
    return nodes


async def province_name(region: str | None) -> str:
    if not region:
        return ""
    names = await Region.filter(code=region[:2] + "0000").values_list("name", flat=True)
    return names[0] if names else ""


async def recognition_documents(recognition_id: int) -> RecognitionDocuments:
    row = await Recognition.get(id=recognition_id)
    person = await Person.get(id=row.person_id)
    series = await Series.get(id=row.series_id)
    specialty = await Specialty.get(id=row.specialty_id)
    title = await TitleName.get(id=row.title_name_id)
    employer_id = _employer_id(row, person)
    employer = await Unit.get_or_none(id=employer_id) if employer_id else None
    region = await province_of(row)
    form = form_for(region)
    images: dict[str, str] = {}
    photo_id = row.photo_id or person.photo_id
    photo = await StoredFile.get_or_none(id=photo_id) if photo_id else None
    if photo is not None:
        images[PHOTO] = photo.sha256

    basic = [{"key": f.key, "label": f.label, "value": display(f, getattr(row, f.key))} for f in BASIC]
    shown = [b for b in basic if b["key"] in form.required or b["key"] in OPTIONAL_SHOWN or b["value"]]
    by_key = {b["key"]: b for b in basic}
    educations = await RecognitionEducation.filter(recognition_id=row.id).order_by("id").values_list(
        "data", flat=True)
    try:
        level = LEVEL_LABELS[Level(row.level)]
    except (ValueError, KeyError):
        level = row.level
    nodes = await review_nodes(row, images)
    passed = [{**n, "no": i} for i, n in enumerate((n for n in nodes if n["passed"]), start=1)]

    context: dict[str, Any] = {
        "name": person.real_name, "gender": GENDER_LABELS.get(_v(person.gender), ""),
        "birth_date": day(person.birth_date), "id_type": ID_TYPE_LABELS.get(_v(person.id_type), ""),
        "id_number": person.id_number, "mobile": person.mobile, "unit_name": employer.name if employer else "",
        "photo": PHOTO if PHOTO in images else None,
        "level": level, "series": series.name, "specialty": specialty.name, "title": title.name,
        "basic": basic,
        "basic_pairs": _pairs([(b["label"], b["value"]) for b in shown if b["key"] not in WIDE]),
        "basic_wide": [{"label": b["label"], "value": b["value"]} for b in shown if b["key"] in WIDE],
        "educations": [education_row(i, data or {}) for i, data in enumerate(educations, start=1)],
        "attachments": await _attachments(row, region),
        "province": await province_name(region),
        "approval_pairs": _pairs([(by_key[k]["label"], by_key[k]["value"]) for k in APPROVAL_KEYS]),
        "nodes": nodes, "passed": passed,
    }
    return RecognitionDocuments(context=context, images=images,
                                form_name=f"异地职称确认表-{person.real_name}.docx",
                                approval_name=f"专业技术资格确认审核表-{person.real_name}.docx")
