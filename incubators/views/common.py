"""Helpers the carriers pages share: the refusal messages, a carrier in scope, a form's submit and page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from incubators.models import Carrier
from zhuqiao.forms import form_errors_add
from zhuqiao.scoping import get_for_user_or_404

if TYPE_CHECKING:
    from zhuqiao.models import User

MANAGERS_ONLY = gettext_lazy("只有中心工作人员和系统管理员可以维护创业载体。")
READ_ONLY = gettext_lazy("您的账号只能查看，不能修改。")


def _carrier_or_404(user: User, pk: int) -> Carrier:
    return get_for_user_or_404(Carrier, user, pk=pk)


def _submit(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    *,
    then: Any = None,
) -> HttpResponse | None:
    """On a valid POST, hand a copy of the cleaned data to ``save`` (one service call), say
    ``success`` (a text, or made from what ``save`` returned) and redirect to ``then`` or else to
    what ``save`` returned. None when the page is to be shown again: a GET, an invalid form, or a
    refusal by the service, whose messages land on the form so nothing typed is lost."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(dict(form.cleaned_data))
    except ValidationError as exc:
        form_errors_add(form, exc)
        return None
    messages.success(request, success(saved) if callable(success) else success)
    return redirect(saved if then is None else then)


def _form_page(request: HttpRequest, form: Any, title: str, parent: Any) -> HttpResponse:
    return render(request, "incubators/form_page.html", {"form": form, "title": title, "parent": parent})
