"""Where a form may send the user next: only to this site, checked with Django's safe-URL helper."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, fallback: str, *, prefix: str = "/") -> str:
    """The ``next`` the request carries (POST, then GET) when it stays on this site and under
    ``prefix``; otherwise ``fallback``. ``//evil.example``, ``https://evil.example``,
    ``/\\evil.example`` and other look-alikes are refused."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and candidate.startswith(prefix)
        and not candidate.startswith("//")
        and "\\" not in candidate
    ):
        return candidate
    return fallback
