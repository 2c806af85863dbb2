"""What the incubators app adds to a founding team's page (``entrepreneurs/team_detail.html``),
registered in ``IncubatorsConfig.ready()`` through ``entrepreneurs.extensions``: the form that
tells a team not yet registered about a carrier (告知), posted to ``incubators:team_notify``."""

from __future__ import annotations

import datetime

from incubators.forms import TeamNotifyForm


def notify_form(today: datetime.date) -> TeamNotifyForm:
    return TeamNotifyForm(initial={"notified_on": today})
