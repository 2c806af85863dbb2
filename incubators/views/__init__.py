"""Pages of the carriers app: carrier list and overview, carrier page, residency forms and stage
transitions, evaluations, grants, service points, service organisations, and the venture panel.

One module per part:

- ``carriers``: the carrier list with the overview, register, edit, the carrier page, the space match;
- ``residencies``: open a residency (or notify a founding team), its page and stage transitions, the venture panel;
- ``evaluations``: a carrier's yearly evaluations, grants and service points;
- ``organisations``: service organisations, their agreements and matches;
- ``common``: the refusal messages and the form helpers they share.

The URLconf imports the views from here."""

from incubators.views.carriers import carrier_create, carrier_detail, carrier_edit, carrier_list, space_match
from incubators.views.common import MANAGERS_ONLY, READ_ONLY
from incubators.views.evaluations import evaluation_create, service_point_edit, subsidy_create
from incubators.views.organisations import (
    agreement_create,
    match_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
)
from incubators.views.residencies import (
    residency_detail,
    residency_enter,
    residency_graduate,
    residency_leave,
    residency_list,
    residency_open,
    residency_services,
    team_notify,
    venture_panel,
)

__all__ = [
    "MANAGERS_ONLY",
    "READ_ONLY",
    "agreement_create",
    "carrier_create",
    "carrier_detail",
    "carrier_edit",
    "carrier_list",
    "evaluation_create",
    "match_create",
    "organisation_detail",
    "organisation_edit",
    "organisation_list",
    "residency_detail",
    "residency_enter",
    "residency_graduate",
    "residency_leave",
    "residency_list",
    "residency_open",
    "residency_services",
    "service_point_edit",
    "space_match",
    "subsidy_create",
    "team_notify",
    "venture_panel",
]
