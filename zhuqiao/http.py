"""Typed requests of views behind a login (issue 19, point 5).

Django's ``HttpRequest.user`` is "a user or the anonymous user" (and, in the stubs, any
``AbstractBaseUser``). Behind ``login_required`` it is always the portal's own
:class:`zhuqiao.models.User`, so views behind a login take an :class:`AuthenticatedHttpRequest`
and read ``request.user.role``, ``.area``, ``.can_edit`` without a cast or an ignore comment.

Where the request's type is not ours to choose, :func:`authenticated_user` is the one place that
says what the login guarantees: the API's ``Request.user`` is a property (a subclass cannot
narrow it) and ``StaffPermission`` (every endpoint but the public booking ones) lets only a
logged-in, active ``User`` through; a ``ModelAdmin`` method must keep Django's ``HttpRequest``
and the admin site lets only logged-in staff in.

Annotations only: nothing here checks anything at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:  # zhuqiao.models needs the app registry; this module is imported by views only
    from rest_framework.request import Request

    from zhuqiao.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind ``login_required``: ``user`` is a logged-in :class:`User`."""

    user: User


def authenticated_user(request: Request | HttpRequest) -> User:
    """The requester, behind ``StaffPermission`` or the admin site: a logged-in :class:`User`.
    It checks nothing: call it only where the login is already enforced."""
    return cast("User", request.user)
