"""Production as a town's IT team runs it: the production static storage, one environment-file
format, the client's address behind nginx, Redis down without the portal down, the database
roles, and reads from a replica. The whole topology is driven by `make prod-check`."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.utils import InternalError, ProgrammingError
from django.test import Client, RequestFactory, override_settings
from dotenv import dotenv_values

from zhuqiao.client_address import client_ip
from zhuqiao.db_router import REPLICA, ReplicaReadsMiddleware, ReplicaRouter, replica_reads
from zhuqiao.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Test-password-2026"

PRODUCTION_ENV = {
    "DEBUG": "0",
    "ZHUQIAO_TESTING": "0",
    "SECRET_KEY": "x7#Lq9!vR2@pZ8$wN4^mK6&tY1*hJ3(uB5)eC0_dF-gH+iA=jS~kD{lG}zX",
    "FIELD_ENCRYPTION_KEY": "q1Yx3nJm1tB8dZ8o0m2p5QvWc6E0bT3kR9sL4hF7gUw=",
    "FIELD_HASH_KEY": "production-like-hash-key-for-the-check",
}


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "ZHUQIAO_ENV_FILE"}}
    env.update(PRODUCTION_ENV, ZHUQIAO_VAR_DIR=str(tmp_path), **extra)
    return env


# --- static files and the environment file -------------------------------------------------------


def test_collectstatic_with_the_production_storage_writes_the_manifest_and_compressed_copies(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    static = tmp_path / "staticfiles"
    manifest = (static / "staticfiles.json").read_text()
    assert "favicon.svg" in manifest
    assert list(static.glob("vendor/bootstrap/bootstrap.min.*.css.gz"))
    assert not list(static.rglob("*.br"))  # nginx serves gzip only: no Brotli copies written for nothing


def test_no_vendored_file_names_a_source_map_that_is_not_shipped():
    for path in (ROOT / "static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for name in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(errors="replace")):
            assert (path.parent / name).exists(), f"{path.relative_to(ROOT)} names {name}, which is not shipped"


def test_env_example_is_one_format_that_systemd_a_container_and_the_portal_read_alike():
    lines = (ROOT / ".env.example").read_text().splitlines()
    plain: dict[str, str] = {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*=[^\"']*", line), f"not KEY=value: {line!r}"
        key, value = line.split("=", 1)
        assert " #" not in value and value == value.strip(), f"a comment or spaces after a value: {line!r}"
        plain[key] = value  # what systemd's EnvironmentFile and docker --env-file take
    assert dotenv_values(ROOT / ".env.example") == plain
    read_somewhere = "".join(
        p.read_text()
        for p in [ROOT / "zhuqiao" / "settings.py", ROOT / "gunicorn.conf.py", ROOT / "deploy" / "upgrade"]
    )
    unread = [key for key in plain if f'"{key}"' not in read_somewhere and key not in read_somewhere]
    assert not unread, f".env.example names variables nothing reads: {unread}"


def test_the_portal_reads_the_environment_file_it_is_given_and_the_environment_wins(tmp_path):
    env_file = tmp_path / "zhuqiao.env"
    env_file.write_text(
        "DEBUG=1\nSITE_URL=https://portal.from-file.example\nBOOKING_RATE_PER_PHONE=7/h\n"
        "DEFAULT_FROM_EMAIL=祝桥镇社区事务受理服务中心 <noreply@example.gov.cn>\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DEBUG", "DEFAULT_FROM_EMAIL"}}
    env.update(ZHUQIAO_ENV_FILE=str(env_file), ZHUQIAO_VAR_DIR=str(tmp_path), BOOKING_RATE_PER_PHONE="9/h")
    code = "from django.conf import settings as s; print(s.SITE_URL, s.BOOKING_RATE_PER_PHONE, s.DEFAULT_FROM_EMAIL, sep='|')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == (
        "https://portal.from-file.example|(9, 3600)|祝桥镇社区事务受理服务中心 <noreply@example.gov.cn>"
    )


# --- the client's address behind the proxy ---------------------------------------------------------


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_the_client_address_is_read_through_trusted_proxies_only():
    factory = RequestFactory()
    through_nginx = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(through_nginx) == "203.0.113.7"
    # A client-supplied entry left of the one nginx appended is not believed.
    spoofed_chain = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(spoofed_chain) == "203.0.113.7"
    # Two proxies of ours (an edge proxy at 10.x in front of nginx).
    two_hops = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.5")
    assert client_ip(two_hops) == "203.0.113.9"
    from_outside = factory.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(from_outside) == "198.51.100.9"
    garbage = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(garbage) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_a_forwarded_header_changes_nothing():
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "127.0.0.1"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_proxy_wrong_passwords_from_one_address_do_not_lock_the_user_out_elsewhere(committee_user_a):
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(6):
        attacker.post("/accounts/login/", {"username": committee_user_a.username, "password": "wrong-password"})
    locked = attacker.post("/accounts/login/", {"username": committee_user_a.username, "password": PASSWORD})
    assert locked.status_code in (403, 429)
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.20.30.40")
    response = colleague.post("/accounts/login/", {"username": committee_user_a.username, "password": PASSWORD})
    assert response.status_code == 302
    failure = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).order_by("-pk").first()
    assert failure is not None and failure.ip_address == "203.0.113.66"
    login = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).order_by("-pk").first()
    assert login is not None and login.ip_address == "10.20.30.40"


# --- Redis stopped: degraded, not down ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def stopped_redis(tmp_path: Path) -> Iterator[str]:
    """The URL of a real Redis that was started, answered, and was then stopped."""
    server = shutil.which("redis-server")
    # make test and make test-lite install it (scripts/system-deps.sh): its absence is a broken
    # machine, not a reason to leave the degraded mode untested.
    assert server is not None, "redis-server is not installed (scripts/system-deps.sh installs it)"
    port = _free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port, socket_connect_timeout=0.2)
    for _ in range(50):
        try:
            if client.ping():
                break
        except redis.ConnectionError:
            time.sleep(0.1)
    client.close()
    proc.terminate()
    proc.wait(timeout=10)
    from zhuqiao.cache import FailSoftRedisCache

    FailSoftRedisCache._down_until = 0.0
    url = f"redis://127.0.0.1:{port}/0"
    caches = {
        "default": {
            "BACKEND": "zhuqiao.cache.FailSoftRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "zhuqiao",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=caches, REDIS_URL=url):
        yield url
    FailSoftRedisCache._down_until = 0.0


@pytest.mark.django_db
def test_with_redis_stopped_the_dashboard_drill_downs_and_lists_answer(stopped_redis, leader_user, centre_user):
    leader, centre = Client(), Client()
    leader.force_login(leader_user)
    centre.force_login(centre_user)
    started = time.monotonic()
    for client, url in [
        (leader, "/dashboard/"),
        (leader, "/dashboard/drill/clearance_graduate_rate/"),
        (centre, "/people/"),
        (centre, "/ventures/"),
        (centre, "/consultations/"),
    ]:
        assert client.get(url).status_code == 200, url
    assert time.monotonic() - started < 10


def test_healthz_answers_within_two_seconds_and_names_redis_when_it_is_stopped(
    stopped_redis, db, client, client_for, centre_user
):
    from tests.conftest import celery_eager

    with celery_eager(False):
        started = time.monotonic()
        public = client.get("/healthz")
        elapsed = time.monotonic() - started
        staff = client_for(centre_user).get("/healthz")
    # The public answer says only that something is wrong; staff are told what.
    assert public.status_code == 503 and public.json() == {"status": "fail"}
    assert elapsed < 2, elapsed
    body = staff.json()
    assert staff.status_code == 503
    assert body["down"] == ["redis", "celery"]
    assert body["database"]["ok"] is True
    assert "redis" in body["celery"]["error"]


@override_settings(BOOKING_RATE_PER_PHONE=(1, 3600), BOOKING_RATE_PER_ADDRESS=(1, 3600))
def test_with_redis_stopped_the_booking_rate_limit_fails_open_at_once(stopped_redis):
    from consultations.ratelimit import booking_attempt_allowed

    started = time.monotonic()
    allowed = [booking_attempt_allowed(phone="13912345678", address="203.0.113.1") for _ in range(20)]
    assert all(allowed)
    assert time.monotonic() - started < 1.5


# --- database roles ------------------------------------------------------------------------------


def _refused(sql: str) -> str:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except (ProgrammingError, InternalError) as exc:
        return str(exc)
    raise AssertionError(f"{sql!r} was allowed")


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_application_role_cannot_truncate_alter_or_drop_the_audit_log(centre_user):
    from django.core.management import call_command

    AuditEntry.objects.create(action=AuditEntry.Action.LOGIN, object_repr="before")
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE zhuqiao_test_app NOLOGIN")
    call_command("grant_app_role", "zhuqiao_test_app", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE zhuqiao_test_app")
    try:
        assert "permission denied" in _refused("TRUNCATE zhuqiao_auditentry")
        assert "must be owner" in _refused("ALTER TABLE zhuqiao_auditentry ADD COLUMN x int")
        assert "must be owner" in _refused("DROP TABLE zhuqiao_auditentry")
        assert "permission denied" in _refused("UPDATE zhuqiao_auditentry SET object_repr = 'x'")
        # What the application does: read and append.
        AuditEntry.objects.create(action=AuditEntry.Action.LOGIN, object_repr="as the app")
        assert AuditEntry.objects.filter(object_repr="before").exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_truncate_of_the_audit_log_is_refused_by_its_trigger_even_when_granted_by_mistake():
    AuditEntry.objects.create(action=AuditEntry.Action.LOGIN, object_repr="kept")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks in the way
        cursor.execute("CREATE ROLE zhuqiao_test_careless NOLOGIN")
        cursor.execute("GRANT TRUNCATE, SELECT ON zhuqiao_auditentry TO zhuqiao_test_careless")
        cursor.execute("SET ROLE zhuqiao_test_careless")
    try:
        assert "cannot be truncated" in _refused("TRUNCATE zhuqiao_auditentry")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEntry.objects.filter(object_repr="kept").exists()


# --- reads from a replica --------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_the_router_sends_reads_of_marked_views_to_the_replica_and_every_write_to_the_primary(settings):
    settings.DATABASES = {**settings.DATABASES, REPLICA: {**settings.DATABASES["default"]}}
    router = ReplicaRouter()
    assert router.db_for_read(AuditEntry) is None
    with replica_reads():
        assert router.db_for_read(AuditEntry) == REPLICA
        assert router.db_for_write(AuditEntry) == "default"
    assert router.allow_migrate(REPLICA, "zhuqiao") is False


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_only_dashboards_drill_downs_and_exports_switch_to_the_replica(settings):
    settings.DATABASES = {**settings.DATABASES, REPLICA: {**settings.DATABASES["default"]}}
    seen: list[bool] = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(AuditEntry) == REPLICA)
        from django.http import HttpResponse

        return HttpResponse()

    middleware = ReplicaReadsMiddleware(view)
    factory = RequestFactory()
    for request in [
        factory.get("/dashboard/"),
        factory.get("/dashboard/drill/clearance_graduate_rate/"),
        factory.get("/rosters/export/persons/"),
        factory.post("/dashboard/recompute/"),
        factory.get("/people/"),
        factory.get("/accounts/login/"),
    ]:
        middleware(request)
    assert seen == [True, True, True, False, False, False]


def test_without_a_replica_every_read_stays_on_the_primary():
    middleware = ReplicaReadsMiddleware(lambda request: ReplicaRouter().db_for_read(AuditEntry))  # type: ignore[arg-type,return-value]
    assert middleware(RequestFactory().get("/dashboard/")) is None
