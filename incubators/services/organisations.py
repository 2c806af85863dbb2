"""Writes of service organisations (创服组织), their agreements and matches."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import ServiceType
from entrepreneurs.models import Venture
from incubators.models import Carrier, ServiceAgreement, ServiceMatch, ServiceOrganisation
from incubators.services.common import _not_in_future, _save


@transaction.atomic
def organisation_save(
    *,
    organisation: ServiceOrganisation | None = None,
    name: str,
    services: Iterable[ServiceType] = (),
    service_description: str = "",
    credit_code: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    is_active: bool = True,
    is_demo: bool = False,
) -> ServiceOrganisation:
    """Create or change a signed service organisation (创服组织) and the services it provides."""
    org = organisation or ServiceOrganisation()
    org.name = name
    org.service_description = service_description
    org.credit_code = credit_code
    org.contact_name = contact_name
    org.contact_phone = contact_phone
    org.is_active = is_active
    org.is_demo = is_demo or org.is_demo
    _save(org)
    org.services.set(list(services))
    return org


def agreement_add(
    *,
    organisation: ServiceOrganisation,
    title: str,
    signed_on: datetime.date,
    expires_on: datetime.date | None = None,
) -> ServiceAgreement:
    """Record an agreement signed with a service organisation."""
    if expires_on is not None and expires_on < signed_on:
        raise ValidationError(_("到期日期不能早于签约日期。"))
    agreement = ServiceAgreement(organisation=organisation, title=title, signed_on=signed_on, expires_on=expires_on)
    _save(agreement)
    return agreement


def match_create(
    *,
    organisation: ServiceOrganisation,
    matched_on: datetime.date,
    carrier: Carrier | None = None,
    venture: Venture | None = None,
    description: str = "",
) -> ServiceMatch:
    """Match a service organisation with a carrier or a venture (exactly one)."""
    if (carrier is None) == (venture is None):
        raise ValidationError(_("请选择一个载体或一个创业组织（二选一）。"))
    if not organisation.is_active:
        raise ValidationError(_("%(org)s已停止合作，不能对接。") % {"org": organisation})
    _not_in_future(matched_on, _("对接日期"))
    match = ServiceMatch(
        organisation=organisation, carrier=carrier, venture=venture, matched_on=matched_on, description=description
    )
    _save(match)
    return match
