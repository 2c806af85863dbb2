"""The case workflow: every allowed and every refused transition, and who may do what."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from cases.models import Case, CaseTransition
from cases.services import TRANSITIONS, CaseWorkflowError, case_open, case_transition
from tests.factories.cases import CaseFactory

S = Case.Status
ALLOWED = {
    ("start", S.NEW): S.IN_PROGRESS,
    ("refer", S.NEW): S.REFERRED,
    ("refer", S.IN_PROGRESS): S.REFERRED,
    ("accept", S.REFERRED): S.IN_PROGRESS,
    ("close", S.IN_PROGRESS): S.CLOSED,
    ("cancel", S.NEW): S.CANCELLED,
    ("cancel", S.IN_PROGRESS): S.CANCELLED,
    ("cancel", S.REFERRED): S.CANCELLED,
}
ALL_PAIRS = [(action, status) for action in TRANSITIONS for status in S.values]


def _put_in(case: Case, status: str, referred_to=None) -> Case:
    Case.objects.filter(pk=case.pk).update(
        status=status,
        referred_to=referred_to if status == S.REFERRED else None,
        closed_on=case.opened_on if status == S.CLOSED else None,
    )
    case.refresh_from_db()
    return case


def _arguments(action: str, other_department) -> dict:
    return {
        "refer": {"department": other_department, "note": "需要市场监管所协助办理执照"},
        "close": {"outcome": "已推荐至祝桥空港物流岗位并入职"},
        "cancel": {"note": "本人不再需要"},
    }.get(action, {})


@pytest.mark.parametrize(("action", "status"), ALL_PAIRS)
def test_every_transition_is_allowed_or_refused_as_the_workflow_says(
    action, status, case_a, centre_user, other_department, centre_department
):
    case = _put_in(case_a, status, referred_to=centre_department)
    before = CaseTransition.objects.filter(case=case).count()
    expected = ALLOWED.get((action, status))
    if expected is None:
        with pytest.raises(CaseWorkflowError) as refused:
            case_transition(case=case, user=centre_user, action=action, **_arguments(action, other_department))
        assert "不能执行" in refused.value.messages[0]
        case.refresh_from_db()
        assert case.status == status
        assert CaseTransition.objects.filter(case=case).count() == before
    else:
        with time_machine.travel(datetime.datetime(2026, 5, 6, 10, 0, tzinfo=datetime.UTC), tick=False):
            moved = case_transition(case=case, user=centre_user, action=action, **_arguments(action, other_department))
        assert moved.status == expected
        step = CaseTransition.objects.filter(case=case).latest("id")
        assert (step.action, step.from_status, step.to_status) == (action, status, expected)
        assert step.actor == centre_user
        assert step.at == datetime.datetime(2026, 5, 6, 10, 0, tzinfo=datetime.UTC)


def test_opening_records_the_first_transition_and_a_follow_up_date(case_a, committee_user_a):
    step = case_a.transitions.get()
    assert (step.action, step.from_status, step.to_status, step.actor) == ("open", "", S.NEW, committee_user_a)
    assert case_a.next_follow_up_on == case_a.opened_on + datetime.timedelta(days=7)
    assert case_a.ref.startswith(f"ZQ{case_a.opened_on.year}-")


def test_referral_moves_the_case_to_the_receiving_department_once_accepted(
    case_a, committee_user_a, department_user, other_department, other_department_user
):
    case_transition(case=case_a, user=committee_user_a, action="refer", department=other_department, note="执照问题")
    case_a.refresh_from_db()
    assert (case_a.status, case_a.referred_to, case_a.referral_note) == (S.REFERRED, other_department, "执照问题")
    with pytest.raises(CaseWorkflowError, match="只有被转介的部门可以接收"):
        case_transition(case=case_a, user=department_user, action="accept")
    accepted = case_transition(case=case_a, user=other_department_user, action="accept")
    assert (accepted.status, accepted.department, accepted.referred_to, accepted.owner) == (
        S.IN_PROGRESS,
        other_department,
        None,
        other_department_user,
    )


def test_receiving_department_must_accept_before_closing(
    case_a, committee_user_a, other_department, other_department_user
):
    case_transition(case=case_a, user=committee_user_a, action="refer", department=other_department, note="请协助")
    with pytest.raises(CaseWorkflowError, match="请先接收转介"):
        case_transition(case=case_a, user=other_department_user, action="cancel", note="不办")
    assert Case.objects.get(pk=case_a.pk).status == S.REFERRED


@pytest.mark.parametrize(
    ("action", "arguments", "message"),
    [
        ("refer", {"note": "请协助"}, "请选择转介的部门"),
        ("refer", {"department_is_own": True, "note": "请协助"}, "不能转介给当前承办部门本身"),
        ("refer", {"department_is_other": True, "note": "  "}, "请填写转介说明"),
        ("cancel", {"note": ""}, "请填写撤销原因"),
        ("nonsense", {}, "未知的操作"),
    ],
)
def test_incomplete_transitions_are_refused_with_a_chinese_message(
    action, arguments, message, case_a, committee_user_a, department, other_department
):
    if arguments.pop("department_is_own", False):
        arguments["department"] = department
    if arguments.pop("department_is_other", False):
        arguments["department"] = other_department
    with pytest.raises(CaseWorkflowError, match=message):
        case_transition(case=case_a, user=committee_user_a, action=action, **arguments)
    assert Case.objects.get(pk=case_a.pk).status == S.NEW


def test_closing_needs_an_outcome_and_gives_the_case_a_rating_code(case_a, committee_user_a):
    case_transition(case=case_a, user=committee_user_a, action="start")
    with pytest.raises(CaseWorkflowError, match="办结前请填写办理结果"):
        case_transition(case=case_a, user=committee_user_a, action="close", outcome=" ")
    closed = case_transition(case=case_a, user=committee_user_a, action="close", outcome="已入职")
    assert closed.closed_on is not None and closed.outcome == "已入职"
    assert closed.next_follow_up_on is None
    assert closed.rating_code and len(closed.rating_code) >= 32


def test_leaders_cannot_move_cases(case_a, leader_user):
    with pytest.raises(CaseWorkflowError, match="只能查看"):
        case_transition(case=case_a, user=leader_user, action="start")


def test_refused_transition_through_the_page_keeps_the_case_and_says_why(client_for, case_a, committee_user_a):
    response = client_for(committee_user_a).post(f"/cases/{case_a.pk}/transition/", {"action": "close", "outcome": "x"})
    assert response.status_code == 400
    assert "不能执行" in response.content.decode()
    assert Case.objects.get(pk=case_a.pk).status == S.NEW


def test_transition_through_the_page_is_recorded(client_for, case_a, committee_user_a):
    response = client_for(committee_user_a).post(f"/cases/{case_a.pk}/transition/", {"action": "start"})
    assert response.status_code == 302
    assert case_a.transitions.filter(action="start", actor=committee_user_a).exists()


def test_a_case_has_exactly_one_subject_enforced_by_the_database(person_a, venture_a, job_matching):
    for person, venture in [(person_a, venture_a), (None, None)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Case.objects.create(
                ref=f"ZQT-X{bool(person)}",
                category="employment",
                service=job_matching,
                person=person,
                venture=venture,
                area=person_a.area,
                opened_on=datetime.date(2026, 1, 5),
            )
    with pytest.raises(ValueError):
        case_open(service=job_matching, opened_by=None, person=person_a, venture=venture_a)
    assert CaseFactory(person=None, venture=venture_a).subject == venture_a


def test_a_case_cannot_be_referred_to_its_own_department_even_bypassing_the_service(case_a, department):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case_a.pk).update(referred_to=department)


def test_references_are_sequential_within_a_year(person_a, job_matching):
    first = case_open(service=job_matching, opened_by=None, person=person_a, opened_on=datetime.date(2026, 2, 1))
    second = case_open(service=job_matching, opened_by=None, person=person_a, opened_on=datetime.date(2026, 2, 2))
    assert (first.ref, second.ref) == ("ZQ2026-000001", "ZQ2026-000002")
