from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0007_commissioned_results')]

    initial = False

    operations = [
        ops.CreateModel(
            name='StatusList',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('issuer', fields.ForeignKeyField('models.IssuerCode', source_field='issuer_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('purpose', fields.CharField(default='revocation', max_length=16)),
                ('size', fields.IntField(default=131072)),
                ('next_index', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'status_list', 'app': 'models', 'unique_together': (('issuer', 'purpose'),), 'pk_attr': 'id', 'table_description': "An issuer's Bitstring Status List (W3C Bitstring Status List v1.0) for one purpose (revocation)."},
            bases=['Model'],
        ),
        # CreateModel drops CHECK constraints (Tortoise): added on their own, as 0004 does.
        ops.AddConstraint(
            model_name='StatusList',
            constraint=CheckConstraint(check='size >= 131072 AND next_index >= 0 AND next_index <= size', name='status_list_bounds'),
        ),
        # SQLite runs AddConstraint as a table rebuild, which drops the unique index: made again (a no-op on
        # PostgreSQL, where the unique constraint's index has this name).
        ops.RunSQL('CREATE UNIQUE INDEX IF NOT EXISTS "uid_status_list_issuer__ebe6a1" ON "status_list" '
                   '("issuer_id", "purpose")'),
    ]
