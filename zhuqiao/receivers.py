"""Signal receivers of the core: audit of personal-data models and of logins."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from zhuqiao import audit
from zhuqiao.client_address import client_ip
from zhuqiao.models import AuditEntry, User
from zhuqiao.services import session_remember, sessions_end_for_good


def audit_personal_save(sender: type, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    audit.record_model_save(instance, created)


def audit_personal_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    audit.record_model_delete(instance)


def connect_audited_models() -> None:
    """Connect the audit receivers to each concrete ``AuditedModel``, and to nothing else.

    A receiver connected for every model would keep Django from its fast delete (one DELETE
    statement, no rows loaded) on every other model, such as the metrics snapshots' values.
    """
    for model in apps.get_models():
        if issubclass(model, audit.AuditedModel):
            post_save.connect(audit_personal_save, sender=model, dispatch_uid=f"audit-save-{model._meta.label_lower}")
            post_delete.connect(
                audit_personal_delete, sender=model, dispatch_uid=f"audit-delete-{model._meta.label_lower}"
            )


def _client_ip(request: Any) -> str | None:
    return client_ip(request)


@receiver(user_logged_in)
def on_login(sender: type, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        if not request.session.session_key:
            request.session.save()
        session_remember(user=user, session_key=request.session.session_key)
    audit.audit_record(action=AuditEntry.Action.LOGIN, user=user, obj=user, ip_address=_client_ip(request))


@receiver(user_logged_out)
def on_logout(sender: type, request: Any, user: User | None, **kwargs: Any) -> None:
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


@receiver(pre_save, sender=User)
def user_disabled_by_any_path(sender: type, instance: User, raw: bool = False, **kwargs: Any) -> None:
    """A user saved inactive who was active (the admin form, a shell, a fixture) loses every
    session for good, exactly as through ``user_set_active``."""
    if raw or instance.pk is None or instance.is_active:
        return
    was_active = User.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        sessions_end_for_good(user=instance)
