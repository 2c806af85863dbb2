"""Two-factor sign-in (TOTP) for centre staff and administrators: enrolment by QR code, codes at
sign-in, one-time recovery codes, an audited reset by an administrator."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from base64 import b32decode
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser import PASSWORD, assert_accessible, login
from zhuqiao.models import AuditEntry, UserSession
from zhuqiao.two_factor import totp_device_pending, totp_enrol_confirm, two_factor_reset

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _password_login(username: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.django_db
def test_centre_staff_signed_in_with_a_password_reach_only_the_enrolment_page(two_factor_required, centre_user):
    client = _password_login("centre")
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
    assert client.get("/api/v1/me/").status_code == 403
    setup = client.get("/accounts/2fa/setup/")
    assert setup.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in setup.content.decode()


@pytest.mark.django_db
def test_committee_staff_need_no_second_factor(two_factor_required, committee_user_a):
    assert _password_login("committee_a").get("/people/").status_code == 200


@pytest.mark.django_db
def test_sign_in_accepts_the_code_of_the_current_step_once(two_factor_required, centre_user):
    start = int(time.time()) // 30 * 30  # the start of a TOTP step, computed from now
    with time_machine.travel(start, tick=False):
        device = totp_device_pending(centre_user)
        assert totp_enrol_confirm(device=device, token=_code(device)) is not None
    with time_machine.travel(start + 90, tick=False):
        device.refresh_from_db()
        client = _password_login("centre")
        code = _code(device)
        assert client.post("/accounts/2fa/verify/", {"code": code, "next": "/people/"})["Location"] == "/people/"
        assert client.get("/people/").status_code == 200
        replay = _password_login("centre")
        assert replay.post("/accounts/2fa/verify/", {"code": code}).status_code == 200  # a code works once
        assert replay.get("/people/").status_code == 302


@pytest.mark.django_db
def test_enrolment_confirms_with_a_code_then_sign_in_asks_for_one(two_factor_required, centre_user):
    # the start of a 30-second TOTP step, computed from now: the session it opens must still be
    # alive when the clock runs on below (an absolute instant is in the past on a moved clock)
    with time_machine.travel(int(time.time()) // 30 * 30 + 1, tick=False) as clock:
        client = _password_login("centre")
        client.get("/accounts/2fa/setup/")
        device = TOTPDevice.objects.get(user=centre_user, confirmed=False)
        assert client.post("/accounts/2fa/setup/", {"code": "000000"}).status_code == 200
        assert not TOTPDevice.objects.get(pk=device.pk).confirmed
        clock.shift(5)  # past the throttle's pause after a wrong code
        done = client.post("/accounts/2fa/setup/", {"code": _code(device), "next": "/people/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get("/people/").status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.OTP_ENROLLED, object_id=str(centre_user.pk)).exists()

    again = _password_login("centre")
    response = again.get("/people/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    assert again.get("/accounts/2fa/setup/")["Location"].endswith("/accounts/2fa/verify/")  # no second enrolment
    wrong = again.post("/accounts/2fa/verify/", {"code": "123456x"})
    assert wrong.status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.OTP_FAILED).count() == 1


@pytest.mark.django_db
def test_a_recovery_code_works_once(two_factor_required, centre_user):
    device = totp_device_pending(centre_user)
    codes = totp_enrol_confirm(device=device, token=_code(device))
    assert codes is not None

    first = _password_login("centre")
    assert first.post("/accounts/2fa/verify/", {"code": codes[0], "next": "/people/"})["Location"] == "/people/"
    assert first.get("/people/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    second = _password_login("centre")
    assert second.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 200  # refused
    assert second.get("/people/").status_code == 302


@pytest.mark.django_db
def test_an_administrator_resets_the_second_factor_and_it_is_audited(
    two_factor_required, client_for, centre_user, admin_user
):
    device = totp_device_pending(centre_user)
    totp_enrol_confirm(device=device, token=_code(device))
    signed_in = _password_login("centre")
    assert UserSession.objects.filter(user=centre_user).exists()

    admin = Client()
    admin.force_login(admin_user)
    # force_login is no second factor: the reset is made through the service the admin action calls.
    two_factor_reset(user=centre_user, by=admin_user)

    assert not TOTPDevice.objects.filter(user=centre_user).exists()
    assert not UserSession.objects.filter(user=centre_user).exists()
    assert signed_in.get("/accounts/2fa/verify/").status_code == 302  # session ended: to the login page
    entry = AuditEntry.objects.get(action=AuditEntry.Action.OTP_RESET)
    assert entry.actor == admin_user and entry.object_id == str(centre_user.pk)
    assert _password_login("centre").get("/").status_code == 302  # enrols again


@pytest.mark.django_db
def test_the_admin_action_resets_the_second_factor(client_for, centre_user, admin_user):
    device = totp_device_pending(centre_user)
    totp_enrol_confirm(device=device, token=_code(device))
    response = client_for(admin_user).post(
        "/admin/zhuqiao/user/", {"action": "reset_two_factor", "_selected_action": [centre_user.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=centre_user).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.OTP_RESET, actor=admin_user).exists()


@pytest.mark.parametrize(("debug", "required"), [("0", "True"), ("1", "False")])
def test_two_factor_is_required_in_production_and_off_in_the_debug_demo(tmp_path, debug, required):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TWO_FACTOR_REQUIRED"}}
    env.update(
        DEBUG=debug,
        ZHUQIAO_TESTING="0",
        ZHUQIAO_VAR_DIR=str(tmp_path),
        SECRET_KEY="x7#Lq9!vR2@pZ8$wN4^mK6&tY1*hJ3(uB5)eC0_dF-gH+iA=jS~kD{lG}zX",
        FIELD_ENCRYPTION_KEY="q1Yx3nJm1tB8dZ8o0m2p5QvWc6E0bT3kR9sL4hF7gUw=",
        FIELD_HASH_KEY="production-like-hash-key-for-the-check",
        DJANGO_SETTINGS_MODULE="zhuqiao.settings",
    )
    code = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == required, result.stderr


@pytest.mark.browser
def test_centre_staff_enrol_by_qr_code_and_sign_in_with_a_code_from_the_secret(
    page, live_server, settings, centre_user
):
    settings.TWO_FACTOR_REQUIRED = True
    login(page, live_server, "centre")
    page.wait_for_url("**/accounts/2fa/setup/**")
    assert page.locator("#otp-qr").evaluate("img => img.naturalWidth") > 0  # the QR code rendered under the CSP
    assert_accessible(page)
    secret = page.locator("#otp-secret").inner_text().strip()
    key = b32decode(secret)
    code = f"{totp(key, step=30, t0=0, digits=6):06d}"
    page.fill("input[name=code]", code)
    page.click("#otp-submit")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.click("text=我已保存恢复码，继续")
    assert "/accounts/2fa/" not in page.url

    page.context.clear_cookies()
    login(page, live_server, "centre")
    page.wait_for_url("**/accounts/2fa/verify/**")
    # The app's code of this 30-second step was spent at enrolment; a recovery code stands in.
    page.fill("input[name=code]", codes[0])
    page.click("#otp-submit")
    page.wait_for_url(f"{live_server.url}/")
    assert "/accounts/" not in page.url
