"""Files attached to activities, evidence, brand coverage and cohorts: upload, download, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.forms import (
    AttachmentForm,
)
from activities.models import Activity, Attachment, BrandCoverage, Evidence, TrainingCohort
from activities.views.common import _attempt, _flash_form_errors
from zhuqiao.access import require
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404

# --- files -----------------------------------------------------------------------------------


def _upload(request: AuthenticatedHttpRequest, owner: Any, editable_by: Any) -> None:
    require(editable_by.can_be_edited_by(request.user))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(
            request,
            lambda: services.attachment_add(
                owner=owner, upload=data["file"], user=request.user, caption=data["caption"]
            ),
            _("文件已上传。"),
        )
    else:
        _flash_form_errors(request, form)


@login_required
@require_POST
def activity_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(Activity, request.user, pk=pk)
    _upload(request, activity, activity)
    return redirect(activity)


@login_required
@require_POST
def evidence_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = get_for_user_or_404(Evidence, request.user, pk=pk)
    _upload(request, evidence, evidence)
    return redirect(evidence)


@login_required
@require_POST
def coverage_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    coverage = get_for_user_or_404(BrandCoverage.objects.select_related("brand"), request.user, pk=pk)
    _upload(request, coverage, coverage.brand)
    return redirect("activities:brand_detail", pk=coverage.brand_id)


@login_required
@require_POST
def cohort_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_for_user_or_404(TrainingCohort, request.user, pk=pk)
    _upload(request, cohort, cohort)
    return redirect(cohort)


@login_required
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Serve a stored file to staff who may see its record; images inline, the rest as downloads."""
    attachment = get_for_user_or_404(Attachment, request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = attachment.is_image and not request.GET.get("download")
    response = FileResponse(
        handle, as_attachment=not inline, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = get_for_user_or_404(
        Attachment.objects.select_related("activity", "evidence", "coverage__brand", "cohort"), request.user, pk=pk
    )
    require(services.attachment_owner_editable_by(attachment, request.user))
    owner: Any = attachment.owner
    target = owner.brand.get_absolute_url() if isinstance(owner, BrandCoverage) else owner.get_absolute_url()
    services.attachment_delete(attachment=attachment)
    messages.success(request, _("文件已删除。"))
    return redirect(target)
