"""Tortoise models and the rules that belong to each entity, one module per domain."""

MODEL_MODULES = [
    "models.region",
    "models.file",
    "models.account",
    "models.unit",
    "models.person",
    "models.binding",
    "models.history",
    "models.job",
    "models.message",
    "models.catalogue",
    "models.committee",
    "models.plan",
    "models.achievement",
    "models.workflow",
    "models.application",
    "models.post_quota",
]
