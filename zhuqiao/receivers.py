"""Signal receivers of the core: audit of personal-data models and of logins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from zhuqiao import audit
from zhuqiao.client_address import client_ip
from zhuqiao.models import AuditEntry
from zhuqiao.services import session_remember


@receiver(post_save)
def audit_personal_save(sender: type, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, audit.AuditedModel):
        return
    audit.record_model_save(instance, created)


@receiver(post_delete)
def audit_personal_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, audit.AuditedModel):
        audit.record_model_delete(instance)


def _client_ip(request: Any) -> str | None:
    return client_ip(request)


@receiver(user_logged_in)
def on_login(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        if not request.session.session_key:
            request.session.save()
        session_remember(user=user, session_key=request.session.session_key)
    audit.audit_record(action=AuditEntry.Action.LOGIN, user=user, obj=user, ip_address=_client_ip(request))


@receiver(user_logged_out)
def on_logout(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.audit_record(action=AuditEntry.Action.LOGOUT, user=user, obj=user, ip_address=_client_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender: type, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.audit_record(
        action=AuditEntry.Action.LOGIN_FAILED,
        object_type="zhuqiao.user",
        object_repr=username,
        detail="login failed",
        ip_address=_client_ip(request),
    )
