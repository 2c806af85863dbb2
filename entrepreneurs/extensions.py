"""What higher apps add to the entrepreneurs app, registered in their ``AppConfig.ready()``, so
that entrepreneurs imports no app above it (the layers are declared in pyproject.toml and checked
by import-linter). Cases registers the venture page's start-up services checklist and the routes
that log help as cases (a venture's missing start-up service, a founding team's help); incubators
the team page's form that tells a team about a carrier."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.urls import URLPattern

# venture -> variables of the venture page (e.g. ``startup_services``, from the cases app)
VentureContext = Callable[[Any], dict[str, Any]]
# today -> an unbound form on the page of a team not yet registered, posted to the higher app's URL
TeamFormFactory = Callable[[datetime.date], Any]

venture_contexts: list[VentureContext] = []
team_forms: dict[str, TeamFormFactory] = {}
# Routes under /ventures/ served by a higher app, in the entrepreneurs namespace (entrepreneurs.urls
# is loaded on the first request, after every ready()).
routes: list[URLPattern] = []


def register_venture_context(context: VentureContext) -> None:
    if context not in venture_contexts:  # ready() may run twice in tests
        venture_contexts.append(context)


def register_team_form(name: str, factory: TeamFormFactory) -> None:
    """``name`` is the form's variable in ``entrepreneurs/team_detail.html``."""
    team_forms[name] = factory


def register_routes(*patterns: URLPattern) -> None:
    for pattern in patterns:
        if all(existing.name != pattern.name for existing in routes):
            routes.append(pattern)
