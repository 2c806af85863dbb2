"""Writes of the core: users' sessions and activation."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F
from rest_framework.authtoken.models import Token

from zhuqiao.audit import audit_record
from zhuqiao.models import AuditEntry, User, UserSession


def session_remember(*, user: User, session_key: str) -> None:
    UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User | None = None) -> None:
    """Enable or disable a login. Disabling ends every session and API token the user has, for
    good: enabling the user again revives none of them (see :func:`sessions_end_for_good`)."""
    if user.is_active == active:
        return
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    if not active:
        ended = sessions_end_for_good(user=user)
        audit_record(action=AuditEntry.Action.USER_DISABLED, obj=user, user=by, detail=f"{ended} sessions ended")


def sessions_end_for_good(*, user: User) -> int:
    """End every session of the user, including any the portal did not record (opened before the
    record existed, or kept in a copy of the session store): raising the session generation
    changes the hash each session must carry. API tokens are deleted. Returns the sessions ended."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    return len(keys)
