"""The policy-opportunity rule at the edges of the window, with frozen time, and the weekly
reminder that goes out once and never twice."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from entrepreneurs.models import (
    Policy,
    PolicyWindowNotice,
    earliest_registration_inside,
    months_between,
    window_closes_on,
)
from entrepreneurs.selectors import opportunities_hydrate, policy_opportunities, venture_open_policies
from entrepreneurs.services import policy_window_notices_send
from entrepreneurs.tasks import notify_closing_policy_windows
from tests.factories import UserFactory
from tests.factories.entrepreneurs import PolicyBenefitFactory, PolicyFactory, VentureFactory
from zhuqiao.models import User

pytestmark = pytest.mark.django_db

REGISTERED = datetime.date(2024, 3, 15)
LAST_DAY = datetime.date(2027, 3, 14)  # 36 months from 2024-03-15, inclusive


@pytest.fixture
def rent_subsidy(db):
    # Only this policy has a window in these tests: the catalogue's own are switched off.
    Policy.objects.update(is_active=False)
    return PolicyFactory(name="创业场地房租补贴（测试）", level=Policy.Level.DISTRICT, window_months=36)


def test_window_closes_the_day_before_the_same_date_n_months_later():
    assert window_closes_on(REGISTERED, 36) == LAST_DAY
    # Month ends follow the calendar.
    assert window_closes_on(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 28)
    assert window_closes_on(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 27)


@pytest.mark.parametrize(
    "day",
    [datetime.date(2024, 3, 15), datetime.date(2025, 2, 28), datetime.date(2027, 3, 14), datetime.date(2027, 3, 1)],
)
def test_earliest_registration_inside_is_exact(day):
    earliest = earliest_registration_inside(day, 36)
    assert window_closes_on(earliest, 36) >= day
    assert window_closes_on(earliest - datetime.timedelta(days=1), 36) < day


def test_months_left_counts_whole_months():
    assert months_between(datetime.date(2027, 1, 14), LAST_DAY) == 2
    assert months_between(datetime.date(2027, 1, 15), LAST_DAY) == 1
    assert months_between(LAST_DAY, LAST_DAY) == 0
    assert months_between(LAST_DAY + datetime.timedelta(days=1), LAST_DAY) == 0


def _pairs(centre_user, rent_subsidy, **kwargs):
    return [(v, p) for v, p, _closes in policy_opportunities(user=centre_user, policy=rent_subsidy, **kwargs)]


def test_a_venture_is_an_opportunity_on_the_last_day_of_its_window(centre_user, rent_subsidy):
    venture = VentureFactory(registered_on=REGISTERED)
    with time_machine.travel("2027-03-14 10:00 +0800", tick=False):
        assert _pairs(centre_user, rent_subsidy) == [(venture.pk, rent_subsidy.pk)]
        [row] = opportunities_hydrate(policy_opportunities(user=centre_user, policy=rent_subsidy))
        assert row.closes_on == LAST_DAY
        assert row.months_left == 0
        assert row.days_left == 0


def test_the_day_after_the_window_closes_it_is_gone(centre_user, rent_subsidy):
    VentureFactory(registered_on=REGISTERED)
    with time_machine.travel("2027-03-15 00:30 +0800", tick=False):
        assert _pairs(centre_user, rent_subsidy) == []


def test_on_the_registration_day_the_whole_window_is_left(centre_user, rent_subsidy):
    venture = VentureFactory(registered_on=REGISTERED)
    with time_machine.travel("2024-03-15 09:00 +0800", tick=False):
        [row] = opportunities_hydrate(policy_opportunities(user=centre_user, policy=rent_subsidy))
    assert row.venture == venture
    assert row.months_left == 35  # 2024-03-15 .. 2027-03-14 is 35 whole months and 30 days


def test_a_venture_registered_in_the_future_is_not_yet_an_opportunity(centre_user, rent_subsidy):
    VentureFactory(registered_on=datetime.date(2026, 12, 1))
    with time_machine.travel("2026-11-30 12:00 +0800", tick=False):
        assert _pairs(centre_user, rent_subsidy) == []


def test_a_venture_that_received_the_policy_is_no_opportunity(centre_user, rent_subsidy):
    venture = VentureFactory(registered_on=REGISTERED)
    other = PolicyFactory(name="一次性创业补贴（测试）", level=Policy.Level.CITY, window_months=36)
    PolicyBenefitFactory(venture=venture, policy=rent_subsidy, granted_on=datetime.date(2024, 6, 1))
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        pairs = {(v, p) for v, p, _ in policy_opportunities(user=centre_user)}
        assert pairs == {(venture.pk, other.pk)}
        assert [o.policy for o in venture_open_policies(venture=venture)] == [other]


def test_deregistered_ventures_and_policies_without_window_are_left_out(centre_user, rent_subsidy):
    VentureFactory(registered_on=REGISTERED, status="deregistered", deregistered_on=datetime.date(2025, 1, 1))
    PolicyFactory(name="创业带动就业补贴（测试）", window_months=None)
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        assert policy_opportunities(user=centre_user) == []


def test_committee_staff_see_only_their_committees_opportunities(committee_user_a, area_a, area_b, rent_subsidy):
    mine = VentureFactory(registered_on=REGISTERED, area=area_a)
    VentureFactory(registered_on=REGISTERED, area=area_b)
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        assert _pairs(committee_user_a, rent_subsidy) == [(mine.pk, rent_subsidy.pk)]


def test_closing_within_keeps_only_windows_closing_soon(centre_user, rent_subsidy):
    soon = VentureFactory(registered_on=datetime.date(2022, 8, 1))  # closes 2025-07-31
    VentureFactory(registered_on=datetime.date(2024, 1, 1))
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        assert _pairs(centre_user, rent_subsidy, closing_within_days=90) == [(soon.pk, rent_subsidy.pk)]


def test_closing_within_counts_the_horizon_day_itself(centre_user, rent_subsidy):
    # On 2025-06-01 a 90-day horizon ends on 2025-08-30.
    on_horizon = VentureFactory(registered_on=datetime.date(2022, 8, 31))  # closes 2025-08-30
    VentureFactory(registered_on=datetime.date(2022, 9, 1))  # closes 2025-08-31: one day too late
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        assert _pairs(centre_user, rent_subsidy, closing_within_days=90) == [(on_horizon.pk, rent_subsidy.pk)]


def test_several_policies_with_different_windows(centre_user, rent_subsidy):
    short = PolicyFactory(name="短期测试政策", level=Policy.Level.TOWN, window_months=12)
    young = VentureFactory(registered_on=datetime.date(2025, 1, 10))
    old = VentureFactory(registered_on=datetime.date(2023, 1, 10))
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        pairs = policy_opportunities(user=centre_user)
    assert pairs == [
        (young.pk, short.pk, datetime.date(2026, 1, 9)),
        (old.pk, rent_subsidy.pk, datetime.date(2026, 1, 9)),
        (young.pk, rent_subsidy.pk, datetime.date(2028, 1, 9)),
    ]


# --- the weekly reminder ---------------------------------------------------------------------------


@pytest.fixture
def committee_staff(area_a):
    return [
        UserFactory(username="cw1", role=User.Role.COMMITTEE, area=area_a, email="cw1@zhuqiao.invalid"),
        UserFactory(username="cw2", role=User.Role.COMMITTEE, area=area_a, email="cw2@zhuqiao.invalid"),
        UserFactory(username="cw3", role=User.Role.COMMITTEE, area=area_a, email=""),  # no address
        UserFactory(
            username="cw4", role=User.Role.COMMITTEE, area=area_a, email="gone@zhuqiao.invalid", is_active=False
        ),
    ]


def test_closing_window_notice_is_sent_once_and_not_twice(area_a, area_b, committee_staff, rent_subsidy):
    closing = VentureFactory(name="祝桥航空配套科技有限公司", registered_on=datetime.date(2022, 8, 1), area=area_a)
    VentureFactory(registered_on=datetime.date(2024, 1, 1), area=area_a)  # closes 2026: not yet
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        assert notify_closing_policy_windows.delay().get() == 1
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert sorted(message.to) == ["cw1@zhuqiao.invalid", "cw2@zhuqiao.invalid"]
        assert "祝桥航空配套科技有限公司" in message.body
        assert "2025-07-31" in message.body
        notice = PolicyWindowNotice.objects.get()
        assert (notice.venture, notice.policy, notice.window_closes_on) == (
            closing,
            rent_subsidy,
            datetime.date(2025, 7, 31),
        )
        # The job runs again (next week, or twice by mistake): nothing new is sent.
        assert policy_window_notices_send() == 0
    with time_machine.travel("2025-06-08 12:00 +0800", tick=False):
        assert policy_window_notices_send() == 0
    assert len(mail.outbox) == 1
    assert PolicyWindowNotice.objects.count() == 1


def test_committee_without_an_email_address_is_told_later(area_a, rent_subsidy):
    VentureFactory(registered_on=datetime.date(2022, 8, 1), area=area_a)
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        assert policy_window_notices_send() == 0
        assert PolicyWindowNotice.objects.count() == 0
        UserFactory(username="cw9", role=User.Role.COMMITTEE, area=area_a, email="cw9@zhuqiao.invalid")
        assert policy_window_notices_send() == 1
    assert mail.outbox[0].to == ["cw9@zhuqiao.invalid"]


def test_a_failing_mail_rolls_back_its_claim_so_the_next_run_retries(
    area_a, committee_staff, rent_subsidy, monkeypatch
):
    VentureFactory(registered_on=datetime.date(2022, 8, 1), area=area_a)

    def broken(**kwargs):
        raise ConnectionRefusedError("smtp down")

    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        monkeypatch.setattr("entrepreneurs.services.send_mail", broken)
        assert policy_window_notices_send() == 0
        assert PolicyWindowNotice.objects.count() == 0
        monkeypatch.undo()
        assert policy_window_notices_send() == 1
    assert len(mail.outbox) == 1


def test_each_committee_gets_its_own_mail(area_a, area_b, committee_staff, rent_subsidy):
    UserFactory(username="cwb", role=User.Role.COMMITTEE, area=area_b, email="b@zhuqiao.invalid")
    VentureFactory(name="甲公司", registered_on=datetime.date(2022, 8, 1), area=area_a)
    VentureFactory(name="乙公司", registered_on=datetime.date(2022, 8, 20), area=area_b)
    with time_machine.travel("2025-06-01 12:00 +0800", tick=False):
        assert policy_window_notices_send() == 2
    by_recipient = {tuple(sorted(m.to)): m.body for m in mail.outbox}
    assert "甲公司" in by_recipient[("cw1@zhuqiao.invalid", "cw2@zhuqiao.invalid")]
    assert "乙公司" not in by_recipient[("cw1@zhuqiao.invalid", "cw2@zhuqiao.invalid")]
    assert "乙公司" in by_recipient[("b@zhuqiao.invalid",)]


@pytest.mark.celery_worker
def test_the_weekly_job_on_a_real_worker_run_twice_notifies_once(use_real_worker, area_a, rent_subsidy):
    Policy.objects.exclude(pk=rent_subsidy.pk).update(is_active=False)
    UserFactory(username="cwr", role=User.Role.COMMITTEE, area=area_a, email="cwr@zhuqiao.invalid")
    # Registered so that the window closes 60 days from today, whatever today is.
    from django.utils import timezone

    today = timezone.localdate()
    registered = earliest_registration_inside(today + datetime.timedelta(days=60), 36)
    venture = VentureFactory(registered_on=registered, area=area_a)
    first = notify_closing_policy_windows.delay()
    second = notify_closing_policy_windows.delay()
    assert sorted([first.get(timeout=30), second.get(timeout=30)]) == [0, 1]
    notice = PolicyWindowNotice.objects.get()
    assert notice.venture_id == venture.pk
    assert notice.recipients == "cwr@zhuqiao.invalid"


def test_add_months_agrees_with_relativedelta_over_four_years():
    from dateutil.relativedelta import relativedelta

    from entrepreneurs.models import add_months

    day = datetime.date(2023, 1, 1)
    while day < datetime.date(2027, 1, 1):
        for months in (-36, -12, -1, 1, 12, 36):
            assert add_months(day, months) == day + relativedelta(months=months), (day, months)
        day += datetime.timedelta(days=1)
