"""Forms of the rosters app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("名册文件"),
        help_text=_("Excel 工作簿（.xlsx，按模板填写）或单张表的 CSV 文件（文件名为表名，如“人员.csv”）。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
