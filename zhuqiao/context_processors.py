from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def portal(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        items = [item for config in apps.get_app_configs() for item in getattr(config, "nav_items", [])]
        for item in sorted(items, key=lambda i: i.order):
            if not item.shown_to(user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            nav.append(
                {
                    "label": item.label,
                    "url": url,
                    "active": request.path == url or (url != "/" and request.path.startswith(url)),
                }
            )
    return {"portal_name": settings.PORTAL_NAME, "nav_items": nav}
