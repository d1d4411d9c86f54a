from tortoise import migrations
from models.core.job import JobKind
from models.workflow.models import NodeKind, ProcessType
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_certificates')]

    initial = False

    operations = [
        # Job.kind's description is fixed from now on (models/core/job.py). On SQLite the AlterField rebuilds the
        # table and drops its indexes: they are made again right after (a no-op on PostgreSQL, which keeps them).
        ops.AlterField(
            model_name='Job',
            name='kind',
            field=fields.CharEnumField(description='JobKind', enum_type=JobKind, max_length=40),
        ),
        ops.RunSQL('CREATE UNIQUE INDEX IF NOT EXISTS "uid_job_request_494bb4" ON "job" '
                   '("requester_id", "kind", "idempotency_key")'),
        ops.RunSQL('CREATE INDEX IF NOT EXISTS "idx_job_status_4c00a1" ON "job" ("status", "created_at")'),
        # The same for the task table, whose indexes an earlier AlterField (0005) dropped on SQLite.
        ops.AlterField(
            model_name='Task',
            name='process_type',
            field=fields.CharEnumField(description='ProcessType', enum_type=ProcessType, max_length=24),
        ),
        ops.AlterField(
            model_name='Task',
            name='node_kind',
            field=fields.CharEnumField(description='NodeKind', enum_type=NodeKind, max_length=24),
        ),
        ops.RunSQL('CREATE INDEX IF NOT EXISTS "idx_task_unit_id_5e3626" ON "task" ("unit_id", "status", "id")'),
        ops.RunSQL('CREATE INDEX IF NOT EXISTS "idx_task_process_483b3c" ON "task" ("process_type", "subject_id")'),
        ops.RunSQL('CREATE INDEX IF NOT EXISTS "idx_task_complet_955bdb" ON "task" ("completed_by_id", "status", "id")'),
        ops.AddField(
            model_name='ParticipantResult',
            name='commission_document_number',
            field=fields.CharField(default='', max_length=50),
        ),
        ops.AddField(
            model_name='ParticipantResult',
            name='commission_filed_by',
            field=fields.ForeignKeyField('models.Account', source_field='commission_filed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='ParticipantResult',
            name='commission_filed_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='ParticipantResult',
            name='commission_unit',
            field=fields.ForeignKeyField('models.Unit', source_field='commission_unit_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT),
        ),
    ]
