from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.achievement import AchievementCategory, RecordStatus
from models.catalogue import Level, PrimaryGrade
from models.committee import CommitteeStatus, CommitteeTier
from models.plan import PlanStatus, PlanType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AchievementRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('category', fields.CharEnumField(description='REPRESENTATIVE_WORK: REPRESENTATIVE_WORK\nWORK_EXPERIENCE: WORK_EXPERIENCE\nEDUCATION: EDUCATION\nPROJECT: PROJECT\nPAPER: PAPER\nCONTINUING_EDUCATION: CONTINUING_EDUCATION\nACADEMIC_POST: ACADEMIC_POST\nANNUAL_ASSESSMENT: ANNUAL_ASSESSMENT\nWORK_REPORT: WORK_REPORT\nPROJECT_AWARD: PROJECT_AWARD\nRESULT_ADOPTION: RESULT_ADOPTION\nBOOK: BOOK\nHONOR: HONOR\nSTANDARD: STANDARD\nPATENT: PATENT\nRESEARCH_PROJECT: RESEARCH_PROJECT\nAID_EXPERIENCE: AID_EXPERIENCE\nCOMPREHENSIVE_PERFORMANCE: COMPREHENSIVE_PERFORMANCE\nHEALTH_CASE_RECORD: HEALTH_CASE_RECORD\nHEALTH_TOPIC: HEALTH_TOPIC\nHEALTH_PAPER: HEALTH_PAPER\nHEALTH_REVIEW: HEALTH_REVIEW', enum_type=AchievementCategory, max_length=32)),
                ('title', fields.CharField(max_length=200)),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=RecordStatus.DRAFT, description='DRAFT: DRAFT\nPENDING: PENDING\nAPPROVED: APPROVED\nRETURNED: RETURNED\nWITHDRAWN: WITHDRAWN', enum_type=RecordStatus, max_length=10)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.ForeignKeyField('models.Account', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('opinion', fields.CharField(default='', max_length=500)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'achievement_record', 'app': 'models', 'indexes': [Index(fields=['person_id', 'category']), Index(fields=['unit_id', 'status', 'category'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AchievementAttachment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('record', fields.ForeignKeyField('models.AchievementRecord', source_field='record_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('file', fields.ForeignKeyField('models.StoredFile', source_field='file_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('sort', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'achievement_attachment', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OpinionTemplate',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner', fields.ForeignKeyField('models.Account', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('text', fields.CharField(max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'opinion_template', 'app': 'models', 'pk_attr': 'id', 'table_description': "审核意见模板: public ones (no owner) and each admin's own."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Series',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(unique=True, max_length=50)),
                ('sort', fields.IntField(default=0)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'series', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Committee',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('tier', fields.CharEnumField(description='JUNIOR: JUNIOR\nINTERMEDIATE: INTERMEDIATE\nSENIOR: SENIOR', enum_type=CommitteeTier, max_length=12)),
                ('series', fields.ForeignKeyField('models.Series', source_field='series_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('levels', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('managing_unit', fields.ForeignKeyField('models.Unit', source_field='managing_unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('fee_standards', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('contact_name', fields.CharField(default='', max_length=50)),
                ('contact_phone', fields.CharField(default='', max_length=20)),
                ('status', fields.CharEnumField(default=CommitteeStatus.ACTIVE, description='ACTIVE: ACTIVE\nCANCELLED: CANCELLED', enum_type=CommitteeStatus, max_length=10)),
                ('cancel_reason', fields.CharField(default='', max_length=200)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'committee', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommitteeAdmin',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('committee', fields.ForeignKeyField('models.Committee', source_field='committee_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'committee_admin', 'app': 'models', 'unique_together': (('committee', 'account'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommitteeOrganizer',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('committee', fields.ForeignKeyField('models.Committee', source_field='committee_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'committee_organizer', 'app': 'models', 'unique_together': (('committee', 'unit'),), 'pk_attr': 'id', 'table_description': '评委会组建单位: units that form the committee and publish its plans.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommitteeRegion',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('committee', fields.ForeignKeyField('models.Committee', source_field='committee_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('region', fields.ForeignKeyField('models.Region', source_field='region_id', db_constraint=True, to_field='code', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'committee_region', 'app': 'models', 'unique_together': (('committee', 'region'),), 'pk_attr': 'id', 'table_description': "One region the committee's scope covers (its own region and everything below)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EvaluationStandard',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('series', fields.ForeignKeyField('models.Series', source_field='series_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('levels', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('name', fields.CharField(max_length=100)),
                ('content', fields.TextField(default='', unique=False)),
                ('document', fields.ForeignKeyField('models.StoredFile', source_field='document_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'evaluation_standard', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Plan',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=150)),
                ('year', fields.IntField()),
                ('committee', fields.ForeignKeyField('models.Committee', source_field='committee_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('organizer', fields.ForeignKeyField('models.Unit', source_field='organizer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('plan_type', fields.CharEnumField(default=PlanType.NORMAL, description='NORMAL: NORMAL\nGREEN_CHANNEL: GREEN_CHANNEL\nSELF_EVALUATION: SELF_EVALUATION\nOTHER: OTHER', enum_type=PlanType, max_length=20)),
                ('levels', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('declaration_types', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('office', fields.CharField(default='', max_length=100)),
                ('contact_name', fields.CharField(default='', max_length=50)),
                ('contact_phone', fields.CharField(default='', max_length=20)),
                ('address', fields.CharField(default='', max_length=200)),
                ('opens_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('personal_first_submit_deadline', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('personal_modify_deadline', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('unit_submit_deadline', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('scope_text', fields.TextField(default='', unique=False)),
                ('content', fields.TextField(default='', unique=False)),
                ('has_interview', fields.BooleanField(default=False)),
                ('exam_specialty_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=PlanStatus.DRAFT, description='DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nCLOSED: CLOSED', enum_type=PlanStatus, max_length=10)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'plan', 'app': 'models', 'indexes': [Index(fields=['status', 'year']), Index(fields=['committee_id', 'year'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlanAchievementRule',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('models.Plan', source_field='plan_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('level', fields.CharField(max_length=20)),
                ('category', fields.CharField(max_length=40)),
                ('min_count', fields.IntField(default=0)),
                ('max_count', fields.IntField(default=10)),
            ],
            options={'table': 'plan_achievement_rule', 'app': 'models', 'unique_together': (('plan', 'level', 'category'),), 'pk_attr': 'id', 'table_description': 'How many records of one achievement category an application at one level needs.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlanAttachmentSlot',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('models.Plan', source_field='plan_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=60)),
                ('description', fields.CharField(default='', max_length=300)),
                ('required', fields.BooleanField(default=False)),
                ('allowed_types', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('max_size_mb', fields.IntField(default=10)),
                ('max_count', fields.IntField(default=5)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'plan_attachment_slot', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An attachment the applicant must or may upload: allowed types, size and count limits.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlanFile',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('models.Plan', source_field='plan_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('file', fields.ForeignKeyField('models.StoredFile', source_field='file_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'plan_file', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A downloadable file published with the plan (policy documents, schedules).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Specialty',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('series', fields.ForeignKeyField('models.Series', source_field='series_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('parent', fields.ForeignKeyField('models.Specialty', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('code', fields.CharField(max_length=20)),
                ('name', fields.CharField(max_length=60)),
                ('sort', fields.IntField(default=0)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'specialty', 'app': 'models', 'unique_together': (('series', 'code'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommitteeSpecialty',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('committee', fields.ForeignKeyField('models.Committee', source_field='committee_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('specialty', fields.ForeignKeyField('models.Specialty', source_field='specialty_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'committee_specialty', 'app': 'models', 'unique_together': (('committee', 'specialty'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlanSpecialty',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('models.Plan', source_field='plan_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('specialty', fields.ForeignKeyField('models.Specialty', source_field='specialty_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'plan_specialty', 'app': 'models', 'unique_together': (('plan', 'specialty'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TitleName',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('series', fields.ForeignKeyField('models.Series', source_field='series_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharEnumField(description='PRIMARY: PRIMARY\nINTERMEDIATE: INTERMEDIATE\nASSOCIATE_SENIOR: ASSOCIATE_SENIOR\nSENIOR: SENIOR', enum_type=Level, max_length=20)),
                ('primary_grade', fields.CharEnumField(null=True, description='CLERK: CLERK\nASSISTANT: ASSISTANT', enum_type=PrimaryGrade, max_length=10)),
                ('name', fields.CharField(max_length=50)),
                ('sort', fields.IntField(default=0)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'title_name', 'app': 'models', 'unique_together': (('series', 'name'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
