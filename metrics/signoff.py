"""Official snapshots: the month-end sign-off (月末数据确认) of METRICS.md.

A committee head (holding ``metrics.sign_committee_snapshot``) signs the committee's figures of a
month-end snapshot, the centre signs the town's. A signed snapshot never changes and is never
removed: ``snapshot_store`` leaves it in place when a later recompute of the period writes a new
(unsigned) snapshot beside it, and ``changes_after_signoff_record`` lists every number of a signed
scope that the new snapshot has different (who asked for the recompute, what, when).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from metrics.models import ChangeAfterSignoff, Signoff, Snapshot, SnapshotValue
from zhuqiao.audit import audit_record, current_context
from zhuqiao.models import Area, AuditEntry, User
from zhuqiao.roles import Role

COMMITTEE_PERMISSION = "metrics.sign_committee_snapshot"


def may_sign(user: User, area: Area | None) -> bool:
    """The centre signs the town's figures; a committee head its own committee's."""
    if not (user and user.is_authenticated and user.is_active and getattr(user, "can_edit", False)):
        return False
    if user.is_superuser:
        return True
    if area is None:
        return bool(user.role == Role.CENTRE)
    return bool(user.area_id == area.pk and user.has_perm(COMMITTEE_PERMISSION))


@transaction.atomic
def signoff_sign(*, snapshot: Snapshot, area: Area | None, user: User, note: str = "") -> Signoff:
    """Sign the figures of ``area`` (the town when None) in a current month-end snapshot."""
    if not may_sign(user, area):
        raise PermissionDenied(_("您没有确认该范围月末数据的权限。"))
    if not snapshot.is_month_end:
        raise ValidationError(_("只能确认月末快照。"))
    if not snapshot.is_current:
        raise ValidationError(_("该快照已被新的计算替换，请确认最新的月末快照。"))
    try:
        with transaction.atomic():
            signoff = Signoff.objects.create(
                snapshot=snapshot,
                area=area,
                year=snapshot.year,
                as_of=snapshot.as_of,
                signed_by=user,
                signed_by_name=getattr(user, "display_name", "") or user.get_username(),
                signed_at=timezone.now(),
                note=note[:300],
            )
    except IntegrityError:
        raise ValidationError(_("该月末数据已确认，不能重复确认。")) from None
    audit_record(
        action=AuditEntry.Action.CREATE,
        obj=signoff,
        user=user,
        detail=f"月末数据确认：{snapshot.as_of} {area.code if area else '全镇'}（快照 {snapshot.pk}）",
    )
    return signoff


def signed_snapshot_ids(*, year: int, as_of: datetime.date) -> set[int]:
    """The snapshots of a period that carry a sign-off (never to be removed)."""
    return set(Signoff.objects.filter(year=year, as_of=as_of).values_list("snapshot_id", flat=True))


def changes_after_signoff_record(*, snapshot: Snapshot, figures: Any) -> int:
    """After ``snapshot`` (a new computation of a signed period) was stored: list every number of
    each signed scope that differs from what was signed. A difference already listed with the
    same new value is not listed again (the nightly run recomputes the same period). Returns the
    number of rows added."""
    signoffs = list(Signoff.objects.filter(year=snapshot.year, as_of=snapshot.as_of).exclude(snapshot=snapshot))
    if not signoffs:
        return 0
    scope_filter = Q()
    for signoff in signoffs:
        scope_filter |= Q(snapshot_id=signoff.snapshot_id, area_id=signoff.area_id)
    signed: dict[tuple[int, int | None], dict[str, Decimal | None]] = {}
    rows = SnapshotValue.objects.filter(scope_filter).values_list("snapshot_id", "area_id", "code", "value")
    for snapshot_id, area_id, code, value in rows:
        signed.setdefault((snapshot_id, area_id), {})[code] = value
    listed = {
        (signoff_id, code): new_value
        for signoff_id, code, new_value in ChangeAfterSignoff.objects.filter(signoff__in=signoffs)
        .order_by("found_at", "pk")
        .values_list("signoff_id", "code", "new_value")
    }
    context = current_context()
    who = (
        getattr(context.user, "display_name", "")
        or getattr(context.user, "username", "")
        or (context.source or _("系统（定时计算）"))
    )
    now = timezone.now()
    changes = []
    for signoff in signoffs:
        before = signed.get((signoff.snapshot_id, signoff.area_id), {})
        after = figures.town if signoff.area_id is None else figures.areas.get(signoff.area_id, {})
        for code in sorted(set(before) | set(after)):
            old, new = before.get(code), after.get(code)
            if _same(old, new):
                continue
            key = (signoff.pk, code)
            if key in listed and _same(listed[key], new):
                continue
            changes.append(
                ChangeAfterSignoff(
                    signoff=signoff,
                    snapshot=snapshot,
                    code=code,
                    signed_value=old,
                    new_value=new,
                    found_at=now,
                    recomputed_by=str(who)[:150],
                )
            )
    ChangeAfterSignoff.objects.bulk_create(changes)
    return len(changes)


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a) == Decimal(b)


# --- reads ---------------------------------------------------------------------------------------------


def signoff_for(*, snapshot: Snapshot, area_id: int | None) -> Signoff | None:
    signoffs = Signoff.objects.filter(snapshot=snapshot)
    return (signoffs.filter(area__isnull=True) if area_id is None else signoffs.filter(area_id=area_id)).first()


def official_snapshot(*, year: int, as_of: datetime.date | None, area_id: int | None = None) -> Snapshot | None:
    """The signed snapshot of a period for a scope (the town when ``area_id`` is None); without a
    date, the latest signed month-end of the year."""
    signoffs = (
        Signoff.objects.filter(year=year, area_id=area_id)
        if area_id
        else Signoff.objects.filter(year=year, area__isnull=True)
    )
    if as_of is not None:
        signoffs = signoffs.filter(as_of=as_of)
    signoff = signoffs.select_related("snapshot").order_by("-as_of").first()
    return None if signoff is None else signoff.snapshot


def signed_block(signoff: Signoff | None) -> dict[str, str] | None:
    """``{"by": ..., "at": ...}`` of METRICS.md, or None."""
    if signoff is None:
        return None
    return {"by": signoff.signed_by_name, "at": timezone.localtime(signoff.signed_at).isoformat(timespec="seconds")}


def document_signatures(snapshot: Snapshot, *, area_ids: list[int] | None = None) -> dict[str, Any]:
    """The sign-off keys of a metrics document: ``signed`` (the town's, or for a committee's
    user the committee's) and ``signed_areas`` (committee code → block), in one query."""
    signoffs = Signoff.objects.filter(snapshot=snapshot).select_related("area")
    if area_ids is not None:
        signoffs = signoffs.filter(Q(area__isnull=True) | Q(area_id__in=area_ids))
    town = None
    areas: dict[str, dict[str, str] | None] = {}
    for signoff in signoffs:
        if signoff.area is None:
            town = signed_block(signoff)
        else:
            areas[signoff.area.code] = signed_block(signoff)
    if area_ids is not None and len(area_ids) == 1:
        # a committee's staff: the document is official for them when their committee signed it
        return {"signed": next(iter(areas.values()), None), "signed_areas": areas}
    return {"signed": town, "signed_areas": dict(sorted(areas.items()))}


def month_signoffs(*, year: int, area_id: int | None = None) -> dict[int, Signoff]:
    """The sign-offs of a scope in a year by month (1–12)."""
    signoffs = Signoff.objects.filter(year=year)
    signoffs = signoffs.filter(area_id=area_id) if area_id is not None else signoffs.filter(area__isnull=True)
    return {s.as_of.month: s for s in signoffs.order_by("as_of")}


def unsigned_months(*, year: int, until: datetime.date, area_id: int | None = None) -> list[int]:
    """The months of the year up to ``until`` whose month-end is past and not signed."""
    from metrics.definitions import month_ends

    signed = month_signoffs(year=year, area_id=area_id)
    return [day.month for day in month_ends(year, until) if day.month not in signed]


def changes_after_signoff(*, area_ids: list[int] | None = None) -> QuerySet[ChangeAfterSignoff]:
    changes = ChangeAfterSignoff.objects.select_related("signoff", "signoff__area")
    if area_ids is not None:
        changes = changes.filter(signoff__area_id__in=area_ids)
    return changes.order_by("-found_at", "signoff__as_of", "code")
