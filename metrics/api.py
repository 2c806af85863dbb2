"""GET /api/v1/metrics/?year=Y&as_of=YYYY-MM-DD: the metrics export document of METRICS.md."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from metrics.permissions import dashboard_area_ids, may_see_dashboard
from metrics.selectors import snapshot_current, snapshot_document_cached
from metrics.signoff import document_signatures, official_snapshot
from zhuqiao.http import authenticated_user
from zhuqiao.periods import parse_as_of, parse_year


class MetricsDocumentSerializer(serializers.Serializer):
    """The snapshot: town-wide codes and, per committee code, the codes of indicator 1 and of
    the clearance goals. Numbers are JSON numbers (null when undefined: a zero base, no target)."""

    year = serializers.IntegerField()
    as_of = serializers.DateField()
    computed_at = serializers.DateTimeField()
    town = serializers.DictField(child=serializers.FloatField(allow_null=True))
    areas = serializers.DictField(child=serializers.DictField(child=serializers.FloatField(allow_null=True)))
    signed = serializers.DictField(child=serializers.CharField(), allow_null=True)
    signed_areas = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))
    departments = serializers.DictField(
        child=serializers.DictField(child=serializers.FloatField(allow_null=True)),
        help_text="按部门编码：满意度指标（satisfaction_*）",
    )


class MetricsView(APIView):
    """The current metrics snapshot of a year (as of a date), exactly as ``export_metrics`` prints it.

    Committee staff receive the town figures and their own committee only.
    """

    serializer_class = MetricsDocumentSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="年度（默认本年）"),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="统计截止日期（默认该年度最新快照）"),
            OpenApiParameter("official", OpenApiTypes.INT, description="1：只返回已确认（签字）的月末快照，没有时 404"),
        ],
        responses=MetricsDocumentSerializer,
        examples=[
            OpenApiExample(
                "2025",
                value={
                    "year": 2025,
                    "as_of": "2025-12-31",
                    "computed_at": "2026-01-01T02:00:00+08:00",
                    "town": {"policy_ventures": 41, "policy_ventures_yoy": 17.1, "clearance_graduate_rate": 96.3},
                    "areas": {"A01": {"policy_ventures": 3, "satisfaction_rate": 92.3}},
                    "departments": {"youth_league": {"satisfaction_ratings": 26, "satisfaction_mean": 4.42}},
                },
            )
        ],
    )
    def get(self, request: Request) -> Response:
        if not may_see_dashboard(authenticated_user(request)):
            raise PermissionDenied("您没有查看指标的权限。")
        try:
            year = parse_year(request.query_params.get("year")) or timezone.localdate().year
            as_of = parse_as_of(request.query_params.get("as_of"))
        except ValueError:
            raise ValidationError({"detail": "参数格式错误：year 为四位年份，as_of 为 YYYY-MM-DD。"}) from None
        area_ids = dashboard_area_ids(authenticated_user(request))
        if request.query_params.get("official") in ("1", "true"):
            # the signed snapshot of the period (the committee's sign-off for committee staff)
            snapshot = official_snapshot(year=year, as_of=as_of, area_id=area_ids[0] if area_ids else None)
            if snapshot is None:
                raise NotFound("该期间还没有已确认（签字）的指标快照。")
        else:
            snapshot = snapshot_current(year=year, as_of=as_of)
            if snapshot is None:
                raise NotFound("该年度（截止日期）还没有指标快照。")
        document = snapshot_document_cached(snapshot, area_ids=area_ids)
        return Response({**document, **document_signatures(snapshot, area_ids=area_ids)})
