from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entrepreneurs.models import Industry
from jobmatching.models import VACANCY_FIELDS, Employer, JobSeekerProfile, Recommendation, Vacancy
from zhuqiao.widgets import DateInput


class EmployerForm(forms.ModelForm):
    # stored encrypted: shown masked, a masked value left as it was keeps the stored number
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)

    class Meta:
        model = Employer
        fields = ["name", "credit_code", "venture", "industry", "area", "contact_name", "contact_phone", "caretaker"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.phone_masked:
            self.initial["contact_phone"] = self.instance.phone_masked

    def clean_contact_phone(self) -> str:
        value = (self.cleaned_data.get("contact_phone") or "").strip()
        if self.instance.pk and value and value == self.instance.phone_masked:
            return self.instance.contact_phone
        return value

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if "contact_phone" in self.cleaned_data:
            self.instance.contact_phone = self.cleaned_data["contact_phone"]

    def clean_credit_code(self) -> str:
        value = self.cleaned_data.get("credit_code", "").strip().upper()
        if value:
            from entrepreneurs.validators import validate_credit_code

            value = validate_credit_code(value)
        return value


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = list(VACANCY_FIELDS)
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}


class ProfileForm(forms.ModelForm):
    industries = forms.MultipleChoiceField(
        label=_("意向行业"), choices=Industry.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = JobSeekerProfile
        fields = ["desired_job", "industries", "hours", "pay_expected", "skills", "certificates", "education"]


class VacancyImportForm(forms.Form):
    workbook = forms.FileField(label=_("岗位表（.xlsx）"))

    def clean_workbook(self) -> object:
        from django.conf import settings

        upload = self.cleaned_data["workbook"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("文件太大。"))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的工作簿。"))
        return upload


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("新阶段"), choices=Recommendation.Stage.choices)
    on = forms.DateField(label=_("日期"), widget=DateInput())
    reason = forms.CharField(label=_("原因（未录用/放弃时必填）"), required=False, max_length=200)


class CheckForm(forms.Form):
    checked_on = forms.DateField(label=_("回访日期"), widget=DateInput())
    still_employed = forms.TypedChoiceField(
        label=_("是否仍在岗"),
        choices=[("1", _("仍在岗")), ("0", _("已离职"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("回访记录"), required=False, max_length=300)
