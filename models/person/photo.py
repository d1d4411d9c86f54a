"""上传照片: the person's ID photo (证件照), which the declaration checks and the review form prints.

The upload is checked (name, emptiness, JPG or PNG by content, size) before anything is kept, so a refused
photo leaves storage, the database and the current photo as they were. A replaced photo is left to the
orphan sweep (workers/cleanup.py).
"""
from __future__ import annotations

from models.core.storage import Storage
from models.core.upload import PHOTO_TYPES, receive_upload
from models.person.models import Person


async def set_photo(person: Person, upload, storage: Storage, *, max_bytes: int, field: str = "file") -> Person:
    """Stores ``upload`` as the person's photo and returns the person as saved. ``max_bytes`` is the
    deployment's limit (settings ``max_photo_bytes``), handed in by the caller."""
    stored = await receive_upload(storage, upload, purpose="photo", allowed_types=PHOTO_TYPES, max_bytes=max_bytes,
                                  owner_id=person.account_id, field=field)
    await Person.filter(id=person.id).update(photo_id=stored.id)
    # Certificates issued while there was no photo are rendered now (001 §五（二）1).
    from models.certificate.issuing import photo_uploaded

    await photo_uploaded(person.id, stored.id, person.account_id)
    return await Person.get(id=person.id)
