from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.verification_request.models import VerificationStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_recognitions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='VerificationRequest',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('committee', fields.ForeignKeyField('models.Committee', source_field='committee_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('number', fields.CharField(max_length=40)),
                ('open_number', fields.CharField(null=True, unique=True, max_length=40)),
                ('series', fields.ForeignKeyField('models.Series', source_field='series_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('specialty', fields.ForeignKeyField('models.Specialty', source_field='specialty_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('specialty_name', fields.CharField(default='', max_length=50)),
                ('title_name', fields.ForeignKeyField('models.TitleName', source_field='title_name_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharField(description='Level value', max_length=20)),
                ('acquired_on', fields.DateField()),
                ('approval_number', fields.CharField(max_length=50)),
                ('issue_date', fields.DateField()),
                ('issuer_name', fields.CharField(max_length=100)),
                ('unit_name', fields.CharField(default='', max_length=100)),
                ('status', fields.CharEnumField(default=VerificationStatus.DRAFT, description='VerificationStatus value', enum_type=VerificationStatus, max_length=12)),
                ('review_path', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('path_position', fields.IntField(default=0)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('certificate', fields.ForeignKeyField('models.Certificate', source_field='certificate_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'verification_request', 'app': 'models', 'indexes': [Index(fields=['person_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VerificationAttachment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('request', fields.ForeignKeyField('models.VerificationRequest', source_field='request_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('slot', fields.CharField(max_length=32)),
                ('file', fields.ForeignKeyField('models.StoredFile', source_field='file_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'verification_attachment', 'app': 'models', 'indexes': [Index(fields=['request_id', 'slot'])], 'pk_attr': 'id', 'table_description': 'One uploaded scan in one of the slots of ``models.verification_request.create.SLOTS``.'},
            bases=['Model'],
        ),
    ]
