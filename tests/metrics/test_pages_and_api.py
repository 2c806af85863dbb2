"""Dashboard, drill-downs, API, commands and report: shapes, scoping and query counts."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from entrepreneurs.models import Policy
from jobseekers.models import TargetGroupMembership
from metrics import definitions as d
from metrics.models import Snapshot, Target
from metrics.services import metrics_compute
from tests.factories import AreaFactory
from tests.factories.entrepreneurs import PolicyBenefitFactory, PolicyFactory, VentureFactory
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory
from tests.factories.metrics import TargetFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2025, 7, 1, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Shanghai


def seed(area_a, area_b, graduates_a: int = 2, graduates_b: int = 1) -> None:  # type: ignore[no-untyped-def]
    district = PolicyFactory(name="区级补贴", level=Policy.Level.DISTRICT)
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), policy=district, granted_on=D(2025, 3, 1))
    for area, count in ((area_a, graduates_a), (area_b, graduates_b)):
        for index in range(count):
            person = PersonFactory(area=area, name=f"毕业生{area.code}{index}")
            MembershipFactory(person=person, group=TargetGroupMembership.Group.GRADUATE, start_date=D(2025, 6, 20))
            if index == 0:
                EmploymentFactory(person=person, start_date=D(2025, 6, 25))


@pytest.fixture
def computed(area_a, area_b):  # type: ignore[no-untyped-def]
    seed(area_a, area_b)
    TargetFactory(year=2025, code="successful_entrepreneurs", value=10)
    with time_machine.travel(NOW, tick=False):
        metrics_compute(year=2025, as_of=D(2025, 6, 30))
    return area_a, area_b


def test_export_prints_the_document_of_metrics_md(computed) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("export_metrics", "--year", "2025", "--as-of", "2025-06-30", stdout=out)
    document = json.loads(out.getvalue())
    assert list(document) == ["year", "as_of", "computed_at", "town", "areas", "departments", "signed", "signed_areas"]
    assert document["signed"] is None and document["signed_areas"] == {}
    assert document["year"] == 2025 and document["as_of"] == "2025-06-30"
    assert document["computed_at"] == "2025-07-01T10:00:00+08:00"
    assert set(document["town"]) == set(d.TOWN_CODES)
    assert document["town"]["policy_ventures"] == 1 and isinstance(document["town"]["policy_ventures"], int)
    assert document["town"]["clearance_graduate_rate"] == 66.7
    assert document["town"]["successful_entrepreneurs_target"] == 10
    assert document["town"]["successful_entrepreneurs_completion"] == 0.0
    assert set(document["areas"]) == {"A01", "A02"}
    for values in document["areas"].values():
        assert set(values) == set(d.AREA_CODES)
    assert document["areas"]["A01"]["clearance_graduate_rate"] == 50.0
    assert document["areas"]["A02"]["policy_ventures"] == 0  # no data: zero, not missing
    assert document["areas"]["A02"]["policy_ventures_yoy"] is None


def test_export_without_a_snapshot_says_so_in_chinese(area_a) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="还没有指标快照"):
        call_command("export_metrics", "--year", "2019")


def test_recompute_command_computes_synchronously_without_a_worker(area_a) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("recompute_metrics", "--year", "2024", "--as-of", "2024-02-29", stdout=out)
    assert Snapshot.objects.filter(year=2024, as_of=D(2024, 2, 29), is_current=True).exists()
    assert "2024-02-29" in out.getvalue()


def test_api_returns_the_same_document_as_the_export(computed, api_client_for, centre_user) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("export_metrics", "--year", "2025", "--as-of", "2025-06-30", stdout=out)
    response = api_client_for(centre_user).get("/api/v1/metrics/", {"year": 2025, "as_of": "2025-06-30"})
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


def test_api_gives_committee_staff_the_town_and_their_own_committee(computed, api_client_for, committee_user_b) -> None:  # type: ignore[no-untyped-def]
    response = api_client_for(committee_user_b).get("/api/v1/metrics/", {"year": 2025})
    assert response.status_code == 200
    assert list(response.json()["areas"]) == ["A02"]


def test_api_refuses_department_staff_and_reports_bad_input(
    computed, api_client_for, department_user, centre_user
) -> None:  # type: ignore[no-untyped-def]
    assert api_client_for(department_user).get("/api/v1/metrics/", {"year": 2025}).status_code == 403
    bad = api_client_for(centre_user).get("/api/v1/metrics/", {"year": 2025, "as_of": "30/06/2025"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["detail"]
    assert api_client_for(centre_user).get("/api/v1/metrics/", {"year": 2019}).status_code == 404


def test_api_query_count_does_not_grow_with_committees(
    computed, api_client_for, centre_user, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = api_client_for(centre_user)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/metrics/", {"year": 2025}).status_code == 200
    for index in range(3, 13):
        AreaFactory(code=f"A{index:02d}")
    with time_machine.travel(NOW, tick=False):
        metrics_compute(year=2025, as_of=D(2025, 6, 30), with_month_ends=False)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/metrics/", {"year": 2025})
    assert len(response.json()["areas"]) == 12


def test_leader_sees_cards_with_yoy_target_and_how_counted_notes(computed, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    response = client_for(leader_user).get(reverse("metrics:dashboard"), {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    for code in d.HEADLINES:
        assert f'data-code="{code}"' in html
    assert "口径说明" in html and str(d.METRICS["policy_ventures"].note) in html
    assert "66.7%" in html  # graduate clearance rate
    assert "数据截至 2025-06-30" in html
    assert 'id="metrics-data"' in html
    assert "重新计算 2025 年指标" in html  # leaders read records only; they may refresh the figures (issue 20)


def test_committee_staff_see_only_their_committee_dashboard(computed, client_for, committee_user_a) -> None:  # type: ignore[no-untyped-def]
    client = client_for(committee_user_a)
    response = client.get(reverse("metrics:dashboard"), {"year": 2025})
    html = response.content.decode()
    assert response.status_code == 200
    assert "演示01村" in html and "50.0%" in html  # A01's graduate rate
    assert 'id="ranking-table"' not in html
    assert client.get(reverse("metrics:dashboard"), {"year": 2025, "area": "A02"}).status_code == 404


def test_committee_staff_of_another_committee_get_404_on_its_worklist(computed, client_for, committee_user_b) -> None:  # type: ignore[no-untyped-def]
    url = reverse("metrics:drill", args=["clearance_graduate_rate"])
    client = client_for(committee_user_b)
    assert client.get(url, {"year": 2025, "area": "A01"}).status_code == 404
    own = client.get(url, {"year": 2025})
    assert own.status_code == 200
    html = own.content.decode()
    assert "毕业生A01" not in html  # A01's names never shown to A02 staff
    assert "共 0 条" in html  # A02's only graduate is employed


def test_drill_from_graduate_rate_lists_the_worklist_masked(computed, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    url = reverse("metrics:drill", args=["clearance_graduate_rate"])
    response = client_for(leader_user).get(url, {"year": 2025, "as_of": "2025-06-30"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "毕业生A011" in html and "毕业生A010" not in html  # A01's employed graduate is not on it
    assert "共 1 条" in html
    assert "********" in html  # ID numbers masked


def test_drill_lists_base_and_employed_on_request(computed, client_for, centre_user) -> None:  # type: ignore[no-untyped-def]
    url = reverse("metrics:drill", args=["clearance_graduate_rate"])
    client = client_for(centre_user)
    assert "共 3 条" in client.get(url, {"year": 2025, "list": "base"}).content.decode()
    assert "共 2 条" in client.get(url, {"year": 2025, "list": "done"}).content.decode()
    ventures = client.get(reverse("metrics:drill", args=["policy_ventures"]), {"year": 2025}).content.decode()
    assert "共 1 条" in ventures


def test_dashboard_query_count_does_not_grow_with_data(
    computed, client_for, centre_user, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(centre_user)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("metrics:dashboard"), {"year": 2025}).status_code == 200
    area_a, area_b = computed
    seed(area_a, area_b, graduates_a=10, graduates_b=10)
    for index in range(3, 13):
        AreaFactory(code=f"A{index:02d}")
    with time_machine.travel(NOW, tick=False):
        metrics_compute(year=2025, as_of=D(2025, 6, 30))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("metrics:dashboard"), {"year": 2025}).status_code == 200


def test_department_staff_cannot_open_the_dashboard(computed, client_for, department_user) -> None:  # type: ignore[no-untyped-def]
    assert client_for(department_user).get(reverse("metrics:dashboard")).status_code == 403


def test_report_page_pdf_and_workbook(computed, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader_user)
    page = client.get(reverse("metrics:report", args=[2025]))
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("政策落实", "组织实施", "载体建设", "品牌打造", "氛围营造", "典型培育", "特色成效", "零就业家庭"):
        assert label in html
    pdf = client.get(reverse("metrics:report_pdf", args=[2025]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(p.extract_text() for p in reader.pages)
    for label in ("政策落实", "特色成效", "应届毕业生"):
        assert label in text
    fonts = {str(font) for p in reader.pages for font in (p["/Resources"].get("/Font") or {}).values()}
    assert fonts  # fonts are embedded
    xlsx = client.get(reverse("metrics:report_xlsx", args=[2025]))
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:3] == ["评估指标", "清零目标", "佐证材料"]
    goals = list(book["清零目标"].values)
    assert goals[3][:4] == ("应届毕业生", 3, 2, 66.7)


def test_committee_staff_cannot_open_the_town_report(computed, client_for, committee_user_a) -> None:  # type: ignore[no-untyped-def]
    assert client_for(committee_user_a).get(reverse("metrics:report", args=[2025])).status_code == 403


def test_targets_are_unique_per_year_and_code(area_a) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError, transaction

    Target.objects.create(year=2025, code="policy_ventures", value=Decimal(10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(year=2025, code="policy_ventures", value=Decimal(12))


def test_centre_staff_recompute_from_the_dashboard_and_see_the_progress(
    area_a, client_for, centre_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from metrics.models import RecomputeRun

    client = client_for(centre_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("metrics:recompute"), {"year": 2024}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        html = response.content.decode()
        assert "hx-get" in html and "排队中" in html  # the fragment polls until the run is done
        again = client.post(reverse("metrics:recompute"), {"year": 2024}, HTTP_HX_REQUEST="true")
        assert again.status_code == 200  # a second click joins the queued run
    assert len(callbacks) == 1
    run = RecomputeRun.objects.get()
    assert run.status == RecomputeRun.Status.DONE
    status = client.get(reverse("metrics:recompute_status", args=[run.pk]))
    assert 'data-progress="100"' in status.content.decode()
    assert status.status_code == 200 and "hx-get" not in status.content.decode()  # polling stops when done
    assert Snapshot.objects.filter(year=2024, as_of=D(2024, 12, 31), is_current=True).exists()


def test_the_dashboard_reloaded_after_a_run_still_tells_its_requester_it_is_done(
    area_a, client_for, centre_user, leader_user
) -> None:  # type: ignore[no-untyped-def]
    """The banner reloads the page once the run's snapshot is current; the page then has no
    active run, and must still say the run this person started is done (for ten minutes)."""
    from django.utils import timezone

    from metrics.models import RecomputeRun

    year = timezone.localdate().year
    finished = timezone.now() - datetime.timedelta(minutes=2)
    RecomputeRun.objects.create(
        year=year, status=RecomputeRun.Status.DONE, progress=100, requested_by=centre_user, finished_at=finished
    )
    html = client_for(centre_user).get(reverse("metrics:dashboard")).content.decode()
    assert 'data-run-status="done"' in html and 'aria-valuenow="100"' in html
    assert 'hx-get="/dashboard/recompute/' not in html  # nothing left to poll
    # someone else's run is not theirs to be told about
    assert 'data-run-status="done"' not in client_for(leader_user).get(reverse("metrics:dashboard")).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        assert (
            'data-run-status="done"' not in client_for(centre_user).get(reverse("metrics:dashboard")).content.decode()
        )


def test_a_running_recompute_keeps_polling(area_a, client_for, centre_user) -> None:  # type: ignore[no-untyped-def]
    from metrics.models import RecomputeRun

    run = RecomputeRun.objects.create(year=2024, status=RecomputeRun.Status.RUNNING, progress=40)
    html = client_for(centre_user).get(reverse("metrics:recompute_status", args=[run.pk])).content.decode()
    assert "hx-get" in html and 'data-progress="40"' in html


def test_leaders_may_start_a_recompute_and_committee_staff_may_not(  # type: ignore[no-untyped-def]
    area_a, client_for, leader_user, committee_user_a, django_capture_on_commit_callbacks
) -> None:
    """A recompute changes no record, it refreshes the figures leadership reads (issue 20)."""
    from metrics.models import RecomputeRun

    leader = client_for(leader_user)
    assert "重新计算 2024 年指标" in leader.get(reverse("metrics:dashboard"), {"year": 2024}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = leader.post(reverse("metrics:recompute"), {"year": 2024}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    run = RecomputeRun.objects.get()
    assert run.requested_by == leader_user and run.status == RecomputeRun.Status.DONE
    refused = client_for(committee_user_a).post(reverse("metrics:recompute"), {"year": 2024})
    assert refused.status_code == 403 and RecomputeRun.objects.count() == 1


def test_a_failing_run_is_marked_failed_and_keeps_the_snapshots(area_a) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    from metrics import counting
    from metrics.models import RecomputeRun
    from metrics.services import recompute_run_claim
    from metrics.tasks import recompute_metrics

    run, _created = recompute_run_claim(year=2024, reason="dashboard")
    with mock.patch.object(counting, "households", side_effect=RuntimeError("boom")), pytest.raises(RuntimeError):
        recompute_metrics.apply(kwargs={"year": 2024, "run_id": run.pk})
    run.refresh_from_db()
    assert run.status == RecomputeRun.Status.FAILED and "boom" in run.message
    assert not Snapshot.objects.exists()


def test_the_dashboard_is_served_from_the_cache_until_a_new_snapshot_or_target(
    computed, client_for, centre_user, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(centre_user)
    first = client.get(reverse("metrics:dashboard"), {"year": 2025}).content.decode()
    with django_assert_max_num_queries(11):
        cached = client.get(reverse("metrics:dashboard"), {"year": 2025}).content.decode()
    assert 'data-code="clearance_graduate_rate"' in cached and "66.7%" in cached
    assert first.count("metric-card") == cached.count("metric-card")
    TargetFactory(year=2025, code="clearance_graduate_rate", value=80)
    changed = client.get(reverse("metrics:dashboard"), {"year": 2025}).content.decode()
    assert "83.4%" in changed  # 66.7 / 80: a new target shows at once
