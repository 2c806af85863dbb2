"""Helpers the register's pages share: the page size, the form page and the record form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhuqiao.forms import form_service_call

PAGE_SIZE = 25


def _form_page(
    request: HttpRequest, form: Any, *, title: str, template: str = "jobseekers/record_form.html", **context: Any
) -> HttpResponse:
    """A form page; a bound form with errors answers 400."""
    return render(
        request,
        template,
        {"form": form, "title": title, **context},
        status=400 if form.is_bound and form.errors else 200,
    )


def _record_form(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    saved: str,
    then: Any = None,
    person: Any = None,
    household: Any = None,
) -> HttpResponse:
    """A record form: on a valid POST run ``save`` (a service) and go to ``then`` (or to what it saved)."""
    if request.method == "POST" and form.is_valid():
        result = form_service_call(form, lambda: save(form.cleaned_data))
        if result is not None:
            messages.success(request, saved)
            return redirect(then if then is not None else result)
    return _form_page(request, form, title=title, person=person, household=household)
