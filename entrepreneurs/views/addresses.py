"""Shared registration addresses (集中注册地址) kept by the 招商中心, and the ventures at each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entrepreneurs import services
from entrepreneurs.forms import SharedAddressForm
from entrepreneurs.models import SharedAddress, Venture
from zhuqiao.access import require
from zhuqiao.forms import form_service_call
from zhuqiao.http import AuthenticatedHttpRequest
from zhuqiao.models import User


def _address_keeper(user: User) -> bool:
    """Who keeps the register of shared registration addresses: the 招商中心 and centre staff."""
    if not user.can_edit:
        return False
    department = user.department if user.role == User.Role.DEPARTMENT else None
    return user.sees_whole_town or (department is not None and department.code == "investment_centre")


@login_required
def shared_addresses(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The register of shared registration addresses (集中注册地址) and the ventures at each."""
    user = request.user
    keeper = _address_keeper(user)
    require(user.sees_whole_town or keeper)
    require(keeper or request.method != "POST")
    form = SharedAddressForm(request.POST or None) if keeper else None
    if request.method == "POST" and form is not None:
        address = None
        if form.is_valid():
            address = form_service_call(form, lambda: services.shared_address_register(**form.cleaned_data))
        if address is not None:
            messages.success(request, _("已登记集中注册地址：%(address)s。") % {"address": address})
            return redirect("entrepreneurs:shared_addresses")
    addresses = SharedAddress.objects.annotate(
        venture_count=Count("ventures", filter=Q(ventures__status=Venture.Status.OPERATING))
    ).prefetch_related(Prefetch("ventures", queryset=Venture.objects.order_by("-registered_on")))
    return render(
        request,
        "entrepreneurs/shared_addresses.html",
        {"addresses": addresses, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
