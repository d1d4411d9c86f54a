"""The domain: one package per domain (DOMAIN.md names), each with its Tortoise models, its rules
and its error codes; ``core`` holds what every domain shares, ``access`` who may see and do what.

Nothing here imports the outer layers (``zhicheng``, ``schema``, ``resolvers``, ``workers``); what
the domain needs from outside (storage, the job sender) is installed through ``models.core.ports``.
"""

MODEL_MODULES = [
    "models.region.models",
    "models.core.file",
    "models.account.models",
    "models.unit.models",
    "models.person.models",
    "models.person.binding",
    "models.core.history",
    "models.core.job",
    "models.messaging.models",
    "models.catalogue.models",
    "models.committee.models",
    "models.plan.models",
    "models.achievement.models",
    "models.workflow.models",
    "models.application.models",
    "models.blacklist.models",
    "models.quota.models",
    "models.evaluation.models",
    "models.certificate.models",
    "models.reissue.models",
    "models.recognition.models",
    "models.verification_request.models",
    "models.core.imports",
    "models.determination.models",
    "models.talent_statistics.models",
]
