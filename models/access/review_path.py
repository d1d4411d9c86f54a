"""Review-path configuration (审核路径配置): anyone signed in reads it; HR bureaus edit their region's."""
from __future__ import annotations

from models.access.viewer import Viewer


def can_view_review_path(viewer: Viewer) -> bool:
    return viewer.authenticated
