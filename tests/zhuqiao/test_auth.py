"""Logging in: Chinese pages, lockout with a cool-off, disabled users lose their sessions."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from zhuqiao.models import AuditEntry, UserSession
from zhuqiao.services import user_set_active

PASSWORD = "Test-password-2026"


def _login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_login_page_is_in_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "工作人员登录" in response.content.decode()


@pytest.mark.django_db
def test_each_role_lands_on_its_own_home(client, committee_user_a, department_user, leader_user):
    for user, expected in [
        (committee_user_a, "清零工作清单"),
        (department_user, "转介到本部门"),
        (leader_user, "驾驶舱"),
    ]:
        c = Client()
        assert _login(c, user.username, PASSWORD).status_code == 302
        body = c.get("/").content.decode()
        assert expected in body
        assert user.scope_label in body


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_and_the_lock_cools_off(client, committee_user_a):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        for _ in range(5):
            _login(client, "committee_a", "wrong-password")
        locked = _login(client, "committee_a", PASSWORD)
        assert locked.status_code == 429 or locked.status_code == 403
        assert "暂时锁定" in locked.content.decode()
        assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).count() >= 5
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 16, tzinfo=datetime.UTC), tick=False):
        assert _login(client, "committee_a", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_disabling_a_user_ends_their_sessions(client, committee_user_a, admin_user):
    assert _login(client, "committee_a", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    assert UserSession.objects.filter(user=committee_user_a).count() == 1
    key = UserSession.objects.get(user=committee_user_a).session_key

    user_set_active(user=committee_user_a, active=False, by=admin_user)

    assert not Session.objects.filter(session_key=key).exists()
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.USER_DISABLED, object_id=str(committee_user_a.pk)
    ).exists()


@pytest.mark.django_db
def test_disabling_through_the_admin_ends_sessions_too(client, client_for, committee_user_a, admin_user):
    assert _login(client, "committee_a", PASSWORD).status_code == 302
    admin = client_for(admin_user)
    data = {
        "username": "committee_a",
        "display_name": "x",
        "role": "committee",
        "area": committee_user_a.area_id,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "is_active": "",
    }
    response = admin.post(f"/admin/zhuqiao/user/{committee_user_a.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    committee_user_a.refresh_from_db()
    assert committee_user_a.is_active is False
    assert UserSession.objects.filter(user=committee_user_a).count() == 0
    assert client.get("/").status_code == 200  # anonymous public home
    assert "工作人员登录" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_disabled_user_cannot_log_in(client, committee_user_a):
    user_set_active(user=committee_user_a, active=False)
    response = _login(client, "committee_a", PASSWORD)
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def _signed_in(client: Client) -> bool:
    response = client.get("/audit/")
    return not (response.status_code == 302 and "/accounts/login/" in response["Location"])


@pytest.mark.django_db
def test_enabling_a_disabled_user_again_revives_none_of_their_old_sessions(committee_user_a, admin_user):
    tracked, untracked = Client(), Client()
    assert _login(tracked, "committee_a", PASSWORD).status_code == 302
    assert _login(untracked, "committee_a", PASSWORD).status_code == 302
    # a session the portal has no record of (opened before the record existed, or restored from
    # a copy of the session store) must die as surely as a recorded one
    UserSession.objects.filter(session_key=untracked.session.session_key).delete()
    assert _signed_in(tracked) and _signed_in(untracked)

    user_set_active(user=committee_user_a, active=False, by=admin_user)
    user_set_active(user=committee_user_a, active=True, by=admin_user)

    assert not _signed_in(tracked)
    assert not _signed_in(untracked)
    fresh = Client()
    assert _login(fresh, "committee_a", PASSWORD).status_code == 302
    assert _signed_in(fresh)


@pytest.mark.django_db
def test_disabling_by_a_plain_save_ends_sessions_and_api_tokens_for_good(committee_user_a):
    from rest_framework.authtoken.models import Token

    browser = Client()
    assert _login(browser, "committee_a", PASSWORD).status_code == 302
    token = Token.objects.create(user=committee_user_a)

    committee_user_a.refresh_from_db()
    committee_user_a.is_active = False
    committee_user_a.save()
    committee_user_a.is_active = True
    committee_user_a.save()

    assert not _signed_in(browser)
    assert not Token.objects.filter(key=token.key).exists()
    api = Client(headers={"authorization": f"Token {token.key}"})
    assert api.get("/api/v1/me/").status_code in (401, 403)
