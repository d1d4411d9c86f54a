"""The composed schema: one Query and one Mutation built from each domain's pieces."""
from __future__ import annotations

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (AddValidationRules, MaxAliasesLimiter, MaxTokensLimiter, ParserCache,
                                   QueryDepthLimiter, ValidationCache)
from strawberry.schema.config import StrawberryConfig

from resolvers.account import AccountMutations, AccountQueries
from resolvers.acceptance_body import AcceptanceBodyMutations, AcceptanceBodyQueries
from resolvers.achievement import AchievementMutations, AchievementQueries
from resolvers.application import ApplicationMutations, ApplicationQueries
from resolvers.binding import BindingMutations, BindingQueries
from resolvers.blacklist import BlacklistMutations, BlacklistQueries
from resolvers.catalogue import CatalogueMutations, CatalogueQueries
from resolvers.certificate import CertificateMutations, CertificateQueries
from resolvers.certificate_issue import CertificateIssueMutations, CertificateIssueQueries
from resolvers.certificate_query import CertificateQueryMutations, CertificateQueryQueries
from resolvers.certificate_report import CertificateReportMutations
from resolvers.certificate_revoke import CertificateRevokeMutations
from resolvers.certificate_verify import CertificateVerifyQueries
from resolvers.committee import CommitteeMutations, CommitteeQueries
from resolvers.evaluation import EvaluationMutations, EvaluationQueries, EvaluationResultMutations
from resolvers.evaluation_commission import CommissionMutations, CommissionQueries
from resolvers.import_batch import ImportBatchMutations, ImportBatchQueries
from resolvers.message import MessageMutations, MessageQueries
from resolvers.node import NodeQueries
from resolvers.person import PersonMutations
from resolvers.pledge import PledgeQueries
from resolvers.plan import PlanMutations, PlanQueries
from resolvers.quota import QuotaMutations, QuotaQueries
from resolvers.region import RegionQueries
from resolvers.recognition import RecognitionMutations, RecognitionQueries
from resolvers.reissue import ReissueMutations, ReissueQueries
from resolvers.verification_request import VerificationRequestMutations, VerificationRequestQueries
from resolvers.determination import DeterminationMutations, DeterminationQueries
from resolvers.review_form import ReviewFormMutations
from resolvers.review_path import ReviewPathMutations, ReviewPathQueries
from resolvers.talent_statistics import TalentStatisticsMutations, TalentStatisticsQueries
from resolvers.task import TaskMutations, TaskQueries
from resolvers.unit import UnitMutations, UnitQueries
from schema.core import fast_resolvers
from schema.core.errors import ZhichengErrors
from schema.core.inputs import SCALAR_OVERRIDES, InputGuard, rules_of
from schema.core.limits import QueryCostLimiter
from schema.account import Account
from schema.achievement.types import AchievementAttachment, AchievementRecord, OpinionTemplate
from schema.application.types import Application, ApplicationAttachment, ApplicationRecordSnapshot
from schema.binding import Binding
from schema.catalogue import EvaluationStandard, Series, Specialty, TitleName
from schema.certificate.numbers import IssuerCode, NumberRange
from schema.certificate.types import Certificate
from schema.core.import_batch import ImportBatch
from schema.committee import Committee
from schema.determination.acceptance import AcceptanceBody
from schema.evaluation.types import EvaluationScheme
from schema.message import Job, Message
from schema.person import Person
from schema.plan.types import Plan
from schema.recognition.types import Recognition, RecognitionAttachment, RecognitionEducation
from schema.reissue.types import Reissue
from schema.verification_request.types import VerificationAttachment, VerificationRequest
from schema.determination.types import Determination, DeterminationRecordSnapshot
from schema.review_path import ProcessPath
from schema.talent_statistics.types import TalentRecord
from schema.task import Task
from schema.unit import Unit


@strawberry.type(description="Everything a client can read.")
class Query(NodeQueries, AccountQueries, RegionQueries, UnitQueries, BindingQueries, MessageQueries,
            CatalogueQueries, AchievementQueries, CommitteeQueries, PlanQueries, ApplicationQueries, TaskQueries,
            BlacklistQueries, ReviewPathQueries, PledgeQueries, QuotaQueries, EvaluationQueries, CommissionQueries,
            CertificateQueries, CertificateIssueQueries, CertificateQueryQueries, CertificateVerifyQueries,
            AcceptanceBodyQueries, ImportBatchQueries,
            ReissueQueries, RecognitionQueries, VerificationRequestQueries, DeterminationQueries,
            TalentStatisticsQueries):
    pass


@strawberry.type(description="Every business action, one mutation each.")
class Mutation(AccountMutations, PersonMutations, UnitMutations, BindingMutations, MessageMutations,
               CatalogueMutations, AchievementMutations, CommitteeMutations, PlanMutations,
               ApplicationMutations, TaskMutations, BlacklistMutations, ReviewPathMutations, ReviewFormMutations,
               QuotaMutations, EvaluationMutations, EvaluationResultMutations, CommissionMutations, CertificateMutations,
               CertificateIssueMutations, CertificateQueryMutations,
               CertificateReportMutations, CertificateRevokeMutations, ReissueMutations,
               AcceptanceBodyMutations, ImportBatchMutations,
               RecognitionMutations, VerificationRequestMutations, DeterminationMutations,
               TalentStatisticsMutations):
    pass


# Built once: the validation cache is keyed by the rule classes, and the limiters make new
# classes per instance, so per-request limiters would never hit the cache.
LIMIT_RULES = (*QueryDepthLimiter(max_depth=12).validation_rules,
               *MaxAliasesLimiter(max_alias_count=20).validation_rules)
PRODUCTION_RULES = (*LIMIT_RULES, NoSchemaIntrospectionCustomRule)


class ZhichengSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:  # type: ignore[no-untyped-def]
        """Strawberry logs every error at ERROR with the query text; here client errors only count
        towards the request line (zhicheng/logs.py) and ZhichengErrors logs the unexpected ones."""


def build_schema(*, production: bool = False) -> strawberry.Schema:
    """``production`` also refuses introspection (the printed schema is published instead) and keeps
    field names out of validation messages (no "Did you mean 'plans'?")."""
    rules = list(PRODUCTION_RULES if production else LIMIT_RULES)
    extensions = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=4000),
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        QueryCostLimiter,  # after the validation cache, which sets the validation result
        InputGuard,  # every argument checked before any resolver runs (schema/core/inputs.py)
        lambda: ZhichengErrors(hide_suggestions=production),
    ]
    built = ZhichengSchema(
        query=Query,
        mutation=Mutation,
        types=[Account, Binding, Job, Message, Person, Unit, Series, TitleName, Specialty, EvaluationStandard,
               AchievementRecord, AchievementAttachment, OpinionTemplate, Committee, Plan, Application,
               ApplicationRecordSnapshot, ApplicationAttachment, Task, EvaluationScheme,
               IssuerCode, NumberRange, Certificate, Reissue, ProcessPath, Recognition, RecognitionEducation,
               AcceptanceBody, ImportBatch,
               RecognitionAttachment, VerificationRequest, VerificationAttachment, Determination,
               DeterminationRecordSnapshot, TalentRecord],
        config=StrawberryConfig(),
        extensions=extensions,
        scalar_overrides=SCALAR_OVERRIDES,  # bad dates and decimals reach the input layer, not Python's text
    )
    rules_of(built._schema)  # derives the string limits and states them in the descriptions
    fast_resolvers.install(built)
    return built


schema = build_schema()
