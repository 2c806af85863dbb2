"""API of the venture register: ventures, the policy catalogue, benefits and role models, scoped.

Writes go through the same services as the pages; leaders read only (StaffPermission).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from entrepreneurs import selectors, services
from entrepreneurs.models import Industry, Policy, PolicyBenefit, RoleModel, Venture
from entrepreneurs.validators import validate_credit_code
from jobseekers.models import Person
from zhuqiao.api import ScopedViewSetMixin, query_year
from zhuqiao.http import authenticated_user
from zhuqiao.models import Area, User
from zhuqiao.scoping import areas_for


def _drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


class VentureSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())
    founder = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), allow_null=True, required=False)
    founder_name = serializers.CharField(source="founder.name", read_only=True, allow_null=True)
    industry = serializers.ChoiceField(choices=Industry.choices)
    credit_code = serializers.CharField(max_length=24)

    class Meta:
        model = Venture
        fields = [
            "id",
            "credit_code",
            "name",
            "kind",
            "registered_on",
            "area",
            "industry",
            "founder",
            "founder_name",
            "jobs_created",
            "status",
            "deregistered_on",
        ]
        read_only_fields = ["status", "deregistered_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = authenticated_user(request)
            self.fields["founder"].queryset = Person.objects.for_user(user)  # type: ignore[attr-defined]
            if getattr(user, "role", None) == User.Role.COMMITTEE:
                self.fields["area"].queryset = areas_for(user)  # type: ignore[attr-defined]

    def validate_credit_code(self, value: str) -> str:
        try:
            code = validate_credit_code(value)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from error
        exclude = self.instance.pk if isinstance(self.instance, Venture) else None
        if selectors.venture_duplicate_of(credit_code=code, exclude_pk=exclude) is not None:
            raise ValidationError("该统一社会信用代码已登记，不能重复登记。")
        return code


VENTURE_FILTERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=description)
    for name, description in [
        ("area", "居村委编码或编号"),
        ("industry", "行业"),
        ("kind", "组织类型"),
        ("status", "状态"),
        ("policy", "yes：已享受扶持政策；no：未享受"),
        ("year", "成立年份"),
        ("startup_phase", "yes：处于36个月创业期内；no：已过创业期"),
        ("q", "名称、统一社会信用代码或法定代表人姓名"),
    ]
]


@extend_schema_view(list=extend_schema(parameters=VENTURE_FILTERS))
class VentureViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Ventures (创业组织) the user may see; filters as on the list page."""

    serializer_class = VentureSerializer
    queryset = Venture.objects.all()
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Venture]:
        if self.action == "list":
            return selectors.venture_list(
                user=authenticated_user(self.request), filters=self.request.query_params.dict()
            )
        return Venture.objects.for_user(authenticated_user(self.request)).select_related("area", "founder")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = services.venture_register(
                credit_code=data["credit_code"],
                name=data["name"],
                kind=data["kind"],
                registered_on=data["registered_on"],
                area=data["area"],
                industry=data["industry"],
                founder=data.get("founder"),
                jobs_created=data.get("jobs_created", 0),
            )
        except DjangoValidationError as error:
            raise _drf_error(error) from error

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        try:
            venture: Venture = serializer.instance  # type: ignore[assignment]
            serializer.instance = services.venture_update(venture=venture, **serializer.validated_data)
        except DjangoValidationError as error:
            raise _drf_error(error) from error


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = ["id", "name", "level", "description", "eligibility", "window_months", "is_active"]


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """The support-policy catalogue (edited by administrators in the admin)."""

    serializer_class = PolicySerializer
    queryset = Policy.objects.order_by("level", "name")
    filterset_fields = ["level", "is_active"]


class PolicyBenefitSerializer(serializers.ModelSerializer):
    venture = serializers.PrimaryKeyRelatedField(queryset=Venture.objects.none())
    policy = serializers.PrimaryKeyRelatedField(queryset=Policy.objects.filter(is_active=True))
    policy_name = serializers.CharField(source="policy.name", read_only=True)
    level = serializers.CharField(source="policy.level", read_only=True)

    class Meta:
        model = PolicyBenefit
        fields = ["id", "venture", "policy", "policy_name", "level", "granted_on", "amount"]
        validators: list[Any] = []  # the service gives the Chinese message for a repeated grant

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["venture"].queryset = Venture.objects.for_user(authenticated_user(request))  # type: ignore[attr-defined]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("venture", OpenApiTypes.INT, description="创业组织编号"),
            OpenApiParameter("policy", OpenApiTypes.INT, description="政策编号"),
            OpenApiParameter("year", OpenApiTypes.INT, description="享受年度"),
        ]
    )
)
class PolicyBenefitViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Grants of support policies to ventures (创业扶持政策享受)."""

    serializer_class = PolicyBenefitSerializer
    queryset = PolicyBenefit.objects.select_related("policy").order_by("-granted_on", "id")
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[PolicyBenefit]:
        benefits = super().get_queryset()
        params = self.request.query_params
        for key in ("venture", "policy"):
            if params.get(key, "").isdigit():
                benefits = benefits.filter(**{f"{key}_id": int(params[key])})
        year = query_year(self.request)
        if year is not None:
            benefits = benefits.filter(granted_on__year=year)
        return benefits

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = services.policy_benefit_grant(
                venture=data["venture"], policy=data["policy"], granted_on=data["granted_on"], amount=data.get("amount")
            )
        except DjangoValidationError as error:
            raise _drf_error(error) from error


class RoleModelSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code", read_only=True)
    subject_name = serializers.CharField(read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = RoleModel
        fields = ["id", "year", "title", "story", "venture", "person", "subject_name", "area", "photos"]

    def get_photos(self, obj: RoleModel) -> list[str]:
        from django.urls import reverse

        return [reverse("entrepreneurs:role_model_photo", args=[p.pk]) for p in obj.photos.all()]


class RoleModelViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Role models (创业典型) by year; photos are links served with a permission check."""

    serializer_class = RoleModelSerializer
    queryset = RoleModel.objects.select_related("venture", "person", "area").prefetch_related("photos")
    filterset_fields = ["year"]
