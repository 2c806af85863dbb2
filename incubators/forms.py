"""Forms of the carriers app. They only validate input; the writes are in ``services.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, ServiceType
from entrepreneurs.models import Industry, Venture
from incubators.models import Carrier, Evaluation, Residency, ServicePoint
from incubators.services import CARRIER_FORM_FIELDS
from zhuqiao.models import Area, User
from zhuqiao.widgets import DateInput


class CarrierFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或运营主体"), required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *Carrier.Kind.choices])
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("active", _("运营中")), ("closed", _("已关闭")), ("flagged", _("连续两年不合格"))],
    )


class CarrierForm(forms.ModelForm):
    focus_industries = forms.MultipleChoiceField(
        label=_("重点产业"), required=False, choices=Industry.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Carrier
        fields = list(CARRIER_FORM_FIELDS)
        widgets = {"established_on": DateInput(), "closed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.filter(is_active=True)


class VentureField(forms.CharField):
    """A venture typed by its 统一社会信用代码 (the select of 5,000 ventures would be unusable)."""

    def __init__(self, *, queryset: Any = None, **kwargs: Any) -> None:
        self.queryset = queryset
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("label", _("创业组织统一社会信用代码"))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Venture | None:
        code = (super().clean(value) or "").strip().upper()
        if not code:
            return None
        venture = self.queryset.filter(credit_code=code).first() if self.queryset is not None else None
        if venture is None:
            raise forms.ValidationError(
                _("未找到统一社会信用代码为 %(code)s 的创业组织（或不在您的管辖范围内）。") % {"code": code}
            )
        return venture


class ResidencyOpenForm(forms.Form):
    venture = VentureField()
    stage = forms.ChoiceField(
        label=_("起始阶段"),
        choices=[
            (Residency.Stage.NOTIFIED, Residency.Stage.NOTIFIED.label),
            (Residency.Stage.RESIDENT, Residency.Stage.RESIDENT.label),
        ],
        initial=Residency.Stage.NOTIFIED,
    )
    notified_on = forms.DateField(label=_("告知日期"), required=False, widget=DateInput())
    entered_on = forms.DateField(label=_("入驻日期"), required=False, widget=DateInput())
    space = forms.CharField(label=_("工位/房间"), required=False, max_length=64)
    place = forms.ChoiceField(
        label=_("占用场地"), required=False, choices=[("", _("不占用")), *Residency.Place.choices]
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["venture"]
        assert isinstance(field, VentureField)
        field.queryset = Venture.objects.for_user(user)


class ResidencyEnterForm(forms.Form):
    entered_on = forms.DateField(label=_("入驻日期"), widget=DateInput())
    space = forms.CharField(label=_("工位/房间"), required=False, max_length=64)
    place = forms.ChoiceField(
        label=_("占用场地"), required=False, choices=[("", _("不占用")), *Residency.Place.choices]
    )


class ResultsForm(forms.Form):
    jobs_created = forms.IntegerField(label=_("带动就业人数"), required=False, min_value=0)
    revenue_band = forms.ChoiceField(
        label=_("年营业收入"), required=False, choices=[("", "—"), *Residency.RevenueBand.choices]
    )
    funding_raised = forms.DecimalField(
        label=_("获得融资（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )


class ResidencyGraduateForm(ResultsForm):
    graduated_on = forms.DateField(label=_("毕业日期"), widget=DateInput())
    field_order = ["graduated_on", "jobs_created", "revenue_band", "funding_raised"]


class ResidencyLeaveForm(ResultsForm):
    left_on = forms.DateField(label=_("退出日期"), widget=DateInput())
    reason = forms.CharField(label=_("退出原因"), max_length=200)
    field_order = ["left_on", "reason", "jobs_created", "revenue_band", "funding_raised"]


class CaseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.ref} · {obj.service} · {obj.opened_on:%Y-%m-%d}"


class ResidencyServicesForm(forms.Form):
    services = CaseChoiceField(
        label=_("获得的服务（该创业组织的服务个案）"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, residency: Residency, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["services"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            Case.objects.for_user(user)
            .filter(venture=residency.venture)
            .select_related("service")
            .order_by("-opened_on")
        )


class EvaluationForm(forms.ModelForm):
    grade = forms.ChoiceField(
        label=_("等级"),
        required=False,
        choices=[("", _("按平均分自动评定")), *Evaluation.Grade.choices],
        help_text=_("留空则按六项平均分评定：85分及以上为A，60分及以上为B，其余为C。"),
    )

    class Meta:
        model = Evaluation
        fields = ["year", "evaluated_on", *Evaluation.ASPECTS, "grade", "evaluator", "notes"]
        widgets = {"evaluated_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in Evaluation.ASPECTS:
            self.fields[name].widget.attrs.update({"min": 0, "max": 100})

    def validate_unique(self) -> None:
        # The service checks "one per carrier and year" with a clear message; the carrier is not a form field.
        pass


class SubsidyForm(forms.Form):
    granted_on = forms.DateField(label=_("发放日期"), widget=DateInput())
    amount = forms.DecimalField(label=_("金额（元）"), min_value=0.01, max_digits=12, decimal_places=2)
    basis = forms.CharField(label=_("依据"), max_length=200)
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ServicePointForm(forms.ModelForm):
    staff = forms.ModelMultipleChoiceField(
        label=_("驻点工作人员"),
        queryset=User.objects.filter(is_active=True).exclude(role=User.Role.LEADER).order_by("username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ServicePoint
        fields = ["name", "location", "opening_hours", "phone", "is_active", "staff"]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    services = forms.ModelMultipleChoiceField(
        label=_("提供的服务事项"),
        queryset=ServiceType.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_description = forms.CharField(label=_("服务内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("合作中"), required=False, initial=True)


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("协议名称"), max_length=200)
    signed_on = forms.DateField(label=_("签约日期"), widget=DateInput())
    expires_on = forms.DateField(label=_("到期日期"), required=False, widget=DateInput())


class MatchForm(forms.Form):
    carrier = forms.ModelChoiceField(label=_("创业载体"), queryset=Carrier.objects.all(), required=False)
    venture = VentureField(required=False)
    matched_on = forms.DateField(label=_("对接日期"), widget=DateInput())
    description = forms.CharField(label=_("对接内容"), max_length=200, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["venture"]
        assert isinstance(field, VentureField)
        field.queryset = Venture.objects.for_user(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("carrier")) == bool(data.get("venture")):
            raise forms.ValidationError(_("请选择一个载体或填写一个创业组织（二选一）。"))
        return data


class TeamNotifyForm(forms.Form):
    """A founding team told about a carrier before registration (注册前有告知)."""

    carrier = forms.ModelChoiceField(label=_("告知的创业载体"), queryset=Carrier.objects.filter(closed_on__isnull=True))
    notified_on = forms.DateField(label=_("告知日期"), widget=DateInput())
