from __future__ import annotations

from factory.django import DjangoModelFactory

from metrics.models import Target


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target
        django_get_or_create = ("year", "code", "area", "department")

    year = 2025
    code = "successful_entrepreneurs"
    area = None
    department = None
    value = 40
