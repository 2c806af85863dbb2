"""Pages of activities, cohorts, brands, evidence and the calendar: who may see and change what."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from activities import services
from activities.models import Activity, ActivityTargetGroup, Attachment, Evidence, TargetGroup
from tests.factories.activities import (
    ActivityFactory,
    BrandCoverageFactory,
    EnrolmentFactory,
    EvidenceFactory,
    TrainingCohortFactory,
    pdf_upload,
    png_upload,
)
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import AuditEntry
from zhuqiao.personal_data import mask_id_number

pytestmark = pytest.mark.django_db


def job_fair_post(department, people, **extra):
    data = {
        "kind": Activity.Kind.JOB_FAIR,
        "title": "2026年春季青年专场招聘会",
        "held_on": "2026-03-14",
        "place": "祝桥镇文体中心",
        "organiser": department.pk,
        "target_groups": [TargetGroup.YOUTH, TargetGroup.GRADUATE],
        "planned_participants": "200",
        "actual_participants": "180",
        "employers": "32",
        "posts_offered": "410",
        "offers_made": "57",
        "outcome": "现场达成录用意向57人。",
        "participant_ids": "\n".join(p.id_number for p in people),
    }
    data.update(extra)
    return data


def test_department_staff_record_a_job_fair_with_named_participants(client_for, department_user, department, area_a):
    people = PersonFactory.create_batch(2, area=area_a)
    response = client_for(department_user).post(
        reverse("activities:activity_create"), job_fair_post(department, people)
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert (activity.employers, activity.posts_offered, activity.offers_made) == (32, 410, 57)
    assert set(activity.participants.all()) == set(people)
    assert set(activity.target_groups.values_list("group", flat=True)) == {"youth", "graduate"}
    assert activity.created_by == department_user


def test_an_unknown_id_number_is_refused_with_a_masked_message_and_nothing_saved(
    client_for, department_user, department
):
    from tests.factories.ids import id_number

    unknown = id_number(datetime.date(1999, 1, 1))
    response = client_for(department_user).post(
        reverse("activities:activity_create"), job_fair_post(department, [], participant_ids=unknown)
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["participant_ids"])
    assert "未在人员库中登记" in errors
    assert mask_id_number(unknown) in errors and unknown not in errors  # messages never repeat the number
    assert not Activity.objects.exists()


def test_a_malformed_id_number_is_refused(client_for, department_user, department):
    response = client_for(department_user).post(
        reverse("activities:activity_create"), job_fair_post(department, [], participant_ids="310104199901011230")
    )
    assert "校验位有误" in response.content.decode()
    assert not Activity.objects.exists()


def test_department_staff_cannot_record_for_another_department(client_for, department_user, other_department):
    response = client_for(department_user).post(
        reverse("activities:activity_create"), job_fair_post(other_department, [])
    )
    assert response.status_code == 200  # the organiser choice is limited to their own department
    assert "organiser" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_department_staff_cannot_edit_another_departments_activity(client_for, other_department_user):
    activity = ActivityFactory()  # 团委's
    client = client_for(other_department_user)
    assert client.get(reverse("activities:activity_edit", args=[activity.pk])).status_code == 403
    assert client.post(reverse("activities:activity_delete", args=[activity.pk])).status_code == 403
    assert (
        client.post(reverse("activities:activity_upload", args=[activity.pk]), {"file": png_upload()}).status_code
        == 403
    )
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_leaders_read_but_cannot_record(client_for, leader_user):
    activity = ActivityFactory()
    client = client_for(leader_user)
    assert client.get(activity.get_absolute_url()).status_code == 200
    assert client.get(reverse("activities:activity_create")).status_code == 403
    assert client.get(reverse("activities:evidence_create")).status_code == 403


def test_every_page_opens_for_centre_staff(client_for, centre_user):
    activity = ActivityFactory()
    cohort = TrainingCohortFactory()
    coverage = BrandCoverageFactory()
    evidence = EvidenceFactory()
    client = client_for(centre_user)
    urls = [
        reverse("activities:activity_list"),
        reverse("activities:activity_create"),
        activity.get_absolute_url(),
        reverse("activities:activity_edit", args=[activity.pk]),
        reverse("activities:cohort_list"),
        reverse("activities:cohort_create"),
        cohort.get_absolute_url(),
        reverse("activities:brand_list"),
        reverse("activities:brand_create"),
        reverse("activities:brand_detail", args=[coverage.brand_id]),
        reverse("activities:brand_edit", args=[coverage.brand_id]),
        reverse("activities:cohort_edit", args=[cohort.pk]),
        reverse("activities:evidence_overview"),
        reverse("activities:evidence_create"),
        evidence.get_absolute_url(),
        reverse("activities:evidence_edit", args=[evidence.pk]),
        reverse("activities:calendar"),
    ] + [reverse("activities:evidence_indicator", args=[2026, i]) for i in range(1, 8)]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_the_login(client):
    activity = ActivityFactory()
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_upload_of_a_photo_and_its_permission_checked_download(client_for, department_user, committee_user_b, client):
    activity = ActivityFactory()
    response = client_for(department_user).post(
        reverse("activities:activity_upload", args=[activity.pk]), {"file": png_upload("现场.png"), "caption": "现场"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == Attachment.Kind.PHOTO
    assert "现场" not in attachment.file.name and attachment.file.name.endswith(".png")  # generated name
    url = reverse("activities:attachment", args=[attachment.pk])
    # Any staff member may see an activity's photo; an anonymous visitor may not.
    ok = client_for(committee_user_b).get(url)
    assert ok.status_code == 200 and ok["Content-Type"] == "image/png"
    assert b"".join(ok.streaming_content).startswith(b"\x89PNG")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # The storage path is not served by any URL.
    assert client_for(committee_user_b).get("/media-not-served/" + attachment.file.name).status_code == 404


def test_an_inactive_user_cannot_download(client_for, department_user):
    activity = ActivityFactory()
    attachment = services.attachment_add(owner=activity, upload=png_upload())
    client = client_for(department_user)
    department_user.is_active = False
    department_user.save()
    response = client.get(reverse("activities:attachment", args=[attachment.pk]))
    assert response.status_code in (302, 404)


def test_documents_are_downloaded_not_shown_inline(client_for, centre_user):
    evidence = EvidenceFactory()
    attachment = services.attachment_add(owner=evidence, upload=pdf_upload("纪要.pdf"))
    response = client_for(centre_user).get(reverse("activities:attachment", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "不支持的文件类型"),
        ("fake.png", b"<html>not a png</html>", "文件内容与扩展名"),
        ("empty.pdf", b"", "文件是空的"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(client_for, centre_user, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = ActivityFactory()
    response = client_for(centre_user).post(
        reverse("activities:activity_upload", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_too_large_uploads_are_refused(client_for, centre_user, settings):
    settings.UPLOAD_MAX_BYTES = 50
    activity = ActivityFactory()
    response = client_for(centre_user).post(
        reverse("activities:activity_upload", args=[activity.pk]), {"file": png_upload()}, follow=True
    )
    assert "文件太大" in response.content.decode()
    assert not Attachment.objects.exists()


def test_participants_outside_the_users_scope_are_only_counted(client_for, committee_user_a, area_a, area_b):
    mine = PersonFactory(area=area_a, name="本村张三")
    theirs = PersonFactory(area=area_b, name="外村李四")
    activity = ActivityFactory()
    services.activity_participants_add(activity=activity, persons=[mine, theirs])
    text = client_for(committee_user_a).get(activity.get_absolute_url()).content.decode()
    assert "本村张三" in text
    assert "外村李四" not in text
    assert theirs.masked_id_number not in text
    assert "另有 1 名参与者不在您的查看范围" in text


def test_cohort_trainees_outside_the_users_scope_are_only_counted(client_for, committee_user_a, area_a, area_b):
    mine = PersonFactory(area=area_a, name="本村学员")
    theirs = PersonFactory(area=area_b, name="外村学员")
    cohort = TrainingCohortFactory()
    EnrolmentFactory(cohort=cohort, person=mine)
    outside = EnrolmentFactory(cohort=cohort, person=theirs)
    services.enrolment_complete(enrolment=outside, completed_on=cohort.end_date)
    services.placement_record(enrolment=outside, start_date=cohort.end_date, employer="外村就业单位")
    text = client_for(committee_user_a).get(reverse("activities:cohort_detail", args=[cohort.pk])).content.decode()
    assert "本村学员" in text
    assert theirs.masked_id_number not in text
    assert "外村就业单位" not in text
    assert "另有 1 名学员不在您的查看范围" in text
    assert 'id="cohort-counts">2 / 1<' in text  # the counts still include them


def test_person_panel_lists_activities_and_cohorts_of_the_person(client_for, committee_user_a, area_a):
    person = PersonFactory(area=area_a)
    activity = ActivityFactory(title="航空物流行业沙龙")
    services.activity_participants_add(activity=activity, persons=[person])
    enrolment = EnrolmentFactory(person=person)
    services.enrolment_complete(enrolment=enrolment, completed_on=datetime.date(2026, 3, 31))
    services.placement_record(enrolment=enrolment, start_date=datetime.date(2026, 4, 1), employer="祝桥物流园")
    response = client_for(committee_user_a).get(reverse("activities:person_panel"), {"person": person.pk})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text  # a fragment for HTMX, not a page
    assert "航空物流行业沙龙" in text and enrolment.cohort.name in text and "祝桥物流园" in text


def test_person_panel_of_another_committees_person_is_404_and_audited(client_for, committee_user_b, area_a):
    person = PersonFactory(area=area_a)
    response = client_for(committee_user_b).get(reverse("activities:person_panel"), {"person": person.pk})
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED, object_id=str(person.pk)).exists()


def test_person_panel_with_a_bad_parameter_is_404(client_for, centre_user):
    assert client_for(centre_user).get(reverse("activities:person_panel"), {"person": "abc"}).status_code == 404


def test_calendar_shows_activities_and_meetings_of_the_month_filtered_by_department(
    client_for, centre_user, department, other_department
):
    ActivityFactory(title="团委三月沙龙", held_on=datetime.date(2026, 3, 5))
    ActivityFactory(title="市场所三月宣讲", held_on=datetime.date(2026, 3, 6), organiser=other_department)
    ActivityFactory(title="四月活动", held_on=datetime.date(2026, 4, 20))
    EvidenceFactory(
        kind=Evidence.Kind.JOINT_MEETING,
        title="第一季度联席会议",
        dated_on=datetime.date(2026, 3, 20),
        department=department,
    )
    client = client_for(centre_user)
    text = client.get(reverse("activities:calendar"), {"month": "2026-03"}).content.decode()
    assert "团委三月沙龙" in text and "市场所三月宣讲" in text and "第一季度联席会议" in text
    assert "四月活动" not in text
    filtered = client.get(reverse("activities:calendar"), {"month": "2026-03", "department": department.pk})
    text = filtered.content.decode()
    assert "团委三月沙龙" in text and "第一季度联席会议" in text and "市场所三月宣讲" not in text


def test_calendar_with_a_bad_month_says_so(client_for, centre_user):
    response = client_for(centre_user).get(reverse("activities:calendar"), {"month": "2026-13"})
    assert response.status_code == 200
    assert "月份格式应为" in response.content.decode()


def _indicator_2_evidence(kind: str, title: str, department) -> dict:
    """The evidence form's fields for a record of indicator 2 (组织实施) in 2026."""
    return {
        "indicator": 2,
        "year": 2026,
        "kind": kind,
        "dated_on": "2026-03-20",
        "title": title,
        "department": department.pk,
    }


def test_evidence_of_a_meeting_needs_attendees_and_minutes(client_for, centre_user, centre_department):
    data = _indicator_2_evidence(Evidence.Kind.JOINT_MEETING, "联席会议", centre_department)
    response = client_for(centre_user).post(reverse("activities:evidence_create"), data)
    assert "会议须填写参会人员" in response.content.decode()
    assert not Evidence.objects.exists()
    data.update(attendees="社建办、工会、团委、妇联", minutes="研究部署创建工作。")
    response = client_for(centre_user).post(reverse("activities:evidence_create"), data)
    assert response.status_code == 302
    assert Evidence.objects.get().attendees.startswith("社建办")


def test_evidence_of_funds_needs_an_amount(client_for, centre_user, centre_department):
    data = _indicator_2_evidence(Evidence.Kind.FUNDS, "创业服务专项资金", centre_department)
    response = client_for(centre_user).post(reverse("activities:evidence_create"), data)
    assert "资金投入必须填写金额" in response.content.decode()
    assert not Evidence.objects.exists()


def test_cohort_page_shows_rates(client_for, centre_user):
    cohort = TrainingCohortFactory()
    first, second = EnrolmentFactory(cohort=cohort), EnrolmentFactory(cohort=cohort)
    services.enrolment_complete(enrolment=first, completed_on=datetime.date(2026, 3, 31))
    services.placement_record(enrolment=first, start_date=datetime.date(2026, 4, 1), employer="某航空公司")
    response = client_for(centre_user).get(cohort.get_absolute_url())
    text = response.content.decode()
    assert second.person.name in text
    assert 'id="completion-rate">50.0%' in text
    assert 'id="placement-rate">100.0%' in text


def test_cohort_enrol_complete_and_place_through_the_page(client_for, centre_user, area_a):
    cohort = TrainingCohortFactory()
    person = PersonFactory(area=area_a)
    client = client_for(centre_user)
    client.post(
        reverse("activities:cohort_enrol", args=[cohort.pk]),
        {"id_numbers": person.id_number, "enrolled_on": "2026-02-01"},
    )
    enrolment = cohort.enrolments.get()
    client.post(reverse("activities:enrolment_complete", args=[enrolment.pk]), {"completed_on": "2026-03-31"})
    client.post(
        reverse("activities:enrolment_place", args=[enrolment.pk]),
        {"employer": "祝桥镇某企业", "start_date": "2026-04-10", "kind": "employed"},
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert enrolment.placements.get().employment.employer == "祝桥镇某企业"


def test_activity_list_queries_do_not_grow_with_rows(client_for, centre_user, django_assert_max_num_queries):
    for _ in range(15):
        activity = ActivityFactory()
        ActivityTargetGroup.objects.create(activity=activity, group=TargetGroup.WOMEN)
        services.attachment_add(owner=activity, upload=png_upload())
    client = client_for(centre_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("activities:activity_list")).status_code == 200


def test_indicator_5_page_queries_do_not_grow_with_rows(client_for, centre_user, django_assert_max_num_queries):
    for _ in range(12):
        activity = ActivityFactory()
        ActivityTargetGroup.objects.create(activity=activity, group=TargetGroup.YOUTH)
        services.attachment_add(owner=activity, upload=png_upload())
        services.attachment_add(owner=EvidenceFactory(indicator=5), upload=pdf_upload())
    client = client_for(centre_user)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("activities:evidence_indicator", args=[2026, 5])).status_code == 200


def test_other_list_pages_queries_do_not_grow_with_rows(client_for, centre_user, django_assert_max_num_queries):
    for _ in range(10):
        cohort = TrainingCohortFactory()
        EnrolmentFactory(cohort=cohort)
        BrandCoverageFactory()
        EvidenceFactory(kind=Evidence.Kind.JOINT_MEETING, attendees="各部门", minutes="纪要")
        ActivityFactory()
    client = client_for(centre_user)
    for name, limit in (("cohort_list", 8), ("brand_list", 8), ("evidence_overview", 16), ("calendar", 9)):
        with django_assert_max_num_queries(limit):
            response = client.get(reverse(f"activities:{name}"), {"year": 2026, "month": "2026-03"})
            assert response.status_code == 200, name


def test_indicator_5_page_lists_a_busy_years_activities_fifty_at_a_time(client_for, centre_user):
    organiser = ActivityFactory().organiser
    Activity.objects.bulk_create(
        [
            Activity(
                kind=Activity.Kind.SALON,
                title=f"沙龙{n:02d}",
                held_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
                place="祝桥",
                organiser=organiser,
            )
            for n in range(54)
        ]
    )  # plus the one ActivityFactory made: 55
    client = client_for(centre_user)
    first = client.get(reverse("activities:evidence_indicator", args=[2026, 5]))
    second = client.get(reverse("activities:evidence_indicator", args=[2026, 5]), {"page": 2})
    assert "活动（55 场）" in first.content.decode()
    assert len(first.context["page"]) == 50 and len(second.context["page"]) == 5
    assert "沙龙53" in second.content.decode() and "沙龙53" not in first.content.decode()


def test_cohort_and_brand_are_edited_by_their_department_only(client_for, department_user, other_department_user):
    from activities.models import Brand, TrainingCohort
    from tests.factories.activities import BrandFactory

    cohort = TrainingCohortFactory(organiser=department_user.department)
    brand = BrandFactory(owner=department_user.department)
    other = client_for(other_department_user)
    assert other.get(reverse("activities:cohort_edit", args=[cohort.pk])).status_code == 403
    assert other.get(reverse("activities:brand_edit", args=[brand.pk])).status_code == 403
    mine = client_for(department_user)
    response = mine.post(
        reverse("activities:cohort_edit", args=[cohort.pk]),
        {
            "name": "改名后的培训班",
            "kind": cohort.kind,
            "organiser": department_user.department_id,
            "start_date": "2026-03-01",
            "end_date": "2026-02-01",
            "capacity": 20,
        },
    )
    assert "结业日期不能早于开班日期" in response.content.decode()
    assert TrainingCohort.objects.get(pk=cohort.pk).name == cohort.name  # nothing lost
    response = mine.post(
        reverse("activities:brand_edit", args=[brand.pk]),
        {"name": "青创祝桥", "owner": department_user.department_id, "launched_on": "2025-04-20", "retired_on": ""},
    )
    assert response.status_code == 302
    assert Brand.objects.get(pk=brand.pk).name == "青创祝桥"
