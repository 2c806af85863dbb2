"""Typed requests of views behind a login (issue 19, point 5).

Django's ``HttpRequest.user`` is "a user or the anonymous user" (and, in the stubs, any
``AbstractBaseUser``). Behind ``login_required`` it is always the portal's own
:class:`zhuqiao.models.User`, so views behind a login take an :class:`AuthenticatedHttpRequest`
and read ``request.user.role``, ``.area``, ``.can_edit`` without a cast or a ``type: ignore``.

The API's ``Request.user`` is a property, which a subclass cannot narrow; :func:`api_user` is the
one place that says what ``StaffPermission`` (every endpoint but the public booking ones)
guarantees: the requester is a logged-in, active ``User``.

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


def api_user(request: Request) -> User:
    """The requester of an API endpoint behind ``StaffPermission``: a logged-in :class:`User`."""
    return cast("User", request.user)
