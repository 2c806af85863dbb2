"""Core tasks."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="zhuqiao.ping")
def ping(value: str = "pong") -> str:
    """Round-trip check used by /healthz and the tests: a worker answers with what it was sent."""
    return value
