"""Writes of brands and their media coverage."""

from __future__ import annotations

import datetime
from typing import Any

from activities.models import Brand, BrandCoverage
from activities.services.common import _assign_fields
from zhuqiao.models import Department


def brand_create(
    *,
    name: str,
    owner: Department,
    launched_on: datetime.date,
    description: str = "",
    retired_on: datetime.date | None = None,
) -> Brand:
    brand = Brand(name=name, owner=owner, launched_on=launched_on, description=description, retired_on=retired_on)
    brand.full_clean()
    brand.save()
    return brand


BRAND_FIELDS = ("name", "owner", "launched_on", "retired_on", "description")


def brand_update(*, brand: Brand, **fields: Any) -> Brand:
    return _assign_fields(brand, fields, BRAND_FIELDS, "brand_update")


def brand_coverage_add(
    *,
    brand: Brand,
    medium: str,
    outlet: str,
    title: str,
    published_on: datetime.date,
    link: str = "",
) -> BrandCoverage:
    coverage = BrandCoverage(
        brand=brand, medium=medium, outlet=outlet, title=title, published_on=published_on, link=link
    )
    coverage.full_clean()
    coverage.save()
    return coverage
