"""In a real Chromium: department staff record a job fair, upload a photo, and find it in the
year's indicator-5 evidence; every page on the way passes axe."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from activities.models import Activity, Attachment
from tests.browser import assert_accessible, login
from tests.factories.jobseekers import PersonFactory


@pytest.mark.browser
def test_department_staff_record_a_job_fair_upload_a_photo_and_find_it_in_indicator_5(
    page, live_server, department_user, area_a, tmp_path
):
    from PIL import Image

    today = timezone.localdate()
    people = PersonFactory.create_batch(3, area=area_a)
    photo = tmp_path / "招聘会现场.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())

    login(page, live_server, "dept_youth")
    page.goto(f"{live_server.url}/activities/")
    page.get_by_role("link", name="登记活动").click()
    assert_accessible(page)
    page.select_option("select[name=kind]", "job_fair")
    # Held today: the evidence page below opens on the current year, whatever today is.
    title = f"{today.year}年青年专场招聘会"
    page.fill("input[name=title]", title)
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("input[name=place]", "祝桥镇文体活动中心")
    page.check("input[name=target_groups][value=youth]")
    page.check("input[name=target_groups][value=graduate]")
    page.fill("input[name=planned_participants]", "200")
    page.fill("input[name=actual_participants]", "186")
    page.fill("input[name=employers]", "32")
    page.fill("input[name=posts_offered]", "410")
    page.fill("input[name=offers_made]", "57")
    page.fill("textarea[name=participant_ids]", "\n".join(p.id_number for p in people))
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    activity = Activity.objects.get(title=title)
    assert page.url.endswith(activity.get_absolute_url())
    assert page.locator("#outcome-offers").inner_text() == "57"
    assert activity.participants.count() == 3
    assert_accessible(page)

    page.set_input_files("#activity-file", str(photo))
    page.fill("#activity-caption", "招聘会现场")
    page.get_by_role("button", name="上传").click()
    page.wait_for_load_state("networkidle")
    attachment = Attachment.objects.get(activity=activity)
    assert page.locator(f"img[src='/activities/files/{attachment.pk}/']").count() == 1

    page.get_by_role("button", name="活动与佐证").click()  # the top menu of the app
    page.get_by_role("link", name="佐证材料").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="指标五 氛围营造").click()
    page.wait_for_load_state("networkidle")
    article = page.locator("article", has_text=title)
    assert article.count() == 1
    assert "录用意向 57 人" in article.inner_text()
    image = article.locator("img")
    assert image.get_attribute("alt") == "招聘会现场"
    # The photo really loads through the permission-checked view.
    assert page.evaluate("(img) => img.complete && img.naturalWidth", image.element_handle()) == 64
    assert page.locator("[data-code=activities]").inner_text() == "1"
    assert_accessible(page)


@pytest.mark.browser
def test_the_person_page_loads_the_activities_panel_with_htmx(page, live_server, committee_user_a, area_a):
    import datetime

    from activities import services
    from tests.factories.activities import ActivityFactory, EnrolmentFactory

    person = PersonFactory(area=area_a)
    services.activity_participants_add(activity=ActivityFactory(title="物联网行业沙龙"), persons=[person])
    enrolment = EnrolmentFactory(person=person)
    services.enrolment_complete(enrolment=enrolment, completed_on=datetime.date(2026, 3, 31))

    login(page, live_server, "committee_a")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    panel = page.locator("section#activities-panel")
    panel.wait_for()
    assert "物联网行业沙龙" in panel.inner_text()
    assert enrolment.cohort.name in panel.inner_text()
    assert_accessible(page, context="#activities-panel")
