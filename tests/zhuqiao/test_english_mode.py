"""English mode of the main staff pages: the home page's role paragraph is in English, and no
page shows a full-width colon (：) left over from a Chinese format or an untranslated string."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils.html import strip_tags

from metrics.services import metrics_compute
from tests.factories.consultations import BookingFactory, SlotFactory
from tests.factories.entrepreneurs import PolicyBenefitFactory, VentureFactory
from tests.factories.jobseekers import MembershipFactory, PersonFactory

D = datetime.date
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def _visible_text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    return strip_tags(body)


@pytest.mark.django_db
def test_the_role_paragraph_of_the_home_page_is_english_in_english_mode(client_for, committee_user_a, centre_user):
    committee = _visible_text(_english(client_for(committee_user_a)).get("/").content.decode())
    assert "Role: Committee staff · Scope: 演示01村" in committee
    centre = _visible_text(_english(client_for(centre_user)).get("/").content.decode())
    role_line = next(line.strip() for line in centre.splitlines() if line.strip().startswith("Role:"))
    assert not CJK.search(role_line), role_line
    assert "角色" not in centre and "数据范围" not in centre


@pytest.mark.django_db
def test_the_role_paragraph_stays_chinese_in_chinese_mode(client_for, committee_user_a):
    text = _visible_text(client_for(committee_user_a).get("/").content.decode())
    assert "角色：居村委工作人员 · 数据范围：演示01村" in text


@pytest.mark.django_db
def test_main_staff_pages_show_no_full_width_colon_in_english(client_for, centre_user, area_a, area_b):
    # Enough records that the pages show their rows, cards and charts' lists.
    venture = VentureFactory(area=area_a)
    PolicyBenefitFactory(venture=venture, granted_on=D(2025, 3, 1))
    person = PersonFactory(area=area_a)
    MembershipFactory(person=person, start_date=D(2025, 6, 20))
    metrics_compute(year=2025, as_of=D(2025, 12, 31))
    slot = SlotFactory()
    BookingFactory(slot=slot)
    day = slot.slot_date.isoformat()
    client = _english(client_for(centre_user))
    for url in ("/", "/people/", "/ventures/", "/dashboard/?year=2025", f"/consultations/?date={day}"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        lines = [line.strip() for line in text.splitlines() if "：" in line]
        assert not lines, f"{url}: {lines}"
    dashboard = _visible_text(client.get("/dashboard/?year=2025").content.decode())
    assert "Year on year:" in dashboard
