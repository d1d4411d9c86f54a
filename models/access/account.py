"""What belongs to an account — its messages, its jobs, the account itself: the holder and platform admins."""
from __future__ import annotations

from models.access.viewer import Viewer


def owns(viewer: Viewer, account_id: int | None) -> bool:
    return viewer.authenticated and (account_id == viewer.account_id or viewer.is_platform_admin)
