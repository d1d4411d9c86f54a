from tortoise import migrations
from tortoise.migrations import operations as ops
from models.certificate.models import CertificateStatus, DocumentState
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_evaluation')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Certificate',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=40)),
                ('number_row', fields.OneToOneField('models.CertificateNumber', source_field='number_row_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('subject_kind', fields.CharField(max_length=32)),
                ('subject_key', fields.CharField(max_length=64)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('result', fields.ForeignKeyField('models.ParticipantResult', source_field='result_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('application', fields.ForeignKeyField('models.Application', source_field='application_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('issuer', fields.ForeignKeyField('models.IssuerCode', source_field='issuer_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('issuer_unit', fields.ForeignKeyField('models.Unit', source_field='issuer_unit_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('committee', fields.ForeignKeyField('models.Committee', source_field='committee_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=50)),
                ('gender', fields.CharField(max_length=6)),
                ('birth_date', fields.DateField()),
                ('id_type', fields.CharField(max_length=32)),
                ('id_number', fields.CharField(max_length=30)),
                ('series_name', fields.CharField(max_length=50)),
                ('specialty_name', fields.CharField(max_length=50)),
                ('title_name', fields.CharField(max_length=50)),
                ('level', fields.CharField(max_length=20)),
                ('year', fields.SmallIntField()),
                ('acquired_on', fields.DateField()),
                ('acquisition_method', fields.CharField(max_length=4)),
                ('approval_number', fields.CharField(max_length=50)),
                ('issuer_name', fields.CharField(max_length=100)),
                ('committee_name', fields.CharField(default='', max_length=100)),
                ('issue_date', fields.DateField()),
                ('unit_name', fields.CharField(default='', max_length=100)),
                ('unit_region', fields.CharField(default='', max_length=6)),
                ('issuer_region', fields.CharField(default='', max_length=6)),
                ('photo', fields.ForeignKeyField('models.StoredFile', source_field='photo_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=CertificateStatus.VALID, description='VALID: VALID\nREVOKED: REVOKED\nREPLACED: REPLACED', enum_type=CertificateStatus, max_length=10)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoke_reason', fields.CharField(default='', max_length=200)),
                ('revoked_by', fields.ForeignKeyField('models.Account', source_field='revoked_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('replaced_by', fields.ForeignKeyField('models.Certificate', source_field='replaced_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('document_state', fields.CharEnumField(default=DocumentState.GENERATING, description='AWAITING_PHOTO: AWAITING_PHOTO\nGENERATING: GENERATING\nREADY: READY', enum_type=DocumentState, max_length=16)),
                ('document', fields.ForeignKeyField('models.StoredFile', source_field='document_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('document_status', fields.CharField(default='', max_length=10)),
                ('token', fields.CharField(unique=True, max_length=43)),
                ('status_index', fields.IntField(null=True)),
                ('reported_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('issued_by', fields.ForeignKeyField('models.Account', source_field='issued_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'certificate', 'app': 'models', 'unique_together': (('subject_kind', 'subject_key'), ('issuer', 'status_index')), 'indexes': [Index(fields=['person_id', 'id']), Index(fields=['issuer_unit_id', 'reported_at']), Index(fields=['id_number']), Index(fields=['name']), Index(fields=['unit_region']), Index(fields=['issuer_region'])], 'pk_attr': 'id', 'table_description': '职称证书: what the e-certificate shows, copied from the person and the result when it is issued, so a'},
            bases=['Model'],
        ),
    ]
