from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0002_catalogue_library')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Job',
            name='idempotency_key',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Job',
            name='lease_owner',
            field=fields.CharField(default='', max_length=80),
        ),
        ops.AddField(
            model_name='Job',
            name='lease_until',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Job',
            name='resume_after',
            field=fields.BigIntField(default=0),
        ),
        ops.AddField(
            model_name='Job',
            name='sent_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddConstraint(
            model_name='Job',
            constraint=UniqueConstraint(fields=('requester', 'kind', 'idempotency_key'), name=None),
        ),
    ]
