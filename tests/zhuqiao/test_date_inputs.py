"""Every date, time and datetime input renders its saved value in ISO form, whatever the language:
``<input type="date">`` drops any other form (zh-hans would give ``2026/11/25``)."""

from __future__ import annotations

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from zhuqiao import widgets

PROJECT_APPS = [
    config
    for config in apps.get_app_configs()
    if str(config.path).startswith(str(settings.BASE_DIR)) and "site-packages" not in str(config.path)
]
TEMPORAL = (forms.DateField, forms.TimeField, forms.DateTimeField)
CORE_WIDGETS = (widgets.DateInput, widgets.TimeInput, widgets.DateTimeInput, forms.HiddenInput)


def _project_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for config in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def test_the_project_has_forms_with_date_fields_to_check():
    with_dates = [form for form in _project_forms() if any(isinstance(f, TEMPORAL) for f in form.base_fields.values())]
    assert len(with_dates) >= 15


@pytest.mark.parametrize("form_class", _project_forms(), ids=lambda f: f"{f.__module__}.{f.__qualname__}")
def test_every_date_time_and_datetime_field_of_every_form_uses_the_core_iso_widget(form_class):
    wrong = {
        name: type(field.widget).__name__
        for name, field in form_class.base_fields.items()
        if isinstance(field, TEMPORAL) and not isinstance(field.widget, CORE_WIDGETS)
    }
    assert not wrong, f"{form_class.__qualname__} renders these fields in the language's format: {wrong}"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_core_widgets_render_iso_values_in_every_language(language):
    with translation.override(language):
        date_html = widgets.DateInput().render("d", datetime.date(2026, 11, 25))
        time_html = widgets.TimeInput().render("t", datetime.time(9, 5))
        both_html = widgets.DateTimeInput().render("dt", datetime.datetime(2026, 11, 25, 9, 5))
    assert 'type="date"' in date_html and 'value="2026-11-25"' in date_html
    assert 'type="time"' in time_html and 'value="09:05"' in time_html
    assert 'type="datetime-local"' in both_html and 'value="2026-11-25T09:05"' in both_html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_iso_values_from_the_browser_are_accepted_in_every_language(language):
    with translation.override(language):
        assert forms.DateField(widget=widgets.DateInput()).clean("2026-11-25") == datetime.date(2026, 11, 25)
        assert forms.TimeField(widget=widgets.TimeInput()).clean("09:05") == datetime.time(9, 5)
        moment = forms.DateTimeField(widget=widgets.DateTimeInput()).clean("2026-11-25T09:05")
    assert (moment.date(), moment.hour, moment.minute) == (datetime.date(2026, 11, 25), 9, 5)


def test_zh_hans_would_break_a_plain_date_input_which_is_why_the_core_widget_exists():
    with translation.override("zh-hans"):
        html = forms.DateInput(attrs={"type": "date"}).render("d", datetime.date(2026, 11, 25))
    assert 'value="2026/11/25"' in html
