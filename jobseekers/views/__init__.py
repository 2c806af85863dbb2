"""Pages of the people register: persons, households, target groups, employment and the
clearance worklists. Every lookup goes through the scoped selectors; every write through services.

One module per part:

- ``persons``: the person list and page (with its panels), reveal, register, edit, transfer, the inline check;
- ``records``: a person's memberships, employments and unemployment registration, the reconfirmations due;
- ``households``: households, zero-employment certifications, their conflicts, suspected households;
- ``lists``: the clearance worklists and the departments' own groups;
- ``common``: the page size and the form pages they share.

The URLconf imports the views from here."""

from jobseekers.views.common import PAGE_SIZE
from jobseekers.views.households import (
    certification_conflicts,
    certification_create,
    household_create,
    household_detail,
    household_edit,
    household_list,
    suspected_households,
)
from jobseekers.views.lists import department_groups, worklist, worklist_flow, worklist_index
from jobseekers.views.persons import (
    PERSON_PANELS,
    person_check,
    person_create,
    person_detail,
    person_edit,
    person_list,
    person_panel,
    person_reveal,
    person_transfer,
)
from jobseekers.views.records import (
    employment_create,
    employment_edit,
    membership_create,
    membership_edit,
    reconfirmations,
    unemployment_deregister,
    unemployment_register,
)

__all__ = [
    "PAGE_SIZE",
    "PERSON_PANELS",
    "certification_conflicts",
    "certification_create",
    "department_groups",
    "employment_create",
    "employment_edit",
    "household_create",
    "household_detail",
    "household_edit",
    "household_list",
    "membership_create",
    "membership_edit",
    "person_check",
    "person_create",
    "person_detail",
    "person_edit",
    "person_list",
    "person_panel",
    "person_reveal",
    "person_transfer",
    "reconfirmations",
    "suspected_households",
    "unemployment_deregister",
    "unemployment_register",
    "worklist",
    "worklist_flow",
    "worklist_index",
]
