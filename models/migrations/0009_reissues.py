from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.reissue.models import ReissueStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_status_lists')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ProcessPath',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('process_type', fields.CharField(max_length=24)),
                ('level', fields.CharField(default='', max_length=20)),
                ('region', fields.ForeignKeyField('models.Region', source_field='region_id', db_constraint=True, to_field='code', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('node_kinds', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_by', fields.ForeignKeyField('models.Account', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'process_path', 'app': 'models', 'unique_together': (('process_type', 'level', 'region'),), 'pk_attr': 'id', 'table_description': '审核路径配置 of the processes outside committee review (补换证 now, 异地职称确认, 初定, 认定 next): for a'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Reissue',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('certificate', fields.ForeignKeyField('models.Certificate', source_field='certificate_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('open_certificate_id', fields.BigIntField(null=True, unique=True)),
                ('issuer_unit', fields.ForeignKeyField('models.Unit', source_field='issuer_unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('original', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('corrections', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('reason', fields.CharField(default='', max_length=200)),
                ('evidence', fields.ForeignKeyField('models.StoredFile', source_field='evidence_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('pledge', fields.ForeignKeyField('models.StoredFile', source_field='pledge_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('photo', fields.ForeignKeyField('models.StoredFile', source_field='photo_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=ReissueStatus.DRAFT, description='DRAFT: DRAFT\nIN_REVIEW: IN_REVIEW\nRETURNED: RETURNED\nTERMINATED: TERMINATED\nAPPROVED: APPROVED', enum_type=ReissueStatus, max_length=12)),
                ('review_path', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('path_position', fields.IntField(default=0)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('new_certificate', fields.ForeignKeyField('models.Certificate', source_field='new_certificate_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'reissue', 'app': 'models', 'indexes': [Index(fields=['person_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
