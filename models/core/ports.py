"""What the domain needs from outside, handed in at start-up: the file storage and the job sender.

The wiring (``zhicheng.services``) installs them; the domain never imports the wiring, so a
script or a worker that installs its own storage and sender runs the same rules.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.core.storage import Storage

if TYPE_CHECKING:
    from models.core.job import Job

JobSender = Callable[["Job", float], Awaitable[None]]  # (row, seconds to defer)


@dataclass
class Ports:
    storage: Storage | None = None
    send_job: JobSender | None = None


_ports = Ports()


def install(*, storage: Storage | None, send_job: JobSender | None) -> None:
    _ports.storage, _ports.send_job = storage, send_job


def storage() -> Storage:
    if _ports.storage is None:
        raise RuntimeError("no storage installed (models.core.ports.install)")
    return _ports.storage


def job_sender() -> JobSender | None:
    return _ports.send_job
