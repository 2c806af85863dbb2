"""Request-scoped context: who is acting and from where, for the audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from zhuqiao.audit import audit_context
from zhuqiao.client_address import client_ip


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with audit_context(user=user, ip_address=client_ip(request), source="web"):
            return self.get_response(request)


class RejectNullCharactersMiddleware:
    """A NUL character in the query string is refused with a 400: no database stores it in text,
    and a view passing a raw parameter to a query would otherwise fail with a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Null characters are not allowed."}, status=400)
            return HttpResponseBadRequest("Null characters are not allowed.")
        return self.get_response(request)
