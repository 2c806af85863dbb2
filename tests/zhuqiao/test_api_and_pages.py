from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_api_requires_login(client):
    assert client.get("/api/v1/me/").status_code in (401, 403)


@pytest.mark.django_db
def test_api_me_reports_role_and_scope(api_client_for, committee_user_a):
    body = api_client_for(committee_user_a).get("/api/v1/me/").json()
    assert body["role"] == "committee" and body["area"]["code"] == "A01" and body["can_reveal"] is False


@pytest.mark.django_db
def test_api_token_authentication_works(client, committee_user_a):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=committee_user_a)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["username"] == "committee_a"


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served(client_for, centre_user):
    c = client_for(centre_user)
    schema = c.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema.json()["paths"]
    docs = c.get("/api/v1/docs/")
    assert docs.status_code == 200 and "cdn" not in docs.content.decode().lower()


@pytest.mark.django_db
def test_leaders_read_but_cannot_write_through_the_api(api_client_for, leader_user):
    client = api_client_for(leader_user)
    assert client.get("/api/v1/areas/").status_code == 200
    assert client.post("/api/v1/areas/", {"code": "X"}).status_code in (403, 405)


@pytest.mark.django_db
def test_pages_carry_a_nonce_based_csp_and_no_inline_styles(client_for, centre_user):
    response = client_for(centre_user).get("/")
    csp = response["Content-Security-Policy"]
    assert "'nonce-" in csp and "unsafe-inline" not in csp
    assert ' style="' not in response.content.decode()


@pytest.mark.django_db
def test_friendly_404_in_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/accounts/login/").content.decode()
    assert "Staff login" in body
