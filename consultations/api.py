"""Public booking API (for a WeChat mini-program or the district's systems): no login, rate
limited per phone and per address, the same services and rules as the web pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations import selectors, services
from consultations.models import Slot, Topic, TriageQuestion
from consultations.ratelimit import booking_attempt_allowed, lookup_attempt_allowed
from zhuqiao.client_address import client_ip


class PublicAPIView(APIView):
    """Anonymous: no session (hence no CSRF) and no token; abuse is held off by rate limits."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def address(self, request: Request) -> str | None:
        return client_ip(request)


class TriageQuestionSerializer(serializers.ModelSerializer):
    choices = serializers.ListField(source="choice_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = TriageQuestion
        fields = ["id", "text", "kind", "choices", "required"]


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TopicSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(read_only=True)
    triage_questions = TriageQuestionSerializer(source="questions", many=True, read_only=True)

    class Meta:
        model = Topic
        fields = [
            "code",
            "name",
            "description",
            "department",
            "what_to_bring",
            "slot_minutes",
            "min_days_ahead",
            "max_days_ahead",
            "cutoff_hours",
            "triage_questions",
        ]


class SlotSerializer(serializers.ModelSerializer):
    start = serializers.DateTimeField(source="starts_at")
    end = serializers.DateTimeField(source="ends_at")
    remaining = serializers.IntegerField()
    place = serializers.CharField(source="place.name")
    address = serializers.CharField(source="place.address")

    class Meta:
        model = Slot
        fields = ["id", "start", "end", "capacity", "remaining", "place", "address"]


class BookingCreateSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=20)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    consent = serializers.BooleanField()
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500),
        required=False,
        default=dict,
        help_text="预约问题的回答：{问题 id: 回答}",
    )
    website = serializers.CharField(required=False, allow_blank=True, default="", help_text="honeypot: must stay empty")

    def validate_phone(self, value: str) -> str:
        phone = services.normalise_phone(value)
        problem = services.phone_error(phone)
        if problem:
            raise serializers.ValidationError(problem)
        return phone

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("须同意个人信息处理规则后才能预约。"))
        return value

    def validate_website(self, value: str) -> str:
        if value:
            raise serializers.ValidationError(_("提交未通过校验。"))
        return value


class BookingCodeSerializer(serializers.Serializer):
    code = serializers.CharField()


class CancelSerializer(serializers.Serializer):
    phone_last4 = serializers.RegexField(r"^\d{4}$", error_messages={"invalid": _("请输入手机号后四位数字。")})


ERROR = inline_serializer("BookingError", fields={"detail": serializers.CharField(), "code": serializers.CharField()})


class TopicListView(PublicAPIView):
    @extend_schema(responses=TopicSerializer(many=True), summary="可预约的咨询事项")
    def get(self, request: Request) -> Response:
        return Response(TopicSerializer(selectors.topics_bookable(), many=True).data)


class SlotListView(PublicAPIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("topic", OpenApiTypes.STR, required=True, description="事项编码"),
            OpenApiParameter("date", OpenApiTypes.DATE, required=True, description="YYYY-MM-DD"),
        ],
        responses={200: SlotSerializer(many=True), 400: OpenApiResponse(description="参数错误")},
        summary="某事项某日可预约的时段",
    )
    def get(self, request: Request) -> Response:
        errors = {}
        try:
            day = parse_date(request.query_params.get("date", "") or "")
        except ValueError:
            day = None
        if day is None:
            errors["date"] = [_("请提供日期，格式 YYYY-MM-DD。")]
        topic = selectors.topics_bookable().filter(code=request.query_params.get("topic", "")).first()
        if topic is None:
            errors["topic"] = [_("没有该事项。")]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        assert topic is not None and day is not None
        slots = selectors.slots_bookable(topic=topic, now=timezone.now(), day=day)
        return Response(SlotSerializer(slots, many=True).data)


class BookingCreateView(PublicAPIView):
    @extend_schema(
        request=BookingCreateSerializer,
        responses={
            201: BookingCodeSerializer,
            400: OpenApiResponse(description="字段错误 {field: [message]}"),
            403: ERROR,
            409: ERROR,
            429: ERROR,
        },
        summary="预约一个时段",
    )
    def post(self, request: Request) -> Response:
        serializer = BookingCreateSerializer(data=request.data)
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        data = serializer.validated_data
        if not booking_attempt_allowed(phone=data["phone"], address=self.address(request)):
            return Response(
                {"detail": _("提交过于频繁，请稍后再试。"), "code": "rate_limited"},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        try:
            booking = services.booking_create(
                slot_id=data["slot"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                note=data["note"],
                consent=data["consent"],
                answers=data["answers"],
                source="api",
            )
        except (services.SlotFull, services.AlreadyBooked) as exc:
            return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
        except services.PhoneBlocked as exc:
            return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_403_FORBIDDEN)
        except services.BookingError as exc:
            return Response({exc.field or "non_field_errors": [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"code": booking.code}, status=status.HTTP_201_CREATED)


class BookingCancelView(PublicAPIView):
    @extend_schema(
        request=CancelSerializer,
        responses={
            200: inline_serializer(
                "CancelledBooking", fields={"code": serializers.CharField(), "status": serializers.CharField()}
            ),
            400: OpenApiResponse(description="字段错误"),
            404: ERROR,
            409: ERROR,
            429: ERROR,
        },
        summary="凭手机号后四位取消预约",
    )
    def post(self, request: Request, code: str) -> Response:
        serializer = CancelSerializer(data=request.data)
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        if not lookup_attempt_allowed(address=self.address(request)):
            return Response(
                {"detail": _("查询过于频繁，请稍后再试。"), "code": "rate_limited"},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        booking = selectors.booking_for_resident(
            code=services.normalise_code(code), phone_last4=serializer.validated_data["phone_last4"]
        )
        if booking is None:
            # The same answer for an unknown code and a wrong phone: nothing to learn by guessing.
            return Response(
                {"detail": _("未找到预约：请核对预约码和手机号后四位。"), "code": "not_found"},
                status=status.HTTP_404_NOT_FOUND,
            )
        try:
            booking = services.booking_cancel(booking=booking)
        except services.BookingError as exc:
            return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
        return Response({"code": booking.code, "status": booking.status})
