"""Pages and API of job matching: scoping, query counts, and the recommend flow."""

from __future__ import annotations

import datetime

import pytest

from jobmatching.models import Recommendation
from tests.factories.jobmatching import ProfileFactory, VacancyFactory
from tests.factories.jobseekers import MembershipFactory, PersonFactory


@pytest.mark.django_db
def test_committee_staff_cannot_match_or_recommend_a_person_of_another_committee(
    client_for, area_a, area_b, committee_user_a
):
    other = PersonFactory(area=area_b)
    vacancy = VacancyFactory(opens_on=datetime.date(2020, 1, 1))
    client = client_for(committee_user_a)
    assert client.get(f"/jobs/people/{other.pk}/").status_code == 404
    assert client.get(f"/jobs/panel/?person={other.pk}").status_code == 404
    response = client.post("/jobs/recommend/", {"person": other.pk, "vacancy": vacancy.pk})
    assert response.status_code == 404
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_recommending_from_the_match_list_and_the_api_pipeline(client_for, api_client_for, area_a, committee_user_a):
    person = PersonFactory(area=area_a)
    ProfileFactory(person=person)
    vacancy = VacancyFactory(employer__area=area_a, opens_on=datetime.date(2020, 1, 1))
    client = client_for(committee_user_a)
    page = client.get(f"/jobs/people/{person.pk}/").content.decode()
    assert vacancy.title in page and "+25" in page  # desired job matches the title, with its reason
    response = client.post("/jobs/recommend/", {"person": person.pk, "vacancy": vacancy.pk, "score": "70"})
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.score == 70 and rec.recommended_by == committee_user_a
    api = api_client_for(committee_user_a)
    moved = api.post(f"/api/v1/jobs/recommendations/{rec.pk}/move/", {"to_stage": "hired", "on": "2026-06-02"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["employment"] is not None
    refused = api.post(f"/api/v1/jobs/recommendations/{rec.pk}/move/", {"to_stage": "declined", "on": "2026-06-03"})
    assert refused.status_code == 400


@pytest.mark.django_db
def test_the_api_ranks_vacancies_for_a_person_with_reasons(api_client_for, area_a, centre_user):
    person = PersonFactory(area=area_a)
    ProfileFactory(person=person)
    best = VacancyFactory(employer__area=area_a, opens_on=datetime.date(2020, 1, 1))
    VacancyFactory(title="厨师", industry="commerce", opens_on=datetime.date(2020, 1, 1))
    body = api_client_for(centre_user).get(f"/api/v1/jobs/matches/{person.pk}/").json()
    assert body[0]["id"] == best.pk and body[0]["score"] > body[1]["score"]
    assert any("意向岗位" in reason for reason in body[0]["reasons"])


@pytest.mark.django_db
def test_api_refuses_a_vacancy_with_pay_range_upside_down(api_client_for, centre_user, area_a):
    from tests.factories.jobmatching import EmployerFactory

    employer = EmployerFactory(area=area_a)
    response = api_client_for(centre_user).post(
        "/api/v1/jobs/vacancies/",
        {
            "employer": employer.pk,
            "title": "电工",
            "area": area_a.pk,
            "opens_on": "2026-06-01",
            "pay_min": 8000,
            "pay_max": 5000,
        },
    )
    assert response.status_code == 400 and "pay_max" in response.json()


@pytest.mark.django_db
def test_list_pages_keep_their_query_count_whatever_the_rows(
    client_for, centre_user, area_a, django_assert_max_num_queries
):
    client = client_for(centre_user)
    person = PersonFactory(area=area_a)
    for _ in range(3):
        VacancyFactory(opens_on=datetime.date(2020, 1, 1))
    with django_assert_max_num_queries(12):
        assert client.get("/jobs/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/jobs/people/{person.pk}/").status_code == 200
    for _ in range(20):
        VacancyFactory(opens_on=datetime.date(2020, 1, 1))
        seeker = PersonFactory(area=area_a)
        MembershipFactory(person=seeker, start_date=datetime.date(2025, 2, 1))
    with django_assert_max_num_queries(12):
        assert client.get("/jobs/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/jobs/people/{person.pk}/").status_code == 200
    vacancy = VacancyFactory(opens_on=datetime.date(2020, 1, 1))
    with django_assert_max_num_queries(12):
        assert client.get(f"/jobs/vacancies/{vacancy.pk}/candidates/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/jobs/placements/").status_code == 200


@pytest.mark.django_db
def test_leaders_read_but_cannot_recommend(client_for, leader_user, area_a):
    person = PersonFactory(area=area_a)
    vacancy = VacancyFactory(opens_on=datetime.date(2020, 1, 1))
    client = client_for(leader_user)
    assert client.get("/jobs/").status_code == 200
    assert client.post("/jobs/recommend/", {"person": person.pk, "vacancy": vacancy.pk}).status_code == 403


@pytest.mark.django_db
def test_api_writes_go_through_validation_and_nothing_is_deleted(api_client_for, centre_user, area_a):
    from tests.factories.jobmatching import EmployerFactory

    api = api_client_for(centre_user)
    vacancy = VacancyFactory(employer=EmployerFactory(area=area_a), opens_on=datetime.date(2026, 1, 1))
    updated = api.patch(f"/api/v1/jobs/vacancies/{vacancy.pk}/", {"posts": 4, "status": "paused"}, format="json")
    assert updated.status_code == 200 and updated.json()["posts"] == 4
    assert api.delete(f"/api/v1/jobs/vacancies/{vacancy.pk}/").status_code == 405
    created = api.post(
        "/api/v1/jobs/employers/",
        {"name": "新单位", "area": area_a.pk, "industry": "iot", "credit_code": ""},
        format="json",
    )
    assert created.status_code == 201, created.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["//evil.example/phish", "https://evil.example/phish", "/\\evil.example", "http:/evil.example"]
)
def test_recommending_never_redirects_off_site_whatever_next_says(client_for, area_a, committee_user_a, target):
    person = PersonFactory(area=area_a)
    vacancy = VacancyFactory(employer__area=area_a, opens_on=datetime.date(2020, 1, 1))
    response = client_for(committee_user_a).post(
        f"/jobs/recommend/?next={target}", {"person": person.pk, "vacancy": vacancy.pk, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/people/{person.pk}/"


@pytest.mark.django_db
def test_recommending_honours_a_next_on_this_site(client_for, area_a, committee_user_a):
    person = PersonFactory(area=area_a)
    vacancy = VacancyFactory(employer__area=area_a, opens_on=datetime.date(2020, 1, 1))
    response = client_for(committee_user_a).post(
        "/jobs/recommend/", {"person": person.pk, "vacancy": vacancy.pk, "next": f"/jobs/vacancies/{vacancy.pk}/"}
    )
    assert response["Location"] == f"/jobs/vacancies/{vacancy.pk}/"
