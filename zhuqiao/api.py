"""API base: the permission every endpoint uses, the scoped viewset base, and core endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zhuqiao.http import authenticated_user
from zhuqiao.models import Area, Department, User
from zhuqiao.periods import parse_year
from zhuqiao.scoping import ScopedQuerySet, audit_probe_outside_scope

if TYPE_CHECKING:  # what the mixin is mixed into, for the type checker only
    _ScopedBase = GenericAPIView[Any]
else:
    _ScopedBase = object


class ScopedViewSetMixin(_ScopedBase):
    """Limits the queryset to the requesting user's scope: a record outside it is a 404.

    A detail lookup (read or write) of a record that exists outside the scope is audited once,
    exactly like the same probe on a page (:func:`zhuqiao.scoping.get_for_user_or_404`).
    """

    def get_queryset(self) -> QuerySet[Any]:
        # every viewset using this mixin lists a model whose manager is a ScopedQuerySet
        queryset = cast("ScopedQuerySet[Any]", super().get_queryset())
        return queryset.for_user(authenticated_user(self.request))

    def get_object(self) -> Any:
        try:
            return super().get_object()
        except Http404:
            lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
            value = self.kwargs.get(lookup_url_kwarg)
            if value is not None:
                model = self.get_queryset().model
                audit_probe_outside_scope(
                    model._default_manager.all(), authenticated_user(self.request), **{self.lookup_field: value}
                )
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
        return Response(MeSerializer(authenticated_user(request)).data)
