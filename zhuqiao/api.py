"""API base: the permission every endpoint uses, the scoped viewset base, and core endpoints."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zhuqiao.models import Area, Department, User
from zhuqiao.periods import parse_year
from zhuqiao.scoping import audit_probe_outside_scope


class ScopedViewSetMixin:
    """Limits the queryset to the requesting user's scope: a record outside it is a 404.

    A detail lookup (read or write) of a record that exists outside the scope is audited once,
    exactly like the same probe on a page (:func:`zhuqiao.scoping.get_for_user_or_404`).
    """

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]
        return queryset.for_user(self.request.user)  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        try:
            return super().get_object()  # type: ignore[misc]
        except Http404:
            view: Any = self
            lookup_url_kwarg = view.lookup_url_kwarg or view.lookup_field
            value = view.kwargs.get(lookup_url_kwarg)
            if value is not None:
                model = view.get_queryset().model
                audit_probe_outside_scope(model._default_manager.all(), view.request.user, **{view.lookup_field: value})
            raise


def query_year(request: Request, name: str = "year") -> int | None:
    """A year filter of the query string: four digits (1000-9999), else a 400; absent: None."""
    try:
        return parse_year(request.query_params.get(name))
    except ValueError:
        raise exceptions.ValidationError({name: [_("年度应为四位数字。")]}) from None


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "code", "name", "kind", "is_active"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "is_centre", "is_active"]


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """The committees (居村委)."""

    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    filterset_fields = ["kind", "is_active"]


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The responsible departments and units."""

    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer


class MeSerializer(serializers.ModelSerializer):
    area = AreaSerializer(read_only=True, allow_null=True)
    department = DepartmentSerializer(read_only=True, allow_null=True)
    can_reveal = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "area", "department", "can_reveal"]


class MeView(APIView):
    """The logged-in user, their role and scope."""

    serializer_class = MeSerializer

    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
