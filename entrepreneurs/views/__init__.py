"""Pages of the venture register: list, page and forms of ventures, the policy catalogue with
its grants, the policy-opportunity worklist, role models and their permission-checked photos.

One module per part:

- ``ventures``: the venture list, register, edit, the founder search, the venture page;
- ``policies``: a policy grant to a venture, the policy catalogue and a policy's grants, the opportunity worklist;
- ``role_models``: role models, their designation, page, photo upload and permission-checked photos;
- ``teams``: founding teams before registration, their members and their registration as a venture;
- ``public``: the public policies page (no login) with the self-check;
- ``addresses``: the shared registration addresses (集中注册地址) kept by the 招商中心;
- ``common``: the page size, the refusal messages, the register's keepers and the form page they share.

The URLconfs import the views from here; ``cases.startup`` the refusal messages and the team page."""

from entrepreneurs.views.addresses import shared_addresses
from entrepreneurs.views.common import PAGE_SIZE, READ_ONLY, REGISTER_KEEPERS, VIA_CASES
from entrepreneurs.views.policies import benefit_create, opportunity_list, policy_detail, policy_list
from entrepreneurs.views.public import public_policies
from entrepreneurs.views.role_models import role_model_create, role_model_detail, role_model_list, role_model_photo
from entrepreneurs.views.teams import (
    team_create,
    team_detail,
    team_list,
    team_member_add,
    team_or_404,
    team_register,
)
from entrepreneurs.views.ventures import founder_search, venture_create, venture_detail, venture_edit, venture_list

__all__ = [
    "PAGE_SIZE",
    "READ_ONLY",
    "REGISTER_KEEPERS",
    "VIA_CASES",
    "benefit_create",
    "founder_search",
    "opportunity_list",
    "policy_detail",
    "policy_list",
    "public_policies",
    "role_model_create",
    "role_model_detail",
    "role_model_list",
    "role_model_photo",
    "shared_addresses",
    "team_create",
    "team_detail",
    "team_list",
    "team_member_add",
    "team_or_404",
    "team_register",
    "venture_create",
    "venture_detail",
    "venture_edit",
    "venture_list",
]
