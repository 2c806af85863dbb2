"""The one rule for who may see which records, used by every view, selector and API endpoint.

A model holding personal data opts in by using :class:`ScopedQuerySet` as its manager and by
naming, as class attributes, the path from the model to its committee and to its department:

    class Person(models.Model):
        scope_area_path = "area"
        scope_department_path = None      # department staff see persons only through cases
        objects = ScopedQuerySet.as_manager()

``Person.objects.for_user(user)`` then returns only what the user may see:

- centre staff, administrators and leaders: everything (leaders read only, and masked);
- committee staff: rows whose ``scope_area_path`` is their committee;
- department staff: rows whose ``scope_department_path`` is their department;
- anyone else (anonymous, inactive, a role without its area): nothing.

A model with a richer rule (a case referred to a department is visible to it too) overrides
the classmethod ``scope_filter(user)`` and returns a ``Q`` (or ``None`` for "everything").
``get_for_user_or_404`` is the lookup every detail view uses: a record outside the scope is a
404, exactly as if it did not exist, and the attempt is written to the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q
from django.http import Http404

from zhuqiao.roles import Role

if TYPE_CHECKING:
    from zhuqiao.models import User

M = TypeVar("M", bound=models.Model)

NOTHING = Q(pk__in=[])


def areas_for(user: User) -> models.QuerySet[Any]:
    """The active committees a user may file records under or filter by: their own committee for
    committee staff, all of them for town-wide staff. Every 居村委 select and filter uses this."""
    from zhuqiao.models import Area

    areas = Area.objects.filter(is_active=True)
    if getattr(user, "role", None) == Role.COMMITTEE:
        return areas.filter(pk=getattr(user, "area_id", None) or 0)
    return areas


def default_scope_filter(model: type[models.Model], user: User | None) -> Q | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role in (Role.CENTRE, Role.ADMIN, Role.LEADER):
        return None
    area_path = getattr(model, "scope_area_path", None)
    department_path = getattr(model, "scope_department_path", None)
    if user.role == Role.COMMITTEE and user.area_id and area_path:
        return Q(**{area_path: user.area_id})
    if user.role == Role.DEPARTMENT and user.department_id and department_path:
        return Q(**{department_path: user.department_id})
    return NOTHING


def scope_filter_for(model: type[models.Model], user: User) -> Q | None:
    custom = getattr(model, "scope_filter", None)
    if custom is not None:
        return custom(user)
    return default_scope_filter(model, user)


class ScopedQuerySet(models.QuerySet[M]):
    def for_user(self, user: User) -> ScopedQuerySet[M]:
        condition = scope_filter_for(self.model, user)
        if condition is None:
            return self
        if condition == NOTHING:
            return self.none()
        return self.filter(condition)


def get_for_user_or_404(queryset: models.QuerySet[M] | type[M], user: User, **lookup: Any) -> M:
    """Fetch one record the user may see, or raise 404 (and audit a probe outside the scope)."""
    qs: Any = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    scoped = qs.for_user(user) if hasattr(qs, "for_user") else qs
    try:
        return scoped.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        pass
    except qs.model.MultipleObjectsReturned:
        raise Http404 from None
    audit_probe_outside_scope(qs, user, **lookup)
    raise Http404


def audit_probe_outside_scope(queryset: models.QuerySet[Any], user: User, **lookup: Any) -> bool:
    """Audit a lookup that found nothing for the user while the record exists outside their scope.

    Called once per refused lookup, by pages (:func:`get_for_user_or_404`) and by the API
    (``zhuqiao.api.ScopedViewSetMixin.get_object``) alike. Returns whether it audited.
    """
    try:
        exists_elsewhere = queryset.filter(**lookup).exists()
        if exists_elsewhere and hasattr(queryset, "for_user"):
            exists_elsewhere = not queryset.for_user(user).filter(**lookup).exists()
    except (ValueError, TypeError):  # a malformed id in the URL or form
        exists_elsewhere = False
    if exists_elsewhere:
        from zhuqiao.audit import audit_denied

        audit_denied(user=user, model=queryset.model, object_id=str(lookup.get("pk", lookup.get("id", lookup))))
    return exists_elsewhere
