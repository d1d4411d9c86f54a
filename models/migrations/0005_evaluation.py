from tortoise import migrations
from tortoise.migrations import operations as ops
from models.catalogue.models import Level
from models.evaluation.models import Conclusion, ObjectionOutcome, SchemeKind, SchemeStatus
from models.workflow.models import NodeKind, ProcessType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_certificate_numbers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EvaluationScheme',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('models.Plan', source_field='plan_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('committee', fields.ForeignKeyField('models.Committee', source_field='committee_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('organizer', fields.ForeignKeyField('models.Unit', source_field='organizer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=100)),
                ('kind', fields.CharEnumField(default=SchemeKind.NORMAL, description='NORMAL: NORMAL\nSPECIAL: SPECIAL', enum_type=SchemeKind, max_length=10)),
                ('special_reason', fields.CharField(default='', max_length=500)),
                ('meeting_date', fields.DateField(null=True)),
                ('pass_mark', fields.DecimalField(null=True, max_digits=5, decimal_places=2)),
                ('remarks', fields.CharField(default='', max_length=500)),
                ('status', fields.CharEnumField(default=SchemeStatus.DRAFT, description='DRAFT: DRAFT\nSUBMITTED: SUBMITTED\nRETURNED: RETURNED\nAPPROVED: APPROVED\nIN_PUBLICITY: IN_PUBLICITY\nPUBLICIZED: PUBLICIZED\nFILED: FILED', enum_type=SchemeStatus, max_length=16)),
                ('created_by', fields.ForeignKeyField('models.Account', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'evaluation_scheme', 'app': 'models', 'indexes': [Index(fields=['plan_id', 'status']), Index(fields=['organizer_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ResultFiling',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scheme', fields.ForeignKeyField('models.EvaluationScheme', source_field='scheme_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('decision', fields.CharField(max_length=8)),
                ('opinion', fields.CharField(default='', max_length=500)),
                ('document_number', fields.CharField(default='', max_length=50)),
                ('filed_on', fields.DateField(null=True)),
                ('decided_by', fields.ForeignKeyField('models.Account', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'result_filing', 'app': 'models', 'pk_attr': 'id', 'table_description': '评审结果备案: the filing by the HR bureau of the publicity-passed list of a scheme. One row per'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SchemeAttachment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scheme', fields.ForeignKeyField('models.EvaluationScheme', source_field='scheme_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('file', fields.ForeignKeyField('models.StoredFile', source_field='file_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'scheme_attachment', 'app': 'models', 'pk_attr': 'id', 'table_description': '方案附件.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SchemeExpertNeed',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scheme', fields.ForeignKeyField('models.EvaluationScheme', source_field='scheme_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('specialty', fields.ForeignKeyField('models.Specialty', source_field='specialty_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharEnumField(description='PRIMARY: PRIMARY\nINTERMEDIATE: INTERMEDIATE\nASSOCIATE_SENIOR: ASSOCIATE_SENIOR\nSENIOR: SENIOR', enum_type=Level, max_length=20)),
                ('count', fields.IntField()),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'scheme_expert_need', 'app': 'models', 'pk_attr': 'id', 'table_description': '专家需求: experts of a specialty and level the committee needs for this round.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SchemeParticipant',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scheme', fields.ForeignKeyField('models.EvaluationScheme', source_field='scheme_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('application', fields.ForeignKeyField('models.Application', source_field='application_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'scheme_participant', 'app': 'models', 'unique_together': (('application',),), 'pk_attr': 'id', 'table_description': '参评人员: an application the chain approved for this plan, in one scheme only.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ParticipantResult',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('participant', fields.OneToOneField('models.SchemeParticipant', source_field='participant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('members_present', fields.IntField()),
                ('votes_for', fields.IntField()),
                ('votes_against', fields.IntField()),
                ('votes_abstain', fields.IntField()),
                ('conclusion', fields.CharEnumField(description='PASSED: PASSED\nFAILED: FAILED', enum_type=Conclusion, max_length=8)),
                ('publicity_passed', fields.BooleanField(null=True)),
                ('recorded_by', fields.ForeignKeyField('models.Account', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('recorded_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'participant_result', 'app': 'models', 'pk_attr': 'id', 'table_description': '评审结果 of one participant: the vote of the members present and its conclusion.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SchemePublicity',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scheme', fields.OneToOneField('models.EvaluationScheme', source_field='scheme_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField()),
                ('started_by', fields.ForeignKeyField('models.Account', source_field='started_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'scheme_publicity', 'app': 'models', 'pk_attr': 'id', 'table_description': '公示 of the results of a scheme, from starts_on to ends_on (dates, Beijing).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PublicityObjection',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('publicity', fields.ForeignKeyField('models.SchemePublicity', source_field='publicity_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('participant', fields.ForeignKeyField('models.SchemeParticipant', source_field='participant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('content', fields.CharField(max_length=500)),
                ('received_on', fields.DateField()),
                ('outcome', fields.CharEnumField(default=ObjectionOutcome.PENDING, description='PENDING: PENDING\nUPHELD: UPHELD\nDISMISSED: DISMISSED', enum_type=ObjectionOutcome, max_length=10)),
                ('handling', fields.CharField(default='', max_length=500)),
                ('recorded_by', fields.ForeignKeyField('models.Account', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'publicity_objection', 'app': 'models', 'pk_attr': 'id', 'table_description': '异议: one received during the publicity against a participant, and how it was handled.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SchemeScoringItem',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scheme', fields.ForeignKeyField('models.EvaluationScheme', source_field='scheme_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=50)),
                ('weight', fields.DecimalField(max_digits=5, decimal_places=2)),
                ('description', fields.CharField(default='', max_length=300)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'scheme_scoring_item', 'app': 'models', 'pk_attr': 'id', 'table_description': '打分细则: one scored item with its weight. The weights of a scheme add up to 100.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Committee',
            name='pass_denominator',
            field=fields.IntField(default=3),
        ),
        ops.AddField(
            model_name='Committee',
            name='pass_numerator',
            field=fields.IntField(default=2),
        ),
        ops.AlterField(
            model_name='Task',
            name='node_kind',
            field=fields.CharEnumField(description='EMPLOYER: EMPLOYER\nEXTRA_UNIT: EXTRA_UNIT\nTALENT_CENTER: TALENT_CENTER\nCOMPETENT_DEPARTMENT: COMPETENT_DEPARTMENT\nHR_BUREAU_COUNTY: HR_BUREAU_COUNTY\nHR_BUREAU_CITY: HR_BUREAU_CITY\nHR_BUREAU_PROVINCE: HR_BUREAU_PROVINCE\nORGANIZER: ORGANIZER\nSCHEME_REVIEW: SCHEME_REVIEW\nSPECIAL_SCHEME_REVIEW: SPECIAL_SCHEME_REVIEW', enum_type=NodeKind, max_length=24),
        ),
        ops.AlterField(
            model_name='Task',
            name='process_type',
            field=fields.CharEnumField(description='APPLICATION: APPLICATION\nACHIEVEMENT_RECORD: ACHIEVEMENT_RECORD\nRECOGNITION: RECOGNITION\nREISSUE: REISSUE\nEVALUATION_SCHEME: EVALUATION_SCHEME', enum_type=ProcessType, max_length=24),
        ),
    ]
