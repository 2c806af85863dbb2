"""Pages: who may see and change what, occupancy on the list, the venture panel, query counts."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from incubators.models import Carrier, Evaluation, Residency
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.incubators import CarrierFactory, EvaluationFactory, ResidencyFactory, ServicePointFactory
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_the_list_shows_occupancy_as_ventures_in_residence_over_capacity(client_for, centre_user):
    carrier = CarrierFactory(name="祝桥航空产业孵化器", capacity_desks=6, capacity_rooms=2)
    ResidencyFactory.create_batch(3, carrier=carrier)
    ResidencyFactory(carrier=carrier, stage=Residency.Stage.NOTIFIED, entered_on=None)
    ResidencyFactory(
        carrier=carrier,
        stage=Residency.Stage.GRADUATED,
        entered_on=datetime.date(2024, 1, 1),
        graduated_on=datetime.date(2025, 1, 1),
    )
    response = client_for(centre_user).get("/carriers/")
    assert response.status_code == 200
    row, occupancy = next((c, o) for c, o in response.context["rows"] if c.pk == carrier.pk)
    assert (row.in_residence, row.capacity, row.notified, row.graduated) == (3, 8, 1, 1)
    assert str(occupancy) == "37.5"
    overview = response.context["overview"]
    assert overview["in_residence"] == 3 and overview["capacity"] == 8 and str(overview["occupancy"]) == "37.5"
    assert {value: n for value, _label, n in overview["by_stage"]} == {
        "notified": 1,
        "resident": 3,
        "graduated": 1,
        "left": 0,
    }
    assert 'data-progress="37.5"' in response.content.decode()


def test_the_carrier_list_queries_do_not_grow_with_its_rows(client_for, centre_user, django_assert_max_num_queries):
    for _n in range(3):
        carrier = CarrierFactory()
        ResidencyFactory(carrier=carrier)
        EvaluationFactory(carrier=carrier)
    client = client_for(centre_user)
    with django_assert_max_num_queries(14) as few:
        client.get("/carriers/")
    for _n in range(12):
        carrier = CarrierFactory()
        ResidencyFactory.create_batch(2, carrier=carrier)
        EvaluationFactory(carrier=carrier, year=2024, grade="C")
        EvaluationFactory(carrier=carrier, year=2025, grade="C")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/carriers/")
    assert "连续两年不合格" in response.content.decode()


def test_the_carrier_page_queries_do_not_grow_with_its_records(client_for, centre_user, django_assert_max_num_queries):
    carrier = CarrierFactory()
    ResidencyFactory(carrier=carrier)
    EvaluationFactory(carrier=carrier)
    ServicePointFactory(carrier=carrier)
    client = client_for(centre_user)
    with django_assert_max_num_queries(20) as few:
        client.get(f"/carriers/{carrier.pk}/")
    ResidencyFactory.create_batch(10, carrier=carrier)
    for year in (2022, 2023, 2024):
        EvaluationFactory(carrier=carrier, year=year)
    ServicePointFactory.create_batch(3, carrier=carrier)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/carriers/{carrier.pk}/").status_code == 200


def test_committee_staff_see_only_their_committees_residencies_on_a_carrier_page(
    client_for, committee_user_a, area_a, area_b
):
    carrier = CarrierFactory()
    own = ResidencyFactory(carrier=carrier, venture=VentureFactory(area=area_a, name="本村企业"))
    ResidencyFactory(carrier=carrier, venture=VentureFactory(area=area_b, name="外村企业"))
    page = client_for(committee_user_a).get(f"/carriers/{carrier.pk}/").content.decode()
    assert own.venture.name in page and "外村企业" not in page


def test_committee_staff_of_another_committee_get_404_for_a_residency_and_the_probe_is_audited(
    client_for, committee_user_b, area_a
):
    residency = ResidencyFactory(venture=VentureFactory(area=area_a))
    client = client_for(committee_user_b)
    assert client.get(f"/carriers/residencies/{residency.pk}/").status_code == 404
    assert (
        client.post(f"/carriers/residencies/{residency.pk}/graduate/", {"graduated_on": "2026-06-01"}).status_code
        == 404
    )
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED, object_id=str(residency.pk)).exists()
    residency.refresh_from_db()
    assert residency.stage == Residency.Stage.RESIDENT


def test_the_venture_panel_shows_the_current_stage_and_is_scoped(
    client_for, committee_user_a, committee_user_b, area_a
):
    venture = VentureFactory(area=area_a)
    ResidencyFactory(
        venture=venture,
        stage=Residency.Stage.GRADUATED,
        entered_on=datetime.date(2023, 1, 1),
        graduated_on=datetime.date(2024, 1, 1),
    )
    current = ResidencyFactory(venture=venture, carrier=CarrierFactory(name="东方航空物流众创空间"))
    response = client_for(committee_user_a).get(f"/carriers/panel/?venture={venture.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, not a page
    assert current.carrier.name in html and "入驻中有服务" in html and "入驻后有收获" in html
    assert client_for(committee_user_b).get(f"/carriers/panel/?venture={venture.pk}").status_code == 404
    assert client_for(committee_user_a).get("/carriers/panel/?venture=abc").status_code == 404


def test_stage_transitions_through_the_forms_and_a_refusal_shown_in_chinese(client_for, committee_user_a, area_a):
    venture = VentureFactory(area=area_a)
    carrier = CarrierFactory()
    client = client_for(committee_user_a)
    response = client.post(
        f"/carriers/{carrier.pk}/residencies/new/",
        {"venture": venture.credit_code, "stage": "notified", "notified_on": "2026-03-01"},
    )
    residency = Residency.objects.get(venture=venture)
    assert response.status_code == 302
    response = client.post(f"/carriers/residencies/{residency.pk}/enter/", {"entered_on": "2026-02-01"})
    assert response.status_code == 400
    assert "入驻日期不能早于告知日期" in response.content.decode()
    client.post(f"/carriers/residencies/{residency.pk}/enter/", {"entered_on": "2026-04-01"})
    client.post(f"/carriers/residencies/{residency.pk}/graduate/", {"graduated_on": "2026-06-01", "jobs_created": "4"})
    residency.refresh_from_db()
    assert residency.stage == Residency.Stage.GRADUATED
    assert (residency.entered_on, residency.graduated_on, residency.jobs_created) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 1),
        4,
    )


def test_a_venture_of_another_committee_cannot_be_registered(client_for, committee_user_b, area_a):
    venture = VentureFactory(area=area_a)
    response = client_for(committee_user_b).post(
        f"/carriers/{CarrierFactory().pk}/residencies/new/",
        {"venture": venture.credit_code, "stage": "notified", "notified_on": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "未找到统一社会信用代码" in response.content.decode()
    assert not Residency.objects.exists()


def test_only_centre_staff_and_admins_keep_carriers(client_for, committee_user_a, leader_user, centre_user, admin_user):
    data = {
        "name": "祝桥农业科技基地",
        "kind": "agricultural_base",
        "classification": "town",
        "established_on": "2021-05-01",
        "capacity_desks": "0",
        "capacity_rooms": "12",
        "focus_industries": ["agritech"],
    }
    assert client_for(committee_user_a).post("/carriers/new/", data).status_code == 403
    assert client_for(leader_user).get("/carriers/").status_code == 200
    assert client_for(leader_user).post("/carriers/new/", data).status_code == 403
    assert client_for(centre_user).post("/carriers/new/", data).status_code == 302
    carrier = Carrier.objects.get(name="祝桥农业科技基地")
    assert carrier.focus_industries == ["agritech"] and carrier.capacity == 12
    assert client_for(admin_user).get(f"/carriers/{carrier.pk}/edit/").status_code == 200


def test_an_evaluation_form_without_grade_grades_by_average(client_for, centre_user):
    carrier = CarrierFactory()
    data = dict.fromkeys(Evaluation.ASPECTS, "50")
    data.update(year="2025", evaluated_on="2026-01-10", evaluator="浦东新区人社局评估组")
    response = client_for(centre_user).post(f"/carriers/{carrier.pk}/evaluations/new/", data)
    assert response.status_code == 302
    assert carrier.evaluations.get().grade == "C"
    again = client_for(centre_user).post(f"/carriers/{carrier.pk}/evaluations/new/", data)
    assert "2025年度已有评估记录" in again.content.decode()


def test_bad_scores_are_refused_with_a_message(client_for, centre_user):
    carrier = CarrierFactory()
    data = dict.fromkeys(Evaluation.ASPECTS, "50")
    data.update(score_policy="130", year="2025", evaluated_on="2026-01-10", evaluator="评估组")
    response = client_for(centre_user).post(f"/carriers/{carrier.pk}/evaluations/new/", data)
    assert response.status_code == 200
    assert not carrier.evaluations.exists()


def test_department_staff_read_carriers_but_see_no_residencies(client_for, department_user):
    carrier = CarrierFactory(name="祝桥镇创业见习基地")
    residency = ResidencyFactory(carrier=carrier)
    client = client_for(department_user)
    assert "祝桥镇创业见习基地" in client.get("/carriers/").content.decode()
    assert residency.venture.name not in client.get(f"/carriers/{carrier.pk}/").content.decode()
    assert not client.get("/carriers/residencies/").context["page"].object_list
    assert client.get(f"/carriers/residencies/{residency.pk}/").status_code == 404


def test_leaders_cannot_move_a_venture_through_the_stages(client_for, leader_user):
    residency = ResidencyFactory()
    client = client_for(leader_user)
    page = client.get(f"/carriers/residencies/{residency.pk}/").content.decode()
    assert "确认毕业" not in page
    assert (
        client.post(f"/carriers/residencies/{residency.pk}/graduate/", {"graduated_on": "2026-06-01"}).status_code
        == 403
    )
    residency.refresh_from_db()
    assert residency.stage == Residency.Stage.RESIDENT


def test_a_carrier_with_open_residencies_cannot_be_closed(client_for, centre_user):
    carrier = CarrierFactory()
    ResidencyFactory(carrier=carrier)
    response = client_for(centre_user).post(
        f"/carriers/{carrier.pk}/edit/",
        {
            "name": carrier.name,
            "kind": carrier.kind,
            "classification": carrier.classification,
            "established_on": "2020-01-01",
            "closed_on": "2026-06-01",
            "capacity_desks": "6",
            "capacity_rooms": "4",
        },
    )
    assert response.status_code == 200
    assert "该载体仍有未结束的入驻" in response.content.decode()
    carrier.refresh_from_db()
    assert carrier.closed_on is None
