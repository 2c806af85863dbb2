"""Writes of the carriers app: carriers, residencies and their stage transitions, evaluations,
grants, service points and service organisations.

Every refused write raises ``ValidationError`` with a message in Chinese and changes nothing.

One module per part:

- ``carriers``: the carrier record and the fields staff edit;
- ``residencies``: a venture's (or founding team's) residency and its stage transitions;
- ``evaluations``: a carrier's yearly evaluations, grants and service points;
- ``organisations``: service organisations, their agreements and matches;
- ``common``: the date check and the validated save they share.

Callers import from here.
"""

from incubators.services.carriers import CARRIER_FIELDS, CARRIER_FORM_FIELDS, carrier_create, carrier_update
from incubators.services.evaluations import evaluation_record, service_point_save, subsidy_grant
from incubators.services.organisations import agreement_add, match_create, organisation_save
from incubators.services.residencies import (
    residency_enter,
    residency_graduate,
    residency_leave,
    residency_open,
    residency_services_set,
)

__all__ = [
    "CARRIER_FIELDS",
    "CARRIER_FORM_FIELDS",
    "agreement_add",
    "carrier_create",
    "carrier_update",
    "evaluation_record",
    "match_create",
    "organisation_save",
    "residency_enter",
    "residency_graduate",
    "residency_leave",
    "residency_open",
    "residency_services_set",
    "service_point_save",
    "subsidy_grant",
]
