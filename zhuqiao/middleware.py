"""Request-scoped context: who is acting and from where, for the audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from zhuqiao.audit import audit_context
from zhuqiao.client_address import client_ip


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with audit_context(user=user, ip_address=client_ip(request), source="web"):
            return self.get_response(request)
