"""Forms of activities, cohorts, brands and evidence. They validate; services write."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities import services
from activities.models import Activity, Brand, BrandCoverage, Evidence, MeetingDecision, TargetGroup, TrainingCohort
from jobseekers.models import Employment, Person
from zhuqiao.models import Department, User
from zhuqiao.roles import Role
from zhuqiao.widgets import DateInput


def _limit_department(field: Any, user: User) -> None:
    """Department staff record for their own department only."""
    if getattr(user, "role", None) == Role.DEPARTMENT and not user.sees_whole_town:
        # department staff have a department (constraint user_department_has_department)
        field.queryset = Department.objects.filter(pk=user.department_id)  # type: ignore[misc]
        field.initial = user.department_id
        field.empty_label = None


class IdNumbersField(forms.CharField):
    """ID numbers typed or pasted one per line; cleans to the registered persons."""

    widget = forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"})

    def clean(self, value: Any) -> list[Person]:
        text = super().clean(value)
        if not text:
            return []
        return services.persons_from_id_numbers(text)


class ActivityForm(forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("面向重点群体"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    participant_ids = IdNumbersField(
        label=_("已登记参与者身份证号"),
        required=False,
        help_text=_("每行一个；须是人员库中已登记的人员。未登记姓名的参与者只计入实际参与人数。"),
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "held_on",
            "place",
            "organiser",
            "partners",
            "target_groups",
            "planned_participants",
            "actual_participants",
            "employers",
            "posts_offered",
            "offers_made",
            "outcome",
        ]
        widgets = {
            "held_on": DateInput(),
            "partners": forms.CheckboxSelectMultiple,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_department(self.fields["organiser"], user)
        partners: Any = self.fields["partners"]
        partners.queryset = Department.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["target_groups"].initial = list(self.instance.target_groups.values_list("group", flat=True))
            del self.fields["participant_ids"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("offers_made") and data.get("posts_offered") == 0:
            self.add_error("posts_offered", _("已填写录用意向数，请同时填写提供岗位数。"))
        organiser, partners = data.get("organiser"), data.get("partners")
        if organiser is not None and partners is not None and organiser in partners:
            self.add_error("partners", _("主办部门不必再列为协办部门。"))
        return data


class ParticipantsForm(forms.Form):
    id_numbers = IdNumbersField(label=_("参与者身份证号"), help_text=_("每行一个；须是人员库中已登记的人员。"))


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("文件或照片"),
        error_messages={"empty": _("文件是空的，请重新选择。"), "required": _("请选择要上传的文件。")},
    )
    caption = forms.CharField(label=_("说明"), max_length=200, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        services.validate_upload(upload)
        return upload


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = list(services.EVIDENCE_FIELDS)
        widgets = {
            "dated_on": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_department(self.fields["department"], user)
        self.fields["year"].initial = self.fields["year"].initial or timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == Evidence.Kind.FUNDS and not data.get("amount"):
            self.add_error("amount", _("资金投入必须填写金额。"))
        if kind in Evidence.MEETING_KINDS:
            if not (data.get("attendees") or "").strip():
                self.add_error("attendees", _("会议须填写参会人员。"))
            if not (data.get("minutes") or "").strip():
                self.add_error("minutes", _("会议须填写会议纪要。"))
        dated_on, year = data.get("dated_on"), data.get("year")
        if dated_on and year and abs(dated_on.year - year) > 1:
            self.add_error("year", _("年度与日期相差太远，请核对。"))
        return data


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["name", "owner", "launched_on", "retired_on", "description"]
        widgets = {
            "launched_on": DateInput(),
            "retired_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_department(self.fields["owner"], user)


class CoverageForm(forms.ModelForm):
    class Meta:
        model = BrandCoverage
        fields = ["medium", "outlet", "title", "published_on", "link"]
        widgets = {"published_on": DateInput()}

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.brand = brand


class CohortForm(forms.ModelForm):
    class Meta:
        model = TrainingCohort
        fields = ["name", "kind", "organiser", "trainer", "start_date", "end_date", "capacity"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_department(self.fields["organiser"], user)


class EnrolForm(forms.Form):
    id_numbers = IdNumbersField(label=_("学员身份证号"), help_text=_("每行一个；须是人员库中已登记的人员。"))
    enrolled_on = forms.DateField(label=_("报名日期"), widget=DateInput(), initial=datetime.date.today)


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("结业日期"), widget=DateInput())


class PlacementForm(forms.Form):
    employer = forms.CharField(label=_("用人单位"), max_length=200)
    start_date = forms.DateField(label=_("就业日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("就业形式"), choices=Employment.Kind.choices, initial=Employment.Kind.EMPLOYED)


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("活动类型"), choices=[("", _("全部")), *Activity.Kind.choices], required=False)
    group = forms.ChoiceField(label=_("面向群体"), choices=[("", _("全部")), *TargetGroup.choices], required=False)
    department = forms.ModelChoiceField(
        label=_("部门"), queryset=Department.objects.all(), required=False, empty_label=_("全部")
    )


class CalendarForm(forms.Form):
    month = forms.CharField(label=_("月份"), required=False, widget=forms.TextInput(attrs={"type": "month"}))
    department = forms.ModelChoiceField(
        label=_("部门"), queryset=Department.objects.all(), required=False, empty_label=_("全部部门")
    )

    def clean_month(self) -> datetime.date:
        value = self.cleaned_data.get("month")
        if not value:
            today = timezone.localdate()
            return today.replace(day=1)
        try:
            year, month = (int(part) for part in value.split("-", 1))
            return datetime.date(year, month, 1)
        except ValueError:
            raise ValidationError(_("月份格式应为 2026-03。")) from None


class DecisionForm(forms.Form):
    """A decision or action item of a meeting."""

    text = forms.CharField(label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.all(), empty_label=_("请选择"))
    due_on = forms.DateField(label=_("完成期限"), widget=DateInput())


class DecisionCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("结果"),
        choices=[(MeetingDecision.Status.DONE, _("已落实")), (MeetingDecision.Status.DROPPED, _("已撤销"))],
    )
    closed_on = forms.DateField(label=_("办结日期"), widget=DateInput())
    closing_note = forms.CharField(label=_("办结说明"), max_length=500)
