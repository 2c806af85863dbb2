"""A real Chromium opens the edit page of every model with a date field, in zh-hans and in English,
and saves without touching anything: the record is saved and no value changes. Before the core's
ISO date widget, zh-hans rendered ``2026/11/25``, the browser dropped it, and saving failed with
"该字段是必填项。" on a field the user never touched."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import models

from tests.browser import login
from tests.conftest import restore_reference_data
from tests.factories import UserFactory
from tests.factories.activities import (
    ActivityFactory,
    BrandFactory,
    EvidenceFactory,
    TrainingCohortFactory,
)
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.incubators import CarrierFactory
from tests.factories.jobmatching import VacancyFactory
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory
from zhuqiao.models import User

# (edit URL, a record with every date field of its form filled)
EDIT_PAGES: list[tuple[str, Callable[[Any], models.Model]]] = [
    (
        "/people/employments/{pk}/edit/",
        lambda area: EmploymentFactory(
            person__area=area, start_date=datetime.date(2025, 11, 25), end_date=datetime.date(2026, 1, 9)
        ),
    ),
    (
        "/people/memberships/{pk}/edit/",
        lambda area: MembershipFactory(
            person__area=area,
            start_date=datetime.date(2025, 11, 25),
            willing=False,
            unwilling_reason="在家照顾老人",
            reconfirm_on=datetime.date(2026, 5, 25),
        ),
    ),
    (
        "/ventures/{pk}/edit/",
        lambda area: VentureFactory(area=area, registered_on=datetime.date(2025, 11, 25)),
    ),
    (
        "/carriers/{pk}/edit/",
        lambda area: CarrierFactory(established_on=datetime.date(2019, 11, 25)),
    ),
    ("/activities/{pk}/edit/", lambda area: ActivityFactory(held_on=datetime.date(2025, 11, 25))),
    (
        "/activities/cohorts/{pk}/edit/",
        lambda area: TrainingCohortFactory(start_date=datetime.date(2025, 11, 3), end_date=datetime.date(2025, 11, 25)),
    ),
    ("/activities/brands/{pk}/edit/", lambda area: BrandFactory(launched_on=datetime.date(2024, 11, 25))),
    ("/activities/evidence/{pk}/edit/", lambda area: EvidenceFactory(dated_on=datetime.date(2025, 11, 25))),
    (
        "/jobs/vacancies/{pk}/edit/",
        lambda area: VacancyFactory(
            employer__area=area, opens_on=datetime.date(2025, 11, 25), closes_on=datetime.date(2026, 12, 31)
        ),
    ),
]


def _values(record: models.Model) -> dict[str, Any]:
    record.refresh_from_db()
    return {
        field.attname: getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)
    }


@pytest.mark.browser
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_edit_page_with_a_date_saves_untouched_without_changing_a_value(page, live_server, area_a, language):
    restore_reference_data()  # the departments, after an earlier transactional test's flush
    UserFactory(username="centre_dates", role=User.Role.CENTRE)
    login(page, live_server, "centre_dates")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for url, make in EDIT_PAGES:
        record = make(area_a)
        before = _values(record)
        dated = [name for name, value in before.items() if isinstance(value, datetime.date)]
        assert dated, url
        edit_url = f"{live_server.url}{url.format(pk=record.pk)}"
        page.goto(edit_url)
        form = page.locator("form:has(input[type=date])").first
        shown = form.locator("input[type=date]").evaluate_all("inputs => inputs.map(i => i.value)")
        assert all(value == "" or (len(value) == 10 and value[4] == "-") for value in shown), (url, shown)
        for name in dated:
            field = form.locator(f"input[name={name}]")
            if field.count():
                assert field.input_value() == before[name].isoformat(), (url, name)
        form.locator("[type=submit]").last.click()
        page.wait_for_load_state("networkidle")
        assert page.url != edit_url, (
            f"{url} in {language} did not save: "
            + page.locator(".invalid-feedback, .errorlist").all_inner_texts().__repr__()
        )
        assert _values(record) == before, url
