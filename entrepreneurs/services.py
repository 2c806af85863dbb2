"""Writes of the venture register: ventures, policy benefits, role models and their photos, and
the weekly closing-window reminders. (Start-up services are logged as cases by ``cases.startup``.)"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepreneurs.models import (
    FoundingTeam,
    Policy,
    PolicyBenefit,
    PolicyWindowNotice,
    RoleModel,
    RoleModelPhoto,
    SharedAddress,
    Venture,
)
from entrepreneurs.selectors import opportunities_hydrate, policy_opportunities, venture_duplicate_of
from entrepreneurs.validators import validate_credit_code
from jobseekers.models import Person
from zhuqiao.models import Area, User

logger = logging.getLogger(__name__)

NOTICE_HORIZON_DAYS = 90


@transaction.atomic
def venture_register(
    *,
    credit_code: str,
    name: str,
    kind: str,
    registered_on: datetime.date,
    area: Area,
    industry: str,
    founder: Person | None,
    jobs_created: int = 0,
) -> Venture:
    """Register a venture; a credit code already on the register is refused."""
    code = validate_credit_code(credit_code)
    if venture_duplicate_of(credit_code=code) is not None:
        raise ValidationError({"credit_code": _("该统一社会信用代码已登记，不能重复登记。")})
    venture = Venture(
        credit_code=code,
        name=name.strip(),
        kind=kind,
        registered_on=registered_on,
        area=area,
        industry=industry,
        founder=founder,
        jobs_created=jobs_created,
    )
    venture.full_clean()
    try:
        with transaction.atomic():
            venture.save()
    except IntegrityError as error:  # a concurrent registration of the same code won
        raise ValidationError({"credit_code": _("该统一社会信用代码已登记，不能重复登记。")}) from error
    return venture


@transaction.atomic
def venture_update(*, venture: Venture, **fields: Any) -> Venture:
    """Change a venture's fields (a deregistration needs its date; reopening clears it)."""
    if "credit_code" in fields:
        fields["credit_code"] = validate_credit_code(fields["credit_code"])
        if venture_duplicate_of(credit_code=fields["credit_code"], exclude_pk=venture.pk) is not None:
            raise ValidationError({"credit_code": _("该统一社会信用代码已登记，不能重复登记。")})
    for name, value in fields.items():
        setattr(venture, name, value)
    if venture.status == Venture.Status.OPERATING:
        venture.deregistered_on = None
    elif venture.deregistered_on is None:
        raise ValidationError({"deregistered_on": _("注销的创业组织必须填写注销日期。")})
    venture.full_clean()
    venture.save()
    return venture


def policy_benefit_grant(
    *, venture: Venture, policy: Policy, granted_on: datetime.date, amount: Decimal | None
) -> PolicyBenefit:
    """Record one grant of a policy to a venture."""
    if granted_on < venture.registered_on:
        raise ValidationError(
            {"granted_on": _("享受日期不能早于创业组织的成立日期（%(day)s）。") % {"day": venture.registered_on}}
        )
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("金额不能为负数。")})
    if PolicyBenefit.objects.filter(venture=venture, policy=policy, granted_on=granted_on).exists():
        raise ValidationError(_("该创业组织在这一天已登记过同一政策的享受记录。"))
    benefit = PolicyBenefit(venture=venture, policy=policy, granted_on=granted_on, amount=amount)
    benefit.full_clean()
    benefit.save()
    return benefit


def role_model_designate(
    *,
    year: int,
    title: str,
    story: str,
    venture: Venture | None = None,
    person: Person | None = None,
) -> RoleModel:
    """Designate a venture or a founder as a role model (创业典型) of a year."""
    if (venture is None) == (person is None):
        raise ValidationError(_("创业典型必须是一个创业组织或一位创业者（二选一）。"))
    if venture is not None and RoleModel.objects.filter(venture=venture, year=year).exists():
        raise ValidationError(_("该创业组织已是%(year)s年度的创业典型。") % {"year": year})
    if person is not None and RoleModel.objects.filter(person=person, year=year).exists():
        raise ValidationError(_("该创业者已是%(year)s年度的创业典型。") % {"year": year})
    subject: Venture | Person = venture or person  # type: ignore[assignment]
    role_model = RoleModel(venture=venture, person=person, area_id=subject.area_id, year=year, title=title, story=story)
    role_model.full_clean()
    role_model.save()
    return role_model


PHOTO_TYPES = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}


def role_model_photo_add(*, role_model: RoleModel, image: UploadedFile, caption: str = "") -> RoleModelPhoto:
    """Store a photo under a generated name; only real JPEG, PNG or WebP images are kept."""
    from PIL import Image, UnidentifiedImageError
    from PIL.Image import DecompressionBombError

    try:
        image.seek(0)
        with Image.open(image) as picture:
            picture.verify()
            kind = picture.format or ""
    except (UnidentifiedImageError, DecompressionBombError, OSError, ValueError) as error:
        raise ValidationError({"image": _("无法识别的图片文件，请上传 JPG、PNG 或 WebP 格式的照片。")}) from error
    if kind not in PHOTO_TYPES:
        raise ValidationError({"image": _("只接受 JPG、PNG 或 WebP 格式的照片。")})
    content_type, suffix = PHOTO_TYPES[kind]
    image.seek(0)
    image.name = f"photo{suffix}"  # the generated name keeps only this suffix
    photo = RoleModelPhoto(role_model=role_model, caption=caption.strip(), content_type=content_type)
    photo.image.save(image.name, image, save=False)
    photo.save()
    return photo


def _notice_recipients(area_ids: set[int]) -> dict[int, list[str]]:
    recipients: dict[int, list[str]] = defaultdict(list)
    users = User.objects.filter(role=User.Role.COMMITTEE, is_active=True, area_id__in=area_ids).exclude(email="")
    for user in users.order_by("username"):
        recipients[user.area_id].append(user.email)  # type: ignore[index]
    return recipients


def policy_window_notices_send(*, today: datetime.date | None = None) -> int:
    """Tell each committee which of its ventures' policy windows close within 90 days.

    Each (venture, policy) is told once, ever. Per committee, the ``PolicyWindowNotice`` rows
    are inserted and the mail is sent in one transaction: the unique constraint makes a second
    or concurrent run skip what is already claimed, and a mail that fails rolls its claims back
    so the next run tries again. Ventures of a committee without an active member of staff with
    an e-mail address wait for a later run (nobody has been told yet). Returns the notices sent.
    """
    today = today or timezone.localdate()
    pairs = policy_opportunities(user=_SystemReader(), today=today, closing_within_days=NOTICE_HORIZON_DAYS)
    already = set(PolicyWindowNotice.objects.values_list("venture_id", "policy_id"))
    opportunities = opportunities_hydrate([p for p in pairs if (p[0], p[1]) not in already], today=today)
    recipients = _notice_recipients({o.venture.area_id for o in opportunities})
    by_area: dict[int, list[Any]] = defaultdict(list)
    for opportunity in opportunities:
        if recipients.get(opportunity.venture.area_id):
            by_area[opportunity.venture.area_id].append(opportunity)
    sent = 0
    for area_id, rows in by_area.items():
        try:
            sent += _notify_area(rows=rows, emails=recipients[area_id])
        except Exception:  # one committee's mail server trouble must not stop the others
            logger.exception("policy window notice for area %s failed; it will be retried next run", area_id)
    logger.info("policy window notices sent: %s", sent)
    return sent


@transaction.atomic
def _notify_area(*, rows: list[Any], emails: list[str]) -> int:
    claimed = []
    for opportunity in rows:
        try:
            with transaction.atomic():
                PolicyWindowNotice.objects.create(
                    venture=opportunity.venture,
                    policy=opportunity.policy,
                    window_closes_on=opportunity.closes_on,
                    notified_at=timezone.now(),
                    recipients=", ".join(emails),
                )
        except IntegrityError:
            continue  # another run claimed it first
        claimed.append(opportunity)
    if not claimed:
        return 0
    site = settings.SITE_URL.rstrip("/")
    lines = [
        _("%(venture)s：%(policy)s，申请窗口%(day)s截止（剩余%(days)s天）。%(url)s")
        % {
            "venture": o.venture.name,
            "policy": o.policy.name,
            "day": o.closes_on.isoformat(),
            "days": o.days_left,
            "url": site + reverse("entrepreneurs:venture_detail", args=[o.venture.pk]),
        }
        for o in claimed
    ]
    body = "\n".join(
        [
            _("以下创业组织尚未享受的扶持政策将在90天内到期，请及时联系并协助申请："),
            "",
            *lines,
            "",
            _("政策机会清单：%(url)s") % {"url": site + reverse("entrepreneurs:opportunity_list")},
        ]
    )
    send_mail(
        subject=_("【政策机会】%(count)s项扶持政策申请窗口即将到期") % {"count": len(claimed)},
        message=body,
        from_email=None,
        recipient_list=emails,
    )
    return len(claimed)


class _SystemReader:
    """The weekly job's reader: it looks at the whole town, like centre staff."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    role = User.Role.CENTRE
    area_id = None
    department_id = None


# --- founding teams before registration ------------------------------------------------------


def team_create(
    *,
    name: str,
    idea: str,
    industry: str,
    stage: str,
    area: Area,
    first_contact_on: datetime.date,
    members: list[Person],
    notes: str = "",
) -> FoundingTeam:
    """Record a would-be founder or a founding team (意向 or 筹备), with its people from the register."""
    if stage == FoundingTeam.Stage.REGISTERED:
        raise ValidationError({"stage": _("团队注册时请在团队页面登记其创业组织。")})
    if not members:
        raise ValidationError({"members": _("至少登记一名团队成员。")})
    with transaction.atomic():
        team = FoundingTeam(
            name=name,
            idea=idea,
            industry=industry,
            stage=stage,
            area=area,
            first_contact_on=first_contact_on,
            notes=notes,
        )
        team.full_clean()
        team.save()
        team.members.set(members)
    return team


def shared_address_register(
    *, address: str, manager: str = "", contact: str = "", capacity: int | None = None, notes: str = ""
) -> SharedAddress:
    """Add a shared registration address (集中注册地址) to the 招商中心's register."""
    shared = SharedAddress(address=address, manager=manager, contact=contact, capacity=capacity, notes=notes)
    shared.full_clean()
    shared.save()
    return shared


def team_update(*, team: FoundingTeam, **fields: Any) -> FoundingTeam:
    """Change a team's idea, industry, notes or its stage between 意向 and 筹备."""
    if fields.get("stage") == FoundingTeam.Stage.REGISTERED and team.venture_id is None:
        raise ValidationError({"stage": _("团队注册时请在团队页面登记其创业组织。")})
    for name in ("name", "idea", "industry", "stage", "notes", "first_contact_on"):
        if name in fields:
            setattr(team, name, fields[name])
    team.full_clean()
    team.save()
    return team


def team_add_member(*, team: FoundingTeam, person: Person) -> FoundingTeam:
    team.members.add(person)
    return team


@transaction.atomic
def team_register(*, team: FoundingTeam, venture: Venture) -> FoundingTeam:
    """The team registered as ``venture``: link them, and carry the team's history over: its
    cases become the venture's cases as well, and its residency at 告知 becomes the venture's."""
    from django.apps import apps

    team = FoundingTeam.objects.select_for_update().get(pk=team.pk)
    if team.venture_id is not None:
        raise ValidationError(_("该团队已登记注册为%(venture)s。") % {"venture": team.venture})
    if FoundingTeam.objects.filter(venture=venture).exists():
        raise ValidationError(_("%(venture)s已关联另一个创业团队。") % {"venture": venture})
    Residency = apps.get_model("incubators", "Residency")
    open_team = Residency.objects.filter(team=team, venture__isnull=True, stage__in=Residency.OPEN_STAGES)
    if open_team.exists() and Residency.objects.filter(venture=venture, stage__in=Residency.OPEN_STAGES).exists():
        raise ValidationError(_("%(venture)s已有未结束的入驻记录，不能再转入团队的告知记录。") % {"venture": venture})
    team.venture = venture
    team.stage = FoundingTeam.Stage.REGISTERED
    team.full_clean()
    team.save()
    apps.get_model("cases", "Case").objects.filter(team=team, venture__isnull=True).update(venture=venture)
    Residency.objects.filter(team=team, venture__isnull=True).update(venture=venture)
    return team
