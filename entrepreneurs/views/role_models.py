"""Role models: the list, designate one, its page with the photo upload, its permission-checked photos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entrepreneurs import selectors, services
from entrepreneurs.forms import RoleModelForm, RoleModelPhotoForm
from entrepreneurs.models import RoleModel, Venture
from entrepreneurs.views.common import PAGE_SIZE, READ_ONLY, REGISTER_KEEPERS, VIA_CASES, _form_page
from zhuqiao.access import editor, has_role, require, role_required
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404


@login_required
def role_model_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    year = request.GET.get("year", "")
    role_models = selectors.role_models_for_user(user=user, year=int(year) if year.isdigit() else None)
    years = RoleModel.objects.for_user(user).order_by("-year").values_list("year", flat=True).distinct()
    page = Paginator(role_models, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "entrepreneurs/role_model_list.html", {"page": page, "year": year, "years": list(years)})


@role_required(test=editor, message=READ_ONLY)
@role_required(*REGISTER_KEEPERS, message=VIA_CASES)
@require_http_methods(["GET", "POST"])
def role_model_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    venture = get_for_user_or_404(Venture.objects.select_related("founder"), user, pk=pk)
    form = RoleModelForm(request.POST or None, venture=venture)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role_model = form_service_call(
            form,
            lambda: services.role_model_designate(
                year=data["year"],
                title=data["title"],
                story=data["story"],
                venture=venture if data["subject"] == "venture" else None,
                person=venture.founder if data["subject"] == "founder" else None,
            ),
        )
        if role_model is not None:
            messages.success(request, _("已选树为创业典型，可继续上传照片。"))
            return redirect(role_model)
    return _form_page(request, "entrepreneurs/role_model_form.html", {"form": form, "venture": venture})


@login_required
@require_http_methods(["GET", "POST"])
def role_model_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    role_model = get_for_user_or_404(
        RoleModel.objects.select_related("venture", "person", "area").prefetch_related("photos"), user, pk=pk
    )
    form = RoleModelPhotoForm()
    status = 200
    if request.method == "POST":
        require(editor(user), READ_ONLY)
        require(has_role(user, *REGISTER_KEEPERS), VIA_CASES)
        form = RoleModelPhotoForm(request.POST, request.FILES)
        if form.is_valid():
            photo = form_service_call(
                form,
                lambda: services.role_model_photo_add(
                    role_model=role_model, image=form.cleaned_data["image"], caption=form.cleaned_data["caption"]
                ),
            )
            if photo is not None:
                messages.success(request, _("照片已上传。"))
                return redirect(role_model)
        status = 400
    ventures_of_person: list[Venture] = []
    if role_model.person_id:
        ventures_of_person = list(Venture.objects.for_user(user).filter(founder_id=role_model.person_id))
    return render(
        request,
        "entrepreneurs/role_model_detail.html",
        {"role_model": role_model, "form": form, "ventures_of_person": ventures_of_person},
        status=status,
    )


@login_required
def role_model_photo(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A role model's photo, only to users who may see the role model; never a public URL."""
    photo = selectors.role_model_photo_for_user(user=request.user, pk=pk)
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}"'
    return response
