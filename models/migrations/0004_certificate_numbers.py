from tortoise import migrations
from tortoise.migrations import operations as ops
from models.certificate.models import IssuerCodeStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0003_job_leases')]

    initial = False

    operations = [
        ops.CreateModel(
            name='IssuerCode',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('active_unit_id', fields.BigIntField(null=True, unique=True)),
                ('province', fields.CharField(max_length=2)),
                ('code', fields.CharField(max_length=4)),
                ('status', fields.CharEnumField(default=IssuerCodeStatus.ACTIVE, description='ACTIVE: ACTIVE\nCANCELLED: CANCELLED', enum_type=IssuerCodeStatus, max_length=10)),
                ('assigned_by', fields.ForeignKeyField('models.Account', source_field='assigned_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('assigned_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('cancel_reason', fields.CharField(default='', max_length=500)),
                ('cancelled_by', fields.ForeignKeyField('models.Account', source_field='cancelled_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'issuer_code', 'app': 'models', 'unique_together': (('province', 'code'),), 'pk_attr': 'id', 'table_description': 'The 4-digit issuer code of a unit, unique in its province for ever: a cancelled code stays taken.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NumberRange',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('issuer', fields.ForeignKeyField('models.IssuerCode', source_field='issuer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('year', fields.SmallIntField()),
                ('category', fields.CharField(max_length=2)),
                ('start_serial', fields.IntField()),
                ('end_serial', fields.IntField()),
                ('next_serial', fields.IntField()),
                ('created_by', fields.ForeignKeyField('models.Account', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'number_range', 'app': 'models', 'pk_attr': 'id', 'table_description': '证书编号库: serials start to end for one issuer, year and category, handed out in order.'},
            bases=['Model'],
        ),
        # CreateModel leaves CHECK constraints out of the table it creates: add them (on SQLite a table rebuild).
        ops.AddConstraint(
            model_name='NumberRange',
            constraint=CheckConstraint(check='start_serial >= 1 AND start_serial <= end_serial AND end_serial <= 999999', name='number_range_bounds'),
        ),
        ops.AddConstraint(
            model_name='NumberRange',
            constraint=CheckConstraint(check='next_serial >= start_serial AND next_serial <= end_serial + 1', name='number_range_next_inside'),
        ),
        ops.CreateModel(
            name='CertificateNumber',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=40)),
                ('range', fields.ForeignKeyField('models.NumberRange', source_field='range_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('serial', fields.IntField()),
                ('subject_kind', fields.CharField(max_length=32)),
                ('subject_key', fields.CharField(null=True, max_length=64)),
                ('assigned_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'certificate_number', 'app': 'models', 'unique_together': (('range', 'serial'), ('subject_kind', 'subject_key')), 'pk_attr': 'id', 'table_description': 'A number handed out, never reused and never assigned twice.'},
            bases=['Model'],
        ),
    ]
