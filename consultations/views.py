"""Pages of consultation booking: the public booking and self-service pages (no login), and
the staff's day view with check-in, no-show and conversion to a case."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import selectors, services
from consultations.forms import BookingForm, DayFilterForm, LiftForm, LookupForm, PersonSearchForm
from consultations.ics import booking_ics
from consultations.models import Booking, NoShowBlock, Slot
from consultations.ratelimit import booking_attempt_allowed, lookup_attempt_allowed
from jobseekers.models import Person
from zhuqiao.access import editor, role_required, staff_required
from zhuqiao.audit import audit_record
from zhuqiao.client_address import client_ip
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import AuditEntry, Department
from zhuqiao.redirects import safe_next_url
from zhuqiao.roles import Role
from zhuqiao.scoping import get_for_user_or_404

SESSION_KEY = "consultations_codes"


def _remember(request: HttpRequest, code: str) -> None:
    codes = [c for c in request.session.get(SESSION_KEY, []) if c != code][-9:]
    request.session[SESSION_KEY] = [*codes, code]


def _resident_booking(request: HttpRequest, code: str) -> Booking:
    """A booking this browser made or unlocked with code + last four digits; else 404."""
    if code not in request.session.get(SESSION_KEY, []):
        raise Http404
    return get_object_or_404(Booking.objects.select_related("topic__department", "slot__place"), code=code)


def _day_param(request: HttpRequest) -> datetime.date | None:
    try:
        return parse_date(request.GET.get("date") or "")
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        return None


def _address(request: HttpRequest) -> str | None:
    return client_ip(request)


# --- public pages -------------------------------------------------------------------------------


def book(request: HttpRequest) -> HttpResponse:
    """Step 1: choose a topic, or a department and then its topic."""
    topics = selectors.topics_bookable()
    department = None
    if request.GET.get("department"):
        department = Department.objects.filter(code=request.GET["department"]).first()
        if department is not None:
            topics = topics.filter(department=department)
    departments = Department.objects.filter(consultation_topics__is_active=True).distinct().order_by("sort_order")
    return render(
        request,
        "consultations/book.html",
        {"topics": topics, "departments": departments, "department": department},
    )


def book_topic(request: HttpRequest, topic_code: str) -> HttpResponse:
    """Step 2 and 3: a date, then a slot with its places left."""
    topic = get_object_or_404(selectors.topics_bookable(), code=topic_code)
    now = timezone.now()
    dates = selectors.dates_bookable(topic=topic, now=now)
    day = _day_param(request)
    if day is None and dates:
        day = next((d["day"] for d in dates if d["remaining"]), dates[0]["day"])
    slots = list(selectors.slots_bookable(topic=topic, now=now, day=day)) if day else []
    return render(
        request, "consultations/book_topic.html", {"topic": topic, "dates": dates, "day": day, "slots": slots}
    )


def book_slot(request: HttpRequest, topic_code: str, slot_id: int) -> HttpResponse:
    """Step 4: who is coming, the topic's questions, consent; then the booking."""
    topic = get_object_or_404(selectors.topics_bookable(), code=topic_code)
    slot = get_object_or_404(Slot.objects.select_related("place"), pk=slot_id, topic=topic)
    form = BookingForm(request.POST or None, topic=topic)
    status = 200
    if request.method == "POST":
        if form.is_bot:
            form.add_error(None, _("提交未通过校验，请刷新页面后重新填写。"))
            status = 400
        elif form.is_valid():
            phone = form.cleaned_data["phone"]
            if not booking_attempt_allowed(phone=phone, address=_address(request)):
                form.add_error(None, _("提交过于频繁，请稍后再试。"))
                status = 429
            else:
                try:
                    booking = services.booking_create(
                        slot_id=slot.pk,
                        name=form.cleaned_data["name"],
                        phone=phone,
                        email=form.cleaned_data["email"],
                        note=form.cleaned_data["note"],
                        answers=form.answers(),
                        consent=form.cleaned_data["consent"],
                    )
                except services.BookingError as exc:
                    field = exc.field if exc.field in form.fields else None
                    form.add_error(field, exc.message)
                    status = 409 if isinstance(exc, services.SlotFull) else 400
                else:
                    _remember(request, booking.code)
                    return redirect("consultations:booked", code=booking.code)
        else:
            status = 400
    return render(request, "consultations/book_slot.html", {"topic": topic, "slot": slot, "form": form}, status=status)


def booked(request: HttpRequest, code: str) -> HttpResponse:
    booking = _resident_booking(request, code)
    return render(request, "consultations/booked.html", {"booking": booking})


def booking_calendar_file(request: HttpRequest, code: str) -> HttpResponse:
    booking = _resident_booking(request, code)
    response = HttpResponse(booking_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="zhuqiao-{booking.code}.ics"'
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/privacy.html")


def manage(request: HttpRequest) -> HttpResponse:
    """Find a booking with its code and the phone's last four digits."""
    form = LookupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not lookup_attempt_allowed(address=_address(request)):
            form.add_error(None, _("查询过于频繁，请稍后再试。"))
            status = 429
        else:
            booking = selectors.booking_for_resident(
                code=form.cleaned_data["code"], phone_last4=form.cleaned_data["phone_last4"]
            )
            if booking is not None:
                _remember(request, booking.code)
                return redirect("consultations:manage_booking", code=booking.code)
            form.add_error(None, _("未找到预约：请核对预约码和手机号后四位。"))
            status = 404
    elif request.method == "POST":
        status = 400
    return render(request, "consultations/manage.html", {"form": form}, status=status)


def manage_booking(request: HttpRequest, code: str) -> HttpResponse:
    """View, cancel or reschedule one's own booking until the topic's cut-off."""
    booking = _resident_booking(request, code)
    now = timezone.now()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.booking_cancel(booking=booking, now=now)
                messages.success(request, _("预约已取消。"))
            elif request.POST.get("action") == "reschedule":
                services.booking_reschedule(booking=booking, new_slot_id=int(request.POST.get("slot") or 0), now=now)
                messages.success(request, _("已改约到新的时段。"))
            return redirect("consultations:manage_booking", code=booking.code)
        except services.BookingError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("请选择新的时段。"))
        booking.refresh_from_db()
    changeable = booking.changeable_at(now)
    dates: list[dict[str, Any]] = []
    slots: list[Slot] = []
    day = None
    if changeable:
        dates = selectors.dates_bookable(topic=booking.topic, now=now)
        day = _day_param(request)
        if day is not None:
            slots = [
                s
                for s in selectors.slots_bookable(topic=booking.topic, now=now, day=day)
                if s.pk != booking.slot_id and s.remaining > 0
            ]
    return render(
        request,
        "consultations/manage_booking.html",
        {"booking": booking, "changeable": changeable, "dates": dates, "day": day, "slots": slots},
    )


# --- staff pages --------------------------------------------------------------------------------


@staff_required
def day(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The day's bookings per place, with triage answers and the actions of the counter."""
    form = DayFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    chosen = cleaned.get("date") or timezone.localdate()
    department = cleaned.get("department")
    bookings = selectors.bookings_for_day(
        user=request.user, day=chosen, place=cleaned.get("place"), department_id=department.pk if department else None
    )
    groups = selectors.day_groups(bookings)
    return render(
        request,
        "consultations/day.html",
        {
            "form": form,
            "day": chosen,
            "is_today": chosen == timezone.localdate(),  # check-in only on the day
            "groups": groups,
            "total": sum(len(v) for v in groups.values()),
            "previous_day": chosen - datetime.timedelta(days=1),
            "next_day": chosen + datetime.timedelta(days=1),
        },
    )


@staff_required
def booking_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = get_for_user_or_404(
        Booking.objects.select_related("topic__department", "topic__service_type", "slot__place", "case"),
        request.user,
        pk=pk,
    )
    show_phone = request.user.can_reveal and request.user.can_edit
    if show_phone:
        audit_record(action=AuditEntry.Action.REVEAL, obj=booking, detail="booking phone shown on detail page")
    # Without the reveal permission the search starts from the name, never showing the phone.
    search = PersonSearchForm(request.GET or {"q": booking.phone if show_phone else booking.name})
    persons = selectors.persons_matching(user=request.user, query=search.cleaned_data["q"]) if search.is_valid() else []
    return render(
        request,
        "consultations/booking_detail.html",
        {
            "booking": booking,
            "search": search,
            "persons": persons,
            "show_phone": show_phone,
            "is_today": booking.slot.slot_date == timezone.localdate(),  # check-in only on the day
        },
    )


@require_POST
@staff_required
def booking_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    booking = get_for_user_or_404(Booking.objects.select_related("topic", "slot"), request.user, pk=pk)
    try:
        if action == "check-in":
            services.booking_check_in(booking=booking, user=request.user)
            messages.success(request, _("已签到：%(name)s") % {"name": booking.name})
        elif action == "no-show":
            block = services.booking_mark_no_show(booking=booking, user=request.user)
            messages.success(request, _("已标记为未到：%(name)s") % {"name": booking.name})
            if block is not None:
                messages.warning(request, _("该手机号已被暂停在线预约：%(reason)s") % {"reason": block.reason})
        elif action == "cancel":
            services.booking_cancel(booking=booking, by=request.user)
            messages.success(request, _("预约已取消。"))
        else:
            raise Http404
    except services.BookingError as exc:
        messages.error(request, exc.message)
    return redirect(
        safe_next_url(
            request, reverse("consultations:booking_detail", kwargs={"pk": booking.pk}), prefix="/consultations/"
        )
    )


@require_POST
@staff_required
def booking_convert(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Convert to a case: staff picked the person among those they may see."""
    booking = get_for_user_or_404(Booking.objects.select_related("topic"), request.user, pk=pk)
    person = get_for_user_or_404(Person, request.user, pk=request.POST.get("person") or 0)
    try:
        case = services.booking_convert_to_case(booking=booking, person=person, user=request.user)
    except services.BookingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已转为服务个案 %(ref)s。") % {"ref": case.ref})
    return redirect("consultations:booking_detail", pk=booking.pk)


@role_required(Role.CENTRE, Role.ADMIN)
def blocks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Phones barred from online booking after no-shows; staff lift a block with a reason."""
    return render(
        request,
        "consultations/blocks.html",
        {"blocks": selectors.blocks_active(now=timezone.now()), "form": LiftForm()},
    )


@require_POST
@role_required(Role.CENTRE, Role.ADMIN, test=editor)
def block_lift(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(NoShowBlock, pk=pk)
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写解除原因。"))
    else:
        try:
            services.noshow_block_lift(block=block, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("已解除限制。"))
        except services.BookingError as exc:
            messages.error(request, exc.message)
    return redirect("consultations:blocks")
