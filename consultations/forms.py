"""Forms of the public booking pages and of the staff's day view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Place, Topic
from consultations.services import normalise_code, normalise_phone, phone_error
from zhuqiao.models import Department
from zhuqiao.widgets import DateInput


class BookingForm(forms.Form):
    """Name, mobile, optional e-mail and note, the topic's questions, a separate consent, and a
    honeypot field people never see (and bots fill in)."""

    name = forms.CharField(label=_("姓名"), max_length=64, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"}),
        help_text=_("用于接收预约短信；管理预约时需输入后四位。"),
    )
    email = forms.EmailField(
        label=_("电子邮箱（选填）"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    note = forms.CharField(
        label=_("想咨询的内容（选填）"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent = forms.BooleanField(
        label=_("同意个人信息处理"),
        required=True,
        error_messages={"required": _("须同意个人信息处理规则后才能预约。")},
    )
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, topic: Topic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.question_fields: list[str] = []
        for question in topic.questions.all():
            key = f"q_{question.pk}"
            if question.kind == question.Kind.CHOICE:
                self.fields[key] = forms.ChoiceField(
                    label=question.text,
                    required=question.required,
                    choices=[("", _("请选择"))] + [(c, c) for c in question.choice_list],
                )
            else:
                self.fields[key] = forms.CharField(label=question.text, required=question.required, max_length=500)
            self.question_fields.append(key)

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data["phone"])
        problem = phone_error(phone)
        if problem:
            raise forms.ValidationError(problem)
        return phone

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def answers(self) -> dict[str, str]:
        return {key.removeprefix("q_"): self.cleaned_data.get(key) or "" for key in self.question_fields}

    def visible_fields_in_order(self) -> list[Any]:
        order = ["name", "phone", "email", *self.question_fields, "note"]
        return [self[name] for name in order]


class LookupForm(forms.Form):
    code = forms.CharField(label=_("预约码"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone_last4 = forms.CharField(
        label=_("手机号后四位"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])

    def clean_phone_last4(self) -> str:
        value = self.cleaned_data["phone_last4"].strip()
        if not value.isdigit():
            raise forms.ValidationError(_("请输入 4 位数字。"))
        return value


class DayFilterForm(forms.Form):
    date = forms.DateField(label=_("日期"), required=False, widget=DateInput())
    place = forms.ModelChoiceField(
        label=_("地点"),
        queryset=Place.objects.filter(is_active=True),
        required=False,
        empty_label=_("全部地点"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    department = forms.ModelChoiceField(
        label=_("部门"),
        queryset=Department.objects.filter(is_active=True, consultation_topics__isnull=False).distinct(),
        required=False,
        empty_label=_("全部部门"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("姓名或手机号"), max_length=64, required=False)


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("解除原因"), max_length=200)
