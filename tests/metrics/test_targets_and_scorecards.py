"""Targets per committee and per department, hand-computed: in the export, the API and the
scorecards (committees × indicators, departments × indicators)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from metrics.services import metrics_compute, target_set
from metrics.targets import band, committee_scorecard, department_scorecard
from tests.factories.activities import ActivityFactory, TrainingCohortFactory
from tests.factories.metrics import TargetFactory
from tests.metrics.test_pages_and_api import NOW, seed
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def targeted(area_a, area_b, department):  # type: ignore[no-untyped-def]
    """A01: 2 graduates, 1 employed (50.0 %), 1 policy venture; A02: 1 graduate employed (100.0 %).
    Town: 3 graduates, 2 employed (66.7 %)."""
    seed(area_a, area_b)
    TargetFactory(year=2025, code="successful_entrepreneurs", value=10)
    TargetFactory(year=2025, code="clearance_graduate_rate", value=90)
    TargetFactory(year=2025, code="clearance_graduate_rate", area=area_a, value=80)
    TargetFactory(year=2025, code="clearance_graduate_rate", area=area_b, value=100)
    TargetFactory(year=2025, code="policy_ventures", area=area_a, value=4)
    TargetFactory(year=2025, code="successful_entrepreneurs", area=area_b, value=2)
    TargetFactory(year=2025, code="activities", department=department, value=4)
    ActivityFactory(organiser=department, held_on=D(2025, 3, 1), actual_participants=30)
    ActivityFactory(organiser=department, held_on=D(2025, 6, 30), actual_participants=20)
    ActivityFactory(organiser=department, held_on=D(2025, 7, 1), actual_participants=99)  # after the period
    TrainingCohortFactory(organiser=department, start_date=D(2025, 5, 1), end_date=D(2025, 5, 31))
    with time_machine.travel(NOW, tick=False):
        return metrics_compute(year=2025, as_of=D(2025, 6, 30))


def _export() -> dict:  # type: ignore[type-arg]
    out = io.StringIO()
    call_command("export_metrics", "--year", "2025", "--as-of", "2025-06-30", stdout=out)
    return json.loads(out.getvalue())


def test_committee_targets_give_target_and_completion_in_that_committee_only(targeted) -> None:  # type: ignore[no-untyped-def]
    document = _export()
    a01, a02, town = document["areas"]["A01"], document["areas"]["A02"], document["town"]
    # 50.0 / 80 = 62.5 ; 1 / 4 = 25.0 ; 100.0 / 100 = 100.0 ; 0 / 2 = 0.0 ; town 66.7 / 90 = 74.1
    assert (a01["clearance_graduate_rate_target"], a01["clearance_graduate_rate_completion"]) == (80.0, 62.5)
    assert (a01["policy_ventures_target"], a01["policy_ventures_completion"]) == (4, 25.0)
    assert (a02["clearance_graduate_rate_target"], a02["clearance_graduate_rate_completion"]) == (100.0, 100.0)
    assert (a02["successful_entrepreneurs_target"], a02["successful_entrepreneurs_completion"]) == (2, 0.0)
    assert (town["clearance_graduate_rate_target"], town["clearance_graduate_rate_completion"]) == (90.0, 74.1)
    # not derived from the town's target, and no key where no target exists for that scope
    assert a01["successful_entrepreneurs_target"] is None and a01["successful_entrepreneurs_completion"] is None
    assert "policy_ventures_target" not in a02 and "policy_ventures_target" not in town
    assert town["successful_entrepreneurs_target"] == 10


def test_the_api_carries_the_same_targets(targeted, api_client_for, centre_user) -> None:  # type: ignore[no-untyped-def]
    response = api_client_for(centre_user).get("/api/v1/metrics/", {"year": 2025, "as_of": "2025-06-30"})
    assert response.status_code == 200
    assert response.json()["areas"]["A01"]["clearance_graduate_rate_completion"] == 62.5


def test_the_committee_scorecard_shows_value_target_completion_and_band(targeted, area_a) -> None:  # type: ignore[no-untyped-def]
    rows = {row["key"]: {c.code: c for c in row["cells"]} for row in committee_scorecard(targeted)}
    cell = rows["A01"]["clearance_graduate_rate"]
    assert (cell.value, cell.target, cell.completion, cell.band) == (50.0, 80.0, 62.5, "band-behind")
    cell = rows["A02"]["clearance_graduate_rate"]
    assert (cell.value, cell.target, cell.completion, cell.band) == (100.0, 100.0, 100.0, "band-met")
    assert rows["A02"]["policy_ventures"].band == "band-none"
    assert [band(79.9), band(80), band(99.9), band(100), band(None)] == [
        "band-behind",
        "band-near",
        "band-near",
        "band-met",
        "band-none",
    ]


def test_the_department_scorecard_counts_the_department_work_of_the_period(targeted, department) -> None:  # type: ignore[no-untyped-def]
    rows = {row["key"]: {c.code: c for c in row["cells"]} for row in department_scorecard(targeted)}
    youth = rows[department.code]
    # two activities in [2025-01-01, 2025-06-30] (the third is on 1 July): 2 / 4 = 50.0
    assert (youth["activities"].value, youth["activities"].target, youth["activities"].completion) == (2, 4, 50.0)
    assert youth["activity_participants"].value == 50
    assert youth["training_cohorts"].value == 1


def test_scorecard_pages_render_sortable_bands_without_inline_style(targeted, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader_user)
    for kind in ("committees", "departments"):
        response = client.get(reverse("metrics:scorecard", args=[kind]), {"year": 2025, "as_of": "2025-06-30"})
        page = response.content.decode()
        assert response.status_code == 200
        assert ' style="' not in page and "onclick" not in page
        assert "sort-button" in page and "metrics/scorecard.js" in page
    page = client.get(reverse("metrics:scorecard", args=["committees"]), {"year": 2025}).content.decode()
    assert 'class="band-behind" data-code="clearance_graduate_rate"' in page


def test_committee_staff_see_only_their_own_committee_row(targeted, client_for, committee_user_a) -> None:  # type: ignore[no-untyped-def]
    client = client_for(committee_user_a)
    page = client.get(reverse("metrics:scorecard", args=["committees"]), {"year": 2025}).content.decode()
    assert 'data-key="A01"' in page and 'data-key="A02"' not in page
    assert client.get(reverse("metrics:scorecard", args=["departments"]), {"year": 2025}).status_code == 404


def test_the_scorecard_exports_to_excel_with_the_same_cells_and_is_audited(targeted, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    response = client_for(leader_user).get(reverse("metrics:scorecard_xlsx", args=["committees"]), {"year": 2025})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    # columns: code, name, then (value, target, completion) per indicator; the graduate rate is the 5th
    graduate = 2 + 4 * 3
    assert rows["A01"][graduate : graduate + 3] == (50, 80, 62.5)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="metrics.scorecard").exists()


def test_a_target_is_for_the_town_a_committee_or_a_department_never_two(area_a, department) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError

    target_set(year=2026, code="activities", value=5)
    target_set(year=2026, code="activities", value=3, department=department)
    target_set(year=2026, code="activities", value=1, area=area_a)
    target_set(year=2026, code="activities", value=6)  # changes the town's, not the others
    from metrics.models import Target

    assert sorted(Target.objects.filter(year=2026).values_list("value", flat=True)) == [1, 3, 6]
    with pytest.raises(IntegrityError):
        Target.objects.create(year=2026, code="meetings", value=1, area=area_a, department=department)


def test_scorecard_signoff_and_panel_query_counts_do_not_grow_with_committees(
    targeted, area_a, client_for, centre_user, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import AreaFactory

    client = client_for(centre_user)
    pages = [
        (reverse("metrics:scorecard", args=["committees"]), {"year": 2025}),
        (reverse("metrics:scorecard", args=["departments"]), {"year": 2025}),
        (reverse("metrics:signoffs"), {"year": 2025}),
        (reverse("metrics:official_panel"), {"year": 2025}),
    ]
    counts = []
    for url, params in pages:
        with django_assert_max_num_queries(16) as captured:
            assert client.get(url, params).status_code == 200
        counts.append(len(captured.captured_queries))
    for index in range(3, 13):
        area = AreaFactory(code=f"A{index:02d}")
        TargetFactory(year=2025, code="policy_ventures", area=area, value=1)
    with time_machine.travel(NOW, tick=False):
        metrics_compute(year=2025, as_of=D(2025, 6, 30), with_month_ends=False)
    for (url, params), before in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(before) as captured:
            assert client.get(url, params).status_code == 200
