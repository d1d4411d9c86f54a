from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.recognition.models import RecognitionStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_reissues')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Recognition',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('series', fields.ForeignKeyField('models.Series', source_field='series_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('specialty', fields.ForeignKeyField('models.Specialty', source_field='specialty_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('title_name', fields.ForeignKeyField('models.TitleName', source_field='title_name_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharField(description='Level value', max_length=20)),
                ('work_started_on', fields.DateField(null=True)),
                ('previous_unit', fields.CharField(default='', max_length=100)),
                ('transferred_on', fields.DateField(null=True)),
                ('political_status', fields.CharField(default='', description='PoliticalStatus value', max_length=32)),
                ('original_title', fields.CharField(default='', max_length=50)),
                ('original_committee', fields.CharField(default='', max_length=100)),
                ('original_acquired_on', fields.DateField(null=True)),
                ('original_issuer', fields.CharField(default='', max_length=100)),
                ('original_approval_number', fields.CharField(default='', max_length=50)),
                ('original_number', fields.CharField(default='', max_length=40)),
                ('work_history', fields.CharField(default='', max_length=100)),
                ('remarks', fields.CharField(default='', max_length=200)),
                ('highest_education', fields.CharField(default='', description='Education value', max_length=32)),
                ('graduated_from', fields.CharField(default='', max_length=50)),
                ('major', fields.CharField(default='', max_length=50)),
                ('expertise', fields.CharField(default='', max_length=200)),
                ('current_work', fields.CharField(default='', max_length=1000)),
                ('photo', fields.ForeignKeyField('models.StoredFile', source_field='photo_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=RecognitionStatus.DRAFT, description='RecognitionStatus value', enum_type=RecognitionStatus, max_length=12)),
                ('review_path', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('path_position', fields.IntField(default=0)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('certificate', fields.ForeignKeyField('models.Certificate', source_field='certificate_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('approval_form', fields.ForeignKeyField('models.StoredFile', source_field='approval_form_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'recognition', 'app': 'models', 'indexes': [Index(fields=['person_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RecognitionAttachment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recognition', fields.ForeignKeyField('models.Recognition', source_field='recognition_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('slot', fields.CharField(max_length=32)),
                ('file', fields.ForeignKeyField('models.StoredFile', source_field='file_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'recognition_attachment', 'app': 'models', 'indexes': [Index(fields=['recognition_id', 'slot'])], 'pk_attr': 'id', 'table_description': '申报相关附件: one uploaded file in one of the configured slots (``models.recognition.config``).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RecognitionEducation',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recognition', fields.ForeignKeyField('models.Recognition', source_field='recognition_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'recognition_education', 'app': 'models', 'indexes': [Index(fields=['recognition_id', 'id'])], 'pk_attr': 'id', 'table_description': "教育经历 of a recognition: one or two records, the achievement library's education fields in ``data``."},
            bases=['Model'],
        ),
    ]
