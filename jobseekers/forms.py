"""Forms of the people register: they validate input (in Chinese); writes happen in services."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from jobseekers.models import Employment, Household, Person, TargetGroupMembership, UnemploymentRegistration
from jobseekers.services import person_find_duplicate
from jobseekers.validators import (
    id_region_known,
    require_region_confirmed,
    validate_id_number,
    validate_mobile,
    validate_person_name,
)
from zhuqiao.models import Area, User
from zhuqiao.roles import Role
from zhuqiao.scoping import areas_for
from zhuqiao.widgets import DateInput


def _inline_check(field: str, url: str) -> tuple[Field, HTML]:
    """A field checked on the server as soon as it is left, with the message shown beneath it."""
    feedback = f"{field}-check"
    return (
        Field(
            field,
            **{
                "hx-post": url,
                "hx-trigger": "change",
                "hx-target": f"#{feedback}",
                "hx-swap": "innerHTML",
                "aria-describedby": feedback,
            },
        ),
        HTML(f'<div id="{feedback}" class="small mb-3" aria-live="polite"></div>'),
    )


class PortalForm(forms.Form):
    submit_label = _("保存")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PersonForm(PortalForm):
    """Registering a person: the ID number is checked (and its duplicates found) before saving."""

    # no max_length: the browser would cut a long name silently; validate_person_name says the limit
    name = forms.CharField(label=_("姓名"))
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=22,
        help_text=_("18位居民身份证号，末位可为X；性别与出生日期由号码自动得出。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    region_confirmed = forms.BooleanField(
        label=_("已核对证件，地区代码无误"),
        required=False,
        help_text=_("地区代码不在国家行政区划代码中时才需勾选（例如证件信息有误或代码极少见）。"),
    )
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    area = forms.ModelChoiceField(label=_("居村委"), queryset=Area.objects.none(), empty_label=_("请选择"))
    household_no = forms.CharField(
        label=_("户号"), max_length=32, required=False, help_text=_("已登记家庭的户号，可不填")
    )

    def __init__(self, *args: Any, user: User, instance: Person | None = None, check_url: str = "", **kwargs: Any):
        self.user = user
        self.instance = instance
        self.duplicate: Person | None = None
        self.duplicate_visible = False
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                # masked: the stored number is shown only through the audited reveal
                "phone": instance.masked_phone,
                "area": instance.area_id,
                "household_no": instance.household.household_no if instance.household else "",
            }
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user)  # type: ignore[attr-defined]
        if getattr(user, "role", None) == Role.COMMITTEE:
            self.fields["area"].initial = user.area_id
        fields: list[Any] = ["name"]
        if instance is None:
            fields.extend(_inline_check("id_number", f"{check_url}?field=id_number") if check_url else ["id_number"])
            if self._region_needs_confirming():
                fields.append("region_confirmed")
        else:
            del self.fields["id_number"]
            if instance.phone:
                self.fields["phone"].help_text = _("显示的是脱敏号码：保持不变即不修改，输入新号码即更换，清空即删除。")
            del self.fields["region_confirmed"]
        fields.extend(_inline_check("phone", f"{check_url}?field=phone") if check_url else ["phone"])
        if instance is None:
            fields.append("area")
        else:  # the committee changes only by a transfer (转出/转入) of the centre
            del self.fields["area"]
        fields.append("household_no")
        self.helper.layout = Layout(*fields)

    def _region_needs_confirming(self) -> bool:
        """Whether the typed number is valid but its region code never existed: then the
        confirmation box is shown (it stays hidden for every ordinary number)."""
        if not self.is_bound:
            return False
        try:
            number = validate_id_number(self.data.get("id_number", ""))
        except forms.ValidationError:
            return False
        return not id_region_known(number)

    def clean_name(self) -> str:
        return validate_person_name(self.cleaned_data["name"])

    def clean_id_number(self) -> str:
        number = validate_id_number(self.cleaned_data["id_number"])
        require_region_confirmed(number, confirmed=self.data.get("region_confirmed") in ("on", "true", "1", True))
        existing = person_find_duplicate(id_number=number)
        if existing is not None:
            self.duplicate = existing
            self.duplicate_visible = Person.objects.for_user(self.user).filter(pk=existing.pk).exists()
            if self.duplicate_visible:
                raise forms.ValidationError(_("该身份证号已登记，请打开已有人员记录。"), code="duplicate")
            raise forms.ValidationError(
                _("该身份证号已在其他居村委登记，请联系镇社区事务受理服务中心。"), code="duplicate"
            )
        return number

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        if self.instance is not None and self.instance.phone and value.strip() == self.instance.masked_phone:
            return self.instance.phone  # the masked value left as it was: the number is unchanged
        return validate_mobile(value) if value.strip() else ""

    def clean_household_no(self) -> Household | None:
        number = (self.cleaned_data.get("household_no") or "").strip()
        if not number:
            return None
        household = Household.objects.for_user(self.user).filter(household_no=number).first()
        if household is None:
            raise forms.ValidationError(_("未找到该户号的家庭（或不在您的管辖范围内）。"))
        return household

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance is not None:
            data["area"] = self.instance.area
        household, area = data.get("household_no"), data.get("area")
        if household is not None and area is not None and household.area_id != area.pk:
            self.add_error("household_no", _("家庭所在居村委与人员所在居村委不一致。"))
        return data


class TransferForm(PortalForm):
    """转出/转入: the committee a person (and by default their household) moves to."""

    submit_label = _("办理转出/转入")

    to_area = forms.ModelChoiceField(label=_("转入居村委"), queryset=Area.objects.none(), empty_label=_("请选择"))
    with_household = forms.BooleanField(
        label=_("全户一并转移"), required=False, initial=True, help_text=_("不勾选则本人离开原家庭，单独转移")
    )
    reason = forms.CharField(label=_("转移原因"), max_length=200)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_area"].queryset = Area.objects.filter(is_active=True).exclude(pk=person.area_id)  # type: ignore[attr-defined]
        if person.household_id is None:
            del self.fields["with_household"]


class MembershipForm(PortalForm):
    group = forms.ChoiceField(label=_("重点群体类别"), choices=TargetGroupMembership.Group.choices)
    start_date = forms.DateField(label=_("开始日期"), widget=DateInput(), help_text=_("应届毕业生填毕业日期"))
    end_date = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
    willing = forms.TypedChoiceField(
        label=_("就业意愿"),
        choices=[("1", _("有就业意愿")), ("0", _("无就业意愿"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    unwilling_reason = forms.CharField(label=_("无就业意愿原因"), max_length=200, required=False)
    reconfirm_on = forms.DateField(label=_("意愿复核日期"), required=False, widget=DateInput())

    def __init__(self, *args: Any, instance: TargetGroupMembership | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "group": instance.group,
                "start_date": instance.start_date,
                "end_date": instance.end_date,
                "willing": "1" if instance.willing else "0",
                "unwilling_reason": instance.unwilling_reason,
                "reconfirm_on": instance.reconfirm_on,
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["group"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("结束日期不能早于开始日期。"))
        if data.get("willing") is False:
            if not (data.get("unwilling_reason") or "").strip():
                self.add_error("unwilling_reason", _("无就业意愿必须填写原因。"))
            if not data.get("reconfirm_on"):
                self.add_error("reconfirm_on", _("无就业意愿必须填写意愿复核日期。"))
        return data


class EmploymentForm(PortalForm):
    kind = forms.ChoiceField(label=_("就业形式"), choices=Employment.Kind.choices)
    start_date = forms.DateField(label=_("就业日期"), widget=DateInput())
    end_date = forms.DateField(label=_("离职日期"), required=False, widget=DateInput(), help_text=_("仍在职则不填"))
    employer = forms.CharField(label=_("单位名称"), max_length=200, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, instance: Employment | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": instance.kind,
                "start_date": instance.start_date,
                "end_date": instance.end_date,
                "employer": instance.employer,
                "note": instance.note,
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("离职日期不能早于就业日期。"))
        if data.get("kind") == Employment.Kind.EMPLOYED and not (data.get("employer") or "").strip():
            self.add_error("employer", _("单位就业请填写单位名称。"))
        return data


class HouseholdForm(PortalForm):
    household_no = forms.CharField(label=_("户号"), max_length=32)
    area = forms.ModelChoiceField(label=_("居村委"), queryset=Area.objects.none(), empty_label=_("请选择"))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)

    def __init__(self, *args: Any, user: User, instance: Household | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "household_no": instance.household_no,
                "area": instance.area_id,
                "address": instance.address,
            }
        super().__init__(*args, **kwargs)
        if instance is not None:  # the committee changes only by a transfer (转出/转入)
            del self.fields["area"]
            return
        self.fields["area"].queryset = areas_for(user)  # type: ignore[attr-defined]
        if getattr(user, "role", None) == Role.COMMITTEE:
            self.fields["area"].initial = user.area_id

    def clean_household_no(self) -> str:
        number = self.cleaned_data["household_no"].strip()
        clash = Household.objects.filter(household_no=number)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("该户号已登记。"))
        return number


class CertificationForm(PortalForm):
    certified_on = forms.DateField(label=_("认定日期"), widget=DateInput())
    willing = forms.TypedChoiceField(
        label=_("是否有就业意愿成员"),
        choices=[("1", _("有成员有就业意愿")), ("0", _("无成员有就业意愿"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    conflict_reason = forms.CharField(
        label=_("成员在岗仍认定的理由"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("仅在认定当天有劳动年龄内成员在岗时填写；理由记入审计日志。"),
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        self.household = household
        super().__init__(*args, **kwargs)

    def clean_certified_on(self) -> Any:
        day = self.cleaned_data["certified_on"]
        if self.household.certifications.filter(certified_on=day).exists():
            raise forms.ValidationError(_("该家庭在这一天已有认定记录。"))
        return day


class UnemploymentRegistrationForm(PortalForm):
    """A 失业登记: the date opens the person's 登记失业人员 membership."""

    registered_on = forms.DateField(label=_("失业登记日期"), widget=DateInput())


class UnemploymentDeregistrationForm(PortalForm):
    """The 注销 of a 失业登记: the date ends the 登记失业人员 membership."""

    deregistered_on = forms.DateField(label=_("注销日期"), widget=DateInput())
    reason = forms.ChoiceField(label=_("注销原因"), choices=UnemploymentRegistration.Reason.choices)


def age_band_choices() -> list[tuple[str, str]]:
    """The age bands of ``selectors.AGE_BANDS`` as select choices ("16–24岁", "60岁及以上")."""
    from jobseekers.selectors import AGE_BANDS

    return [
        (code, _("%(low)s岁及以上") % {"low": low} if high is None else f"{low}–{high}" + str(_("岁")))
        for code, (low, high) in AGE_BANDS.items()
    ]


def graduation_year_choices() -> list[tuple[str, str]]:
    """This year and the five before it, newest first (the graduate worklist's years)."""
    from django.utils import timezone

    year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(year, year - 6, -1)]


class PersonFilterForm(forms.Form):
    """The filters of the person list; names match ``selectors.person_list``'s parameters."""

    q = forms.CharField(label=_("搜索"), required=False, help_text=_("姓名、身份证号后4位或手机号"))
    area = forms.ChoiceField(label=_("居村委"), required=False)
    group = forms.ChoiceField(
        label=_("重点群体"), required=False, choices=[("", _("全部")), *TargetGroupMembership.Group.choices]
    )
    willing = forms.ChoiceField(
        label=_("就业意愿"), required=False, choices=[("", _("全部")), ("1", _("有意愿")), ("0", _("无意愿"))]
    )
    employed = forms.ChoiceField(
        label=_("就业状态"), required=False, choices=[("", _("全部")), ("1", _("在业")), ("0", _("未就业"))]
    )
    sex = forms.ChoiceField(label=_("性别"), required=False, choices=[("", _("全部")), *Person.Sex.choices])
    age = forms.ChoiceField(label=_("年龄段"), required=False, choices=[("", _("全部"))])
    graduated = forms.ChoiceField(label=_("毕业年份"), required=False, choices=[("", _("全部"))])

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.choices = [("", _("全部")), *areas_for(user).values_list("code", "name")]
        age: Any = self.fields["age"]
        age.choices = [("", _("全部")), *age_band_choices()]
        graduated: Any = self.fields["graduated"]
        graduated.choices = [("", _("全部")), *graduation_year_choices()]


class WorklistProfileForm(forms.Form):
    """The person filters of a worklist (beside its committee and search boxes)."""

    sex = forms.ChoiceField(label=_("性别"), required=False, choices=[("", _("全部")), *Person.Sex.choices])
    age = forms.ChoiceField(label=_("年龄段"), required=False, choices=[("", _("全部"))])
    graduated = forms.ChoiceField(label=_("毕业年份"), required=False, choices=[("", _("全部"))])

    def __init__(self, *args: Any, graduates: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        age: Any = self.fields["age"]
        age.choices = [("", _("全部")), *age_band_choices()]
        graduated: Any = self.fields["graduated"]
        graduated.choices = [("", _("全部")), *graduation_year_choices()]
        if not graduates:
            del self.fields["graduated"]
