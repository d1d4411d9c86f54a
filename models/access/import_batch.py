"""Who sees an import batch (导入 waiting for 提交) and who may confirm or discard it: the account that imported
it; platform admins read it too (operations), but even they do not confirm someone else's import."""
from __future__ import annotations

from models.access.viewer import Viewer
from models.core.errors import Forbidden
from models.core.imports import ImportBatch


def can_view_import_batch(viewer: Viewer, row: ImportBatch) -> bool:
    return viewer.authenticated and (viewer.is_platform_admin or row.account_id == viewer.account_id)


def require_importer(viewer: Viewer, row: ImportBatch) -> None:
    viewer.require_account()
    if row.account_id != viewer.account_id:
        raise Forbidden("只有导入该批数据的账号可以提交或放弃")
