"""What staff do at the counter on the day: check in, mark a no-show, lift a no-show block,
turn a booking into a case."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.services import case_open
from consultations.models import Booking, NoShowBlock
from consultations.services.rules import (
    NO_SHOW_BLOCK,
    NO_SHOW_LIMIT,
    NO_SHOW_WINDOW,
    NotChangeable,
)
from jobseekers.models import Person
from zhuqiao.models import User


@transaction.atomic
def booking_check_in(*, booking: Booking, user: User | None, now: datetime.datetime | None = None) -> Booking:
    """The resident has arrived."""
    now = now or timezone.now()
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.LAPSED, Booking.Status.NO_SHOW):
        raise NotChangeable(_("该预约已取消，不能签到。"))
    if booking.slot.slot_date != timezone.localdate(now):
        raise NotChangeable(_("只能在预约当天签到。"))
    booking.status = Booking.Status.CHECKED_IN
    booking.checked_in_at = now
    booking.handled_by = user
    booking.save(update_fields=["status", "checked_in_at", "handled_by", "updated_at"])
    return booking


@transaction.atomic
def booking_mark_no_show(*, booking: Booking, user: User, now: datetime.datetime | None = None) -> NoShowBlock | None:
    """The resident did not come. Repeated no-shows bar the phone from online booking."""
    now = now or timezone.now()
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.LAPSED):
        raise NotChangeable(_("只能将“已预约”的预约标记为未到。"))
    if booking.slot.starts_at > now:
        raise NotChangeable(_("时段尚未开始，不能标记为未到。"))
    booking.status = Booking.Status.NO_SHOW
    booking.handled_by = user
    booking.save(update_fields=["status", "handled_by", "updated_at"])
    recent = Booking.objects.filter(
        phone_hash=booking.phone_hash, status=Booking.Status.NO_SHOW, slot__starts_at__gte=now - NO_SHOW_WINDOW
    ).count()
    if (
        recent < NO_SHOW_LIMIT
        or NoShowBlock.objects.filter(
            phone_hash=booking.phone_hash, lifted_at__isnull=True, blocked_until_at__gt=now
        ).exists()
    ):
        return None
    return NoShowBlock.objects.create(
        phone_encrypted=booking.phone_encrypted,
        phone_hash=booking.phone_hash,
        phone_masked=booking.phone_masked,
        blocked_until_at=now + NO_SHOW_BLOCK,
        reason=_("%(days)s 天内 %(count)s 次预约未到") % {"days": NO_SHOW_WINDOW.days, "count": recent},
    )


@transaction.atomic
def noshow_block_lift(
    *, block: NoShowBlock, user: User, reason: str, now: datetime.datetime | None = None
) -> NoShowBlock:
    """Staff lift a no-show block (the change lands in the audit log)."""
    if block.lifted_at is not None:
        raise NotChangeable(_("该限制已解除。"))
    block.lifted_at = now or timezone.now()
    block.lifted_by = user
    block.lift_reason = reason.strip()[:200]
    block.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "updated_at"])
    return block


@transaction.atomic
def booking_convert_to_case(*, booking: Booking, person: Person, user: User) -> Case:
    """Open a case of the casework catalogue for the booking's person; the booking links to it."""
    booking = Booking.objects.select_for_update(of=("self",)).select_related("topic").get(pk=booking.pk)
    if booking.case_id:
        raise NotChangeable(_("该预约已转为服务个案。"))
    if booking.status == Booking.Status.CANCELLED:
        raise NotChangeable(_("已取消的预约不能转为服务个案。"))
    service = booking.topic.service_type
    if service is None:
        raise NotChangeable(_("该咨询事项未对应服务事项，请先在配置中设置。"))
    case = case_open(
        service=service,
        opened_by=user,
        person=person,
        department=booking.topic.department,
    )
    booking.case = case
    fields = ["case", "handled_by", "updated_at"]
    if booking.status in (Booking.Status.BOOKED, Booking.Status.LAPSED):
        booking.status = Booking.Status.CHECKED_IN
        booking.checked_in_at = timezone.now()
        fields += ["status", "checked_in_at"]
    booking.handled_by = user
    booking.save(update_fields=fields)
    return case
