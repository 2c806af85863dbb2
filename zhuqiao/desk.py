"""The staff home as a desk: each role's work queues, each with a count and a link.

The core knows no app. Each app that owns a queue registers a provider in its ``ready()``
(``desk.register(order, provider)``); a provider answers the items it has for this user today,
in one or a few queries, or none when the user's role has no such work. Committee staff also
see their committee's four clearance goals (registered the same way by the metrics app).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhuqiao.models import User


@dataclass(frozen=True)
class DeskItem:
    """One queue: ``count`` things waiting, ``url`` the list of them."""

    label: Any
    count: int
    url: str
    hint: Any = ""
    urgent: bool = False  # shown as needing action now when count > 0


@dataclass(frozen=True)
class GoalGlance:
    """One clearance goal of the user's committee: how many of its base are done."""

    label: Any
    base: int
    done: int
    url: str
    as_of: datetime.date | None = None  # the date of the metrics snapshot read; None when counted live

    @property
    def open(self) -> int:
        return self.base - self.done

    @property
    def percent(self) -> int:
        return 100 if self.base == 0 else int(self.done * 100 / self.base)


Provider = Callable[[Any, datetime.date], list[Any]]
_PROVIDERS: list[tuple[int, Provider]] = []


def register(order: int, provider: Provider) -> None:
    """Called by an app's ``ready()``; registering the same provider twice has no effect."""
    if all(existing is not provider for _order, existing in _PROVIDERS):
        _PROVIDERS.append((order, provider))
        _PROVIDERS.sort(key=lambda pair: pair[0])


def desk_for(user: User, today: datetime.date) -> tuple[list[DeskItem], list[GoalGlance]]:
    """The user's queues and goals, in the registered order."""
    items: list[DeskItem] = []
    goals: list[GoalGlance] = []
    for _order, provider in _PROVIDERS:
        for entry in provider(user, today):
            (goals if isinstance(entry, GoalGlance) else items).append(entry)
    return items, goals


def registered() -> list[Provider]:
    return [provider for _order, provider in _PROVIDERS]


# Panels of the staff home beyond the queues (e.g. the activities app's overdue meeting
# decisions): each app registers a name and a function of the user giving the panel's rows.
HomePanel = Callable[[Any], Any]
_PANELS: dict[str, HomePanel] = {}


def register_home_panel(name: str, panel: HomePanel) -> None:
    _PANELS[name] = panel


def home_panels(user: User) -> dict[str, Any]:
    """The registered panels of the home page for this user, by name (a template variable)."""
    return {name: panel(user) for name, panel in _PANELS.items()}
