"""The real parts are real: PostgreSQL, Redis, a Celery worker, and a clean deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 13


@pytest.mark.celery_worker
def test_a_task_round_trips_through_a_real_worker_on_redis(use_real_worker):
    from zhuqiao.tasks import ping

    result = ping.delay("祝桥")
    assert result.get(timeout=20) == "祝桥"
    assert result.successful()


@pytest.mark.celery_worker
def test_healthz_reports_database_redis_and_worker_to_centre_staff(use_real_worker, centre_user):
    from django.test import Client

    client = Client()
    client.force_login(centre_user)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"]["ok"] and body["redis"]["ok"]
    assert body["celery"]["workers"] >= 1


@pytest.mark.django_db
def test_healthz_answers_without_login_with_only_ok_or_fail(client, client_for, committee_user_a, centre_user):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert client_for(committee_user_a).get("/healthz").json() == {"status": "ok"}
    detailed = client_for(centre_user).get("/healthz").json()
    assert detailed["database"] == {"ok": True, "vendor": connection.vendor}


def test_deploy_check_has_no_warning_with_production_settings(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "ZHUQIAO_TESTING", "SECRET_KEY", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="0",
        ZHUQIAO_TESTING="0",
        ZHUQIAO_VAR_DIR=str(tmp_path),
        SECRET_KEY="x7#Lq9!vR2@pZ8$wN4^mK6&tY1*hJ3(uB5)eC0_dF-gH+iA=jS~kD{lG}zX",
        FIELD_ENCRYPTION_KEY="q1Yx3nJm1tB8dZ8o0m2p5QvWc6E0bT3kR9sL4hF7gUw=",
        FIELD_HASH_KEY="production-like-hash-key-for-the-check",
        ALLOWED_HOSTS="portal.zhuqiao.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(DEBUG="0", ZHUQIAO_TESTING="0", ZHUQIAO_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_bad_boolean_in_the_environment_is_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from zhuqiao.env import env_bool, env_rate

    monkeypatch.setenv("ZQ_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="ZQ_FLAG"):
        env_bool("ZQ_FLAG")
    monkeypatch.setenv("ZQ_RATE", "5 per hour")
    with pytest.raises(ImproperlyConfigured, match="ZQ_RATE"):
        env_rate("ZQ_RATE", "5/h")
    monkeypatch.setenv("ZQ_RATE", "30/h")
    assert env_rate("ZQ_RATE", "5/h") == (30, 3600)
