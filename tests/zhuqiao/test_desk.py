"""The staff home is each role's desk: the work queues with a count and a link, and for committee
staff their committee's four clearance goals. At most 15 queries whatever the amount of work."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from entrepreneurs.selectors import policy_opportunities, policy_opportunity_count
from jobseekers.desk import goals_live
from metrics.services import metrics_compute
from rosters.models import ImportRun
from tests.factories.cases import CaseFactory
from tests.factories.consultations import BookingFactory, SlotFactory, TopicFactory
from tests.factories.entrepreneurs import VentureFactory, rent_subsidy
from tests.factories.jobseekers import MembershipFactory, PersonFactory
from zhuqiao.desk import desk_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(area_a, area_b, department):
    """Work waiting in committee A and for the department, and some elsewhere that must not count."""
    today = timezone.localdate()
    late = today - datetime.timedelta(days=3)
    for area in (area_a, area_a, area_b):
        CaseFactory(person=PersonFactory(area=area), opened_on=late, next_follow_up_on=late, status=Case.Status.NEW)
    CaseFactory(person=PersonFactory(area=area_a), opened_on=today, next_follow_up_on=today + datetime.timedelta(7))
    CaseFactory(
        person=PersonFactory(area=area_a),
        opened_on=today,
        next_follow_up_on=today + datetime.timedelta(7),
        status=Case.Status.REFERRED,
        referred_to=department,
    )
    for reconfirm_in in (-2, 10, 90):  # two due (past or within 30 days), one later
        MembershipFactory(
            person=PersonFactory(area=area_a),
            willing=False,
            unwilling_reason="在家照顾老人",
            reconfirm_on=today + datetime.timedelta(days=reconfirm_in),
        )
    rent_subsidy()  # a 36-month window: a venture registered 35 months ago closes within 90 days
    VentureFactory(area=area_a, registered_on=today - datetime.timedelta(days=3 * 365 - 40))
    ImportRun.objects.create(original_name="名册.xlsx", area=area_a, status=ImportRun.Status.CHECKED)
    ImportRun.objects.create(original_name="旧名册.xlsx", area=area_a, status=ImportRun.Status.DONE)
    topic = TopicFactory(department=department)
    starts = timezone.make_aware(datetime.datetime.combine(today, datetime.time(15, 0)))
    slot = SlotFactory(topic=topic, starts_at=starts, capacity=5)
    BookingFactory(slot=slot)
    BookingFactory(slot=slot, status="checked_in")
    BookingFactory(slot=slot, status="cancelled")
    return today


def counts(user, today):
    queues, goals = desk_for(user, today)
    return {str(item.label): item.count for item in queues}, goals


def test_committee_staff_see_their_committees_queues_and_four_goals(committee_user_a, work):
    queues, goals = counts(committee_user_a, work)
    closing = policy_opportunities(user=committee_user_a, today=work, closing_within_days=90)
    assert len(closing) >= 1  # the venture of the fixture, for the rent subsidy and the catalogue's others
    assert queues == {
        "跟进已逾期的个案": 2,
        "待复核就业意愿": 2,
        "即将截止的政策窗口": len(closing),
        "待确认的名册导入": 1,
    }
    assert [str(goal.label) for goal in goals] == ["就业困难人员", "登记失业人员", "应届毕业生", "零就业家庭"]


def test_department_staff_see_referrals_waiting_and_todays_bookings_at_their_places(department_user, work):
    queues, goals = counts(department_user, work)
    assert queues == {"跟进已逾期的个案": 0, "待本部门接收的转介": 1, "今天的预约": 2}
    assert goals == []


def test_leaders_have_no_queue_and_their_home_still_answers(client_for, leader_user, work):
    assert counts(leader_user, work) == ({}, [])
    assert client_for(leader_user).get("/").status_code == 200


@pytest.mark.parametrize("persona", ["committee_user_a", "department_user", "centre_user"])
def test_every_queue_link_opens_its_list(client_for, request, persona, work):
    user = request.getfixturevalue(persona)
    queues, goals = desk_for(user, work)
    c = client_for(user)
    for target in [item.url for item in queues] + [goal.url for goal in goals]:
        assert c.get(target).status_code == 200, target


@pytest.mark.parametrize("persona", ["committee_user_a", "department_user", "centre_user", "leader_user"])
def test_the_home_page_runs_at_most_15_queries(client_for, request, persona, work, django_assert_max_num_queries):
    c = client_for(request.getfixturevalue(persona))
    with django_assert_max_num_queries(15):
        response = c.get(reverse("home"))
    assert response.status_code == 200


def test_the_home_page_shows_each_count_with_its_link(client_for, committee_user_a, work):
    body = client_for(committee_user_a).get(reverse("home")).content.decode()
    assert "今天的待办" in body and "清零目标" in body
    assert f'href="{reverse("jobseekers:reconfirmations")}"' in body
    assert f'href="{reverse("cases:inbox", kwargs={"kind": "committee"})}?overdue=1"' in body


@pytest.fixture
def goal_base(area_a):
    """One unemployed person of committee A, so the goals have a base to count."""
    MembershipFactory(person=PersonFactory(area=area_a))


def test_the_committees_goals_are_read_from_the_current_snapshot_and_equal_the_live_count(
    client_for, committee_user_a, goal_base
):
    today = timezone.localdate()
    live = [(str(goal.label), goal.base, goal.done) for goal in goals_live(committee_user_a, today)]
    assert desk_for(committee_user_a, today)[1][0].as_of is None  # no snapshot yet: counted live
    snapshot = metrics_compute(year=today.year, as_of=today, with_month_ends=False)
    goals = desk_for(committee_user_a, today)[1]
    assert [(str(goal.label), goal.base, goal.done) for goal in goals] == live
    assert {goal.as_of for goal in goals} == {snapshot.as_of}
    body = client_for(committee_user_a).get(reverse("home")).content.decode()
    assert f"截至 {snapshot.as_of:%Y-%m-%d} 的统计" in body


def test_the_policy_window_count_equals_the_opportunity_list(centre_user, work):
    for days in (0, 30, 90, 400):
        expected = len(policy_opportunities(user=centre_user, today=work, closing_within_days=days))
        assert policy_opportunity_count(user=centre_user, today=work, closing_within_days=days) == expected
