"""Writes of the people register. Every create or change of a person's records goes through here.

Nothing is deleted: ending a membership or an employment sets its end date, so the history that
the clearance goals are counted from stays whole.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jobseekers.models import (
    Employment,
    Household,
    Person,
    TargetGroupMembership,
    UnemploymentRegistration,
    ZeroEmploymentCertification,
)
from zhuqiao.audit import audit_record
from zhuqiao.models import Area, AuditEntry, User
from zhuqiao.personal_data import phone_columns


def person_find_duplicate(*, id_number: str) -> Person | None:
    """The person already registered with this ID number (looked up by keyed hash), if any."""
    return Person.objects.filter(id_number_hash=Person.hash_id_number(id_number)).first()


def person_create(
    *,
    name: str,
    id_number: str,
    area: Area,
    phone: str = "",
    household: Household | None = None,
) -> Person:
    """Register a person. The ID number must already be validated (see jobseekers.validators)."""
    if person_find_duplicate(id_number=id_number) is not None:
        raise ValidationError({"id_number": _("该身份证号已登记。")})
    person = Person(name=name, area=area, household=household, **phone_columns(phone))
    person.set_id_number(id_number)
    person.full_clean(exclude=["id_number_encrypted", "id_number_hash", "id_number_last4", "id_number_masked"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # registered by someone else between the check and the save
        raise ValidationError({"id_number": _("该身份证号已登记。")}) from None
    return person


def person_update(
    *,
    person: Person,
    name: str,
    area: Area | None = None,
    phone: str = "",
    household: Household | None = None,
) -> Person:
    """Change a person's name, mobile number or household (the ID number never changes). The
    committee is not changed here: moving a person is a transfer (:func:`person_transfer`)."""
    if area is not None and area.pk != person.area_id:
        raise ValidationError({"area": _("更换居村委须由中心工作人员办理转出/转入。")})
    person.name = name
    person.phone = phone
    person.household = household
    person.full_clean(exclude=["id_number_encrypted", "id_number_hash", "id_number_last4", "id_number_masked"])
    person.save()
    return person


def person_reveal(*, person: Person, user: User, field: str = "id_number") -> str:
    """The full ID number (or mobile number) of one person, for a user allowed to see it; audited."""
    if not getattr(user, "can_reveal", False) or getattr(user, "is_leader", False):
        raise PermissionDenied(_("您没有查看完整个人信息的权限。"))
    if field not in ("id_number", "phone"):
        raise ValueError(field)
    value = person.id_number if field == "id_number" else person.phone
    audit_record(
        action=AuditEntry.Action.REVEAL,
        obj=person,
        user=user,
        detail="身份证号" if field == "id_number" else "手机号",
    )
    return value


def membership_add(
    *,
    person: Person,
    group: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    willing: bool = True,
    unwilling_reason: str = "",
    reconfirm_on: datetime.date | None = None,
) -> TargetGroupMembership:
    """Record that a person belongs to a target group from ``start_date``."""
    membership = TargetGroupMembership(
        person=person,
        group=group,
        start_date=start_date,
        end_date=end_date,
        willing=willing,
        unwilling_reason=unwilling_reason if not willing else "",
        reconfirm_on=reconfirm_on if not willing else None,
    )
    membership.full_clean()
    membership.save()
    return membership


def membership_update(
    *,
    membership: TargetGroupMembership,
    start_date: datetime.date,
    end_date: datetime.date | None,
    willing: bool,
    unwilling_reason: str = "",
    reconfirm_on: datetime.date | None = None,
) -> TargetGroupMembership:
    """Change dates or willingness of a membership; an end date ends it and keeps its history."""
    membership.start_date = start_date
    membership.end_date = end_date
    membership.willing = willing
    membership.unwilling_reason = unwilling_reason if not willing else ""
    membership.reconfirm_on = reconfirm_on if not willing else None
    membership.full_clean()
    membership.save()
    return membership


def membership_end(*, membership: TargetGroupMembership, end_date: datetime.date) -> TargetGroupMembership:
    if end_date < membership.start_date:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})
    membership.end_date = end_date
    membership.full_clean()
    membership.save()
    return membership


def employment_record(
    *,
    person: Person,
    start_date: datetime.date,
    kind: str,
    employer: str = "",
    end_date: datetime.date | None = None,
    note: str = "",
) -> Employment:
    """Record a job (or self-employment) of a person; it takes them off the clearance worklists."""
    employment = Employment(
        person=person, start_date=start_date, end_date=end_date, kind=kind, employer=employer, note=note
    )
    employment.full_clean()
    employment.save()
    return employment


def employment_update(
    *,
    employment: Employment,
    start_date: datetime.date,
    kind: str,
    employer: str = "",
    end_date: datetime.date | None = None,
    note: str = "",
) -> Employment:
    """Correct an employment record, or end it by giving the date the person left."""
    employment.start_date = start_date
    employment.end_date = end_date
    employment.kind = kind
    employment.employer = employer
    employment.note = note
    employment.full_clean()
    employment.save()
    return employment


def household_create(*, household_no: str, area: Area, address: str = "") -> Household:
    household = Household(household_no=household_no.strip(), area=area, address=address)
    household.full_clean()
    household.save()
    return household


def household_update(
    *, household: Household, household_no: str, area: Area | None = None, address: str = ""
) -> Household:
    """Change a household's number or address; its committee changes only by a transfer."""
    if area is not None and area.pk != household.area_id:
        raise ValidationError({"area": _("更换居村委须由中心工作人员办理转出/转入。")})
    household.household_no = household_no.strip()
    household.address = address
    household.full_clean()
    household.save()
    return household


def may_transfer(user: User) -> bool:
    """Moving people between committees (转出/转入) is a centre action."""
    return bool(getattr(user, "can_edit", False) and getattr(user, "sees_whole_town", False))


def _transfer_one(*, person: Person, to_area: Area, by: Any, reason: str, household: Household | None) -> None:
    from_area = person.area
    person.area = to_area
    person.household = household
    person.save()
    audit_record(
        action=AuditEntry.Action.TRANSFER,
        obj=person,
        user=by,
        changes={"area": [from_area.code, to_area.code], "household": household.household_no if household else None},
        detail=f"转出 {from_area.name} → 转入 {to_area.name}" + (f"：{reason}" if reason else ""),
    )


@transaction.atomic
def person_transfer(
    *, person: Person, to_area: Area, by: Any, reason: str = "", with_household: bool = True
) -> list[Person]:
    """Move a person to another committee (转出/转入), audited; returns the persons moved.

    With ``with_household`` (the usual case) the whole household moves: the household and every
    member, so that a household never spans two committees. Without it the person leaves the
    household behind and moves alone.
    """
    if not may_transfer(by):
        raise PermissionDenied(_("转出/转入须由中心工作人员办理。"))
    person = Person.objects.select_for_update(of=("self",)).select_related("area", "household").get(pk=person.pk)
    if person.area_id == to_area.pk:
        raise ValidationError({"area": _("该人员已在此居村委。")})
    if not to_area.is_active:
        raise ValidationError({"area": _("该居村委已停用。")})
    household = person.household
    if household is None or not with_household:
        _transfer_one(person=person, to_area=to_area, by=by, reason=reason, household=None)
        return [person]
    return household_transfer(household=household, to_area=to_area, by=by, reason=reason)


@transaction.atomic
def household_transfer(*, household: Household, to_area: Area, by: Any, reason: str = "") -> list[Person]:
    """Move a household and all its members to another committee (转出/转入), each audited."""
    if not may_transfer(by):
        raise PermissionDenied(_("转出/转入须由中心工作人员办理。"))
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.area_id == to_area.pk:
        raise ValidationError({"area": _("该家庭已在此居村委。")})
    household.area = to_area
    household.save()
    members = list(Person.objects.select_for_update(of=("self",)).select_related("area").filter(household=household))
    for member in members:
        _transfer_one(person=member, to_area=to_area, by=by, reason=reason, household=household)
    return members


def certification_add(
    *, household: Household, certified_on: datetime.date, willing: bool = True, conflict_reason: str = ""
) -> ZeroEmploymentCertification:
    """Record a zero-employment certification (认定); its cleared state is computed, never typed.

    A household where a member of working age has an employment open on the certification day
    is not without work: the certification is refused unless the certifier states why
    (``conflict_reason``, kept on the record and so in the audit log with who and when).
    """
    from jobseekers.selectors import working_members_on

    conflict_reason = conflict_reason.strip()
    working = list(working_members_on(household_id=household.pk, day=certified_on).values_list("name", flat=True))
    if working and not conflict_reason:
        raise ValidationError(
            {
                "conflict_reason": _(
                    "认定当天该家庭有劳动年龄内成员在岗（%(names)s），不属于零就业家庭；如确需认定，请说明理由。"
                )
                % {"names": "、".join(working)}
            }
        )
    if not working:
        conflict_reason = ""
    certification = ZeroEmploymentCertification(
        household=household, certified_on=certified_on, willing=willing, conflict_reason=conflict_reason
    )
    certification.full_clean()
    certification.save()
    return certification


@transaction.atomic
def unemployment_register(*, person: Person, registered_on: datetime.date) -> UnemploymentRegistration:
    """Record a 失业登记: the registration and the 登记失业人员 membership it opens, entered once."""
    if UnemploymentRegistration.objects.filter(person=person, deregistered_on__isnull=True).exists():
        raise ValidationError({"registered_on": _("该人员已有一条未注销的失业登记。")})
    membership = membership_add(person=person, group=TargetGroupMembership.Group.UNEMPLOYED, start_date=registered_on)
    registration = UnemploymentRegistration(person=person, registered_on=registered_on, membership=membership)
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def unemployment_deregister(
    *, registration: UnemploymentRegistration, deregistered_on: datetime.date, reason: str
) -> UnemploymentRegistration:
    """Record the 注销 of a 失业登记: it ends the 登记失业人员 membership on the same date."""
    if registration.deregistered_on is not None:
        raise ValidationError({"deregistered_on": _("该失业登记已注销。")})
    if deregistered_on < registration.registered_on:
        raise ValidationError({"deregistered_on": _("注销日期不能早于失业登记日期。")})
    registration.deregistered_on = deregistered_on
    registration.reason = reason
    registration.full_clean()
    registration.save()
    if registration.membership is not None:
        membership_end(membership=registration.membership, end_date=deregistered_on)
    return registration
