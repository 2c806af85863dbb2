"""Residencies through their stages: dates recorded, refused transitions, one open residency."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from incubators import services
from incubators.models import Residency
from tests.factories.cases import CaseFactory
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.incubators import CarrierFactory, ResidencyFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_a_venture_goes_from_notified_to_resident_to_graduated_with_each_date_recorded(area_a):
    venture = VentureFactory(area=area_a)
    carrier = CarrierFactory()
    residency = services.residency_open(
        venture=venture, carrier=carrier, stage=Residency.Stage.NOTIFIED, notified_on=datetime.date(2026, 1, 5)
    )
    assert residency.stage == Residency.Stage.NOTIFIED and residency.entered_on is None

    residency = services.residency_enter(residency=residency, entered_on=datetime.date(2026, 2, 1), space="A-203")
    assert residency.stage == Residency.Stage.RESIDENT
    assert residency.entered_on == datetime.date(2026, 2, 1)
    assert residency.space == "A-203"

    residency = services.residency_graduate(
        residency=residency,
        graduated_on=datetime.date(2026, 6, 1),
        jobs_created=7,
        revenue_band=Residency.RevenueBand.UNDER_5M,
        funding_raised=Decimal("1500000.00"),
    )
    residency.refresh_from_db()
    assert residency.stage == Residency.Stage.GRADUATED
    assert (residency.notified_on, residency.entered_on, residency.graduated_on) == (
        datetime.date(2026, 1, 5),
        datetime.date(2026, 2, 1),
        datetime.date(2026, 6, 1),
    )
    assert residency.jobs_created == 7 and residency.funding_raised == Decimal("1500000.00")


def test_graduating_a_notified_venture_is_refused_in_chinese_and_changes_nothing():
    residency = ResidencyFactory(stage=Residency.Stage.NOTIFIED, entered_on=None)
    with pytest.raises(ValidationError) as refused:
        services.residency_graduate(residency=residency, graduated_on=datetime.date(2026, 3, 1))
    assert "只有“入驻中有服务”阶段的入驻可以办理毕业" in refused.value.messages[0]
    residency.refresh_from_db()
    assert residency.stage == Residency.Stage.NOTIFIED and residency.graduated_on is None


def test_entering_twice_is_refused():
    residency = ResidencyFactory()
    with pytest.raises(ValidationError, match="只有“注册前有告知”阶段"):
        services.residency_enter(residency=residency, entered_on=datetime.date(2026, 3, 1))


def test_dates_before_the_previous_stage_or_in_the_future_are_refused():
    residency = ResidencyFactory(stage=Residency.Stage.NOTIFIED, notified_on=datetime.date(2026, 3, 1), entered_on=None)
    with pytest.raises(ValidationError, match="入驻日期不能早于告知日期"):
        services.residency_enter(residency=residency, entered_on=datetime.date(2026, 2, 28))
    with pytest.raises(ValidationError, match="入驻日期不能晚于今天"):
        services.residency_enter(residency=residency, entered_on=TODAY + datetime.timedelta(days=1))
    services.residency_enter(residency=residency, entered_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="毕业日期不能早于入驻日期"):
        services.residency_graduate(residency=residency, graduated_on=datetime.date(2026, 2, 1))
    residency.refresh_from_db()
    assert residency.stage == Residency.Stage.RESIDENT


def test_leaving_needs_a_reason_and_ends_the_residency():
    residency = ResidencyFactory()
    with pytest.raises(ValidationError, match="请填写退出原因"):
        services.residency_leave(residency=residency, left_on=datetime.date(2026, 4, 1), reason=" ")
    services.residency_leave(residency=residency, left_on=datetime.date(2026, 4, 1), reason="经营不善")
    residency.refresh_from_db()
    assert residency.stage == Residency.Stage.LEFT and residency.left_on == datetime.date(2026, 4, 1)
    with pytest.raises(ValidationError, match="该入驻已结束"):
        services.residency_leave(residency=residency, left_on=datetime.date(2026, 5, 1), reason="重复")


def test_a_second_open_residency_is_refused_with_a_message_naming_the_first():
    first = ResidencyFactory()
    other_carrier = CarrierFactory()
    with pytest.raises(ValidationError) as refused:
        services.residency_open(
            venture=first.venture,
            carrier=other_carrier,
            stage=Residency.Stage.NOTIFIED,
            notified_on=datetime.date(2026, 5, 1),
        )
    assert first.carrier.name in refused.value.messages[0]
    assert Residency.objects.filter(venture=first.venture).count() == 1


def test_after_graduation_a_venture_may_move_into_another_carrier():
    first = ResidencyFactory()
    services.residency_graduate(residency=first, graduated_on=datetime.date(2026, 1, 31))
    second = services.residency_open(
        venture=first.venture,
        carrier=CarrierFactory(),
        stage=Residency.Stage.RESIDENT,
        entered_on=datetime.date(2026, 2, 1),
    )
    assert second.is_open


def test_a_closed_carrier_takes_no_new_residency():
    carrier = CarrierFactory(closed_on=datetime.date(2025, 12, 31))
    with pytest.raises(ValidationError, match="不在运营期内"):
        services.residency_open(
            venture=VentureFactory(),
            carrier=carrier,
            stage=Residency.Stage.NOTIFIED,
            notified_on=datetime.date(2026, 1, 5),
        )


def test_services_received_must_be_cases_of_the_venture():
    residency = ResidencyFactory()
    own = CaseFactory(person=None, venture=residency.venture)
    foreign = CaseFactory(person=None, venture=VentureFactory())
    services.residency_services_set(residency=residency, services=[own])
    assert list(residency.services.all()) == [own]
    with pytest.raises(ValidationError, match=foreign.ref):
        services.residency_services_set(residency=residency, services=[own, foreign])


@pytest.mark.postgres
def test_the_database_refuses_a_second_open_residency_of_a_venture():
    first = ResidencyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Residency.objects.create(
            venture=first.venture,
            carrier=CarrierFactory(),
            stage=Residency.Stage.NOTIFIED,
            notified_on=datetime.date(2026, 5, 1),
        )
    # ended residencies do not count: a graduate and a new open one may coexist
    Residency.objects.filter(pk=first.pk).update(
        stage=Residency.Stage.GRADUATED, graduated_on=datetime.date(2026, 1, 1)
    )
    Residency.objects.create(
        venture=first.venture,
        carrier=CarrierFactory(),
        stage=Residency.Stage.NOTIFIED,
        notified_on=datetime.date(2026, 5, 1),
    )
    assert Residency.objects.filter(venture=first.venture).count() == 2


@pytest.mark.postgres
def test_the_database_refuses_a_stage_without_its_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        Residency.objects.create(
            venture=VentureFactory(),
            carrier=CarrierFactory(),
            stage=Residency.Stage.GRADUATED,
            entered_on=datetime.date(2026, 1, 1),
        )
