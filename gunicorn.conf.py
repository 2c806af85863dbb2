"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py zhuqiao.wsgi``.

Behind a buffering reverse proxy (nginx on the town's intranet server), which is what sync
workers expect: the proxy absorbs slow clients, a worker only ever sees a whole request.

Measured with ``make bench`` (the booking API under 100 concurrent clients, 2 cores): sync workers,
one more than the cores, with the application loaded once before forking, serve about three
times the requests of threaded workers (the portal is CPU-bound Python: threads in one process
queue on the interpreter lock) and start serving at once (no worker imports Django while the
others already take requests). Where the database is on another machine or slow to commit,
raise WEB_CONCURRENCY: a sync worker waits idle on each query.
"""

from __future__ import annotations

import os
from pathlib import Path

from zhuqiao.env import load_env_file

# The same environment file as the portal (GUNICORN_BIND and WEB_CONCURRENCY may be in it).
load_env_file(Path(__file__).resolve().parent / ".env")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or 0) or (os.cpu_count() or 1) + 1
worker_class = "sync"
preload_app = True
timeout = 60  # the longest page (the annual report PDF) takes a few seconds; nothing should take a minute
graceful_timeout = 30
# The workers' heartbeat files in memory, not on a disk that may stall (gunicorn's advice);
# gunicorn creates them there with mkstemp, under a random name.
SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
# Recycle a worker now and then (forked from the loaded master, so cheap): bounds slow leaks.
max_requests = 10_000
max_requests_jitter = 1_000
# Access lines are the proxy's job; errors go to stderr with the application's own log lines.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
