"""Reads of the venture register, the policy catalogue and its uptake.

Every read of ventures and of what hangs off them (benefits, role models, notices) starts from
``for_user``: a committee sees its own ventures only, centre staff and leaders the whole town.

One module per part:

- ``ventures``: the venture list and its filters, a duplicate credit code, a venture's page, role models;
- ``policies``: the policy catalogue, the public catalogue and the residents' self-check;
- ``totals``: the grants the user may see, per policy and in totals per year and policy level;
- ``opportunities``: policies a venture inside their window has not received yet, listed, counted, hydrated;
- ``teams``: founding teams before registration;
- ``common``: the yes/no filter values and the committee filter they share.

Callers import from here."""

from entrepreneurs.selectors.common import NO, YES
from entrepreneurs.selectors.opportunities import (
    Opportunity,
    opportunities_hydrate,
    policy_opportunities,
    policy_opportunity_count,
    venture_open_policies,
)
from entrepreneurs.selectors.policies import policies_for_self_check, policy_list, public_policies
from entrepreneurs.selectors.teams import team_list
from entrepreneurs.selectors.totals import (
    TotalRow,
    benefit_totals,
    benefits_for_user,
    policy_benefits,
    policy_list_with_uptake,
)
from entrepreneurs.selectors.ventures import (
    role_model_photo_for_user,
    role_models_for_user,
    venture_detail_for_user,
    venture_duplicate_of,
    venture_list,
)

__all__ = [
    "NO",
    "YES",
    "Opportunity",
    "TotalRow",
    "benefit_totals",
    "benefits_for_user",
    "opportunities_hydrate",
    "policies_for_self_check",
    "policy_benefits",
    "policy_list",
    "policy_list_with_uptake",
    "policy_opportunities",
    "policy_opportunity_count",
    "public_policies",
    "role_model_photo_for_user",
    "role_models_for_user",
    "team_list",
    "venture_detail_for_user",
    "venture_duplicate_of",
    "venture_list",
    "venture_open_policies",
]
