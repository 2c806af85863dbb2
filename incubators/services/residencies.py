"""Writes of residencies: open (or notify), enter, graduate, leave, the services received; places are locked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case
from entrepreneurs.models import FoundingTeam, Venture
from incubators.models import Carrier, Residency
from incubators.services.common import _not_in_future, _save


def _check_carrier_open(carrier: Carrier, day: datetime.date) -> None:
    if not carrier.is_active_on(day):
        raise ValidationError(
            _("%(carrier)s在%(day)s不在运营期内（启用、关闭日期之外）。") % {"carrier": carrier, "day": day}
        )


def _check_no_other_open(venture: Venture, exclude: Residency | None = None) -> None:
    open_residencies = Residency.objects.filter(venture=venture, stage__in=Residency.OPEN_STAGES)
    if exclude is not None:
        open_residencies = open_residencies.exclude(pk=exclude.pk)
    current = open_residencies.select_related("carrier").first()
    if current is not None:
        raise ValidationError(
            _("%(venture)s已在%(carrier)s有未结束的入驻（%(stage)s），请先办理毕业或退出。")
            % {"venture": venture, "carrier": current.carrier, "stage": current.get_stage_display()}
        )


def _take_place(carrier: Carrier, place: str) -> None:
    """Check that the carrier has a free place of this kind (desk or room) for a venture moving
    in; the carrier row is locked so two staff cannot hand out its last place twice."""
    if not place:
        return
    if place not in Residency.Place.values:
        raise ValidationError(_("占用场地只能是工位或房间。"))
    locked = Carrier.objects.select_for_update().get(pk=carrier.pk)
    if locked.free_places()[place] <= 0:
        raise ValidationError(
            _("%(carrier)s已没有空余的%(place)s。") % {"carrier": carrier, "place": Residency.Place(place).label}
        )


@transaction.atomic
def residency_open(
    *,
    venture: Venture | None = None,
    carrier: Carrier,
    stage: str,
    team: FoundingTeam | None = None,
    notified_on: datetime.date | None = None,
    entered_on: datetime.date | None = None,
    space: str = "",
    place: str = "",
    notes: str = "",
    services: Iterable[Case] = (),
) -> Residency:
    """Open a residency, either at the notification before registration (stage ``notified``,
    ``notified_on`` required) or directly in residence (stage ``resident``, ``entered_on``
    required, ``notified_on`` optional, ``place`` a free desk or room it takes). A venture may have
    only one open residency. A founding team not yet registered (``team`` without ``venture``)
    can only be notified: it moves in once registered (``entrepreneurs.services.team_register``)."""
    if venture is None and team is None:
        raise ValidationError(_("请选择创业组织或创业团队。"))
    if venture is None and stage != Residency.Stage.NOTIFIED:
        raise ValidationError(_("尚未注册的创业团队只能登记“注册前有告知”；注册后再办理入驻。"))
    if stage == Residency.Stage.NOTIFIED:
        if notified_on is None:
            raise ValidationError(_("请填写告知日期。"))
        if entered_on is not None:
            raise ValidationError(_("告知阶段不应填写入驻日期；入驻时请办理“入驻”。"))
        _not_in_future(notified_on, _("告知日期"))
        _check_carrier_open(carrier, notified_on)
    elif stage == Residency.Stage.RESIDENT:
        if entered_on is None:
            raise ValidationError(_("请填写入驻日期。"))
        _not_in_future(entered_on, _("入驻日期"))
        if notified_on is not None and notified_on > entered_on:
            raise ValidationError(_("入驻日期不能早于告知日期。"))
        _check_carrier_open(carrier, entered_on)
        _take_place(carrier, place)
    else:
        raise ValidationError(_("新的入驻只能从“注册前有告知”或“入驻中有服务”开始。"))
    if venture is not None:
        _check_no_other_open(venture)
    elif team is not None and team.residencies.filter(stage__in=Residency.OPEN_STAGES).exists():
        raise ValidationError(_("该创业团队已有一条未结束的入驻记录。"))
    residency = Residency(
        venture=venture,
        team=team,
        carrier=carrier,
        stage=stage,
        notified_on=notified_on,
        entered_on=entered_on,
        space=space,
        place=place if stage == Residency.Stage.RESIDENT else "",
        notes=notes,
    )
    _save(residency)
    _attach_services(residency, services)
    return residency


def _attach_services(residency: Residency, services: Iterable[Case]) -> None:
    cases = list(services)
    foreign = [
        case.ref
        for case in cases
        if (case.venture_id != residency.venture_id if residency.venture_id else case.team_id != residency.team_id)
    ]
    if foreign:
        raise ValidationError(_("服务个案%(refs)s不属于该创业组织。") % {"refs": "、".join(foreign)})
    if cases:
        residency.services.add(*cases)


@transaction.atomic
def residency_enter(*, residency: Residency, entered_on: datetime.date, space: str = "", place: str = "") -> Residency:
    """Move a notified venture in: stage notified → resident, recording the date it moved in and
    the free desk or room it takes (``place``)."""
    residency = Residency.objects.select_for_update().select_related("carrier").get(pk=residency.pk)
    if residency.venture_id is None:
        raise ValidationError(_("该创业团队尚未注册：请先在团队页面登记注册的创业组织，再办理入驻。"))
    if residency.stage != Residency.Stage.NOTIFIED:
        raise ValidationError(
            _("只有“注册前有告知”阶段的入驻可以办理入驻，当前阶段为“%(stage)s”。")
            % {"stage": residency.get_stage_display()}
        )
    _not_in_future(entered_on, _("入驻日期"))
    if residency.notified_on and entered_on < residency.notified_on:
        raise ValidationError(_("入驻日期不能早于告知日期（%(day)s）。") % {"day": residency.notified_on})
    _check_carrier_open(residency.carrier, entered_on)
    _take_place(residency.carrier, place)
    residency.stage = Residency.Stage.RESIDENT
    residency.entered_on = entered_on
    residency.place = place
    if space:
        residency.space = space
    _save(residency)
    return residency


def _record_results(
    residency: Residency,
    jobs_created: int | None,
    revenue_band: str,
    funding_raised: Decimal | None,
) -> None:
    if jobs_created is not None:
        residency.jobs_created = jobs_created
    if revenue_band:
        residency.revenue_band = revenue_band
    if funding_raised is not None:
        residency.funding_raised = funding_raised


@transaction.atomic
def residency_graduate(
    *,
    residency: Residency,
    graduated_on: datetime.date,
    jobs_created: int | None = None,
    revenue_band: str = "",
    funding_raised: Decimal | None = None,
    notes: str = "",
) -> Residency:
    """Graduate a venture in residence with its results: stage resident → graduated."""
    residency = Residency.objects.select_for_update().get(pk=residency.pk)
    if residency.stage != Residency.Stage.RESIDENT:
        raise ValidationError(
            _("只有“入驻中有服务”阶段的入驻可以办理毕业，当前阶段为“%(stage)s”。")
            % {"stage": residency.get_stage_display()}
        )
    _not_in_future(graduated_on, _("毕业日期"))
    if residency.entered_on and graduated_on < residency.entered_on:
        raise ValidationError(_("毕业日期不能早于入驻日期（%(day)s）。") % {"day": residency.entered_on})
    residency.stage = Residency.Stage.GRADUATED
    residency.graduated_on = graduated_on
    _record_results(residency, jobs_created, revenue_band, funding_raised)
    if notes:
        residency.notes = notes
    _save(residency)
    return residency


@transaction.atomic
def residency_leave(
    *,
    residency: Residency,
    left_on: datetime.date,
    reason: str,
    jobs_created: int | None = None,
    revenue_band: str = "",
    funding_raised: Decimal | None = None,
) -> Residency:
    """End an open residency early (notified or resident → left), with the reason."""
    residency = Residency.objects.select_for_update().get(pk=residency.pk)
    if not residency.is_open:
        raise ValidationError(
            _("该入驻已结束（%(stage)s），不能再办理退出。") % {"stage": residency.get_stage_display()}
        )
    if not reason.strip():
        raise ValidationError(_("请填写退出原因。"))
    _not_in_future(left_on, _("退出日期"))
    started = residency.entered_on or residency.notified_on
    if started and left_on < started:
        raise ValidationError(_("退出日期不能早于%(day)s。") % {"day": started})
    residency.stage = Residency.Stage.LEFT
    residency.left_on = left_on
    residency.leaving_reason = reason.strip()
    _record_results(residency, jobs_created, revenue_band, funding_raised)
    _save(residency)
    return residency


@transaction.atomic
def residency_services_set(*, residency: Residency, services: Iterable[Case]) -> Residency:
    """Replace the cases recorded as services the venture received during the residency."""
    cases = list(services)
    residency.services.clear()
    _attach_services(residency, cases)
    return residency
