from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhuqiao.models import AuditEntry
from zhuqiao.widgets import DateInput

_T = TypeVar("_T")


def form_errors_add(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: a message about a field the form shows goes
    beside that field, every other message on top of the form. Nothing the user typed is lost."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_service_call(form: forms.BaseForm, call: Callable[[], _T]) -> _T | None:
    """The one way a view calls a service with a valid form's data: the service's result, or
    None with its refusal (a ValidationError) put on the form by ``form_errors_add``."""
    try:
        return call()
    except ValidationError as error:
        form_errors_add(form, error)
        return None


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), required=False, choices=[("", _("全部")), *AuditEntry.Action.choices])
    actor = forms.CharField(label=_("操作人账号"), required=False)
    object_type = forms.CharField(label=_("对象类型"), required=False)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
