"""Point 6 of the plan's remaining duties: each carrier shows its free desks and rooms, a
residency takes a place and gives it back, and a space-need case (场地需求) is matched to the
carriers with free places."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.services import case_open
from incubators import selectors, services
from tests.browser import assert_accessible, login
from tests.factories.cases import ServiceTypeFactory
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.incubators import CarrierFactory

D = datetime.date


def test_a_residency_takes_a_place_and_gives_it_back_and_a_full_carrier_refuses(area_a):
    carrier = CarrierFactory(capacity_desks=1, capacity_rooms=0)
    first = services.residency_open(
        venture=VentureFactory(area=area_a), carrier=carrier, stage="resident", entered_on=D(2025, 3, 1), place="desk"
    )
    assert carrier.free_places() == {"desk": 0, "room": 0}
    with pytest.raises(ValidationError):
        services.residency_open(
            venture=VentureFactory(area=area_a),
            carrier=carrier,
            stage="resident",
            entered_on=D(2025, 3, 2),
            place="desk",
        )
    services.residency_graduate(residency=first, graduated_on=D(2026, 3, 1))
    assert carrier.free_places() == {"desk": 1, "room": 0}


def test_a_space_need_is_matched_to_carriers_with_free_places_of_its_industry_first(centre_user, area_a):
    full = CarrierFactory(name="满员孵化器", capacity_desks=1, capacity_rooms=0, focus_industries=["iot"])
    services.residency_open(
        venture=VentureFactory(area=area_a), carrier=full, stage="resident", entered_on=D(2025, 3, 1), place="desk"
    )
    other = CarrierFactory(name="商贸众创空间", capacity_desks=9, focus_industries=["commerce"])
    fitting = CarrierFactory(name="物联网孵化器", capacity_desks=2, focus_industries=["iot"])
    matched = selectors.carriers_with_free_places(user=centre_user, industry="iot")
    assert [c.name for c in matched] == [fitting.name, other.name]
    assert matched[0].free_desks == 2


@pytest.mark.browser
def test_staff_open_a_space_need_case_and_see_the_carriers_with_free_places(page, live_server, centre_user, area_a):
    carrier = CarrierFactory(
        name="祝桥物联网孵化器（测试）", capacity_desks=3, capacity_rooms=1, focus_industries=["iot"]
    )
    CarrierFactory(name="已满载体（测试）", capacity_desks=0, capacity_rooms=0)
    venture = VentureFactory(area=area_a, industry="iot")
    case = case_open(service=ServiceTypeFactory(name="场地需求"), opened_by=centre_user, venture=venture)
    login(page, live_server, centre_user.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("text=匹配有空余场地的载体")
    page.wait_for_load_state("networkidle")
    table = page.inner_text("table")
    assert carrier.name in table and "已满载体" not in table and "产业相符" in table
    assert_accessible(page)
    page.click(f"text={carrier.name}")
    page.wait_for_load_state("networkidle")
    assert "空余：工位 3 · 房间 1" in page.inner_text("#free-places")
