"""Who may call a root field or mutation at all: plain role checks, declared as ``permission_classes``.

Each class asks the Viewer, which raises ``Unauthenticated`` / ``Forbidden``; ZhichengErrors turns
those into the same top-level UNAUTHENTICATED / FORBIDDEN errors, with the same Chinese messages, as
a check written in the resolver. A refused field is an error at its path, never a silent null.
Checks that depend on the object (may they decide THIS task) belong to models/access, not here.

Root fields and mutations only: a permission class adds a field extension, too costly on the leaf
fields of list types (STACK_NOTES 18).
"""
from __future__ import annotations

from abc import abstractmethod
from typing import Any

from strawberry.permission import BasePermission

from models.access.viewer import Viewer
from models.core.errors import Forbidden


class ViewerPermission(BasePermission):
    """Base: ``check`` raises to refuse, so the domain's own message reaches the client."""

    @abstractmethod
    def check(self, viewer: Viewer) -> None:
        """Raise Unauthenticated / Forbidden to refuse."""

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        self.check(info.context.viewer)
        return True


class IsSignedIn(ViewerPermission):
    def check(self, viewer: Viewer) -> None:
        viewer.require_account()


class IsPerson(ViewerPermission):
    """A registered professional (专业技术人员); UNAUTHENTICATED when not signed in at all."""

    def check(self, viewer: Viewer) -> None:
        viewer.require_person()


class IsPlatformAdmin(ViewerPermission):
    def check(self, viewer: Viewer) -> None:
        viewer.require_platform_admin()


class IsCatalogueMaintainer(ViewerPermission):
    """The provincial HR bureau and platform admins."""

    def check(self, viewer: Viewer) -> None:
        viewer.require_catalogue_maintainer()


class IsHrBureauAdmin(ViewerPermission):
    """Admins of an HR bureau of any region, and platform admins (they set up committees)."""

    def check(self, viewer: Viewer) -> None:
        viewer.require_account()
        if not (viewer.is_platform_admin or viewer.hr_regions):
            raise Forbidden("评委会由人社部门管理")
