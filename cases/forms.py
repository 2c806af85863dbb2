"""Forms of casework: they validate input; the writes happen in ``cases.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import ServiceType
from zhuqiao.models import Department, User
from zhuqiao.widgets import DateInput


def _departments() -> Any:
    return Department.objects.filter(is_active=True)


class QuickLogForm(forms.Form):
    """The one-minute consultation log on a person's or venture's page."""

    service = forms.ModelChoiceField(
        label=_("服务事项"), queryset=ServiceType.objects.filter(is_active=True), empty_label=_("请选择")
    )
    note = forms.CharField(label=_("情况记录"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    department = forms.ModelChoiceField(
        label=_("承办部门"),
        queryset=_departments(),
        required=False,
        empty_label=_("按服务事项默认"),
    )
    next_follow_up_on = forms.DateField(label=_("下次跟进日期"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "ql-%s")
        super().__init__(*args, **kwargs)
        if user is not None and user.role == User.Role.COMMITTEE:
            self.fields["department"].empty_label = _("本居村委办理")  # type: ignore[attr-defined]
        _style(self)


class FollowUpForm(forms.Form):
    noted_on = forms.DateField(label=_("跟进日期"), widget=DateInput())
    note = forms.CharField(label=_("跟进内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    next_follow_up_on = forms.DateField(label=_("下次跟进日期"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        noted, following = data.get("noted_on"), data.get("next_follow_up_on")
        if noted and following and following < noted:
            self.add_error("next_follow_up_on", _("下次跟进日期不能早于本次跟进日期。"))
        return data


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)
    outcome = forms.CharField(
        label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )
    department = forms.ModelChoiceField(label=_("转介至"), queryset=_departments(), required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("附件"),
        help_text=_("PDF、JPG、PNG、DOCX 或 XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("您对本次服务满意吗？"),
        choices=[
            (5, _("5 分 · 非常满意")),
            (4, _("4 分 · 满意")),
            (3, _("3 分 · 一般")),
            (2, _("2 分 · 不太满意")),
            (1, _("1 分 · 不满意")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评分。"), "invalid_choice": _("评分必须在 1 到 5 之间。")},
    )
    comment = forms.CharField(
        label=_("意见建议（选填）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        error_messages={"max_length": _("意见建议不能超过 1000 字。")},
    )


def _style(form: forms.Form) -> None:
    """Bootstrap classes on the widgets, so templates render fields with ``{{ field }}``."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs.setdefault("class", css)
