"""The process registry: every process the task engine runs, built here in plain code.

Importing a process's module registers nothing. Each entry below says what the process is made of — the
subject its history is written under, and the handler with what it checks before a PASS — so a script that
imports only ``models`` runs the same rules as the API. A new process (RECOGNITION, REISSUE,
CERTIFICATE_VERIFICATION, EVALUATION_SCHEME) is a ``ProcessType``, a ``SubjectType`` and one entry here.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.achievement.tasks import RecordReviewProcess
from models.application.submit import ApplicationProcess
from models.core.history import SubjectType
from models.determination.process import determination_processes
from models.evaluation.review import SchemeReviewProcess
from models.quota.recommendation import employer_pass_guard
from models.recognition.process import recognition_process
from models.reissue.process import reissue_process
from models.talent_statistics.process import talent_record_process
from models.verification_request.process import verification_process
from models.workflow.models import ProcessType
from models.workflow.protocol import ProcessHandler


@dataclass(frozen=True)
class Process:
    subject: SubjectType  # the history rows of its decisions
    handler: ProcessHandler  # what each decision does to the subject, and the notices it sends
    # 退回补充: its HR bureaus may send it back to the previous unit on the path (the handler is then a
    # SupplementHandler). Single-node processes and the record and scheme reviews have no previous unit.
    supplement: bool = False


def build_processes() -> dict[ProcessType, Process]:
    determination = determination_processes()
    return {
        # Path: models.application.path (review paths as configuration). Before the employer passes, a public
        # institution decides on the post within its quota and the plan's recommendation files are uploaded.
        ProcessType.APPLICATION: Process(SubjectType.APPLICATION,
                                         ApplicationProcess(employer_pass_guards=(employer_pass_guard,)),
                                         supplement=True),
        # One node: the unit the record was submitted to. PASS or RETURN; no withdrawal.
        ProcessType.ACHIEVEMENT_RECORD: Process(SubjectType.ACHIEVEMENT_RECORD, RecordReviewProcess()),
        # One node: the HR bureau that manages the committee (a special scheme to other reviewers there).
        ProcessType.EVALUATION_SCHEME: Process(SubjectType.EVALUATION_SCHEME, SchemeReviewProcess()),
        # Path: models.reissue.path (process paths as configuration), ending at the issuer, whose PASS issues the
        # new YB certificate. RETURN goes back to the person.
        ProcessType.REISSUE: Process(SubjectType.REISSUE, reissue_process(), supplement=True),
        # Path: models.recognition.path (process paths as configuration), employer → competent department → HR
        # bureaus; the last bureau's PASS records the recognised title (确认). RETURN goes back to the person.
        ProcessType.RECOGNITION: Process(SubjectType.RECOGNITION, recognition_process(), supplement=True),
        # One node: the organizer of the committee named; its PASS lists the certificate as verified (核验).
        ProcessType.CERTIFICATE_VERIFICATION: Process(SubjectType.VERIFICATION_REQUEST, verification_process()),
        # Path: models.determination.path (初定 / 认定审核路径配置 and the acceptance bodies), ending at the issuer, whose
        # PASS issues the certificate directly (取得方式 初定 / 认定). RETURN goes back to the person.
        ProcessType.INITIAL_DETERMINATION: Process(SubjectType.DETERMINATION, determination["INITIAL_DETERMINATION"],
                                                   supplement=True),
        ProcessType.ACCREDITATION: Process(SubjectType.DETERMINATION, determination["RECOGNITION"], supplement=True),
        # One node: the person's unit; its PASS counts the record in 专技人才统计. RETURN goes back to the person.
        ProcessType.TALENT_STATISTICS: Process(SubjectType.TALENT_RECORD, talent_record_process()),
    }


PROCESSES = build_processes()


def process_for(process_type: ProcessType | str) -> Process:
    return PROCESSES[ProcessType(process_type)]
