"""The Celery application. Periodic schedules are declared in code: CELERY_BEAT_SCHEDULE in
settings.py, one entry per job, next to the other settings of the town's timetable."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuqiao.settings")

app = Celery("zhuqiao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
