"""A case logged from a person's page refreshes the page's counters and timeline (issue 15 point 9):
the quick log answers with the ``caseLogged`` event, and the two panels re-render their own fragment
when they hear it, within the same scope as the page."""

from __future__ import annotations

import pytest

from cases.models import ServiceType
from cases.services import case_open
from tests.factories.jobseekers import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance(db: None) -> ServiceType:
    return ServiceType.objects.get(name="职业指导")


def test_a_case_logged_from_the_panel_announces_itself_to_the_page(client_for, committee_user_a, area_a, guidance):
    person = PersonFactory(name="陈静", area=area_a)
    client = client_for(committee_user_a)
    logged = client.post(
        f"/cases/panel/?person={person.pk}",
        {"service": guidance.pk, "note": "求职方向：物流仓储", "department": ""},
        headers={"HX-Request": "true"},
    )
    refused = client.post(
        f"/cases/panel/?person={person.pk}", {"service": "", "note": ""}, headers={"HX-Request": "true"}
    )

    assert logged.status_code == 200 and logged["HX-Trigger"] == "caseLogged"
    assert refused.status_code == 200 and "HX-Trigger" not in refused  # nothing logged, nothing to refresh


def test_the_counters_and_timeline_of_the_person_page_listen_for_a_logged_case(client_for, committee_user_a, area_a):
    person = PersonFactory(area=area_a)
    body = client_for(committee_user_a).get(f"/people/{person.pk}/").content.decode()

    for panel in ("help", "timeline"):
        tag = body[body.index(f'id="{panel}-panel"') - 40 : body.index(f'id="{panel}-panel"') + 300]
        assert f'hx-get="/people/{person.pk}/panels/{panel}/"' in tag
        assert 'hx-trigger="caseLogged from:body"' in tag


def test_the_panels_rerender_with_the_new_case(client_for, committee_user_a, area_a, guidance):
    person = PersonFactory(area=area_a)
    client = client_for(committee_user_a)
    before = client.get(f"/people/{person.pk}/panels/help/", headers={"HX-Request": "true"})
    assert before.context["help"]["guidance"] == 0 and before.context["help"]["cases"] == 0

    case = case_open(service=guidance, opened_by=committee_user_a, person=person)
    help_panel = client.get(f"/people/{person.pk}/panels/help/", headers={"HX-Request": "true"})
    timeline = client.get(f"/people/{person.pk}/panels/timeline/", headers={"HX-Request": "true"})

    assert help_panel.context["help"]["guidance"] == 1 and help_panel.context["help"]["cases"] == 1
    html = help_panel.content.decode()
    assert html.lstrip().startswith('<section class="card h-100" id="help-panel"') and "<html" not in html
    assert timeline.status_code == 200 and case.ref in timeline.content.decode()
    assert timeline.content.decode().lstrip().startswith('<section class="card h-100" id="timeline-panel"')
    assert timeline["Cache-Control"] == "private, no-store"


def test_the_panels_keep_the_scope_of_the_person_page(
    client_for, committee_user_a, committee_user_b, department_user, department, area_a, guidance
):
    person = PersonFactory(area=area_a)
    theirs = case_open(service=guidance, opened_by=committee_user_a, person=person, department=department)
    ours_only = case_open(service=guidance, opened_by=committee_user_a, person=person)

    assert client_for(committee_user_b).get(f"/people/{person.pk}/panels/help/").status_code == 404
    assert client_for(committee_user_b).get(f"/people/{person.pk}/panels/timeline/").status_code == 404
    assert client_for(committee_user_a).get(f"/people/{person.pk}/panels/other/").status_code == 404
    seen_by_department = client_for(department_user).get(f"/people/{person.pk}/panels/timeline/").content.decode()
    assert theirs.ref in seen_by_department and ours_only.ref not in seen_by_department
