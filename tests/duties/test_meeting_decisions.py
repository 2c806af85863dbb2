"""Point 2 of the plan's remaining duties: a joint meeting's decisions and action items (owner
department, due date, status, closing note); overdue ones on the owner's home page; the
indicator-2 page lists them and how many were carried out."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities import selectors, services
from activities.models import Evidence, MeetingDecision
from tests.browser import assert_accessible, login
from tests.factories.activities import EvidenceFactory


def meeting(**extra):
    today = timezone.localdate()
    fields = {"kind": Evidence.Kind.JOINT_MEETING, "year": today.year, "dated_on": today - datetime.timedelta(days=40)}
    fields.update(extra)
    return EvidenceFactory(title="第三季度就业创业工作联席会议", **fields)


def test_overdue_decisions_show_to_their_owner_and_the_year_counts_those_carried_out(db, department_user):
    today = timezone.localdate()
    joint = meeting()
    overdue = services.decision_add(
        meeting=joint,
        text="组织毕业生专场招聘会",
        owner=department_user.department,
        due_on=today - datetime.timedelta(days=1),
    )
    done = services.decision_add(
        meeting=joint, text="摸排空余工位", owner=department_user.department, due_on=today - datetime.timedelta(days=5)
    )
    services.decision_close(decision=done, status="done", closed_on=today, closing_note="已完成")
    assert list(selectors.overdue_decisions(user=department_user)) == [overdue]
    summary = selectors.decisions_of_year(today.year)
    assert (summary["total"], summary["done"], summary["overdue"]) == (2, 1, 1)
    with pytest.raises(ValidationError):
        services.decision_add(
            meeting=EvidenceFactory(), text="不是会议", owner=department_user.department, due_on=today
        )


def test_recording_and_closing_a_decision_is_in_the_audit_log(db, department_user):
    from zhuqiao.models import AuditEntry

    today = timezone.localdate()
    decision = services.decision_add(
        meeting=meeting(), text="摸排空余工位", owner=department_user.department, due_on=today
    )
    services.decision_close(decision=decision, status="done", closed_on=today, closing_note="已完成摸排")
    entries = AuditEntry.objects.filter(object_type="activities.meetingdecision", object_id=str(decision.pk))
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        AuditEntry.Action.CREATE,
        AuditEntry.Action.UPDATE,
    ]
    closed = entries.get(action=AuditEntry.Action.UPDATE).changes
    assert closed["status"] == ["open", "done"] and closed["closing_note"] == ["", "已完成摸排"]


@pytest.mark.browser
def test_centre_records_a_decision_the_owner_sees_it_overdue_and_closes_it(
    page, live_server, centre_user, department_user
):
    joint = meeting(department=centre_user.department)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    login(page, live_server, centre_user.username)
    page.goto(f"{live_server.url}/activities/evidence/{joint.pk}/")
    page.fill("#decision-text", "组织应届高校毕业生专场招聘会一场")
    page.select_option("#decision-owner", str(department_user.department_id))
    page.fill("#decision-due", yesterday.isoformat())
    assert_accessible(page)
    page.click("text=登记议定事项 >> nth=-1")
    page.wait_for_load_state("networkidle")
    decision = MeetingDecision.objects.get(meeting=joint)
    page.context.clear_cookies()

    login(page, live_server, department_user.username)
    page.goto(f"{live_server.url}/")
    assert "组织应届高校毕业生专场招聘会一场" in page.inner_text("#overdue-decisions-title ~ ul")
    page.click("#overdue-decisions-title ~ ul a")
    page.fill(f"#close-note-{decision.pk}", "已于本月举办，到场企业12家")
    page.click(f"form[action$='/decisions/{decision.pk}/close/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    decision.refresh_from_db()
    assert decision.status == "done" and decision.closing_note.startswith("已于本月")
    page.goto(f"{live_server.url}/activities/evidence/{joint.year}/indicator/2/")
    assert "已落实 1 项" in page.inner_text("#decisions-summary")
    assert_accessible(page)
