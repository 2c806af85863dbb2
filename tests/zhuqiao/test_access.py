"""``role_required``: the one way a page demands a role or a rule about the user. Anonymous
visitors go to the login page; staff who fail get the 403 page, and the refusal is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.urls import reverse

from zhuqiao.access import editor, recorder, registrar, role_required, staff_required, town_editor
from zhuqiao.models import AuditEntry
from zhuqiao.roles import Role


@role_required(Role.CENTRE, Role.ADMIN)
def _town_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("town")


@role_required(test=editor, message="只读")
def _edit_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("edit")


@role_required(Role.COMMITTEE, test=editor)
def _committee_edit_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("committee")


def _get(view: Any, user: Any, method: str = "get") -> HttpResponse:
    request = getattr(RequestFactory(), method)("/somewhere/")
    request.user = user
    response: HttpResponse = view(request)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "town", "edit", "committee_edit"),
    [
        ("centre_user", True, True, False),
        ("committee_user_a", False, True, True),
        ("department_user", False, True, False),
        ("leader_user", False, False, False),
        ("admin_user", True, True, True),  # a superuser holds every role
    ],
)
def test_each_role_is_let_in_or_refused_by_the_roles_and_the_rule_named(
    request: pytest.FixtureRequest, persona: str, town: bool, edit: bool, committee_edit: bool
) -> None:
    user = request.getfixturevalue(persona)
    for view, allowed in ((_town_page, town), (_edit_page, edit), (_committee_edit_page, committee_edit)):
        if allowed:
            assert _get(view, user).status_code == 200
        else:
            with pytest.raises(PermissionDenied):
                _get(view, user)


def test_the_refusal_keeps_its_reason(db: None, leader_user: Any) -> None:
    with pytest.raises(PermissionDenied) as refused:
        _get(_edit_page, leader_user)
    assert refused.value.args == ("只读",)


def test_an_anonymous_visitor_is_sent_to_log_in_not_refused() -> None:
    response = _get(_town_page, AnonymousUser())
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert "next=/somewhere/" in response["Location"]


def test_staff_required_lets_leaders_read_but_not_post(db: None, leader_user: Any, centre_user: Any) -> None:
    page = staff_required(lambda request: HttpResponse("day"))
    assert _get(page, leader_user).status_code == 200
    with pytest.raises(PermissionDenied):
        _get(page, leader_user, "post")
    assert _get(page, centre_user, "post").status_code == 200
    assert _get(page, AnonymousUser()).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("centre_user", {"editor", "town_editor", "registrar", "recorder"}),
        ("committee_user_a", {"editor", "registrar"}),
        ("department_user", {"editor", "recorder"}),
        ("leader_user", set()),
        ("admin_user", {"editor", "town_editor", "registrar", "recorder"}),
    ],
)
def test_the_named_rules_follow_the_roles_of_domain_md(
    request: pytest.FixtureRequest, persona: str, expected: set[str]
) -> None:
    user = request.getfixturevalue(persona)
    rules = {"editor": editor, "town_editor": town_editor, "registrar": registrar, "recorder": recorder}
    assert {name for name, rule in rules.items() if rule(user)} == expected
    assert not any(rule(AnonymousUser()) for rule in rules.values())


@pytest.mark.django_db
def test_a_refused_page_answers_403_and_is_audited(client_for: Any, leader_user: Any) -> None:
    url = reverse("rosters:index")  # role_required(test=registrar): leaders do not import
    response = client_for(leader_user).get(url)
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION_DENIED, actor=leader_user)
    assert entry.object_repr == url and entry.detail == "403"


@pytest.mark.django_db
def test_an_anonymous_visitor_of_a_role_page_is_sent_to_log_in(client: Any) -> None:
    response = client.get(reverse("rosters:index"))
    assert response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED).exists()
