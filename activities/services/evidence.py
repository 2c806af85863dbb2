"""Writes of evidence filed under an indicator, and the decisions of meetings."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Brand, Evidence, MeetingDecision
from activities.services.common import _assign_fields, _staff_or_none
from activities.services.files import attachment_delete
from zhuqiao.models import Department, User

EVIDENCE_FIELDS = (
    "indicator",
    "year",
    "kind",
    "dated_on",
    "title",
    "department",
    "attendees",
    "minutes",
    "amount",
    "brand",
)


def evidence_create(
    *,
    user: User | None = None,
    indicator: int,
    year: int,
    kind: str,
    dated_on: datetime.date,
    title: str,
    department: Department,
    attendees: str = "",
    minutes: str = "",
    amount: Decimal | None = None,
    brand: Brand | None = None,
) -> Evidence:
    """File a piece of evidence under an indicator and year."""
    evidence = Evidence(
        indicator=indicator,
        year=year,
        kind=kind,
        dated_on=dated_on,
        title=title,
        department=department,
        attendees=attendees,
        minutes=minutes,
        amount=amount,
        brand=brand,
        created_by=_staff_or_none(user),
    )
    evidence.full_clean()
    evidence.save()
    return evidence


def evidence_update(*, evidence: Evidence, **fields: Any) -> Evidence:
    return _assign_fields(evidence, fields, EVIDENCE_FIELDS, "evidence_update")


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    for attachment in evidence.attachments.all():
        attachment_delete(attachment=attachment)
    evidence.delete()


def decision_add(*, meeting: Evidence, text: str, owner: Department, due_on: datetime.date) -> MeetingDecision:
    """A decision or action item of a meeting, owned by a department, due on a date."""
    if not meeting.is_meeting:
        raise ValidationError(_("只有领导小组会议和联席会议可以登记议定事项。"))
    decision = MeetingDecision(meeting=meeting, text=text, owner=owner, due_on=due_on)
    decision.full_clean()
    decision.save()
    return decision


def decision_close(
    *, decision: MeetingDecision, status: str, closed_on: datetime.date, closing_note: str
) -> MeetingDecision:
    """Close a decision as carried out (已落实) or dropped (已撤销), with the date and a note."""
    if decision.status != MeetingDecision.Status.OPEN:
        raise ValidationError(_("该事项已办结。"))
    if status not in (MeetingDecision.Status.DONE, MeetingDecision.Status.DROPPED):
        raise ValidationError(_("请选择“已落实”或“已撤销”。"))
    decision.status = status
    decision.closed_on = closed_on
    decision.closing_note = closing_note.strip()
    decision.full_clean()
    decision.save()
    return decision
