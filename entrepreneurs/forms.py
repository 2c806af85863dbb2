"""Forms of the venture register: they validate input; the writes happen in ``services``."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepreneurs.models import FoundingTeam, Industry, Policy, SelfCheck, SharedAddress, Venture
from entrepreneurs.selectors import venture_duplicate_of
from entrepreneurs.validators import validate_credit_code
from jobseekers.models import Person
from zhuqiao.models import Area, User
from zhuqiao.scoping import areas_for
from zhuqiao.widgets import DateInput

YES_NO_ANY = [("", _("全部")), ("yes", _("是")), ("no", _("否"))]


class VentureFilterForm(forms.Form):
    """The list's filters; the same GET parameters drive the rosters Excel export."""

    q = forms.CharField(label=_("名称/信用代码/法定代表人"), required=False)
    area = forms.ModelChoiceField(
        label=_("居村委"), queryset=Area.objects.none(), required=False, empty_label=_("全部")
    )
    industry = forms.ChoiceField(label=_("行业"), choices=[("", _("全部")), *Industry.choices], required=False)
    kind = forms.ChoiceField(label=_("组织类型"), choices=[("", _("全部")), *Venture.Kind.choices], required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *Venture.Status.choices], required=False)
    policy = forms.ChoiceField(label=_("已享受扶持政策"), choices=YES_NO_ANY, required=False)
    year = forms.IntegerField(label=_("成立年份"), required=False, min_value=1980, max_value=2100)
    startup_phase = forms.ChoiceField(label=_("处于创业期（36个月内）"), choices=YES_NO_ANY, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user)  # type: ignore[attr-defined]


class VentureForm(forms.ModelForm):
    """Register or edit a venture. The founder is an existing person, picked by search."""

    founder = forms.ModelChoiceField(
        label=_("法定代表人（创业者）"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("请从搜索结果中选择创业者。")},
    )

    class Meta:
        model = Venture
        fields = [
            "credit_code",
            "name",
            "kind",
            "registered_on",
            "area",
            "industry",
            "founder",
            "jobs_created",
            "shared_address",
            "status",
            "deregistered_on",
        ]
        widgets = {
            "registered_on": DateInput(),
            "deregistered_on": DateInput(),
            "credit_code": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "maxlength": 24}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicate_of: Venture | None = None
        self.fields["area"].queryset = areas_for(user)  # type: ignore[attr-defined]
        self.fields["founder"].queryset = Person.objects.for_user(user)  # type: ignore[attr-defined]
        self.fields["credit_code"].validators = []  # validated (and normalised) in clean_credit_code
        self.fields["credit_code"].max_length = 24  # type: ignore[attr-defined]
        if user.role == User.Role.COMMITTEE:
            self.fields["area"].initial = user.area_id
        if not self.instance.pk:
            del self.fields["status"]
            del self.fields["deregistered_on"]

    def clean_credit_code(self) -> str:
        code = validate_credit_code(self.cleaned_data.get("credit_code", ""))
        duplicate = venture_duplicate_of(credit_code=code, exclude_pk=self.instance.pk)
        if duplicate is not None:
            self.duplicate_of = duplicate
            raise forms.ValidationError(
                _("该统一社会信用代码已登记为“%(name)s”，不能重复登记。") % {"name": duplicate.name}
            )
        return code

    def clean_registered_on(self) -> datetime.date:
        day = self.cleaned_data["registered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("成立日期不能晚于今天。"))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status, deregistered_on = data.get("status"), data.get("deregistered_on")
        if status == Venture.Status.DEREGISTERED and not deregistered_on:
            self.add_error("deregistered_on", _("注销的创业组织必须填写注销日期。"))
        registered_on = data.get("registered_on")
        if deregistered_on and registered_on and deregistered_on < registered_on:
            self.add_error("deregistered_on", _("注销日期不能早于成立日期。"))
        return data


class PolicyBenefitForm(forms.Form):
    policy = forms.ModelChoiceField(
        label=_("扶持政策"), queryset=Policy.objects.filter(is_active=True), empty_label=_("请选择")
    )
    granted_on = forms.DateField(label=_("享受日期"), widget=DateInput())
    amount = forms.DecimalField(label=_("金额（元）"), required=False, min_value=0, max_digits=12, decimal_places=2)

    def __init__(self, *args: Any, venture: Venture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.venture = venture

    def clean_granted_on(self) -> datetime.date:
        day = self.cleaned_data["granted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("享受日期不能晚于今天。"))
        if day < self.venture.registered_on:
            raise forms.ValidationError(
                _("享受日期不能早于创业组织的成立日期（%(day)s）。") % {"day": self.venture.registered_on}
            )
        return day


class RoleModelForm(forms.Form):
    SUBJECT_CHOICES = [("venture", _("创业组织")), ("founder", _("创业者（法定代表人）"))]

    subject = forms.ChoiceField(
        label=_("选树对象"), choices=SUBJECT_CHOICES, widget=forms.RadioSelect, initial="venture"
    )
    year = forms.IntegerField(label=_("评选年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("典型称号"), max_length=100)
    story = forms.CharField(label=_("创业故事"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)

    def __init__(self, *args: Any, venture: Venture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.venture = venture
        self.fields["year"].initial = timezone.localdate().year
        if venture.founder_id is None:
            self.fields["subject"].choices = self.SUBJECT_CHOICES[:1]  # type: ignore[attr-defined]

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"]
        if subject == "founder" and self.venture.founder_id is None:
            raise forms.ValidationError(_("该创业组织没有登记法定代表人。"))
        return subject


class RoleModelPhotoForm(forms.Form):
    image = forms.ImageField(
        label=_("照片"),
        help_text=_("JPG、PNG 或 WebP，不超过 10 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("说明"), max_length=200, required=False)

    MAX_BYTES = 10 * 1024 * 1024

    def clean_image(self) -> Any:
        image = self.cleaned_data["image"]
        if image.size > self.MAX_BYTES:
            raise forms.ValidationError(_("照片不能超过 10 MB。"))
        return image


class OpportunityFilterForm(forms.Form):
    policy = forms.ModelChoiceField(
        label=_("扶持政策"),
        queryset=Policy.objects.filter(is_active=True, window_months__isnull=False),
        required=False,
        empty_label=_("全部"),
    )
    area = forms.ModelChoiceField(
        label=_("居村委"), queryset=Area.objects.none(), required=False, empty_label=_("全部")
    )
    within = forms.TypedChoiceField(
        label=_("窗口截止"),
        choices=[("", _("全部")), ("30", _("30天内")), ("90", _("90天内")), ("180", _("180天内"))],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user)  # type: ignore[attr-defined]


# --- founding teams before registration ------------------------------------------------------


def _person_by_id_number(user: User, value: str) -> Person:
    """A person of the register the user may see, typed by 居民身份证号."""
    from jobseekers.validators import validate_id_number

    number = validate_id_number(value)
    person = Person.objects.for_user(user).filter(id_number_hash=Person.hash_id_number(number)).first()
    if person is None:
        raise forms.ValidationError(_("人员库中未找到该身份证号（或不在您的管辖范围内），请先登记人员。"))
    return person


class TeamForm(forms.Form):
    """Record a would-be founder or a founding team before registration."""

    name = forms.CharField(label=_("项目名称"), max_length=100)
    idea = forms.CharField(label=_("创业项目设想"), widget=forms.Textarea(attrs={"rows": 3}))
    industry = forms.ChoiceField(label=_("行业"), choices=Industry.choices)
    stage = forms.ChoiceField(
        label=_("阶段"),
        choices=[(FoundingTeam.Stage.INTENTION, _("意向")), (FoundingTeam.Stage.PREPARING, _("筹备"))],
    )
    area = forms.ModelChoiceField(label=_("居村委"), queryset=Area.objects.none(), empty_label=_("请选择"))
    first_contact_on = forms.DateField(label=_("首次接触日期"), widget=DateInput())
    members = forms.CharField(
        label=_("团队成员身份证号"),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("每行一个；成员须已在人员库登记。"),
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user)  # type: ignore[attr-defined]
        if user.role == User.Role.COMMITTEE:
            self.fields["area"].initial = user.area_id

    def clean_members(self) -> list[Person]:
        lines = [line.strip() for line in self.cleaned_data["members"].splitlines() if line.strip()]
        return list({p.pk: p for p in (_person_by_id_number(self.user, line) for line in lines)}.values())


class TeamMemberForm(forms.Form):
    id_number = forms.CharField(
        label=_("成员身份证号"), max_length=22, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_id_number(self) -> Person:
        return _person_by_id_number(self.user, self.cleaned_data["id_number"])


class TeamRegisterForm(forms.Form):
    """The team registered: the venture it became, typed by its 统一社会信用代码."""

    credit_code = forms.CharField(label=_("注册的创业组织统一社会信用代码"), max_length=24)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_credit_code(self) -> Venture:
        code = self.cleaned_data["credit_code"].strip().upper()
        venture = Venture.objects.for_user(self.user).filter(credit_code=code).first()
        if venture is None:
            raise forms.ValidationError(_("未找到该统一社会信用代码的创业组织，请先登记创业组织。"))
        return venture


class TeamCaseForm(forms.Form):
    """Help a team received, logged as a case about the team."""

    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("服务事项"),
        queryset=None,
        empty_label=_("请选择"),
    )
    opened_on = forms.DateField(label=_("受理日期"), widget=DateInput())
    outcome = forms.CharField(label=_("服务内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.apps import apps

        super().__init__(*args, **kwargs)
        ServiceType = apps.get_model("cases", "ServiceType")
        self.fields["service"].queryset = ServiceType.objects.filter(is_active=True, category="startup")  # type: ignore[attr-defined]


class TeamFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("居村委"), queryset=Area.objects.none(), required=False, empty_label=_("全部")
    )
    stage = forms.ChoiceField(label=_("阶段"), choices=[("", _("全部")), *FoundingTeam.Stage.choices], required=False)
    carrier: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("告知载体"),
        queryset=None,
        required=False,
        empty_label=_("全部"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        from django.apps import apps

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user)  # type: ignore[attr-defined]
        self.fields["carrier"].queryset = apps.get_model("incubators", "Carrier").objects.all()  # type: ignore[attr-defined]


class PolicySelfCheckForm(forms.Form):
    """The residents' short self-check on the public policies page."""

    stage = forms.ChoiceField(
        label=_("1. 您现在的创业进展？"),
        choices=[
            (SelfCheck.NOT_REGISTERED, _("还没有注册公司或个体户")),
            (SelfCheck.STARTUP_PHASE, _("已经注册，不满3年")),
            ("established", _("已经注册3年以上")),
        ],
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label=_("2. 下面哪些符合您的情况？（可多选）"),
        required=False,
        choices=[
            (c.value, c.label)
            for c in (SelfCheck.RENTS_SPACE, SelfCheck.NEEDS_FUNDS, SelfCheck.HIRES, SelfCheck.IN_CARRIER)
        ],
        widget=forms.CheckboxSelectMultiple,
    )


class SharedAddressForm(forms.ModelForm):
    """A shared registration address of the 招商中心's register."""

    class Meta:
        model = SharedAddress
        fields = ["address", "manager", "contact", "capacity", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
