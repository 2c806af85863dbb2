"""Identifiers never travel in URLs: searches carrying a full ID or mobile number are kept in the
session under a short random token, and the URL carries only the token (``?s=…``).

Search forms post (``method="post"`` with a hidden ``_search``); :class:`IdentifierQueryMiddleware`
turns the post into a GET of the same page whose identifying values are replaced by a token, so
that they appear in no access log, browser history, export link or ``Referer``. A GET that still
carries one (a link typed by hand, an old bookmark) is answered by the same redirect, and by a
400 on the API (which searches by ``POST …/search/``). Views read the filters through
:func:`resolved_query`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict

from zhuqiao.personal_data import mask_text

TOKEN_PARAM = "s"  # noqa: S105 (the name of a query parameter)
SEARCH_MARKER = "_search"
SESSION_KEY = "search_tokens"
KEPT = 20  # tokens remembered per session; older ones are forgotten
_NOT_COPIED = {"csrfmiddlewaretoken", SEARCH_MARKER}


def identifying(value: str) -> bool:
    """Whether a value holds a full ID number or mobile number."""
    return mask_text(value) != value


def _stash(request: HttpRequest, values: dict[str, list[str]]) -> str:
    session = request.session
    stored: dict[str, dict[str, list[str]]] = dict(session.get(SESSION_KEY, {}))
    token = secrets.token_urlsafe(9)
    stored[token] = values
    session[SESSION_KEY] = dict(list(stored.items())[-KEPT:])
    return token


def _split(params: dict[str, list[str]]) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """(pairs safe in a URL, identifying values to stash by key)."""
    plain: list[tuple[str, str]] = []
    secret: dict[str, list[str]] = {}
    for key, values in params.items():
        for value in values:
            if identifying(value):
                secret.setdefault(key, []).append(value)
            elif value != "":
                plain.append((key, value))
    return plain, secret


def _redirect(request: HttpRequest, params: dict[str, list[str]]) -> HttpResponse:
    plain, secret = _split(params)
    plain = [(key, value) for key, value in plain if key != TOKEN_PARAM]
    if secret:
        plain.append((TOKEN_PARAM, _stash(request, secret)))
    query = urlencode(plain)
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""), status=303)


class IdentifierQueryMiddleware:
    """Runs after CSRF, sessions and authentication (see settings.MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if request.method == "POST" and request.POST.get(SEARCH_MARKER):
            return _redirect(
                request, {key: request.POST.getlist(key) for key in request.POST if key not in _NOT_COPIED}
            )
        if request.method not in ("GET", "HEAD") or not request.GET:
            return None
        raw = {key: request.GET.getlist(key) for key in request.GET}
        if any(identifying(value) for values in raw.values() for value in values):
            if request.path.startswith("/api/") or not hasattr(request, "session"):
                return JsonResponse(
                    {
                        "detail": "完整身份证号或手机号不能放在网址中，请用 POST 搜索（如 POST /api/v1/persons/search/）。"
                    },
                    status=400,
                )
            return _redirect(request, raw)
        return None


def resolved_query(request: HttpRequest) -> QueryDict:
    """The request's GET parameters with a search token replaced by the values it stands for.

    Views pass this to their selectors; links they build (pages, sorting, exports) keep using
    ``request.GET``, which carries only the token."""
    token = request.GET.get(TOKEN_PARAM)
    stashed = request.session.get(SESSION_KEY, {}).get(token) if token and hasattr(request, "session") else None
    if not stashed:
        return request.GET
    resolved = request.GET.copy()
    del resolved[TOKEN_PARAM]
    for key, values in stashed.items():
        resolved.setlist(key, values)
    resolved._mutable = False
    return resolved
