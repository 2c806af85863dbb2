"""Service brands and their coverage."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from activities import services
from activities.forms import (
    AttachmentForm,
    BrandForm,
    CoverageForm,
)
from activities.models import Brand
from activities.views.common import _submit
from zhuqiao.access import recorder, require, role_required
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.scoping import get_for_user_or_404

# --- brands ----------------------------------------------------------------------------------


@login_required
def brand_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    brands = Brand.objects.for_user(request.user).select_related("owner").prefetch_related("coverage").order_by("name")
    return render(request, "activities/brand_list.html", {"brands": brands, "may_create": recorder(request.user)})


@role_required(test=recorder)
def brand_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BrandForm(request.POST or None, user=request.user)
    return _submit(request, form, lambda data: services.brand_create(**data), _("服务品牌已登记。")) or render(
        request, "activities/brand_form.html", {"form": form}
    )


@login_required
def brand_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    brand = get_for_user_or_404(Brand, request.user, pk=pk)
    require(brand.can_be_edited_by(request.user))
    form = BrandForm(request.POST or None, instance=brand, user=request.user)
    return _submit(
        request,
        form,
        lambda data: services.brand_update(brand=Brand.objects.get(pk=brand.pk), **data),
        _("服务品牌已保存。"),
    ) or render(request, "activities/brand_form.html", {"form": form, "brand": brand})


@login_required
def brand_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    brand = get_for_user_or_404(Brand.objects.select_related("owner"), request.user, pk=pk)
    can_edit = brand.can_be_edited_by(request.user)
    form = CoverageForm(request.POST or None, brand=brand) if can_edit else None
    require(can_edit or request.method != "POST")
    if request.method == "POST" and form is not None:

        def save(data: dict[str, Any]) -> Brand:
            services.brand_coverage_add(brand=brand, **data)
            return brand

        done = _submit(request, form, save, _("媒体报道已登记。"))
        if done:
            return done
    coverage = brand.coverage.prefetch_related("attachments").order_by("-published_on")
    context = {
        "brand": brand,
        "coverage": coverage,
        "form": form,
        "can_edit": can_edit,
        "attachment_form": AttachmentForm() if can_edit else None,
    }
    return render(request, "activities/brand_detail.html", context)
