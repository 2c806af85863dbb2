"""Worklist pages, the monthly flow, the suspected zero-employment list and re-confirmations."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from jobseekers import selectors, worklists
from tests.factories.cases import CaseFactory, FollowUpFactory
from tests.factories.jobseekers import (
    CertificationFactory,
    EmploymentFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
d = datetime.date
NOW = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def rows(client, goal, **params):
    response = client.get(reverse("jobseekers:worklist", args=[goal]), params)
    assert response.status_code == 200
    return response.context["page"].object_list


def test_the_unemployed_worklist_lists_exactly_the_base_not_employed_with_contact_data(
    frozen, client_for, centre_user, area_a, area_b
):
    waiting = PersonFactory(name="待业甲", area=area_a)
    MembershipFactory(person=waiting, group="unemployed", start_date=d(2026, 1, 10))
    case = CaseFactory(person=waiting, area=area_a, opened_on=d(2026, 6, 1))
    FollowUpFactory(case=case, noted_on=d(2026, 6, 20), next_follow_up_on=d(2026, 7, 3))
    placed = PersonFactory(name="已就业乙", area=area_a)
    MembershipFactory(person=placed, group="unemployed", start_date=d(2026, 1, 10))
    EmploymentFactory(person=placed, start_date=d(2026, 5, 1))
    elsewhere = PersonFactory(name="待业丙", area=area_b)
    MembershipFactory(person=elsewhere, group="unemployed", start_date=d(2025, 3, 1))

    found = rows(client_for(centre_user), "unemployed")
    assert sorted(p.name for p in found) == ["待业丙", "待业甲"]
    first = next(p for p in found if p.name == "待业甲")
    assert first.days_since_contact == 10 and first.next_followup_on == d(2026, 7, 3) and first.open_cases == 1
    assert first.joined_on == d(2026, 1, 10)
    never = next(p for p in found if p.name == "待业丙")
    assert never.days_since_contact is None
    # default: by committee; sort=contact puts the longest without contact (never) first
    assert [p.name for p in found] == ["待业甲", "待业丙"]
    assert [p.name for p in rows(client_for(centre_user), "unemployed", sort="contact")] == ["待业丙", "待业甲"]
    assert [p.name for p in rows(client_for(centre_user), "unemployed", sort="next")] == ["待业甲", "待业丙"]
    by_area = client_for(centre_user).get(reverse("jobseekers:worklist", args=["unemployed"]), {"area": "A01"})
    assert [p.name for p in by_area.context["page"].object_list] == ["待业甲"]
    assert by_area.context["page"].paginator.count == 1
    assert [p.name for p in rows(client_for(centre_user), "unemployed", q="待业丙")] == ["待业丙"]


def test_committee_staff_see_only_their_committee_on_the_worklist(frozen, client_for, committee_user_a, area_b):
    mine = PersonFactory(name="本村", area=committee_user_a.area)
    MembershipFactory(person=mine, group="difficulty", start_date=d(2026, 2, 1))
    theirs = PersonFactory(name="外村", area=area_b)
    MembershipFactory(person=theirs, group="difficulty", start_date=d(2026, 2, 1))
    c = client_for(committee_user_a)
    assert [p.name for p in rows(c, "difficulty")] == ["本村"]
    summary = c.get(reverse("jobseekers:worklist", args=["difficulty"])).context["summary"]
    assert [(r["code"], r["base"], r["open"]) for r in summary] == [("A01", 1, 1)]


def test_the_household_worklist_shows_the_certification_that_counts(frozen, client_for, centre_user, area_a):
    h = HouseholdFactory(household_no="H-未清零", area=area_a)
    PersonFactory(area=area_a, household=h)
    CertificationFactory(household=h, certified_on=d(2025, 3, 1))
    CertificationFactory(household=h, certified_on=d(2026, 2, 1))
    done = HouseholdFactory(household_no="H-已清零", area=area_a)
    member = PersonFactory(area=area_a, household=done)
    CertificationFactory(household=done, certified_on=d(2026, 2, 1))
    EmploymentFactory(person=member, start_date=d(2026, 3, 1))
    found = rows(client_for(centre_user), "household")
    assert [(x.household_no, x.certified_on, x.member_count) for x in found] == [("H-未清零", d(2026, 2, 1), 1)]


def test_an_unknown_goal_is_404(client_for, centre_user):
    assert client_for(centre_user).get(reverse("jobseekers:worklist", args=["nobody"])).status_code == 404


def test_the_monthly_flow_shows_who_joined_and_who_left_and_why(frozen, client_for, centre_user, area_a):
    carried = PersonFactory(name="上年带入", area=area_a)
    MembershipFactory(person=carried, group="unemployed", start_date=d(2025, 10, 1))
    EmploymentFactory(person=carried, start_date=d(2026, 3, 15))  # leaves in March: employed
    newcomer = PersonFactory(name="二月新进", area=area_a)
    MembershipFactory(person=newcomer, group="unemployed", start_date=d(2026, 2, 10), end_date=d(2026, 4, 5))
    # METRICS.md keeps a membership that ran into the year in the base for the whole year, so
    # ending it in April does not take the newcomer off this year's worklist.
    goal = worklists.GOALS["unemployed"]
    flow = worklists.monthly_flow(goal=goal, user=centre_user, year=2026, as_of=d(2026, 6, 30))
    by_month = {r["month"]: r for r in flow}
    assert by_month[1]["opening"] == 1 and by_month[1]["joined"] == 0 and by_month[1]["closing"] == 1
    assert by_month[2]["joined"] == 1 and by_month[2]["closing"] == 2
    assert by_month[3]["left_done"] == 1 and by_month[3]["left_other"] == 0 and by_month[3]["closing"] == 1
    assert by_month[4]["left_other"] == 0 and by_month[4]["closing"] == 1
    assert by_month[6]["closing"] == 1 and len(flow) == 6

    response = client_for(centre_user).get(reverse("jobseekers:worklist_flow", args=["unemployed"]), {"month": 3})
    assert [p.name for p in response.context["joined"]] == []
    assert [(p.name, str(reason)) for p, reason in response.context["left"]] == [("上年带入", "已就业")]


def test_the_suspected_list_finds_households_whose_willing_working_age_members_are_all_unemployed(
    frozen, client_for, centre_user, area_a
):
    def household(no, *members, certified=False):
        h = HouseholdFactory(household_no=no, area=area_a)
        for birth, female, job, unwilling in members:
            p = PersonFactory(area=area_a, household=h, birth=birth, female=female)
            if job:
                EmploymentFactory(person=p, start_date=d(2025, 1, 1))
            if unwilling:
                MembershipFactory(
                    person=p,
                    group="unemployed",
                    start_date=d(2026, 1, 1),
                    willing=False,
                    unwilling_reason="照顾家人",
                    reconfirm_on=d(2026, 12, 1),
                )
        if certified:
            CertificationFactory(household=h, certified_on=d(2026, 1, 1))

    adult = d(1985, 1, 1)
    household("S1-全部失业", (adult, False, False, False), (adult, True, False, False))
    household("S2-有人就业", (adult, False, True, False), (adult, True, False, False))
    household("S3-已认定", (adult, False, False, False), certified=True)
    household("S4-仅退休", (d(1960, 1, 1), False, False, False), (d(1968, 1, 1), True, False, False))
    household("S5-仅未成年", (d(2015, 1, 1), False, False, False))
    household("S6-无意愿者在业外", (adult, False, False, True))
    household("S7-59岁男", (d(1967, 1, 1), False, False, False))  # 59 on 30 June 2026: working age
    household("S8-55岁女", (d(1971, 6, 30), True, False, False))  # 55 today: retired
    found = [h.household_no for h in selectors.suspected_zero_employment_households(user=centre_user)]
    assert found == ["S1-全部失业", "S7-59岁男"]
    body = client_for(centre_user).get(reverse("jobseekers:suspected_households")).content.decode()
    assert "S1-全部失业" in body and "S2-有人就业" not in body


def test_reconfirmations_list_due_and_overdue_not_willing_declarations(frozen, client_for, committee_user_a, area_b):
    def unwilling(name, area, reconfirm_on, end_date=None):
        MembershipFactory(
            person=PersonFactory(name=name, area=area),
            group="difficulty",
            start_date=d(2026, 1, 1),
            end_date=end_date,
            willing=False,
            unwilling_reason="在读",
            reconfirm_on=reconfirm_on,
        )

    area_a = committee_user_a.area
    unwilling("逾期", area_a, d(2026, 6, 1))
    unwilling("将到期", area_a, d(2026, 7, 20))
    unwilling("远期", area_a, d(2026, 12, 1))
    unwilling("已结束", area_a, d(2026, 6, 1), end_date=d(2026, 5, 1))
    unwilling("外村", area_b, d(2026, 6, 1))
    page = client_for(committee_user_a).get(reverse("jobseekers:reconfirmations")).context["page"]
    assert [m.person.name for m in page.object_list] == ["逾期", "将到期"]
