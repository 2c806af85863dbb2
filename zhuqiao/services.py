"""Writes of the core: users' sessions and activation."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction

from zhuqiao.audit import audit_record
from zhuqiao.models import AuditEntry, User, UserSession


def session_remember(*, user: User, session_key: str) -> None:
    UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User | None = None) -> None:
    """Enable or disable a login. Disabling ends every session the user has open."""
    if user.is_active == active:
        return
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    if not active:
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
        audit_record(action=AuditEntry.Action.USER_DISABLED, obj=user, user=by, detail=f"{len(keys)} sessions ended")
