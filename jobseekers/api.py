"""The register's API: persons, households, memberships and employments under /api/v1/.

Every queryset is the user's scope (a record outside it is a 404); ID numbers and mobile numbers
are returned masked, the full values only through ``POST persons/{id}/reveal/``, which is audited.
Nothing is deleted through the API: memberships and employments end with an end date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from jobseekers import selectors, services
from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification
from jobseekers.validators import require_region_confirmed, validate_id_number, validate_mobile, validate_person_name
from zhuqiao.access import registrar
from zhuqiao.api import ScopedViewSetMixin
from zhuqiao.http import authenticated_user
from zhuqiao.models import Area
from zhuqiao.permissions import StaffReadPermission
from zhuqiao.scoping import areas_for

_T = TypeVar("_T")


def _drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


def _via_service(call: Callable[[], _T]) -> _T:
    """Run a service; its validation errors become the API's 400 answer."""
    try:
        return call()
    except DjangoValidationError as exc:
        raise _drf_error(exc) from None


def _merged(instance: Any, validated_data: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The fields a (partial) update sends, the stored values for the others."""
    return {f: validated_data.get(f, getattr(instance, f)) for f in fields}


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key that accepts only records the requesting user may see."""

    def get_queryset(self) -> Any:
        queryset: Any = super().get_queryset()
        return queryset.for_user(self.context["request"].user)


class AreaCodeField(serializers.SlugRelatedField):
    """A committee by its code (``A01``), limited to those the user may file records under."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Area.objects.all(), **kwargs)

    def get_queryset(self) -> Any:
        return areas_for(self.context["request"].user)


class PersonSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(
        write_only=True, required=False, help_text="18位居民身份证号；只在登记时写入，读取时只返回脱敏值。"
    )
    id_number_masked = serializers.CharField(read_only=True, help_text="脱敏身份证号，如 310***********1234")
    region_confirmed = serializers.BooleanField(
        write_only=True, required=False, help_text="地区代码不在国家行政区划代码中时，与证件核对无误后传 true。"
    )
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, help_text="11位手机号")
    phone_masked = serializers.CharField(source="masked_phone", read_only=True)
    area = AreaCodeField()
    household = ScopedRelatedField(queryset=Household.objects.all(), required=False, allow_null=True)
    url = serializers.HyperlinkedIdentityField(view_name="jobseekers-api-person-detail")

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "name",
            "id_number",
            "id_number_masked",
            "region_confirmed",
            "sex",
            "birth_date",
            "phone",
            "phone_masked",
            "area",
            "household",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["sex", "birth_date", "created_at", "updated_at"]

    def validate_id_number(self, value: str) -> str:
        if self.instance is not None:
            raise serializers.ValidationError("身份证号登记后不可修改。")
        confirmed = str(self.initial_data.get("region_confirmed", "")).lower() in ("true", "1", "on")
        try:
            number = validate_id_number(value)
            require_region_confirmed(number, confirmed=confirmed)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        existing = services.person_find_duplicate(id_number=number)
        if existing is not None:
            user = self.context["request"].user
            if Person.objects.for_user(user).filter(pk=existing.pk).exists():
                raise serializers.ValidationError(f"该身份证号已登记：/people/{existing.pk}/")
            raise serializers.ValidationError("该身份证号已在其他居村委登记，请联系镇社区事务受理服务中心。")
        return number

    def validate_name(self, value: str) -> str:
        try:
            return validate_person_name(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def validate_phone(self, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return validate_mobile(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and not attrs.get("id_number"):
            raise serializers.ValidationError({"id_number": "请填写身份证号。"})
        household = attrs.get("household")
        area = attrs.get("area") or getattr(self.instance, "area", None)
        if household is not None and area is not None and household.area_id != area.pk:
            raise serializers.ValidationError({"household": "家庭所在居村委与人员所在居村委不一致。"})
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Person:
        return _via_service(
            lambda: services.person_create(
                name=validated_data["name"],
                id_number=validated_data["id_number"],
                area=validated_data["area"],
                phone=validated_data.get("phone", ""),
                household=validated_data.get("household"),
            )
        )

    def update(self, instance: Person, validated_data: dict[str, Any]) -> Person:
        return _via_service(
            lambda: services.person_update(
                person=instance, **_merged(instance, validated_data, ("name", "area", "phone", "household"))
            )
        )


class PersonSearchSerializer(serializers.Serializer):
    """The person list's filters, sent in the body so that a full ID or mobile number never
    appears in a URL (and so in no access log)."""

    q = serializers.CharField(required=False, allow_blank=True, help_text="姓名、身份证号（全号或后4位）或手机号")
    area = serializers.CharField(required=False, allow_blank=True, help_text="居村委编码")
    group = serializers.CharField(required=False, allow_blank=True, help_text="重点群体类别")
    willing = serializers.CharField(required=False, allow_blank=True, help_text="1 有意愿 / 0 无意愿")
    employed = serializers.CharField(required=False, allow_blank=True, help_text="1 在业 / 0 未就业")
    household = serializers.CharField(required=False, allow_blank=True, help_text="户号")
    sort = serializers.CharField(
        required=False, allow_blank=True, help_text="name, area, birth, created；前缀 - 为倒序"
    )


class TransferRequestSerializer(serializers.Serializer):
    to_area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.filter(is_active=True), help_text="转入居村委编码"
    )
    with_household = serializers.BooleanField(default=True, help_text="全户一并转移（默认）；否则本人离开原家庭")
    reason = serializers.CharField(max_length=200, help_text="转移原因")


class TransferSerializer(serializers.Serializer):
    moved = serializers.ListField(child=serializers.IntegerField(), help_text="转移的人员编号")
    to_area = serializers.CharField()


class RevealRequestSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["id_number", "phone"], default="id_number")


class RevealSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class CertificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ZeroEmploymentCertification
        fields = ["id", "certified_on", "willing"]


class HouseholdSerializer(serializers.ModelSerializer):
    area = AreaCodeField()
    certifications = CertificationSerializer(many=True, read_only=True)
    members: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Household
        fields = ["id", "household_no", "area", "address", "members", "certifications", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def create(self, validated_data: dict[str, Any]) -> Household:
        return _via_service(lambda: services.household_create(**validated_data))

    def update(self, instance: Household, validated_data: dict[str, Any]) -> Household:
        return _via_service(
            lambda: services.household_update(
                household=instance, **_merged(instance, validated_data, ("household_no", "area", "address"))
            )
        )


class MembershipSerializer(serializers.ModelSerializer):
    person = ScopedRelatedField(queryset=Person.objects.all())

    class Meta:
        model = TargetGroupMembership
        fields = [
            "id",
            "person",
            "group",
            "start_date",
            "end_date",
            "willing",
            "unwilling_reason",
            "reconfirm_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators: list[Any] = []  # the natural key is checked by the model in the service

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for fixed in ("person", "group"):
                if fixed in attrs and attrs[fixed] != getattr(self.instance, fixed):
                    raise serializers.ValidationError({fixed: "人员和类别不可修改；请结束此身份并新增一条。"})
        willing = attrs.get("willing", getattr(self.instance, "willing", True))
        if not willing:
            reason = attrs.get("unwilling_reason", getattr(self.instance, "unwilling_reason", ""))
            reconfirm = attrs.get("reconfirm_on", getattr(self.instance, "reconfirm_on", None))
            errors = {}
            if not (reason or "").strip():
                errors["unwilling_reason"] = "无就业意愿必须填写原因。"
            if not reconfirm:
                errors["reconfirm_on"] = "无就业意愿必须填写意愿复核日期。"
            if errors:
                raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data: dict[str, Any]) -> TargetGroupMembership:
        return _via_service(lambda: services.membership_add(**validated_data))

    def update(self, instance: TargetGroupMembership, validated_data: dict[str, Any]) -> TargetGroupMembership:
        data = _merged(
            instance, validated_data, ("start_date", "end_date", "willing", "unwilling_reason", "reconfirm_on")
        )
        return _via_service(lambda: services.membership_update(membership=instance, **data))


class EmploymentSerializer(serializers.ModelSerializer):
    person = ScopedRelatedField(queryset=Person.objects.all())

    class Meta:
        model = Employment
        fields = ["id", "person", "kind", "employer", "start_date", "end_date", "note", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "person" in attrs and attrs["person"] != self.instance.person:
            raise serializers.ValidationError({"person": "就业记录的人员不可修改。"})
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Employment:
        return _via_service(lambda: services.employment_record(**validated_data))

    def update(self, instance: Employment, validated_data: dict[str, Any]) -> Employment:
        data = _merged(instance, validated_data, ("start_date", "kind", "employer", "end_date", "note"))
        return _via_service(lambda: services.employment_update(employment=instance, **data))


class NoDeleteViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Read and write; no delete (history is kept: end a record with its end date)."""


PERSON_FILTERS = [
    OpenApiParameter("q", str, description="姓名、身份证号后4位、手机号（或完整身份证号，按摘要精确匹配）"),
    OpenApiParameter("area", str, description="居村委编码，如 A01"),
    OpenApiParameter("group", str, enum=TargetGroupMembership.Group.values, description="当前有效的重点群体身份"),
    OpenApiParameter("willing", str, enum=["1", "0"], description="当前身份有/无就业意愿"),
    OpenApiParameter("employed", str, enum=["1", "0"], description="今天在业/未就业"),
    OpenApiParameter("household", str, description="户号"),
    OpenApiParameter("sort", str, description="name, area, birth, created；前缀 - 为倒序"),
]


@extend_schema_view(list=extend_schema(parameters=PERSON_FILTERS))
class PersonViewSet(NoDeleteViewSet):
    """Persons of the register (居民), masked; filters as on the person list page."""

    queryset = Person.objects.select_related("area", "household")
    serializer_class = PersonSerializer

    def get_queryset(self) -> Any:
        if self.action == "list":
            return selectors.person_list(user=authenticated_user(self.request), filters=self.request.query_params)
        return super().get_queryset()

    def perform_create(self, serializer: Any) -> None:
        if not registrar(authenticated_user(self.request)):
            raise PermissionDenied("只有中心和居村委工作人员可以登记人员。")
        serializer.save()

    @extend_schema(request=PersonSearchSerializer, responses={200: PersonSerializer(many=True)})
    @action(detail=False, methods=["post"], permission_classes=[StaffReadPermission])
    def search(self, request: Request) -> Response:
        """The person list searched with the filters in the body: the way to search by a full ID
        or mobile number, which the query string refuses (it would land in access logs)."""
        filters = PersonSearchSerializer(data=request.data)
        filters.is_valid(raise_exception=True)
        persons = selectors.person_list(user=authenticated_user(request), filters=filters.validated_data)
        page = self.paginate_queryset(persons)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=RevealRequestSerializer, responses={200: RevealSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str | None = None) -> Response:
        """The full ID number (or mobile number) of this person; needs the reveal permission; audited."""
        person = self.get_object()
        data = RevealRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        field = data.validated_data["field"]
        try:
            value = services.person_reveal(person=person, user=authenticated_user(request), field=field)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        response = Response({"field": field, "value": value}, status=status.HTTP_200_OK)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=TransferRequestSerializer, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str | None = None) -> Response:
        """转出/转入: move this person (by default with the household) to another committee;
        centre staff only; audited."""
        person = self.get_object()
        if not services.may_transfer(authenticated_user(request)):
            raise PermissionDenied("转出/转入须由中心工作人员办理。")
        data = TransferRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        moved = _via_service(
            lambda: services.person_transfer(
                person=person,
                to_area=data.validated_data["to_area"],
                by=authenticated_user(request),
                reason=data.validated_data["reason"],
                with_household=data.validated_data["with_household"],
            )
        )
        return Response({"moved": [p.pk for p in moved], "to_area": data.validated_data["to_area"].code})


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="户号开头或地址"),
            OpenApiParameter("area", str, description="居村委编码"),
            OpenApiParameter("certified", str, enum=["1", "0"], description="是否有零就业家庭认定"),
        ]
    )
)
class HouseholdViewSet(NoDeleteViewSet):
    """Households (家庭) with their members' ids and their zero-employment certifications."""

    queryset = Household.objects.select_related("area").prefetch_related("certifications", "members")
    serializer_class = HouseholdSerializer

    def get_queryset(self) -> Any:
        if self.action == "list":
            return selectors.household_list(
                user=authenticated_user(self.request), filters=self.request.query_params
            ).prefetch_related("certifications", "members")
        return super().get_queryset()

    def perform_create(self, serializer: Any) -> None:
        if not registrar(authenticated_user(self.request)):
            raise PermissionDenied("只有中心和居村委工作人员可以登记家庭。")
        serializer.save()


class MembershipViewSet(NoDeleteViewSet):
    """Target-group memberships (重点群体身份); end one by setting ``end_date``."""

    queryset = TargetGroupMembership.objects.select_related("person").order_by("-start_date", "pk")
    serializer_class = MembershipSerializer
    filterset_fields = ["person", "group", "willing"]


class EmploymentViewSet(NoDeleteViewSet):
    """Employment records (就业记录); end one by setting ``end_date``."""

    queryset = Employment.objects.select_related("person").order_by("-start_date", "pk")
    serializer_class = EmploymentSerializer
    filterset_fields = ["person", "kind"]
