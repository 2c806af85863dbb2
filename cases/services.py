"""Writes of casework. Every change of a case goes through a function here."""

from __future__ import annotations

import datetime
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    Attachment,
    Case,
    CaseRefSequence,
    CaseTransition,
    FollowUp,
    SatisfactionRating,
    ServiceType,
    new_rating_code,
)
from entrepreneurs.models import FoundingTeam, Venture
from jobseekers.models import Person
from zhuqiao.models import Department, User

FIRST_FOLLOW_UP_DAYS = 7

S = Case.Status


class CaseWorkflowError(ValidationError):
    """A transition the workflow does not allow; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: object
    sources: tuple[str, ...]
    target: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("start", gettext_lazy("开始办理"), (S.NEW,), S.IN_PROGRESS),
        Transition("refer", gettext_lazy("转介"), (S.NEW, S.IN_PROGRESS), S.REFERRED),
        Transition("accept", gettext_lazy("接收转介"), (S.REFERRED,), S.IN_PROGRESS),
        Transition("close", gettext_lazy("办结"), (S.IN_PROGRESS,), S.CLOSED),
        Transition("cancel", gettext_lazy("撤销"), (S.NEW, S.IN_PROGRESS, S.REFERRED), S.CANCELLED),
    ]
}


def case_next_ref(*, year: int) -> str:
    """The next human-readable reference of the year, ``ZQ2026-000123``.

    Must run inside the transaction that inserts the case: it locks the year's sequence row
    until that transaction ends, so concurrent openings wait for each other and each draws the
    next number. Under the lock, the highest reference already stored (cases imported with their
    own ``ZQ`` reference) is taken into account too.
    """
    CaseRefSequence.objects.bulk_create([CaseRefSequence(year=year)], ignore_conflicts=True)
    sequence = CaseRefSequence.objects.select_for_update().get(year=year)
    prefix = f"ZQ{year}-"
    highest = Case.objects.filter(ref__startswith=prefix).aggregate(m=Max("ref"))["m"]
    stored = int(highest.removeprefix(prefix)) if highest and highest.removeprefix(prefix).isdigit() else 0
    sequence.last = max(sequence.last, stored) + 1
    sequence.save(update_fields=["last"])
    return f"{prefix}{sequence.last:06d}"


@transaction.atomic
def case_open(
    *,
    service: ServiceType,
    opened_by: User | None,
    person: Person | None = None,
    venture: Venture | None = None,
    team: FoundingTeam | None = None,
    department: Department | None = None,
    opened_on: datetime.date | None = None,
    outcome: str = "",
    default_department: bool = True,
) -> Case:
    """Log a new case about exactly one subject; its committee is the subject's committee.

    Without a ``department`` the case goes to the service's default department (or the
    opener's), unless ``default_department=False``: then the committee handles it itself until
    it refers it. The first follow-up falls due a week after opening, so a case nobody touches
    turns overdue.
    """
    if [person, venture, team].count(None) != 2:
        raise ValueError("A case has exactly one subject: a person, a venture or a founding team.")
    subject = person or venture or team
    assert subject is not None
    opened_on = opened_on or timezone.localdate()
    case = Case(
        ref=case_next_ref(year=opened_on.year),
        category=service.category,
        service=service,
        person=person,
        venture=venture,
        team=team,
        area_id=subject.area_id,
        department=department
        or (
            service.default_department or (opened_by.department if opened_by else None) if default_department else None
        ),
        owner=opened_by,
        opened_on=opened_on,
        outcome=outcome,
        next_follow_up_on=opened_on + datetime.timedelta(days=FIRST_FOLLOW_UP_DAYS),
    )
    case.full_clean()
    case.save()
    CaseTransition.objects.create(
        case=case, action="open", from_status="", to_status=case.status, actor=opened_by, department=case.department
    )
    return case


def case_allowed_actions(*, case: Case, user: User) -> list[Transition]:
    """The workflow buttons this user may press on this case now."""
    allowed = []
    for transition in TRANSITIONS.values():
        try:
            _check_transition(case=case, user=user, transition=transition)
        except CaseWorkflowError:
            continue
        allowed.append(transition)
    return allowed


def _check_transition(*, case: Case, user: User, transition: Transition) -> None:
    if not user.can_edit:
        raise CaseWorkflowError(_("您的账号只能查看，不能办理个案。"))
    if case.status not in transition.sources:
        raise CaseWorkflowError(
            _("个案当前状态为“%(status)s”，不能执行“%(action)s”。")
            % {"status": case.get_status_display(), "action": transition.label}
        )
    if transition.action == "accept" and not user.sees_whole_town and user.department_id != case.referred_to_id:
        raise CaseWorkflowError(_("只有被转介的部门可以接收此个案。"))
    if (
        case.status == S.REFERRED
        and transition.action != "accept"
        and user.role == User.Role.DEPARTMENT
        and user.department_id == case.referred_to_id
    ):
        raise CaseWorkflowError(_("请先接收转介，再办理此个案。"))


@transaction.atomic
def case_transition(
    *,
    case: Case,
    user: User,
    action: str,
    note: str = "",
    outcome: str = "",
    department: Department | None = None,
) -> Case:
    """Move a case along its workflow, recording who did it and when.

    ``refer`` needs the receiving ``department`` (another one) and a ``note``; ``close`` needs
    the ``outcome``. Refused transitions raise :class:`CaseWorkflowError` and change nothing.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise CaseWorkflowError(_("未知的操作。"))
    _check_transition(case=case, user=user, transition=transition)
    note = note.strip()
    outcome = outcome.strip()
    from_status = case.status
    today = timezone.localdate()
    related_department = None
    if action == "refer":
        if department is None:
            raise CaseWorkflowError(_("请选择转介的部门。"))
        if department.pk == case.department_id:
            raise CaseWorkflowError(_("不能转介给当前承办部门本身。"))
        if not note:
            raise CaseWorkflowError(_("请填写转介说明。"))
        case.referred_to = department
        case.referral_note = note
        related_department = department
    elif action == "accept":
        related_department = case.referred_to
        case.department = case.referred_to
        case.referred_to = None
        case.owner = user
    elif action == "close":
        if not outcome:
            raise CaseWorkflowError(_("办结前请填写办理结果。"))
        case.outcome = outcome
        case.closed_on = max(today, case.opened_on)
        case.rating_code = new_rating_code()
        case.next_follow_up_on = None
    elif action == "cancel":
        if not note:
            raise CaseWorkflowError(_("请填写撤销原因。"))
        case.referred_to = None
        case.next_follow_up_on = None
    case.status = transition.target
    case.save()
    CaseTransition.objects.create(
        case=case,
        action=action,
        from_status=from_status,
        to_status=case.status,
        actor=user,
        department=related_department,
        note=note or outcome,
    )
    return case


@transaction.atomic
def follow_up_add(
    *,
    case: Case,
    author: User | None,
    note: str,
    noted_on: datetime.date | None = None,
    next_follow_up_on: datetime.date | None = None,
) -> FollowUp:
    """Note a contact with the subject; the case's next follow-up date becomes the one given."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("请填写跟进内容。")})
    noted_on = noted_on or timezone.localdate()
    follow_up = FollowUp(case=case, noted_on=noted_on, note=note, next_follow_up_on=next_follow_up_on, author=author)
    follow_up.full_clean()
    follow_up.save()
    latest = case.follow_ups.order_by("-noted_on", "-id").first()
    if case.is_open and latest is not None and latest.pk == follow_up.pk:
        Case.objects.filter(pk=case.pk).update(next_follow_up_on=next_follow_up_on, updated_at=timezone.now())
        case.next_follow_up_on = next_follow_up_on
    return follow_up


@transaction.atomic
def case_quick_log(
    *,
    service: ServiceType,
    opened_by: User,
    note: str,
    person: Person | None = None,
    venture: Venture | None = None,
    department: Department | None = None,
    next_follow_up_on: datetime.date | None = None,
) -> Case:
    """The one-minute log of a consultation: open the case and note what was said.

    Logged by committee staff without a department, the case stays with the committee (they
    refer it on when another unit should handle it); otherwise the service's default applies.
    """
    case = case_open(
        service=service,
        opened_by=opened_by,
        person=person,
        venture=venture,
        department=department,
        default_department=opened_by.role != User.Role.COMMITTEE,
    )
    if note.strip():
        follow_up_add(
            case=case,
            author=opened_by,
            note=note,
            next_follow_up_on=next_follow_up_on or case.next_follow_up_on,
        )
    return case


ALLOWED_UPLOADS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _content_matches(extension: str, upload: UploadedFile) -> bool:
    """The file's first bytes (and, for Office files, its inner parts) match its extension."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)
    folder = "word/" if extension == ".docx" else "xl/"
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def attachment_validate(upload: UploadedFile) -> str:
    """Refuse files that are too large or not one of the allowed kinds; return the content type."""
    name = upload.name or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(_("文件过大：每个附件不能超过 %(mb)s MB。") % {"mb": round(limit / 1024 / 1024, 1)})
    if upload.size == 0:
        raise ValidationError(_("文件是空的。"))
    if extension not in ALLOWED_UPLOADS:
        raise ValidationError(_("只能上传 PDF、JPG、PNG、DOCX 或 XLSX 文件。"))
    if not _content_matches(extension, upload):
        raise ValidationError(_("文件内容与扩展名不符，请上传真实的 PDF、JPG、PNG、DOCX 或 XLSX 文件。"))
    return ALLOWED_UPLOADS[extension]


def attachment_add(*, case: Case, upload: UploadedFile, uploaded_by: User) -> Attachment:
    """Keep an uploaded file with a case, under a generated name."""
    content_type = attachment_validate(upload)
    original = (upload.name or "file").replace("/", "_").replace("\\", "_")[-200:]
    attachment = Attachment(
        case=case, original_name=original, content_type=content_type, size=upload.size or 0, uploaded_by=uploaded_by
    )
    attachment.file.save(original, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def rating_submit(*, case: Case, score: int, comment: str = "") -> SatisfactionRating:
    """The resident's rating of a closed case; a case is rated once."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.CLOSED:
        raise ValidationError(_("该服务尚未办结，暂不能评价。"))
    if SatisfactionRating.objects.filter(case=case).exists():
        raise ValidationError(_("该服务已经评价过了，感谢您的反馈。"))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError(_("评分必须在 1 到 5 之间。"))
    rating = SatisfactionRating(case=case, score=score, comment=comment.strip()[:1000])
    rating.full_clean()
    rating.save()
    return rating
