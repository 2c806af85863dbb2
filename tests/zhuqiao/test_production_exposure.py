"""In production (DEBUG=0) the OpenAPI schema and docs need a login; /healthz tells the public only ok/fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_with_debug_off_the_schema_and_docs_need_a_login(client, committee_user_a):
    from django.conf import settings

    assert settings.DEBUG is False and settings.API_SCHEMA_PUBLIC is False
    assert client.get("/api/v1/schema/?format=json").status_code in (401, 403)
    for page in ("/api/v1/docs/", "/api/v1/redoc/", "/api/v1/docs/?script="):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), page

    token = Token.objects.create(user=committee_user_a)
    schema = client.get("/api/v1/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert schema.status_code == 200 and "/api/v1/persons/" in schema.json()["paths"]


@pytest.mark.django_db
def test_a_public_health_probe_learns_nothing_but_ok(client):
    body = client.get("/healthz").content.decode()
    assert body == '{"status": "ok"}'
    assert "postgresql" not in body and "sqlite" not in body and "eager" not in body


@pytest.mark.parametrize(("debug", "public"), [("1", "True"), ("0", "False")])
def test_the_schema_is_public_only_in_the_debug_demo(tmp_path, debug, public):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "API_SCHEMA_PUBLIC"}}
    env.update(
        DEBUG=debug,
        ZHUQIAO_TESTING="0",
        ZHUQIAO_VAR_DIR=str(tmp_path),
        SECRET_KEY="x7#Lq9!vR2@pZ8$wN4^mK6&tY1*hJ3(uB5)eC0_dF-gH+iA=jS~kD{lG}zX",
        FIELD_ENCRYPTION_KEY="q1Yx3nJm1tB8dZ8o0m2p5QvWc6E0bT3kR9sL4hF7gUw=",
        FIELD_HASH_KEY="production-like-hash-key-for-the-check",
        DJANGO_SETTINGS_MODULE="zhuqiao.settings",
    )
    code = "from django.conf import settings; print(settings.API_SCHEMA_PUBLIC)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == public, result.stderr
