"""A real Chromium logs in through the form, sees its home, and the page passes axe."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import assert_accessible, login

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.browser
def test_committee_staff_log_in_and_see_their_home(page, live_server, committee_user_a):
    page.goto(live_server.url + "/")
    assert_accessible(page)
    login(page, live_server, "committee_a")
    assert page.locator("h1").inner_text().endswith("您好")
    assert "演示01村" in page.content()
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home-committee.png"), full_page=True)


@pytest.mark.browser
def test_chinese_text_renders_with_a_cjk_font(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    # A CJK glyph is as wide as two Latin letters when a CJK font is installed; boxes are narrow.
    width = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '20px sans-serif'; return [c.measureText('祝').width, c.measureText('口').width,
        c.measureText('\\u{10FFFD}').width]; }"""
    )
    assert width[0] >= 18 and width[0] != width[2]
