from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.core.imports import ImportBatchStatus
from models.determination.models import AcceptanceBodyStatus, DeterminationStatus
from models.talent_statistics.models import TalentRecordStatus
from models.workflow.models import Decision
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0011_verification_requests')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AcceptanceBody',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('node_kind', fields.CharField(description='NodeKind value', max_length=24)),
                ('level', fields.CharField(description='Level value', max_length=20)),
                ('evaluation_mode', fields.CharField(description='EvaluationMode value', max_length=32)),
                ('region', fields.ForeignKeyField('models.Region', source_field='region_id', db_constraint=True, to_field='code', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('notice', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(default=AcceptanceBodyStatus.ACTIVE, description='AcceptanceBodyStatus value', enum_type=AcceptanceBodyStatus, max_length=10)),
                ('managed_by', fields.ForeignKeyField('models.Unit', source_field='managed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('updated_by', fields.ForeignKeyField('models.Account', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'acceptance_body', 'app': 'models', 'unique_together': (('unit', 'node_kind', 'level', 'evaluation_mode', 'region'),), 'indexes': [Index(fields=['evaluation_mode', 'level', 'status']), Index(fields=['region_id', 'id'])], 'pk_attr': 'id', 'table_description': '受理机构: the unit that accepts declarations of one level and evaluation mode at one node kind, for'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Determination',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('evaluation_mode', fields.CharField(description='EvaluationMode value', max_length=32)),
                ('series', fields.ForeignKeyField('models.Series', source_field='series_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('specialty', fields.ForeignKeyField('models.Specialty', source_field='specialty_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('title_name', fields.ForeignKeyField('models.TitleName', source_field='title_name_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharField(description='Level value', max_length=20)),
                ('former_name', fields.CharField(default='', max_length=10)),
                ('nationality', fields.CharField(default='', max_length=20)),
                ('phone', fields.CharField(default='', max_length=20)),
                ('household_address', fields.CharField(default='', max_length=50)),
                ('birthplace', fields.CharField(default='', max_length=50)),
                ('residence', fields.CharField(default='', max_length=50)),
                ('email', fields.CharField(default='', max_length=50)),
                ('postal_code', fields.CharField(default='', max_length=20)),
                ('administrative_post', fields.CharField(default='', max_length=20)),
                ('administrative_level', fields.CharField(default='', max_length=20)),
                ('administrative_since', fields.DateField(null=True)),
                ('work_started_on', fields.DateField(null=True)),
                ('political_status', fields.CharField(default='', description='PoliticalStatus value', max_length=32)),
                ('party_post', fields.CharField(default='', max_length=20)),
                ('party_joined_on', fields.DateField(null=True)),
                ('foreign_language', fields.CharField(default='', max_length=10)),
                ('computer_skill', fields.CharField(default='', max_length=10)),
                ('performance_summary', fields.CharField(default='', max_length=2000)),
                ('titles', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('qualifications', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('photo', fields.ForeignKeyField('models.StoredFile', source_field='photo_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=DeterminationStatus.DRAFT, description='DeterminationStatus value', enum_type=DeterminationStatus, max_length=12)),
                ('review_path', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('path_position', fields.IntField(default=0)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('certificate', fields.ForeignKeyField('models.Certificate', source_field='certificate_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'determination', 'app': 'models', 'unique_together': (('person', 'year', 'evaluation_mode'),), 'indexes': [Index(fields=['person_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A 初定 or 认定 declaration with its basic information (个人基本信息) as columns and its current titles'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeterminationRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('determination', fields.ForeignKeyField('models.Determination', source_field='determination_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('category', fields.CharField(description='AchievementCategory value', max_length=32)),
                ('source_id', fields.BigIntField()),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('file_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'determination_record', 'app': 'models', 'unique_together': (('determination', 'source_id'),), 'pk_attr': 'id', 'table_description': 'A library record imported into a declaration: a snapshot of its fields and files, removable without'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImportBatch',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=32)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('params', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('rows', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('failures', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=ImportBatchStatus.PENDING, description='ImportBatchStatus value', enum_type=ImportBatchStatus, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'import_batch', 'app': 'models', 'indexes': [Index(fields=['account_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TalentRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('region', fields.ForeignKeyField('models.Region', source_field='region_id', db_constraint=True, to_field='code', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('post', fields.CharField(default='', max_length=50)),
                ('post_category', fields.CharField(default='', max_length=20)),
                ('series', fields.ForeignKeyField('models.Series', source_field='series_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('specialty', fields.ForeignKeyField('models.Specialty', source_field='specialty_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('title_name', fields.ForeignKeyField('models.TitleName', source_field='title_name_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharField(default='', description='Level value', max_length=20)),
                ('title_obtained_on', fields.DateField(null=True)),
                ('appointed', fields.BooleanField(default=False)),
                ('appointed_on', fields.DateField(null=True)),
                ('professional_years', fields.IntField(default=0)),
                ('education', fields.CharField(default='', description='Education value', max_length=32)),
                ('degree', fields.CharField(default='', description='Degree value', max_length=32)),
                ('talent_category', fields.CharField(default='', max_length=20)),
                ('remarks', fields.CharField(default='', max_length=200)),
                ('status', fields.CharEnumField(default=TalentRecordStatus.DRAFT, description='TalentRecordStatus value', enum_type=TalentRecordStatus, max_length=12)),
                ('review_path', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('path_position', fields.IntField(default=0)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'talent_record', 'app': 'models', 'unique_together': (('person', 'year'),), 'indexes': [Index(fields=['unit_id', 'status']), Index(fields=['region_id', 'year', 'status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Task',
            name='decision',
            field=fields.CharEnumField(null=True, description='Decision', enum_type=Decision, max_length=10),
        ),
        # SQLite runs AlterField as a table rebuild, which drops the task table's indexes: made again (no-ops on
        # PostgreSQL, where the ALTER keeps them).
        ops.RunSQL('CREATE INDEX IF NOT EXISTS "idx_task_unit_id_5e3626" ON "task" ("unit_id", "status", "id")'),
        ops.RunSQL('CREATE INDEX IF NOT EXISTS "idx_task_process_483b3c" ON "task" ("process_type", "subject_id")'),
        ops.RunSQL('CREATE INDEX IF NOT EXISTS "idx_task_complet_955bdb" ON "task" ("completed_by_id", "status", "id")'),
    ]
