"""Shared personas and the real-parts fixtures: PostgreSQL checks, a real Celery worker, Chromium.

Personas: centre staff, committee staff of area A and of area B, department staff (团委) and of
another department (市场监督管理所), a leader, an administrator, and the anonymous resident.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests import clock
from tests.factories import AreaFactory, UserFactory
from zhuqiao.models import Area, Department, User

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


# --- what this run can do -------------------------------------------------------------------


def _vendor() -> str:
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=None,
        help="run every test as if it started at this instant in Asia/Shanghai, e.g. 2028-02-29T23:30 "
        f"(also ${clock.ENV}); see tests/clock.py",
    )


def pytest_configure(config: pytest.Config) -> None:
    # The real start of the run (before the clock may move): the worker log's age is compared to it.
    config._zhuqiao_started = time.time()  # type: ignore[attr-defined]
    option = config.getoption("--clock", default=None)
    if option:
        os.environ[clock.ENV] = clock.parse(option).isoformat()
    moment = clock.moved_to()
    if moment is not None:
        import time_machine

        # Collection, database set-up and session fixtures run on the moved clock too.
        time_machine.travel(moment, tick=True).start()
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ[clock.STAMP_ENV] = str(ROOT / "var" / "test-clock-started")


@pytest.fixture(autouse=True)
def _moved_clock() -> Iterator[None]:
    """On a moved-clock run every test starts at the same instant (tests/clock.py)."""
    moment = clock.moved_to()
    if moment is None:
        yield
        return
    import time_machine

    clock.mark_test_start()
    with time_machine.travel(moment, tick=True):
        yield


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = [f"database: {_vendor()}", f"redis: {settings.REDIS_URL or 'none (eager Celery)'}"]
    if clock.moved_to() is not None:
        lines.append(f"clock moved: every test starts at {clock.moved_to():%Y-%m-%d %H:%M %Z} (tests/clock.py)")
    if _vendor() != "postgresql":
        lines.append("embedded mode: tests marked 'postgres' and 'celery_worker' are SKIPPED (run 'make test')")
    return lines


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    no_pg = pytest.mark.skip(reason="needs PostgreSQL: run 'make test' (embedded SQLite here)")
    no_redis = pytest.mark.skip(reason="needs Redis and a worker: run 'make test'")
    no_chromium = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "postgres" in item.keywords and _vendor() != "postgresql":
            item.add_marker(no_pg)
        if "celery_worker" in item.keywords and (not settings.REDIS_URL or _vendor() != "postgresql"):
            item.add_marker(no_redis)
        if "browser" in item.keywords and not Path(CHROMIUM).exists():
            item.add_marker(no_chromium)


# --- no personal data in any log record of the whole run --------------------------------------

# An 18-character ID number or an 11-digit mainland mobile, standing alone.
PERSONAL_IN_LOG = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1\d{10})(?![0-9A-Za-z])")


class PersonalDataLogCapture(logging.Handler):
    """Keeps every log record of the run that holds a full ID or mobile number (issue 16)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.offending: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            text = str(record.msg)
        if record.exc_text:
            text += "\n" + record.exc_text
        elif record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        if PERSONAL_IN_LOG.search(text):
            self.offending.append(f"{record.name} {record.levelname}: {text[:300]}")


LOG_CAPTURE = PersonalDataLogCapture()


def pytest_sessionstart(session: pytest.Session) -> None:
    logging.getLogger().addHandler(LOG_CAPTURE)


@pytest.fixture(autouse=True)
def _chinese_first() -> Iterator[None]:
    """Every test starts in Simplified Chinese: a request made in English activates English for
    the thread, which would otherwise leak into the tests that follow in the same process."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs() -> Iterator[None]:
    """A test whose code logged a full ID or mobile number fails, naming the record."""
    before = len(LOG_CAPTURE.offending)
    yield
    new = LOG_CAPTURE.offending[before:]
    if new:
        pytest.fail("log records hold personal data in clear:\n" + "\n".join(new), pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Records outside any test (start-up, the worker's log) fail the run too."""
    offending = list(LOG_CAPTURE.offending)
    worker_log = ROOT / "var" / "test-celery-worker.log"
    if worker_log.exists() and worker_log.stat().st_mtime >= session.config._zhuqiao_started:  # type: ignore[attr-defined]
        for line in worker_log.read_text(errors="replace").splitlines():
            if PERSONAL_IN_LOG.search(line):
                offending.append(f"celery worker: {line[:300]}")
    if offending:
        sys.stderr.write("\nFAILED: log records hold a full ID or mobile number:\n" + "\n".join(offending[:50]) + "\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- reference data that data migrations create ------------------------------------------------

# Transactional tests (live server, real worker, concurrency) end with a flush that empties every
# table, including the rows data migrations created (departments, the service and policy
# catalogues, the holiday calendar). They are put back after such a test, so that the tests
# after it see the database as migrations left it.
REFERENCE_DATA = [
    ("zhuqiao.migrations.0003_departments", "forwards"),
    ("cases.migrations.0003_service_catalogue", "forwards"),
    ("cases.migrations.0006_services_tax_talent_expert_publicity", "forwards"),
    ("entrepreneurs.migrations.0003_policy_catalogue", "add_catalogue"),
    ("entrepreneurs.migrations.0006_policy_plain_words", "plain_words"),
    ("consultations.migrations.0002_preload_calendar", "forwards"),
]


def restore_reference_data() -> None:
    import importlib

    from django.apps import apps as global_apps

    for module_name, function in REFERENCE_DATA:
        getattr(importlib.import_module(module_name), function)(global_apps, None)


@pytest.fixture(autouse=True)
def _reference_data_survives_flush(request: pytest.FixtureRequest, django_db_blocker: object) -> Iterator[None]:
    marker = request.node.get_closest_marker("django_db")
    flushed_by_marker = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0] is True)
    )
    transactional = flushed_by_marker or {"transactional_db", "live_server"} & set(request.fixturenames)
    if transactional:
        # Also before: for a live-server test pytest-django's own autouse fixture sets up (and so
        # tears down, flushing) the database around this one, so the previous test's flush can
        # come after its restore below. Restoring is idempotent (get_or_create).
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            restore_reference_data()
    yield
    if transactional:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            restore_reference_data()
            # Close the connection this used: after a browser test it was still open when the test
            # database was dropped at the end of the run ("database is being accessed by other
            # users"), although the session's end closes the connections it knows of.
            connection.close()


# --- personas ---------------------------------------------------------------------------------


@pytest.fixture
def area_a(db: None) -> Area:
    return AreaFactory(code="A01", name="演示01村", kind=Area.Kind.VILLAGE)


@pytest.fixture
def area_b(db: None) -> Area:
    return AreaFactory(code="A02", name="演示02村", kind=Area.Kind.VILLAGE)


@pytest.fixture
def department(db: None) -> Department:
    return Department.objects.get(code="youth_league")


@pytest.fixture
def other_department(db: None) -> Department:
    return Department.objects.get(code="market_supervision")


@pytest.fixture
def centre_department(db: None) -> Department:
    return Department.objects.get(code="service_centre")


@pytest.fixture
def centre_user(db: None, centre_department: Department) -> User:
    from django.contrib.auth.models import Permission

    user = UserFactory(username="centre", role=User.Role.CENTRE, department=centre_department)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["reveal_personal_data", "view_audit_log"], content_type__app_label="zhuqiao"
        )
    )
    return User.objects.get(pk=user.pk)  # fresh instance: permission cache empty


@pytest.fixture
def centre_user_no_reveal(db: None, centre_department: Department) -> User:
    return UserFactory(username="centre2", role=User.Role.CENTRE, department=centre_department)


@pytest.fixture
def committee_user_a(area_a: Area) -> User:
    return UserFactory(username="committee_a", role=User.Role.COMMITTEE, area=area_a)


@pytest.fixture
def committee_user_b(area_b: Area) -> User:
    return UserFactory(username="committee_b", role=User.Role.COMMITTEE, area=area_b)


@pytest.fixture
def department_user(department: Department) -> User:
    return UserFactory(username="dept_youth", role=User.Role.DEPARTMENT, department=department)


@pytest.fixture
def other_department_user(other_department: Department) -> User:
    return UserFactory(username="dept_market", role=User.Role.DEPARTMENT, department=other_department)


@pytest.fixture
def leader_user(db: None) -> User:
    return UserFactory(username="leader", role=User.Role.LEADER)


@pytest.fixture
def admin_user(db: None) -> User:
    return UserFactory(username="admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    """A test client logged in as the given user (force_login: axes needs no request here)."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for() -> Callable[[User], object]:
    from rest_framework.test import APIClient

    def make(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


# --- a real Celery worker on the real Redis -----------------------------------------------------


CELERY_WORKER_NAME = "test"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup: None, django_db_blocker: object) -> Iterator[subprocess.Popen[bytes]]:
    """A real worker process (solo pool) on the test Redis, using the test database.

    Tests using it must be ``@pytest.mark.celery_worker`` and ``transaction=True`` so that the
    worker sees their committed rows; ``use_real_worker`` turns off eager mode around them.
    """
    if not settings.REDIS_URL or _vendor() != "postgresql":
        raise RuntimeError("a test using the real worker must be marked celery_worker (skipped without Redis)")
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}",
        CELERY_TASK_ALWAYS_EAGER="0",
        ZHUQIAO_TESTING="1",
    )
    log = open(ROOT / "var" / "test-celery-worker.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        clock.python_command(
            "-m", "celery", "-A", "zhuqiao", "worker", "-P", "solo", "-l", "INFO", "-n", f"{CELERY_WORKER_NAME}@%h"
        ),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    from zhuqiao.celery import app

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("Celery worker exited at start; see var/test-celery-worker.log")
        try:
            if app.control.ping(timeout=0.5):
                break
        except Exception:
            pass
        time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError("Celery worker did not answer a ping within 30 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@contextlib.contextmanager
def celery_eager(eager: bool) -> Iterator[None]:
    """Celery runs tasks in this process (eager) or sends them to a worker, for the block."""
    from zhuqiao.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    try:
        yield
    finally:
        app.conf.task_always_eager = before


@pytest.fixture
def use_real_worker(celery_worker_process: subprocess.Popen[bytes], transactional_db: None) -> Iterator[None]:
    from celery.result import allow_join_result

    from zhuqiao.celery import app

    with celery_eager(False):
        # Celery keeps "a task is running here, joining would block" in one process-wide flag that
        # eager tasks set and restore; eager tasks finishing at once in several threads (the
        # concurrency tests) can leave it set. The test process is no worker: it may wait.
        with allow_join_result():
            yield
        _wait_until_worker_idle(app)


def _wait_until_worker_idle(app: object, timeout: float = 60) -> None:
    """Wait until the worker has nothing left to do: work a test started may queue more (a roster
    import schedules a metrics recompute), and flushing the database under a task still writing
    deadlocks. A solo worker answers control messages only between tasks, so an answer with
    nothing reserved or scheduled, and an empty queue, means idle."""
    import socket

    import redis

    queue_name = app.conf.task_default_queue  # type: ignore[attr-defined]
    inspect = app.control.inspect(  # type: ignore[attr-defined]
        destination=[f"{CELERY_WORKER_NAME}@{socket.gethostname()}"], limit=1, timeout=1
    )
    queue = redis.Redis.from_url(settings.REDIS_URL)

    def idle() -> bool:
        if queue.llen(queue_name):
            return False
        reserved, scheduled = inspect.reserved(), inspect.scheduled()
        if not reserved or not scheduled:  # no answer: the worker is running a task
            return False
        return not any(reserved.values()) and not any(scheduled.values()) and not queue.llen(queue_name)

    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if idle():
                return
            time.sleep(0.2)
    finally:
        queue.close()
    raise RuntimeError(f"the Celery worker was still busy {timeout:.0f} s after the test")


# --- Chromium through Playwright -------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, live_server: object, transactional_db: None) -> Iterator[object]:
    """A fresh browser page; console errors and CSP violations fail the test at teardown."""
    from tests.browser import BrowserErrors, new_context

    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = BrowserErrors.attach(page)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    errors.assert_clean()


@pytest.fixture
def phone_page(browser: object, live_server: object, transactional_db: None) -> Iterator[object]:
    """Like ``page`` on a phone-sized viewport."""
    from tests.browser import BrowserErrors, new_context

    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = BrowserErrors.attach(page)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    errors.assert_clean()


@pytest.fixture
def have_chromium() -> bool:
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists()
