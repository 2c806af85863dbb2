"""Full ID and mobile numbers stay out of URLs and out of every log record (issue 16 point 6)."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import PersonalDataLogCapture
from tests.factories.jobseekers import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_log_record_is_masked_where_it_is_made_whatever_handler_reads_it(caplog):
    person_id = "310104199005170011"
    with caplog.at_level(logging.INFO):
        logging.getLogger("some.library").info("lookup %s by %s", person_id, "13812345678")
        try:
            raise ValueError(f"bad number {person_id}")
        except ValueError:
            logging.getLogger("some.library").exception("failed")
    text = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "lookup 310***********0011 by 138****5678" in text
    assert person_id not in text and "13812345678" not in text
    assert "bad number 310***********0011" in text


def test_the_suites_log_capture_catches_a_record_in_clear():
    capture = PersonalDataLogCapture()
    raw = logging.LogRecord("x", logging.INFO, __file__, 1, "found %s", ("31010419900517001X",), None)
    capture.emit(raw)
    capture.emit(logging.LogRecord("x", logging.INFO, __file__, 1, "call 13812345678 now", None, None))
    capture.emit(logging.LogRecord("x", logging.INFO, __file__, 1, "order 2026120500001 total", None, None))
    assert len(capture.offending) == 2


def test_searching_by_a_full_id_number_keeps_it_out_of_every_url(client_for, centre_user, area_a):
    person = PersonFactory(name="赵一鸣", area=area_a)
    PersonFactory(name="钱二", area=area_a)
    client = client_for(centre_user)
    number = person.id_number

    response = client.post("/people/", {"_search": "1", "q": number, "area": "A01"})
    assert response.status_code == 303
    location = response["Location"]
    assert number not in location and "s=" in location and "area=A01" in location

    page = client.get(location)
    assert [p.name for p in page.context["page"].object_list] == ["赵一鸣"]
    body = page.content.decode()
    export_link = body.split('href="/rosters/export/persons/?', 1)[1].split('"', 1)[0]
    assert number not in export_link and "s=" in export_link
    export = client.get(f"/rosters/export/persons/?{export_link.replace('&amp;', '&')}")
    assert export.status_code == 200


def test_a_full_id_number_typed_into_a_url_is_moved_to_a_token(client_for, centre_user, area_a):
    person = PersonFactory(name="孙三", area=area_a, phone="13900002222")
    client = client_for(centre_user)
    for value in (person.id_number, "13900002222"):
        response = client.get(f"/people/?q={value}")
        assert response.status_code == 303 and value not in response["Location"]
        assert [p.name for p in client.get(response["Location"]).context["page"].object_list] == ["孙三"]


def test_the_api_refuses_identifiers_in_the_query_string_and_searches_by_post(api_client_for, centre_user, area_a):
    person = PersonFactory(name="李四海", area=area_a)
    api = api_client_for(centre_user)
    refused = api.get(f"/api/v1/persons/?q={person.id_number}")
    assert refused.status_code == 400
    found = api.post("/api/v1/persons/search/", {"q": person.id_number}, format="json")
    assert found.status_code == 200, found.content
    assert [row["name"] for row in found.json()["results"]] == ["李四海"]
