"""Uploaded files of activities, evidence, brand coverage and cohorts: checked, stored, removed."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Activity, Attachment, BrandCoverage, Evidence, TrainingCohort
from activities.services.common import _staff_or_none
from zhuqiao.models import User

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
