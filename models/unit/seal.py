"""Units' electronic seals (电子印章): a PNG the review form carries once the unit has passed its node.

Only the unit's own admins replace it; a seal is a stamp, not a detail an HR bureau above may edit.
"""
from __future__ import annotations

from models.access.viewer import Viewer
from models.core.errors import Forbidden
from models.unit.models import Unit
from models.core.upload import receive_upload
from models.core.storage import Storage

SEAL_TYPES = ("image/png",)
MAX_SEAL_BYTES = 1024 * 1024


async def upload_seal(viewer: Viewer, storage: Storage, unit: Unit, upload) -> Unit:
    """Stores the PNG (≤ 1 MB, type read from the content) and makes it the unit's seal."""
    viewer.require_account()
    if not viewer.administers(unit.id):
        raise Forbidden("只有本单位管理员可以上传电子印章")
    stored = await receive_upload(storage, upload, purpose="seal", allowed_types=SEAL_TYPES,
                                  max_bytes=MAX_SEAL_BYTES, owner_id=viewer.account_id, field="file")
    await Unit.filter(id=unit.id).update(seal_id=stored.id)
    return await Unit.get(id=unit.id)
