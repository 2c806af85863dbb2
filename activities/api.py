"""API of activities and evidence (/api/v1/activities/, /api/v1/evidence/).

Every staff member reads them (leaders too); centre staff write all, department staff only
their own department's records. Named participants are exposed as a count only: their names
are personal data scoped like the person, which this endpoint is not.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets

from activities import selectors, services
from activities.models import Activity, Attachment, Evidence, TargetGroup, may_record_for
from zhuqiao.api import ScopedViewSetMixin, query_year
from zhuqiao.http import authenticated_user
from zhuqiao.models import Department


def _pk(department: Department | None) -> int | None:
    return department.pk if department is not None else None


def _raise_validation(exc: DjangoValidationError) -> None:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    raise serializers.ValidationError(detail) from exc


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "original_name", "content_type", "size", "caption", "uploaded_at", "url"]

    def get_url(self, obj: Attachment) -> str:
        return obj.get_absolute_url()


class TargetGroupsField(serializers.ListField):
    """The target groups of an activity as a list of codes (stored as rows of their own)."""

    child = serializers.ChoiceField(choices=TargetGroup.choices)

    def to_representation(self, data: Any) -> list[Any]:
        if hasattr(data, "all"):
            data = sorted(g.group for g in data.all())
        return super().to_representation(data)


class ActivitySerializer(serializers.ModelSerializer):
    target_groups = TargetGroupsField(required=False, help_text=_("重点群体代码列表"))
    partners = serializers.PrimaryKeyRelatedField(many=True, queryset=Department.objects.all(), required=False)
    named_participants = serializers.IntegerField(
        source="named_count", read_only=True, help_text=_("已登记姓名的参与者人数")
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "title",
            "held_on",
            "place",
            "organiser",
            "partners",
            "target_groups",
            "planned_participants",
            "actual_participants",
            "named_participants",
            "employers",
            "posts_offered",
            "offers_made",
            "outcome",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            *services.EVIDENCE_FIELDS,
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        amount = attrs.get("amount", getattr(self.instance, "amount", None))
        if kind == Evidence.Kind.FUNDS and not amount:
            raise serializers.ValidationError({"amount": _("资金投入必须填写金额。")})
        return attrs


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description=_("活动年度"))],
        description=_("活动列表（全体工作人员可查看）。"),
    )
)
class ActivityViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Activities (活动): indicator 5's records."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    filterset_fields = ["kind", "organiser"]

    def get_queryset(self) -> QuerySet[Activity]:
        qs = (
            super()
            .get_queryset()
            .select_related("organiser")
            .prefetch_related("partners", "target_groups", "attachments")
            .annotate(named_count=selectors.named_count())
            .order_by("-held_on", "-id")
        )
        year = query_year(self.request)
        if year is not None:
            qs = qs.filter(held_on__year=year)
        return qs

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        if not may_record_for(authenticated_user(self.request), _pk(data.get("organiser"))):
            raise exceptions.PermissionDenied(_("您只能登记本部门主办的活动。"))
        try:
            activity = services.activity_create(user=authenticated_user(self.request), **data)
        except DjangoValidationError as exc:
            _raise_validation(exc)
        serializer.instance = self.get_queryset().get(pk=activity.pk)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        activity = serializer.instance
        assert activity is not None
        if not activity.can_be_edited_by(authenticated_user(self.request)):
            raise exceptions.PermissionDenied(_("您只能修改本部门主办的活动。"))
        data = dict(serializer.validated_data)
        if "organiser" in data and not may_record_for(authenticated_user(self.request), _pk(data["organiser"])):
            raise exceptions.PermissionDenied(_("您只能登记本部门主办的活动。"))
        try:
            services.activity_update(
                activity=Activity.objects.get(pk=activity.pk),
                partners=data.pop("partners", None),
                target_groups=data.pop("target_groups", None),
                **data,
            )
        except DjangoValidationError as exc:
            _raise_validation(exc)
        serializer.instance = self.get_queryset().get(pk=activity.pk)

    def perform_destroy(self, instance: Activity) -> None:
        if not instance.can_be_edited_by(authenticated_user(self.request)):
            raise exceptions.PermissionDenied(_("您只能删除本部门主办的活动。"))
        services.activity_delete(activity=instance)


@extend_schema_view(list=extend_schema(description=_("佐证材料列表，可按指标、年度、类型、部门筛选。")))
class EvidenceViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Evidence (佐证材料) filed under an indicator and year."""

    queryset = Evidence.objects.all()
    serializer_class = EvidenceSerializer
    filterset_fields = ["indicator", "year", "kind", "department"]

    def get_queryset(self) -> QuerySet[Evidence]:
        return (
            super()
            .get_queryset()
            .select_related("department", "brand")
            .prefetch_related("attachments")
            .order_by("year", "indicator", "dated_on", "id")
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        if not may_record_for(authenticated_user(self.request), _pk(data.get("department"))):
            raise exceptions.PermissionDenied(_("您只能登记本部门的佐证材料。"))
        try:
            serializer.instance = services.evidence_create(user=authenticated_user(self.request), **data)
        except DjangoValidationError as exc:
            _raise_validation(exc)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        evidence = serializer.instance
        assert evidence is not None
        data = dict(serializer.validated_data)
        if not evidence.can_be_edited_by(authenticated_user(self.request)) or (
            "department" in data and not may_record_for(authenticated_user(self.request), _pk(data["department"]))
        ):
            raise exceptions.PermissionDenied(_("您只能修改本部门的佐证材料。"))
        try:
            serializer.instance = services.evidence_update(evidence=Evidence.objects.get(pk=evidence.pk), **data)
        except DjangoValidationError as exc:
            _raise_validation(exc)

    def perform_destroy(self, instance: Evidence) -> None:
        if not instance.can_be_edited_by(authenticated_user(self.request)):
            raise exceptions.PermissionDenied(_("您只能删除本部门的佐证材料。"))
        services.evidence_delete(evidence=instance)
