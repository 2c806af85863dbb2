"""Background work of the venture register."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="entrepreneurs.notify_closing_policy_windows")
def notify_closing_policy_windows() -> int:
    """Weekly: tell committees about policy windows closing within 90 days (each once, ever)."""
    from entrepreneurs.services import policy_window_notices_send

    return policy_window_notices_send()
