"""API of the carriers app under /api/v1/: carriers, residencies (with stage transitions),
evaluations, grants, service points and service organisations.

Carriers and what belongs to them are not personal data: every member of staff reads them, centre
staff and administrators write them. Residencies follow the venture's committee.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from entrepreneurs.models import Industry, Venture
from incubators import services
from incubators.models import Carrier, Evaluation, Residency, ServiceOrganisation, ServicePoint, Subsidy
from incubators.selectors import carrier_list, occupancy_percent, residencies_for_user
from zhuqiao.access import town_editor
from zhuqiao.api import ScopedViewSetMixin
from zhuqiao.http import authenticated_user
from zhuqiao.permissions import StaffPermission


class CarrierManagerPermission(StaffPermission):
    """Staff read; centre staff and administrators write."""

    message = "只有中心工作人员和系统管理员可以维护创业载体。"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or town_editor(authenticated_user(request))


def _service_call(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError({"detail": exc.messages}) from exc


# Carriers ----------------------------------------------------------------------------------


class CarrierSerializer(serializers.ModelSerializer):
    focus_industries = serializers.ListField(child=serializers.ChoiceField(choices=Industry.choices), required=False)
    capacity = serializers.IntegerField(read_only=True)
    in_residence = serializers.IntegerField(read_only=True, help_text="在孵创业组织数（今天）")
    occupancy = serializers.SerializerMethodField(help_text="入驻率（%，一位小数）；无容量时为 null")
    failed_two_years = serializers.BooleanField(read_only=True, help_text="是否连续两年服务评估为C")

    class Meta:
        model = Carrier
        fields = [
            "id",
            "name",
            "kind",
            "classification",
            "operator",
            "address",
            "area",
            "focus_industries",
            "established_on",
            "closed_on",
            "capacity_desks",
            "capacity_rooms",
            "capacity",
            "in_residence",
            "occupancy",
            "failed_two_years",
            "contact_name",
            "contact_phone",
            "notes",
            "is_demo",
        ]
        read_only_fields = ["is_demo"]

    def get_occupancy(self, carrier: Carrier) -> float | None:
        in_residence = getattr(carrier, "in_residence", None)
        if in_residence is None:
            return None
        value = occupancy_percent(in_residence, carrier.capacity)
        return float(value) if value is not None else None

    def create(self, validated_data: dict[str, Any]) -> Carrier:
        return _service_call(services.carrier_create, **validated_data)

    def update(self, instance: Carrier, validated_data: dict[str, Any]) -> Carrier:
        return _service_call(services.carrier_update, carrier=instance, **validated_data)


class CarrierViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Carriers (创业载体) with today's occupancy and the two-failed-years flag."""

    queryset = Carrier.objects.all()
    serializer_class = CarrierSerializer
    permission_classes = [CarrierManagerPermission]
    filterset_fields = ["kind", "classification", "area"]

    def get_queryset(self) -> Any:
        return carrier_list(user=authenticated_user(self.request)).order_by("name")

    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)
        # Answer with the annotated row (occupancy, the failed-years flag), as the schema says.
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


# Residencies -------------------------------------------------------------------------------


class ResidencySerializer(serializers.ModelSerializer):
    venture = serializers.PrimaryKeyRelatedField(queryset=Venture.objects.none())
    venture_name = serializers.CharField(source="venture.name", read_only=True)
    carrier_name = serializers.CharField(source="carrier.name", read_only=True)
    stage = serializers.ChoiceField(
        choices=[Residency.Stage.NOTIFIED, Residency.Stage.RESIDENT],
        help_text="新建时的起始阶段：notified（注册前有告知）或 resident（入驻中有服务）",
    )
    services: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Residency
        fields = [
            "id",
            "venture",
            "venture_name",
            "carrier",
            "carrier_name",
            "stage",
            "notified_on",
            "entered_on",
            "graduated_on",
            "left_on",
            "space",
            "services",
            "jobs_created",
            "revenue_band",
            "funding_raised",
            "leaving_reason",
            "notes",
        ]
        read_only_fields = [
            "graduated_on",
            "left_on",
            "jobs_created",
            "revenue_band",
            "funding_raised",
            "leaving_reason",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = self.fields["venture"]
            assert isinstance(field, serializers.PrimaryKeyRelatedField)
            field.queryset = Venture.objects.for_user(authenticated_user(request))  # type: ignore[arg-type]

    def to_representation(self, instance: Residency) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["stage"] = instance.stage
        return data

    def create(self, validated_data: dict[str, Any]) -> Residency:
        return _service_call(services.residency_open, **validated_data)


class EnterSerializer(serializers.Serializer):
    entered_on = serializers.DateField()
    space = serializers.CharField(required=False, allow_blank=True, default="")


class ResultsSerializer(serializers.Serializer):
    jobs_created = serializers.IntegerField(required=False, allow_null=True, min_value=0, default=None)
    revenue_band = serializers.ChoiceField(
        choices=Residency.RevenueBand.choices, required=False, allow_blank=True, default=""
    )
    funding_raised = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0, default=None
    )


class GraduateSerializer(ResultsSerializer):
    graduated_on = serializers.DateField()


class LeaveSerializer(ResultsSerializer):
    left_on = serializers.DateField()
    reason = serializers.CharField(max_length=200)


class ResidencyViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Residencies (入驻), scoped by the venture's committee; stage transitions are actions."""

    queryset = Residency.objects.all()
    serializer_class = ResidencySerializer
    filterset_fields = ["stage", "carrier", "venture"]

    def get_queryset(self) -> Any:
        return residencies_for_user(user=authenticated_user(self.request)).prefetch_related("services").order_by("-id")

    def _transition(self, request: Request, serializer_class: type[serializers.Serializer], fn: Any) -> Response:
        residency = self.get_object()
        incoming = serializer_class(data=request.data)
        incoming.is_valid(raise_exception=True)
        updated = _service_call(fn, residency=residency, **incoming.validated_data)
        return Response(ResidencySerializer(self.get_queryset().get(pk=updated.pk), context={"request": request}).data)

    @extend_schema(request=EnterSerializer, responses=ResidencySerializer, summary="办理入驻（告知 → 入驻中）")
    @action(detail=True, methods=["post"])
    def enter(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, EnterSerializer, services.residency_enter)

    @extend_schema(request=GraduateSerializer, responses=ResidencySerializer, summary="办理毕业（入驻中 → 毕业）")
    @action(detail=True, methods=["post"])
    def graduate(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, GraduateSerializer, services.residency_graduate)

    @extend_schema(request=LeaveSerializer, responses=ResidencySerializer, summary="提前退出")
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, LeaveSerializer, services.residency_leave)


# Evaluations, grants, service points, organisations ---------------------------------------


class EvaluationSerializer(serializers.ModelSerializer):
    grade = serializers.ChoiceField(
        choices=Evaluation.Grade.choices, required=False, allow_blank=True, help_text="留空则按六项平均分评定"
    )
    average_score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "carrier",
            "year",
            "evaluated_on",
            *Evaluation.ASPECTS,
            "average_score",
            "grade",
            "evaluator",
            "notes",
        ]
        validators: list[Any] = []  # "one per carrier and year" is refused by the service in Chinese

    def create(self, validated_data: dict[str, Any]) -> Evaluation:
        scores = {name: validated_data.pop(name) for name in Evaluation.ASPECTS}
        return _service_call(
            services.evaluation_record,
            scores=scores,
            recorded_by=self.context["request"].user,
            **validated_data,
        )


class EvaluationViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Yearly service evaluations of carriers."""

    queryset = Evaluation.objects.select_related("carrier").order_by("carrier__name", "-year")
    serializer_class = EvaluationSerializer
    permission_classes = [CarrierManagerPermission]
    filterset_fields = ["carrier", "year", "grade"]


class SubsidySerializer(serializers.ModelSerializer):
    class Meta:
        model = Subsidy
        fields = ["id", "carrier", "granted_on", "amount", "basis", "notes"]

    def create(self, validated_data: dict[str, Any]) -> Subsidy:
        return _service_call(services.subsidy_grant, **validated_data)


class SubsidyViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Grants (奖补) to carriers."""

    queryset = Subsidy.objects.order_by("-granted_on", "-id")
    serializer_class = SubsidySerializer
    permission_classes = [CarrierManagerPermission]
    filterset_fields = ["carrier"]


class ServicePointSerializer(serializers.ModelSerializer):
    carrier_name = serializers.CharField(source="carrier.name", read_only=True)

    class Meta:
        model = ServicePoint
        fields = ["id", "carrier", "carrier_name", "name", "location", "opening_hours", "phone", "is_active", "staff"]


class ServicePointViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The town's service desks inside carriers (镇园联动孵化服务点)."""

    queryset = (
        ServicePoint.objects.select_related("carrier").prefetch_related("staff").order_by("carrier__name", "name")
    )
    serializer_class = ServicePointSerializer
    filterset_fields = ["carrier", "is_active"]


class ServiceOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceOrganisation
        fields = [
            "id",
            "name",
            "credit_code",
            "services",
            "service_description",
            "contact_name",
            "contact_phone",
            "is_active",
        ]


class ServiceOrganisationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Signed service organisations (创服组织)."""

    queryset = ServiceOrganisation.objects.prefetch_related("services").order_by("name")
    serializer_class = ServiceOrganisationSerializer
    filterset_fields = ["is_active"]
