"""API of job matching: employers, vacancies, recommendations (scoped) and the match lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jobmatching import selectors, services
from jobmatching.models import VACANCY_FIELDS, Employer, Recommendation, Vacancy
from jobseekers.models import Person
from zhuqiao.api import ScopedViewSetMixin
from zhuqiao.http import authenticated_user
from zhuqiao.scoping import get_for_user_or_404


class EmployerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employer
        fields = ["id", "name", "credit_code", "venture", "industry", "area", "contact_name", "caretaker"]


class VacancySerializer(serializers.ModelSerializer):
    class Meta:
        model = Vacancy
        fields = ["id", *VACANCY_FIELDS]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Same range rules as the model's constraints, as 400 field errors instead of a 500."""

        def value(name: str) -> Any:
            return attrs.get(name, getattr(self.instance, name, None))

        errors = {}
        if value("pay_min") is not None and value("pay_max") is not None and value("pay_max") < value("pay_min"):
            errors["pay_max"] = "月薪上限不能低于下限。"
        if value("age_min") is not None and value("age_max") is not None and value("age_max") < value("age_min"):
            errors["age_max"] = "最高年龄不能低于最低年龄。"
        if value("closes_on") is not None and value("opens_on") is not None and value("closes_on") < value("opens_on"):
            errors["closes_on"] = "截止日期不能早于开始日期。"
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class RecommendationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    person_id_number = serializers.CharField(source="person.masked_id_number", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "person",
            "person_name",
            "person_id_number",
            "vacancy",
            "source",
            "stage",
            "recommended_on",
            "interview_on",
            "decided_on",
            "reason",
            "score",
            "employment",
        ]
        read_only_fields = ["stage", "recommended_on", "interview_on", "decided_on", "reason", "score", "employment"]


class MoveSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Recommendation.Stage.choices)
    on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    score = serializers.IntegerField()
    fits = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


def _match_row(pk: int, label: str, match: Any) -> dict[str, Any]:
    """One row of ``MatchSerializer``: the other side of the match, its score and the reasons."""
    return {
        "id": pk,
        "label": label,
        "score": match.score,
        "fits": match.fits,
        "reasons": [f"{points:+d} {reason}" for points, reason in match.reasons],
    }


class ServiceWritesMixin:
    """Creates and updates go through the app's services (model validation included); records
    are closed by status rather than deleted, so the API offers no DELETE."""

    http_method_names: Any = ["get", "post", "put", "patch", "head", "options"]
    request: Any
    _save: Callable[[Any], Any]  # each viewset names its service

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = self._save(serializer.Meta.model(**serializer.validated_data))

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        serializer.instance = self._save(instance)


class EmployerViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Local employers (用人单位)."""

    queryset = Employer.objects.select_related("area")
    serializer_class = EmployerSerializer

    def _save(self, instance: Any) -> Any:
        return services.employer_save(employer=instance)


class VacancyViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Vacancies (岗位); ``/candidates/`` ranks the worklist job seekers who fit."""

    queryset = Vacancy.objects.select_related("employer", "area")
    serializer_class = VacancySerializer
    filterset_fields = ["status", "industry", "employer"]

    def _save(self, instance: Any) -> Any:
        return services.vacancy_save(vacancy=instance, by=authenticated_user(self.request))

    @extend_schema(responses=MatchSerializer(many=True))
    @action(detail=True, methods=["get"])
    def candidates(self, request: Request, pk: str | None = None) -> Response:
        vacancy = self.get_object()
        rows = selectors.candidates_for_vacancy(
            vacancy=vacancy, user=authenticated_user(request), today=timezone.localdate()
        )
        return Response(
            [
                _match_row(person["id"], f"{person['name']} {person['id_number_masked']}", match)
                for person, match in rows
            ]
        )


class RecommendationViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Recommendations of persons to vacancies, scoped like the persons; ``/move/`` changes stage."""

    queryset = Recommendation.objects.select_related("person", "vacancy")
    serializer_class = RecommendationSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["stage", "vacancy", "person"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = get_for_user_or_404(Person, authenticated_user(request), pk=serializer.validated_data["person"].pk)
        try:
            recommendation = services.recommendation_create(
                person=person,
                vacancy=serializer.validated_data["vacancy"],
                by=authenticated_user(request),
                today=timezone.localdate(),
                source=serializer.validated_data.get("source", Recommendation.Source.STAFF),
            )
        except DjangoValidationError as error:
            return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(recommendation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MoveSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        recommendation = self.get_object()
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            moved = services.recommendation_move(
                recommendation=recommendation,
                by=authenticated_user(request),
                **data.validated_data,
            )
        except DjangoValidationError as error:
            return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(moved).data)


class PersonMatchViewSet(viewsets.ViewSet):
    """Open vacancies ranked for one job seeker, each with the reasons of its score."""

    @extend_schema(
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="人员编号")],
        responses=MatchSerializer(many=True),
    )
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        person = get_for_user_or_404(Person, authenticated_user(request), pk=pk)
        rows = selectors.matches_for_person(person=person, today=timezone.localdate())
        return Response(
            [
                _match_row(vacancy["id"], f"{vacancy['employer__name']} · {vacancy['title']}", match)
                for vacancy, match in rows
            ]
        )
