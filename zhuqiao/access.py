"""Who may open a page: the one ``role_required`` every app's views use, the one way they refuse,
and the named rules about a user that views, templates and the API ask in common.

A refusal is a ``PermissionDenied``: the project's 403 handler (``zhuqiao.views.permission_denied``)
records it in the audit log and shows the 403 page. An anonymous visitor is sent to the login page
instead. Rules about a user *and a record* (the organiser of this activity) stay where the record
is, and refuse through ``require`` like everything here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from zhuqiao.http import authenticated_user
from zhuqiao.roles import Role

if TYPE_CHECKING:
    from zhuqiao.models import User

UserTest = Callable[["User"], bool]
_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


def require(allowed: bool, message: Any = None) -> None:
    """Refuse (403, audited) unless ``allowed``; ``message`` is the reason kept on the exception."""
    if not allowed:
        raise PermissionDenied(message) if message is not None else PermissionDenied


def has_role(user: User, *roles: Role | str) -> bool:
    """The user holds one of ``roles``; superusers count as holding every role."""
    return bool(user.is_authenticated and (user.is_superuser or user.role in roles))


def allowed(user: User, roles: tuple[Role | str, ...] = (), test: UserTest | None = None) -> bool:
    """Logged in, one of ``roles`` (any role when none is named) and passing ``test``."""
    if not user.is_authenticated:
        return False
    if roles and not has_role(user, *roles):
        return False
    return test is None or bool(test(user))


def role_required(*roles: Role | str, test: UserTest | None = None, message: Any = None) -> Callable[[_View], _View]:
    """A view for logged-in users of ``roles`` (any role when none is named) who pass ``test``.

    ``@role_required(Role.CENTRE, Role.ADMIN)``, ``@role_required(test=editor)``, or both. An
    anonymous visitor goes to the login page; anyone else who fails is refused with 403.
    """

    def decorator(view: _View) -> _View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require(allowed(authenticated_user(request), roles, test), message)  # after login_required
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def staff_required(view: _View) -> _View:
    """A page every logged-in staff member reads, where a write (POST) needs ``editor``: leaders
    read only, as in the API (``zhuqiao.permissions.StaffPermission``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require(request.method != "POST" or editor(authenticated_user(request)))
        return view(request, *args, **kwargs)

    return login_required(wrapped)  # type: ignore[return-value]


# --- named rules about a user ------------------------------------------------------------------
# The ones more than one app (or a view and its API) ask. A rule only one app needs lives in that
# app's one permissions module (metrics.permissions) or on its model.


def editor(user: User) -> bool:
    """May change records within their scope: every active staff account except the leaders."""
    return bool(user.is_authenticated and user.can_edit)


def town_editor(user: User) -> bool:
    """May change what the town keeps as a whole (carriers, recomputes): centre staff and admins."""
    return editor(user) and bool(user.sees_whole_town)


def registrar(user: User) -> bool:
    """May register persons and households and import rosters: centre, committee staff and admins."""
    return editor(user) and has_role(user, Role.CENTRE, Role.COMMITTEE, Role.ADMIN)


def recorder(user: User) -> bool:
    """May record activities, cohorts, brands and evidence: centre, department staff and admins."""
    return editor(user) and has_role(user, Role.CENTRE, Role.DEPARTMENT, Role.ADMIN)
