"""The counted paginator: a list that knows its count pages without a second COUNT(*)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhuqiao.models import Area
from zhuqiao.pagination import CountedPaginator

pytestmark = pytest.mark.django_db


def _areas(n: int) -> None:
    Area.objects.bulk_create(Area(code=f"T{i:03d}", name=f"测试村{i}") for i in range(n))


def test_a_known_count_pages_without_counting() -> None:
    _areas(30)
    paginator = CountedPaginator(Area.objects.order_by("code"), 20, count=30)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(2)
        names = [area.code for area in page.object_list]
    assert (paginator.num_pages, len(names), names[0]) == (2, 10, "T020")
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_without_a_count_it_counts_like_django() -> None:
    _areas(5)
    paginator = CountedPaginator(Area.objects.order_by("code"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 5 and paginator.num_pages == 3
    assert any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
