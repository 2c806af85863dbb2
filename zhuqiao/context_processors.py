from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def portal(request: HttpRequest) -> dict[str, Any]:
    """The navigation for this user: an app with one visible entry is a link, an app with
    several is a menu named after the app (so the bar stays one line as apps grow)."""
    user = getattr(request, "user", None)
    nav: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        for config in apps.get_app_configs():
            entries = []
            for item in sorted(getattr(config, "nav_items", []), key=lambda i: i.order):
                if not item.shown_to(user):
                    continue
                try:
                    url = reverse(item.url_name)
                except NoReverseMatch:
                    continue
                active = request.path == url or (url != "/" and request.path.startswith(url))
                entries.append({"label": item.label, "url": url, "active": active, "order": item.order})
            if len(entries) == 1 or (entries and config.name == "zhuqiao"):
                nav.extend(entries)
            elif entries:
                nav.append(
                    {
                        "label": config.verbose_name,
                        "children": entries,
                        "active": any(e["active"] for e in entries),
                        "order": entries[0]["order"],
                        "menu_id": f"nav-{config.label}",
                    }
                )
        nav.sort(key=lambda entry: entry["order"])
    return {"portal_name": settings.PORTAL_NAME, "nav_items": nav}
