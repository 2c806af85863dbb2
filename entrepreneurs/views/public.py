"""The public policies page (no login): the catalogue for residents and the self-check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entrepreneurs import selectors
from entrepreneurs.forms import PolicySelfCheckForm


def public_policies(request: HttpRequest) -> HttpResponse:
    """Policies for residents, without an account, phone first: the catalogue in plain words and a
    short self-check whose matching policies each lead to booking a consultation on its topic."""
    from django.apps import apps

    form = PolicySelfCheckForm(request.GET or None)
    matched = None
    if form.is_valid():
        matched = selectors.policies_for_self_check(stage=form.cleaned_data["stage"], needs=form.cleaned_data["needs"])
    bookable = set(
        apps.get_model("consultations", "Topic").objects.filter(is_active=True).values_list("code", flat=True)
    )
    return render(
        request,
        "entrepreneurs/public_policies.html",
        {
            "form": form,
            "matched": matched,
            "policies": selectors.public_policies(),
            "bookable": bookable,
        },
    )
