from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuqiao.models import AuditEntry
from zhuqiao.widgets import DateInput


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), required=False, choices=[("", _("全部")), *AuditEntry.Action.choices])
    actor = forms.CharField(label=_("操作人账号"), required=False)
    object_type = forms.CharField(label=_("对象类型"), required=False)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
