"""Helpers the activities pages share: calling a service from a form and saying how it went."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from zhuqiao.forms import form_service_call


def _error_text(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def _flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def _submit(
    request: HttpRequest, form: forms.BaseForm, save: Callable[[dict[str, Any]], Any], success: str
) -> HttpResponse | None:
    """On a valid POST, hand a copy of the cleaned data to ``save`` (a service call) and redirect to
    what it returns. None when the page is to be shown again: a GET, an invalid form, or a
    ValidationError from the service, which lands on the form so nothing typed is lost."""
    if request.method != "POST" or not form.is_valid():
        return None
    target = form_service_call(form, lambda: save(dict(form.cleaned_data)))
    if target is None:
        return None
    messages.success(request, success)
    return redirect(target)


def _attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    """Run a service call of a POST-only action; its ValidationError becomes an error message."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
