"""Who sees which case: committees, departments (with referrals), the centre; and the inboxes."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from cases.models import Case
from cases.services import case_open, case_transition, follow_up_add
from tests.factories import UserFactory
from tests.factories.cases import CaseFactory
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import AuditEntry, Department, User


def test_receiving_department_sees_a_referred_case_and_an_unrelated_one_gets_404(
    client_for, case_a, committee_user_a, centre_department, other_department_user
):
    centre_staff = UserFactory(username="svc", role=User.Role.DEPARTMENT, department=centre_department)
    receiving = client_for(centre_staff)
    assert receiving.get(f"/cases/{case_a.pk}/").status_code == 404
    case_transition(case=case_a, user=committee_user_a, action="refer", department=centre_department, note="岗位推荐")

    inbox = receiving.get("/cases/inbox/department/")
    assert case_a.ref in inbox.content.decode()
    detail = receiving.get(f"/cases/{case_a.pk}/")
    assert detail.status_code == 200 and "接收转介" in detail.content.decode()

    assert client_for(other_department_user).get(f"/cases/{case_a.pk}/").status_code == 404
    assert case_a.ref not in client_for(other_department_user).get("/cases/inbox/department/").content.decode()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.PERMISSION_DENIED, actor=other_department_user, object_id=str(case_a.pk)
    ).exists()


def test_committee_staff_of_another_committee_get_404(client_for, case_a, committee_user_b):
    client = client_for(committee_user_b)
    for url in (
        f"/cases/{case_a.pk}/",
        f"/cases/panel/?person={case_a.person_id}",
        f"/api/v1/cases/{case_a.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/cases/{case_a.pk}/transition/", {"action": "start"})
    assert response.status_code == 404
    assert Case.objects.get(pk=case_a.pk).status == Case.Status.NEW


def test_handling_department_sees_its_case_and_the_leader_reads_without_buttons(
    client_for, case_a, department_user, leader_user
):
    assert client_for(department_user).get(f"/cases/{case_a.pk}/").status_code == 200
    page = client_for(leader_user).get(f"/cases/{case_a.pk}/")
    assert page.status_code == 200 and "开始办理" not in page.content.decode()
    assert client_for(leader_user).post(f"/cases/{case_a.pk}/follow-ups/", {"note": "x"}).status_code == 403


def test_inboxes_list_my_department_and_committee_cases_with_counts(
    client_for, committee_user_a, person_a, job_matching, department, other_department
):
    mine = case_open(service=job_matching, opened_by=committee_user_a, person=person_a, department=department)
    colleague = UserFactory(username="colleague", role=User.Role.COMMITTEE, area=person_a.area)
    theirs = case_open(service=job_matching, opened_by=colleague, person=person_a, department=other_department)
    client = client_for(committee_user_a)

    own = client.get("/cases/inbox/mine/")
    assert own.context["counts"]["all"] == 1 and [c.pk for c in own.context["cases"]] == [mine.pk]
    committee = client.get("/cases/inbox/committee/")
    assert committee.context["counts"]["all"] == 2
    assert {c.pk for c in committee.context["cases"]} == {mine.pk, theirs.pk}
    assert client.get("/cases/inbox/town/").status_code == 404
    assert client.get("/cases/").url.endswith("/cases/inbox/mine/")


def test_inbox_filters_narrow_the_list(client_for, centre_user, person_a, person_b, job_matching, diagnosis):
    one = case_open(service=job_matching, opened_by=centre_user, person=person_a)
    two = case_open(service=diagnosis, opened_by=centre_user, person=person_b)
    case_transition(case=two, user=centre_user, action="start")
    client = client_for(centre_user)

    def listed(query: str) -> set[int]:
        return {c.pk for c in client.get(f"/cases/inbox/town/?{query}").context["cases"]}

    assert listed("") == {one.pk, two.pk}
    assert listed("status=in_progress") == {two.pk}
    assert listed("status=open") == {one.pk, two.pk}
    assert listed(f"service={job_matching.pk}") == {one.pk}
    assert listed("category=startup") == {two.pk}
    assert listed(f"area={person_a.area.code}") == {one.pk}
    assert listed(f"area={person_b.area_id}") == {two.pk}
    assert listed(f"q={two.ref}") == {two.pk}
    assert listed("q=张") == {one.pk}
    assert listed("owner=me") == {one.pk, two.pk}
    assert listed(f"department={Department.objects.get(code='market_supervision').pk}") == {two.pk}
    assert listed("status=bogus&service=abc") == {one.pk, two.pk}
    counts = client.get("/cases/inbox/town/?status=new").context["counts"]
    assert (counts["new"], counts["in_progress"], counts["all"]) == (1, 1, 2)


def test_overdue_cases_are_detected_with_frozen_time_and_stand_out(
    client_for, committee_user_a, person_a, job_matching
):
    with time_machine.travel(datetime.date(2026, 3, 2), tick=False):
        case = case_open(service=job_matching, opened_by=committee_user_a, person=person_a)
    assert case.next_follow_up_on == datetime.date(2026, 3, 9)
    client = client_for(committee_user_a)
    with time_machine.travel(datetime.date(2026, 3, 9), tick=False):
        assert not Case.objects.get(pk=case.pk).is_overdue()
        assert client.get("/cases/inbox/mine/?overdue=1").context["counts"]["all"] == 0
    with time_machine.travel(datetime.date(2026, 3, 10), tick=False):
        assert Case.objects.get(pk=case.pk).is_overdue()
        response = client.get("/cases/inbox/mine/")
        assert response.context["counts"]["overdue"] == 1
        assert 'class="overdue"' in response.content.decode()
        assert client.get("/cases/inbox/mine/?overdue=1").context["counts"]["all"] == 1
        follow_up_add(
            case=case,
            author=committee_user_a,
            note="电话联系，约下周面试",
            next_follow_up_on=datetime.date(2026, 3, 17),
        )
        assert not Case.objects.get(pk=case.pk).is_overdue()
        assert client.get("/cases/inbox/mine/").context["counts"]["overdue"] == 0
    with time_machine.travel(datetime.date(2026, 4, 1), tick=False):
        case_transition(case=Case.objects.get(pk=case.pk), user=committee_user_a, action="start")
        case_transition(case=Case.objects.get(pk=case.pk), user=committee_user_a, action="close", outcome="已就业")
        assert not Case.objects.get(pk=case.pk).is_overdue()  # a closed case is never overdue


@pytest.mark.parametrize("inbox", ["mine", "department", "town"])
def test_inbox_queries_do_not_grow_with_rows(
    inbox, client_for, centre_user, job_matching, area_a, django_assert_max_num_queries
):
    client = client_for(centre_user)

    def add(n: int) -> None:
        for _ in range(n):
            person = PersonFactory(area=area_a)
            case = case_open(service=job_matching, opened_by=centre_user, person=person)
            follow_up_add(case=case, author=centre_user, note="回访")

    add(3)
    with django_assert_max_num_queries(10) as small:
        assert client.get(f"/cases/inbox/{inbox}/").status_code == 200
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(f"/cases/inbox/{inbox}/")
    assert len(response.context["cases"]) == 23
    assert len(large.captured_queries) == len(small.captured_queries)


def test_committee_inbox_query_count(client_for, committee_user_a, area_a, job_matching, django_assert_max_num_queries):
    for _ in range(15):
        CaseFactory(person=PersonFactory(area=area_a), service=job_matching, owner=committee_user_a)
    client = client_for(committee_user_a)
    with django_assert_max_num_queries(10):
        response = client.get("/cases/inbox/committee/")
    assert response.context["counts"]["all"] == 15


def test_api_lists_only_the_users_cases_with_the_inbox_filters(
    api_client_for, case_a, committee_user_a, committee_user_b, person_b, job_matching
):
    other = case_open(service=job_matching, opened_by=committee_user_b, person=person_b)
    mine = api_client_for(committee_user_a).get("/api/v1/cases/").json()
    refs = [row["ref"] for row in mine["results"]] if isinstance(mine, dict) else [row["ref"] for row in mine]
    assert refs == [case_a.ref]
    assert other.ref not in refs
    filtered = api_client_for(committee_user_a).get("/api/v1/cases/?status=closed").json()
    assert (filtered["results"] if isinstance(filtered, dict) else filtered) == []


def test_api_follow_ups_are_scoped_and_created_through_the_service(
    api_client_for, case_a, committee_user_a, committee_user_b
):
    client = api_client_for(committee_user_a)
    created = client.post(
        "/api/v1/case-follow-ups/",
        {"case": case_a.pk, "noted_on": "2026-03-02", "note": "上门走访", "next_follow_up_on": "2026-03-20"},
        format="json",
    )
    assert created.status_code == 201, created.content
    case_a.refresh_from_db()
    assert case_a.next_follow_up_on == datetime.date(2026, 3, 20)
    other = api_client_for(committee_user_b)
    listed = other.get("/api/v1/case-follow-ups/").json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    refused = other.post(
        "/api/v1/case-follow-ups/", {"case": case_a.pk, "noted_on": "2026-03-02", "note": "x"}, format="json"
    )
    assert refused.status_code in (400, 404)
    assert case_a.follow_ups.count() == 1
    bad = client.post(
        "/api/v1/case-follow-ups/",
        {"case": case_a.pk, "noted_on": "2026-03-02", "note": "x", "next_follow_up_on": "2026-03-01"},
        format="json",
    )
    assert bad.status_code == 400 and "下次跟进日期不能早于" in bad.content.decode()


def test_api_logs_a_case_in_scope_and_moves_it_along_the_workflow(
    api_client_for, committee_user_a, committee_user_b, person_a, job_matching, leader_user, centre_department
):
    client = api_client_for(committee_user_a)
    created = client.post(
        "/api/v1/cases/", {"service": job_matching.pk, "person": person_a.pk, "note": "电话咨询"}, format="json"
    )
    assert created.status_code == 201, created.content
    case = Case.objects.get(ref=created.json()["ref"])
    assert case.person == person_a and case.follow_ups.get().note == "电话咨询"

    refused = client.post(f"/api/v1/cases/{case.pk}/transition/", {"action": "close", "outcome": "x"}, format="json")
    assert refused.status_code == 400 and "不能执行" in refused.content.decode()
    referred = client.post(
        f"/api/v1/cases/{case.pk}/transition/",
        {"action": "refer", "department": centre_department.pk, "note": "请中心推荐岗位"},
        format="json",
    )
    assert referred.status_code == 200 and referred.json()["status"] == "referred"

    other = api_client_for(committee_user_b)
    assert other.post(f"/api/v1/cases/{case.pk}/transition/", {"action": "cancel", "note": "x"}).status_code == 404
    outside = other.post("/api/v1/cases/", {"service": job_matching.pk, "person": person_a.pk}, format="json")
    assert outside.status_code == 404
    both = client.post(
        "/api/v1/cases/", {"service": job_matching.pk, "person": person_a.pk, "venture": 1}, format="json"
    )
    assert both.status_code == 400 and "二选一" in both.content.decode()
    leader = api_client_for(leader_user).post(
        "/api/v1/cases/", {"service": job_matching.pk, "person": person_a.pk}, format="json"
    )
    assert leader.status_code == 403
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_the_receiving_department_may_open_the_person_of_a_case_referred_to_it(
    client_for, area_a, department, other_department, other_department_user, committee_user_a
):
    from cases.services import case_transition
    from jobseekers.models import Person
    from tests.factories.cases import CaseFactory

    case = CaseFactory(person__area=area_a, area=area_a, department=department)
    assert not Person.objects.for_user(other_department_user).filter(pk=case.person_id).exists()
    case_transition(case=case, action="refer", user=committee_user_a, department=other_department, note="请协助")
    assert Person.objects.for_user(other_department_user).filter(pk=case.person_id).exists()
    assert client_for(other_department_user).get(f"/people/{case.person_id}/").status_code == 200
