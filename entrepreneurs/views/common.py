"""Helpers the venture pages share: page size, refusal messages, the register's keepers, the form page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from zhuqiao.roles import Role

PAGE_SIZE = 50


# Leaders read only; department staff handle ventures through the cases referred to them.
READ_ONLY = gettext_lazy("您的账号只能查看，不能修改创业组织信息。")
VIA_CASES = gettext_lazy("部门工作人员通过服务个案办理创业组织事项，不能在此登记或修改。")
REGISTER_KEEPERS = (Role.CENTRE, Role.COMMITTEE, Role.ADMIN)


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form page; a POST that comes back to it was refused (400)."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)
