"""Writes of activities, cohorts, brands and evidence. Views, the API and the demo call these.

One module per kind of record:

- ``activities``: activities and their named participants;
- ``files``: uploaded files of any record (checked by extension, size and content);
- ``cohorts``: training cohorts, enrolments and placements;
- ``brands``: brands and their media coverage;
- ``evidence``: evidence filed under an indicator, and meeting decisions;
- ``persons``: the registered persons named by a list of typed-in ID numbers;
- ``common``: the helpers they share.

Callers import from here."""

from activities.services.activities import (
    ACTIVITY_FIELDS,
    activity_create,
    activity_delete,
    activity_participant_remove,
    activity_participants_add,
    activity_update,
)
from activities.services.brands import BRAND_FIELDS, brand_coverage_add, brand_create, brand_update
from activities.services.cohorts import (
    COHORT_FIELDS,
    cohort_create,
    cohort_enrol,
    cohort_update,
    enrolment_complete,
    enrolment_drop,
    placement_record,
)
from activities.services.evidence import (
    EVIDENCE_FIELDS,
    decision_add,
    decision_close,
    evidence_create,
    evidence_delete,
    evidence_update,
)
from activities.services.files import (
    ALLOWED_UPLOADS,
    CONTENT_TYPES,
    IMAGE_EXTENSIONS,
    attachment_add,
    attachment_delete,
    attachment_owner_editable_by,
    validate_upload,
)
from activities.services.persons import persons_from_id_numbers

__all__ = [
    "ACTIVITY_FIELDS",
    "ALLOWED_UPLOADS",
    "BRAND_FIELDS",
    "COHORT_FIELDS",
    "CONTENT_TYPES",
    "EVIDENCE_FIELDS",
    "IMAGE_EXTENSIONS",
    "activity_create",
    "activity_delete",
    "activity_participant_remove",
    "activity_participants_add",
    "activity_update",
    "attachment_add",
    "attachment_delete",
    "attachment_owner_editable_by",
    "brand_coverage_add",
    "brand_create",
    "brand_update",
    "cohort_create",
    "cohort_enrol",
    "cohort_update",
    "decision_add",
    "decision_close",
    "enrolment_complete",
    "enrolment_drop",
    "evidence_create",
    "evidence_delete",
    "evidence_update",
    "persons_from_id_numbers",
    "placement_record",
    "validate_upload",
]
