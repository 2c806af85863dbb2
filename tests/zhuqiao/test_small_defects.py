"""Smaller day-one defects: money reads ¥528,600.00; the records of what happened (audit entries,
case transitions, recompute and import runs) are read-only in the admin, even for a superuser."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory

from cases.models import CaseTransition
from metrics.models import RecomputeRun
from rosters.models import ImportRun
from tests.factories.entrepreneurs import PolicyBenefitFactory, VentureFactory
from zhuqiao.models import AuditEntry
from zhuqiao.templatetags.portal import yuan


@pytest.mark.parametrize(
    ("value", "shown"),
    [(528600.0, "¥528,600.00"), (Decimal("12000"), "¥12,000.00"), (Decimal("0.5"), "¥0.50"), (None, "—")],
)
def test_money_reads_with_the_yuan_sign_thousands_and_two_decimals(value, shown):
    assert yuan(value) == shown


@pytest.mark.django_db
def test_a_ventures_grants_show_as_money(client_for, centre_user, area_a):
    venture = VentureFactory(area=area_a)
    PolicyBenefitFactory(venture=venture, amount=Decimal("528600"), granted_on=datetime.date(2025, 6, 1))
    body = client_for(centre_user).get(venture.get_absolute_url()).content.decode()
    assert "¥528,600.00" in body and "528600.0" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("model", [AuditEntry, CaseTransition, RecomputeRun, ImportRun])
def test_records_of_what_happened_are_read_only_in_the_admin_even_for_a_superuser(model, admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    admin_user.is_superuser = True
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_blank_choices_of_model_fields_read_please_choose_in_chinese_and_english():
    from django.utils import translation

    from entrepreneurs.models import Venture

    field = Venture._meta.get_field("kind")
    with translation.override("zh-hans"):
        assert str(field.get_choices()[0][1]) == "请选择"
    with translation.override("en"):
        assert str(field.get_choices()[0][1]) == "Please choose"


@pytest.mark.django_db
def test_committee_staff_see_only_their_committee_in_every_committee_select(
    client_for, committee_user_a, area_a, area_b
):
    client = client_for(committee_user_a)
    for url in ("/people/", "/people/new/", "/ventures/", "/ventures/new/"):
        body = client.get(url).content.decode()
        assert area_a.name in body, url
        assert area_b.name not in body, url


@pytest.mark.django_db
def test_the_person_form_preselects_the_committee_of_committee_staff(committee_user_a, area_a):
    from jobseekers.forms import PersonForm

    form = PersonForm(user=committee_user_a)
    assert form["area"].value() == area_a.pk
    assert list(form.fields["area"].queryset) == [area_a]


@pytest.mark.django_db
def test_town_wide_staff_may_choose_any_active_committee(centre_user, area_a, area_b):
    from zhuqiao.scoping import areas_for

    assert {area_a, area_b} <= set(areas_for(centre_user))
