"""Point 4 of the plan's remaining duties: a public policies page for residents, no login, phone
first: the catalogue in plain words, a short self-check and a booking on the matching topic."""

from __future__ import annotations

import pytest
from django.test import Client

from entrepreneurs import selectors
from entrepreneurs.models import Policy
from tests.browser import assert_accessible
from tests.factories.consultations import TopicFactory


def test_the_self_check_matches_policies_by_answers_and_the_startup_window(db):
    names = {p.name for p in selectors.policies_for_self_check(stage="startup_phase", needs=["rents_space"])}
    assert "创业场地房租补贴" in names and "创业带动就业补贴" not in names
    established = {
        p.name for p in selectors.policies_for_self_check(stage="established", needs=["rents_space", "hires"])
    }
    assert "创业场地房租补贴" not in established and "创业带动就业补贴" in established


def test_the_page_needs_no_login_and_speaks_plain_words_from_the_staff_catalogue(db):
    Policy.objects.filter(name="创业担保贷款及贴息").update(plain_amount="个人最高50万元（测试）")
    page = Client().get("/policies/?stage=not_registered&needs=needs_funds")
    body = page.content.decode()
    assert page.status_code == 200
    assert "可能适合您的政策" in body and "个人最高50万元（测试）" in body and "需要带什么" in body


@pytest.mark.browser
def test_a_resident_on_a_phone_checks_the_policies_and_books_on_the_matching_topic(phone_page, live_server):
    TopicFactory(code="social-security", name="社保补贴咨询")
    page = phone_page
    page.goto(f"{live_server.url}/policies/")
    assert_accessible(page)
    page.check("input[value=startup_phase]")
    page.check("input[value=hires]")
    page.click("text=看看适合我的政策")
    page.wait_for_load_state("networkidle")
    results = page.locator("#results")
    assert "初创期创业组织社会保险费补贴" in results.inner_text()
    assert_accessible(page)
    results.locator("article", has_text="初创期创业组织社会保险费补贴").locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/consultations/book/social-security/")
