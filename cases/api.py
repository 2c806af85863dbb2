"""API of casework: cases (read, filtered like the inboxes) and their follow-ups, scoped."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.models import Case, FollowUp, ServiceType
from entrepreneurs.models import Venture
from jobseekers.models import Person
from zhuqiao.api import ScopedViewSetMixin
from zhuqiao.http import authenticated_user
from zhuqiao.models import Department
from zhuqiao.scoping import get_for_user_or_404


class CaseSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.name", read_only=True)
    area = serializers.CharField(source="area.code", read_only=True)
    department = serializers.CharField(source="department.name", read_only=True, allow_null=True)
    referred_to = serializers.CharField(source="referred_to.name", read_only=True, allow_null=True)
    owner = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "ref",
            "category",
            "service",
            "person",
            "venture",
            "subject",
            "area",
            "department",
            "referred_to",
            "owner",
            "opened_on",
            "status",
            "outcome",
            "closed_on",
            "next_follow_up_on",
            "is_overdue",
        ]

    def get_owner(self, obj: Case) -> str | None:
        return str(obj.owner) if obj.owner_id else None

    def get_subject(self, obj: Case) -> str:
        return str(obj.subject)

    def get_is_overdue(self, obj: Case) -> bool:
        return obj.is_overdue()


class FollowUpSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["id", "case", "noted_on", "note", "next_follow_up_on", "author"]

    def get_author(self, obj: FollowUp) -> str | None:
        return str(obj.author) if obj.author_id else None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        noted, following = attrs.get("noted_on"), attrs.get("next_follow_up_on")
        if noted and following and following < noted:
            raise ValidationError({"next_follow_up_on": _("下次跟进日期不能早于本次跟进日期。")})
        return attrs


class CaseCreateSerializer(serializers.Serializer):
    """Log a case about one person or one venture (the quick log of the subject panel)."""

    service = serializers.PrimaryKeyRelatedField(queryset=ServiceType.objects.filter(is_active=True))
    person = serializers.IntegerField(required=False, allow_null=True)
    venture = serializers.IntegerField(required=False, allow_null=True)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), required=False, allow_null=True
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("person")) == bool(attrs.get("venture")):
            raise ValidationError(_("服务对象必须是一个人员或一个创业组织（二选一）。"))
        return attrs


class TransitionSerializer(serializers.Serializer):
    """One workflow step: start, refer (department + note), accept, close (outcome), cancel (note)."""

    action = serializers.ChoiceField(choices=list(services.TRANSITIONS))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    outcome = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), required=False, allow_null=True
    )


CASE_FILTERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=description)
    for name, description in [
        ("status", "new / in_progress / referred / closed / cancelled / open"),
        ("service", "服务事项 id"),
        ("category", "startup / employment"),
        ("area", "居村委 id 或编码"),
        ("department", "承办或被转介部门 id"),
        ("owner", "me：仅本人经办"),
        ("overdue", "1：仅逾期"),
        ("q", "编号或服务对象名称"),
    ]
]


@extend_schema_view(
    list=extend_schema(parameters=CASE_FILTERS),
    create=extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer}),
)
class CaseViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Service cases the user may see, filtered with the inboxes' parameters; log one; move one
    along its workflow."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer

    def get_queryset(self) -> QuerySet[Case]:
        return selectors.case_list(user=authenticated_user(self.request), filters=self.request.query_params)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CaseCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        person = (
            get_for_user_or_404(Person, authenticated_user(request), pk=data["person"]) if data.get("person") else None
        )
        venture = (
            get_for_user_or_404(Venture, authenticated_user(request), pk=data["venture"])
            if data.get("venture")
            else None
        )
        case = services.case_quick_log(
            service=data["service"],
            opened_by=authenticated_user(request),
            note=data["note"],
            person=person,
            venture=venture,
            department=data.get("department"),
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Refused transitions answer 400 with the reason in Chinese; nothing changes."""
        case = self.get_object()
        incoming = TransitionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            case = services.case_transition(case=case, user=authenticated_user(request), **incoming.validated_data)
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}) from error
        return Response(CaseSerializer(case).data)


class FollowUpViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Follow-up notes of the cases the user may see; ``?case=<id>`` narrows to one case."""

    queryset = FollowUp.objects.select_related("author").order_by("-noted_on", "-id")
    serializer_class = FollowUpSerializer
    filterset_fields = ["case"]

    def perform_create(self, serializer: serializers.BaseSerializer[FollowUp]) -> None:
        data = serializer.validated_data
        case = get_for_user_or_404(Case, authenticated_user(self.request), pk=data["case"].pk)
        try:
            serializer.instance = services.follow_up_add(
                case=case,
                author=authenticated_user(self.request),
                note=data["note"],
                noted_on=data["noted_on"],
                next_follow_up_on=data.get("next_follow_up_on"),
            )
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from error
