"""Writes of activities, cohorts, brands and evidence. Views, the API and the demo call these."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import ric

from activities.models import (
    Activity,
    ActivityParticipant,
    ActivityTargetGroup,
    Attachment,
    Brand,
    BrandCoverage,
    CohortPlacement,
    Enrolment,
    Evidence,
    MeetingDecision,
    TrainingCohort,
)
from jobseekers.models import Employment, Person
from jobseekers.services import employment_record
from zhuqiao.models import Department, User
from zhuqiao.personal_data import mask_id_number

_Record = TypeVar("_Record", Activity, TrainingCohort, Brand, Evidence)


def _assign_fields(record: _Record, fields: dict[str, Any], allowed: tuple[str, ...], service: str) -> _Record:
    """Set the named fields (each must be one the service lets change), validate, save."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service}: unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


def _staff_or_none(user: User | None) -> User | None:
    """The signed-in user to record as author; None for the demo loader and scripts."""
    return user if getattr(user, "is_authenticated", False) else None


# --- named persons, typed in as ID numbers ------------------------------------------------------

_SEPARATORS = re.compile(r"[\s,，;；、]+")


def persons_from_id_numbers(text: str) -> list[Person]:
    """The registered persons whose ID numbers are listed in ``text`` (one per line, or separated
    by commas), in order and without repeats. Raises ValidationError naming (masked) every number
    that is malformed or not in the register, so nothing is saved half."""
    numbers: list[str] = []
    for token in _SEPARATORS.split(text or ""):
        number = ric.compact(token)
        if number and number not in numbers:
            numbers.append(number)
    invalid = [n for n in numbers if not ric.is_valid(n)]
    if invalid:
        raise ValidationError(
            _("以下身份证号格式或校验位有误：%(numbers)s") % {"numbers": "、".join(mask_id_number(n) for n in invalid)}
        )
    hashes = {Person.hash_id_number(n): n for n in numbers}
    found = {p.id_number_hash: p for p in Person.objects.filter(id_number_hash__in=hashes)}
    missing = [number for digest, number in hashes.items() if digest not in found]
    if missing:
        raise ValidationError(
            _("以下身份证号未在人员库中登记（可计入匿名人数，或请中心先登记人员）：%(numbers)s")
            % {"numbers": "、".join(mask_id_number(n) for n in missing)}
        )
    return [found[digest] for digest in hashes]


# --- activities ------------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "held_on",
    "place",
    "organiser",
    "planned_participants",
    "actual_participants",
    "employers",
    "posts_offered",
    "offers_made",
    "outcome",
)


def _set_target_groups(activity: Activity, groups: Iterable[str]) -> None:
    wanted = set(groups)
    activity.target_groups.exclude(group__in=wanted).delete()
    existing = set(activity.target_groups.values_list("group", flat=True))
    ActivityTargetGroup.objects.bulk_create(
        [ActivityTargetGroup(activity=activity, group=g) for g in sorted(wanted - existing)]
    )


@transaction.atomic
def activity_create(
    *,
    user: User | None,
    kind: str,
    title: str,
    held_on: datetime.date,
    place: str,
    organiser: Department,
    partners: Iterable[Department] = (),
    target_groups: Iterable[str] = (),
    planned_participants: int = 0,
    actual_participants: int = 0,
    employers: int = 0,
    posts_offered: int = 0,
    offers_made: int = 0,
    outcome: str = "",
    participants: Iterable[Person] = (),
) -> Activity:
    """Record an activity with its target groups, partner departments and named participants."""
    activity = Activity(
        kind=kind,
        title=title,
        held_on=held_on,
        place=place,
        organiser=organiser,
        planned_participants=planned_participants,
        actual_participants=actual_participants,
        employers=employers,
        posts_offered=posts_offered,
        offers_made=offers_made,
        outcome=outcome,
        created_by=_staff_or_none(user),
    )
    activity.full_clean()
    activity.save()
    activity.partners.set(list(partners))
    _set_target_groups(activity, target_groups)
    activity_participants_add(activity=activity, persons=participants)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    partners: Iterable[Department] | None = None,
    target_groups: Iterable[str] | None = None,
    **fields: Any,
) -> Activity:
    """Change an activity's fields (those of ``ACTIVITY_FIELDS``), partners and target groups."""
    _assign_fields(activity, fields, ACTIVITY_FIELDS, "activity_update")
    if partners is not None:
        activity.partners.set(list(partners))
    if target_groups is not None:
        _set_target_groups(activity, target_groups)
    return activity


@transaction.atomic
def activity_participants_add(*, activity: Activity, persons: Iterable[Person]) -> int:
    """Name persons as participants of the activity; a person already named is not added twice.
    Returns how many were newly added."""
    wanted = {p.pk: p for p in persons}
    if not wanted:
        return 0
    already = set(activity.participations.filter(person_id__in=wanted).values_list("person_id", flat=True))
    added = 0
    for pk, person in wanted.items():
        if pk not in already:
            ActivityParticipant.objects.create(activity=activity, person=person)  # one by one: audited
            added += 1
    return added


def activity_participant_remove(*, activity: Activity, person_id: int) -> None:
    for participation in activity.participations.filter(person_id=person_id):
        participation.delete()  # one by one: audited


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    """Delete an activity with its participants and files (the files leave the disk too)."""
    for attachment in activity.attachments.all():
        attachment_delete(attachment=attachment)
    activity.delete()


# --- files -----------------------------------------------------------------------------------

#: Extensions accepted, with the leading bytes their content must start with (None: any text).
ALLOWED_UPLOADS: dict[str, tuple[bytes, ...] | None] = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".txt": None,
}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".txt": "text/plain",
}


def validate_upload(upload: UploadedFile) -> str:
    """Check an uploaded file's size, extension and leading bytes; return its lower-case extension."""
    name = upload.name or ""
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED_UPLOADS:
        raise ValidationError(
            _("不支持的文件类型“%(ext)s”。可上传：照片（jpg、png、gif、webp）、pdf、Word、Excel、PowerPoint、txt。")
            % {"ext": extension or _("无扩展名")}
        )
    limit = settings.UPLOAD_MAX_BYTES
    if not upload.size:
        raise ValidationError(_("文件是空的，请重新选择。"))
    if upload.size > limit:
        raise ValidationError(
            _("文件太大（%(size).1f MB），单个文件不能超过 %(limit).0f MB。")
            % {"size": upload.size / 1048576, "limit": limit / 1048576}
        )
    signatures = ALLOWED_UPLOADS[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if signatures is not None and not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(_("文件内容与扩展名“%(ext)s”不符，请确认文件未损坏。") % {"ext": extension})
    return extension


def attachment_add(
    *,
    owner: Activity | Evidence | BrandCoverage | TrainingCohort,
    upload: UploadedFile,
    user: User | None = None,
    caption: str = "",
) -> Attachment:
    """Store an uploaded file for a record under a generated name. Photos are images by content."""
    extension = validate_upload(upload)
    original = os.path.basename(upload.name or "file")[:200]
    attachment = Attachment(
        kind=Attachment.Kind.PHOTO if extension in IMAGE_EXTENSIONS else Attachment.Kind.DOCUMENT,
        original_name=original,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        size=upload.size or 0,
        caption=caption[:200],
        uploaded_by=_staff_or_none(user),
    )
    owner_field = {
        Activity: "activity",
        Evidence: "evidence",
        BrandCoverage: "coverage",
        TrainingCohort: "cohort",
    }[type(owner)]
    setattr(attachment, owner_field, owner)
    attachment.file.save(original, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_delete(*, attachment: Attachment) -> None:
    """Remove the record, then the file once the transaction commits (never a dangling row)."""
    storage, name = attachment.file.storage, attachment.file.name or ""
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def attachment_owner_editable_by(attachment: Attachment, user: User) -> bool:
    owner: Any = attachment.owner
    if isinstance(owner, BrandCoverage):
        owner = owner.brand
    return owner is not None and owner.can_be_edited_by(user)


# --- training cohorts ------------------------------------------------------------------------


def cohort_create(
    *,
    name: str,
    kind: str,
    organiser: Department,
    start_date: datetime.date,
    end_date: datetime.date,
    trainer: str = "",
    capacity: int = 0,
) -> TrainingCohort:
    cohort = TrainingCohort(
        name=name,
        kind=kind,
        organiser=organiser,
        start_date=start_date,
        end_date=end_date,
        trainer=trainer,
        capacity=capacity,
    )
    cohort.full_clean()
    cohort.save()
    return cohort


COHORT_FIELDS = ("name", "kind", "organiser", "trainer", "start_date", "end_date", "capacity")


def cohort_update(*, cohort: TrainingCohort, **fields: Any) -> TrainingCohort:
    return _assign_fields(cohort, fields, COHORT_FIELDS, "cohort_update")


@transaction.atomic
def cohort_enrol(*, cohort: TrainingCohort, persons: Iterable[Person], enrolled_on: datetime.date) -> int:
    """Enrol persons in a cohort (a person already enrolled is left as is); returns the number added."""
    wanted = {p.pk: p for p in persons}
    already = set(cohort.enrolments.filter(person_id__in=wanted).values_list("person_id", flat=True))
    added = 0
    for pk, person in wanted.items():
        if pk not in already:
            Enrolment.objects.create(cohort=cohort, person=person, enrolled_on=enrolled_on)  # one by one: audited
            added += 1
    return added


def enrolment_complete(*, enrolment: Enrolment, completed_on: datetime.date) -> Enrolment:
    """Mark a trainee as graduated (结业) on a date, which may not precede the cohort's start."""
    if completed_on < enrolment.cohort.start_date:
        raise ValidationError({"completed_on": _("结业日期不能早于开班日期。")})
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_on = completed_on
    enrolment.save(update_fields=["status", "completed_on", "updated_at"])
    return enrolment


def enrolment_drop(*, enrolment: Enrolment) -> Enrolment:
    if enrolment.placements.exists():
        raise ValidationError(_("该学员已有就业适配记录，不能标记为中途退出。"))
    enrolment.status = Enrolment.Status.DROPPED
    enrolment.completed_on = None
    enrolment.save(update_fields=["status", "completed_on", "updated_at"])
    return enrolment


@transaction.atomic
def placement_record(
    *,
    enrolment: Enrolment,
    start_date: datetime.date,
    employer: str,
    kind: str = Employment.Kind.EMPLOYED,
    matched_on: datetime.date | None = None,
) -> CohortPlacement:
    """Match a graduate to a local employer: record (or reuse) the employment in the people
    register through its own service, and link it back to the cohort."""
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError(_("只有已结业的学员才能登记培训后就业。"))
    if start_date < enrolment.cohort.start_date:
        raise ValidationError({"start_date": _("就业日期早于开班日期，不能计为本培训班的就业适配。")})
    employment = Employment.objects.filter(person=enrolment.person, start_date=start_date).first()
    if employment is None:
        employment = employment_record(person=enrolment.person, start_date=start_date, kind=kind, employer=employer)
    elif CohortPlacement.objects.filter(employment=employment).exists():
        raise ValidationError(_("这条就业记录已经关联到一个培训班。"))
    placement = CohortPlacement(enrolment=enrolment, employment=employment, matched_on=matched_on or start_date)
    placement.full_clean()
    placement.save()
    return placement


# --- brands and evidence ---------------------------------------------------------------------


def brand_create(
    *,
    name: str,
    owner: Department,
    launched_on: datetime.date,
    description: str = "",
    retired_on: datetime.date | None = None,
) -> Brand:
    brand = Brand(name=name, owner=owner, launched_on=launched_on, description=description, retired_on=retired_on)
    brand.full_clean()
    brand.save()
    return brand


BRAND_FIELDS = ("name", "owner", "launched_on", "retired_on", "description")


def brand_update(*, brand: Brand, **fields: Any) -> Brand:
    return _assign_fields(brand, fields, BRAND_FIELDS, "brand_update")


def brand_coverage_add(
    *,
    brand: Brand,
    medium: str,
    outlet: str,
    title: str,
    published_on: datetime.date,
    link: str = "",
) -> BrandCoverage:
    coverage = BrandCoverage(
        brand=brand, medium=medium, outlet=outlet, title=title, published_on=published_on, link=link
    )
    coverage.full_clean()
    coverage.save()
    return coverage


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
