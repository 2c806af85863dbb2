"""Point 5 of the plan's remaining duties: the person list and the worklists filter by sex, age
band, graduation year, group, employment state and committee (within the user's scope)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from jobseekers import selectors, worklists
from tests.browser import assert_accessible, login
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory

TODAY = datetime.date(2026, 9, 15)


@pytest.fixture
def town(area_a, area_b):
    with time_machine.travel(datetime.datetime(2026, 9, 15, 10, 0), tick=False):
        young_woman = PersonFactory(area=area_a, name="青年女", birth=datetime.date(2003, 3, 1), female=True)
        older_man = PersonFactory(area=area_a, name="中年男", birth=datetime.date(1975, 3, 1))
        graduate_2025 = PersonFactory(area=area_a, name="往届生", birth=datetime.date(2002, 1, 1))
        graduate_2026 = PersonFactory(area=area_a, name="应届生", birth=datetime.date(2003, 1, 1), female=True)
        other_area = PersonFactory(area=area_b, name="别村人", birth=datetime.date(2003, 5, 1), female=True)
        MembershipFactory(person=graduate_2025, group="graduate", start_date=datetime.date(2025, 6, 30))
        MembershipFactory(person=graduate_2026, group="graduate", start_date=datetime.date(2026, 6, 30))
        MembershipFactory(person=young_woman, group="unemployed", start_date=datetime.date(2026, 2, 1))
        EmploymentFactory(person=older_man, start_date=datetime.date(2020, 1, 1))
        yield {
            "young_woman": young_woman,
            "older_man": older_man,
            "graduate_2025": graduate_2025,
            "graduate_2026": graduate_2026,
            "other_area": other_area,
        }


def names(qs):
    return sorted(p.name for p in qs)


def test_the_person_list_filters_by_sex_age_band_and_graduation_year(town, centre_user):
    with time_machine.travel(datetime.datetime(2026, 9, 15, 10, 0), tick=False):
        assert names(selectors.person_list(user=centre_user, filters={"sex": "F", "age": "16-24"})) == [
            "别村人",
            "应届生",
            "青年女",
        ]
        assert names(selectors.person_list(user=centre_user, filters={"age": "46-59"})) == ["中年男"]
        assert names(selectors.person_list(user=centre_user, filters={"graduated": "2025"})) == ["往届生"]
        assert names(selectors.person_list(user=centre_user, filters={"employed": "0", "sex": "M"})) == ["往届生"]
        assert names(selectors.person_list(user=centre_user, filters={"group": "unemployed", "sex": "F"})) == ["青年女"]


def test_committee_staff_filters_stay_inside_their_committee(town, committee_user_a, area_b):
    with time_machine.travel(datetime.datetime(2026, 9, 15, 10, 0), tick=False):
        assert names(selectors.person_list(user=committee_user_a, filters={"sex": "F"})) == ["应届生", "青年女"]
        assert names(selectors.person_list(user=committee_user_a, filters={"sex": "F", "area": area_b.code})) == []


def test_the_graduate_worklist_filters_by_graduation_year_and_sex(town, centre_user):
    goal = worklists.GOALS["graduate"]
    with time_machine.travel(datetime.datetime(2026, 9, 15, 10, 0), tick=False):
        rows = worklists.worklist_rows(
            goal=goal, user=centre_user, year=2026, as_of=TODAY, filters={"graduated": "2026"}
        )
        assert names(rows) == ["应届生"]
        rows = worklists.worklist_rows(goal=goal, user=centre_user, year=2026, as_of=TODAY, filters={"sex": "M"})
        assert names(rows) == []
        assert (
            worklists.known_count(worklists.snapshot(goal=goal, user=centre_user, year=2026, as_of=TODAY), {"sex": "M"})
            is None
        )


@pytest.mark.browser
def test_centre_staff_filter_the_person_list_by_sex_and_age_band_in_the_browser(page, live_server, town, centre_user):
    login(page, live_server, centre_user.username)
    page.goto(f"{live_server.url}/people/")
    page.select_option("select[name=sex]", "F")
    page.select_option("select[name=age]", "16-24")
    assert_accessible(page)
    page.click("form[aria-label] button[type=submit]")
    page.wait_for_load_state("networkidle")
    table = page.inner_text("table")
    assert "青年女" in table and "应届生" in table and "中年男" not in table

    page.goto(f"{live_server.url}/people/worklists/graduate/")
    page.select_option("select[name=graduated]", str(datetime.date.today().year))
    page.click("form[aria-label] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "graduated=" in page.url
    assert_accessible(page)
