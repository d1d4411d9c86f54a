"""Error codes of messages and broadcasts: only the common ones so far."""
from __future__ import annotations

from models.core.codes import Codes, JobCode, includes


@includes(JobCode)  # a broadcast is a job: its idempotency key can be refused
class MessageCode(Codes):
    pass
