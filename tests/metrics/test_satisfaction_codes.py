"""Satisfaction (工作满意度, METRICS.md): hand-computed for the town, each committee and each
department, with the year-earlier figures; on the export, the API, the dashboard and drill-down."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from cases.models import SatisfactionRating
from metrics import definitions as d
from metrics.dashboard import build_dashboard
from metrics.selectors import snapshot_current, snapshot_document
from metrics.services import metrics_compute
from tests.factories.cases import CaseFactory
from tests.factories.jobseekers import PersonFactory

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2025, 7, 1, 10, 0, tzinfo=datetime.UTC)


def rate(area, department, score: int, at: datetime.datetime, comment: str = "") -> SatisfactionRating:  # type: ignore[no-untyped-def]
    case = CaseFactory(person=PersonFactory(area=area), department=department)
    rating = SatisfactionRating.objects.create(case=case, score=score, comment=comment)
    SatisfactionRating.objects.filter(pk=rating.pk).update(rated_at=at)
    return rating


@pytest.fixture
def rated(area_a, area_b, department, other_department):  # type: ignore[no-untyped-def]
    """2025 (to 30 June): A01 5, 4 (department) and 2 (other department); A02 3 at 23:30 on
    30 June in Shanghai, and 1 at 00:30 on 1 July (outside). 2024 (to 30 June): A01 3, 4, 1, all
    by the department; a 5 of 2 July 2024 is outside the year-earlier period."""
    rate(area_a, department, 5, datetime.datetime(2025, 3, 1, 9, tzinfo=SHANGHAI), "办事很快")
    rate(area_a, department, 4, datetime.datetime(2025, 4, 1, 9, tzinfo=SHANGHAI))
    rate(area_a, other_department, 2, datetime.datetime(2025, 5, 1, 9, tzinfo=SHANGHAI), "等了很久")
    rate(area_b, None, 3, datetime.datetime(2025, 6, 30, 23, 30, tzinfo=SHANGHAI))
    rate(area_b, None, 1, datetime.datetime(2025, 7, 1, 0, 30, tzinfo=SHANGHAI))
    for score, day in ((3, datetime.date(2024, 2, 1)), (4, datetime.date(2024, 6, 30)), (1, datetime.date(2024, 5, 5))):
        rate(area_a, department, score, datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI))
    rate(area_a, department, 5, datetime.datetime(2024, 7, 2, 10, tzinfo=SHANGHAI))
    with time_machine.travel(NOW, tick=False):
        metrics_compute(year=2025, as_of=datetime.date(2025, 6, 30), with_month_ends=False)
    return snapshot_current(year=2025, as_of=datetime.date(2025, 6, 30))


def test_a_mean_is_rounded_half_away_from_zero_to_two_decimals() -> None:
    assert d.mean(33, 8) == Decimal("4.13")  # 4.125
    assert d.mean(11, 3) == Decimal("3.67")
    assert d.mean(0, 0) is None
    assert d.difference(Decimal("3.50"), Decimal("2.67")) == Decimal("0.83")


def test_the_town_committee_and_department_figures_are_those_computed_by_hand(
    rated, department, other_department
) -> None:  # type: ignore[no-untyped-def]
    document = snapshot_document(rated)
    town = document["town"]
    # this year: 5, 4, 2, 3 -> 4 ratings, 2 of 4 or 5, mean 14/4; last year: 3, 4, 1
    assert (town["satisfaction_ratings"], town["satisfaction_rate"], town["satisfaction_mean"]) == (4, 50.0, 3.5)
    assert (town["satisfaction_ratings_last"], town["satisfaction_rate_last"], town["satisfaction_mean_last"]) == (
        3,
        33.3,
        2.67,
    )
    assert town["satisfaction_ratings_yoy"] == 33.3  # growth (4 - 3) / 3
    assert town["satisfaction_rate_yoy"] == 16.7  # points 50.0 - 33.3
    assert town["satisfaction_mean_yoy"] == 0.83  # 3.50 - 2.67
    a01, a02 = document["areas"]["A01"], document["areas"]["A02"]
    assert (a01["satisfaction_ratings"], a01["satisfaction_rate"], a01["satisfaction_mean"]) == (3, 66.7, 3.67)
    assert a01["satisfaction_rate_yoy"] == 33.4  # 66.7 - 33.3
    assert (a02["satisfaction_ratings"], a02["satisfaction_rate"], a02["satisfaction_mean"]) == (1, 0.0, 3.0)
    assert a02["satisfaction_ratings_last"] == 0
    assert a02["satisfaction_ratings_yoy"] is None and a02["satisfaction_rate_last"] is None
    assert a02["satisfaction_rate_yoy"] is None and a02["satisfaction_mean_yoy"] is None
    ours, theirs = document["departments"][department.code], document["departments"][other_department.code]
    assert set(ours) == set(d.DEPARTMENT_CODES)
    assert (ours["satisfaction_ratings"], ours["satisfaction_rate"], ours["satisfaction_mean"]) == (2, 100.0, 4.5)
    assert (ours["satisfaction_rate_last"], ours["satisfaction_mean_last"]) == (33.3, 2.67)
    assert (ours["satisfaction_rate_yoy"], ours["satisfaction_mean_yoy"]) == (66.7, 1.83)
    assert (theirs["satisfaction_ratings"], theirs["satisfaction_rate"], theirs["satisfaction_mean"]) == (1, 0.0, 2.0)
    assert theirs["satisfaction_ratings_last"] == 0 and theirs["satisfaction_mean_last"] is None


def test_the_export_and_the_api_carry_the_departments_key(
    rated, client_for, api_client_for, leader_user, department
) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("export_metrics", "--year", "2025", "--as-of", "2025-06-30", stdout=out)
    exported = json.loads(out.getvalue())
    assert exported["departments"][department.code]["satisfaction_mean"] == 4.5
    api = api_client_for(leader_user).get("/api/v1/metrics/", {"year": 2025, "as_of": "2025-06-30"})
    assert api.status_code == 200
    assert api.json()["departments"] == exported["departments"]
    assert api.json()["areas"]["A01"]["satisfaction_rate"] == 66.7


def test_the_dashboard_shows_satisfaction_for_the_town_each_committee_and_each_department(
    rated, area_a, department
) -> None:  # type: ignore[no-untyped-def]
    town = build_dashboard(snapshot=rated, area=None, area_ids=None)
    assert (town.card("satisfaction_rate").value, town.card("satisfaction_rate").yoy) == (50.0, 16.7)
    assert town.card("satisfaction_mean").value == 3.5
    row = next(row for row in town.departments if row.code == department.code)
    assert (row.ratings, row.rate, row.rate_yoy, row.mean) == (2, 100.0, 66.7, 4.5)
    assert f"department={department.code}" in row.href
    committee = build_dashboard(snapshot=rated, area=area_a, area_ids=[area_a.pk])
    assert committee.card("satisfaction_rate").value == 66.7
    assert committee.departments == []


def test_the_drill_down_lists_the_rated_cases_with_their_comments(rated, client_for, leader_user, department) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader_user)
    page = client.get("/dashboard/drill/satisfaction_rate/", {"year": 2025, "as_of": "2025-06-30"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 4
    assert "办事很快" in page.content.decode() and "等了很久" in page.content.decode()
    by_department = client.get(
        "/dashboard/drill/satisfaction_rate/", {"year": 2025, "as_of": "2025-06-30", "department": department.code}
    )
    assert [r.score for r in by_department.context["page"]] == [4, 5]
    assert by_department.context["value"] == 100.0
    last_year = client.get("/dashboard/drill/satisfaction_ratings_last/", {"year": 2025, "as_of": "2025-06-30"})
    assert sorted(r.score for r in last_year.context["page"]) == [1, 3, 4]


def test_committee_staff_see_their_committees_ratings_only(rated, client_for, committee_user_a) -> None:  # type: ignore[no-untyped-def]
    page = client_for(committee_user_a).get(
        "/dashboard/drill/satisfaction_ratings/", {"year": 2025, "as_of": "2025-06-30"}
    )
    assert page.status_code == 200
    assert sorted(r.score for r in page.context["page"]) == [2, 4, 5]
