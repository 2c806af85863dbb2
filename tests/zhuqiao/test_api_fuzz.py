"""Schemathesis fuzzes every API operation against the live test server with a staff token:
no server error, no response outside the published schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tests.factories.cases import CaseFactory
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.jobseekers import PersonFactory

ROOT = Path(__file__).resolve().parents[2]
# Examples per operation: enough to find the classic faults (out-of-range years, bad ids, wrong
# types), small enough for CI (two minutes at most: --max-time). FUZZ_MAX_EXAMPLES raises it locally.
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "5"))
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_server, centre_user, area_a, tmp_path):
    person = PersonFactory(area=area_a)
    CaseFactory(person=person)
    VentureFactory(area=area_a)
    token = Token.objects.create(user=centre_user)
    (ROOT / "var").mkdir(exist_ok=True)
    report = ROOT / "var" / "schemathesis-report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{live_server.url}/api/v1/schema/?format=json",
            f"--url={live_server.url}",
            "--header",
            f"Authorization: Token {token.key}",
            f"--checks={CHECKS}",
            f"--max-examples={MAX_EXAMPLES}",
            "--phases=examples,coverage,fuzzing",
            "--seed=20261205",
            "--workers=1",
            "--request-timeout=20",
            "--max-time=120",
            "--report=json",
            f"--report-json-path={report}",
            "--no-color",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=420,
    )
    (ROOT / "var" / "schemathesis-last-run.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert summary["test_cases"]["with_failures"] == 0 and not summary["errors"]
    assert summary["test_cases"]["generated"] >= 500  # the run really fuzzed, it did not stop early
    assert summary["operations"]["tested"] == summary["operations"]["total"] >= 90


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["/api/v1/activities/", "/api/v1/policy-benefits/"])
@pytest.mark.parametrize("year", ["-3753", "85249", "0999", "20x6"])
def test_a_year_out_of_range_is_a_400_not_a_server_error(api_client_for, centre_user, route, year):
    response = api_client_for(centre_user).get(route, {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["/api/v1/activities/", "/api/v1/policy-benefits/"])
def test_a_four_digit_year_filters(api_client_for, centre_user, route):
    assert api_client_for(centre_user).get(route, {"year": "2026"}).status_code == 200


@pytest.mark.django_db
def test_a_null_character_in_the_query_string_is_a_400(api_client_for, client_for, centre_user):
    api = api_client_for(centre_user)
    assert api.get("/api/v1/consultations/slots/", {"topic": "a\x00b", "date": "2026-01-05"}).status_code == 400
    assert client_for(centre_user).get("/people/", {"q": "\x00"}).status_code == 400


@pytest.mark.django_db
def test_me_answers_a_null_committee_as_the_schema_allows(client_for, api_client_for, centre_user):
    schema = client_for(centre_user).get("/api/v1/schema/?format=json").json()
    me = schema["components"]["schemas"]["Me"]["properties"]
    assert me["area"].get("nullable") or any(
        part.get("nullable") for part in me["area"].get("allOf", []) + me["area"].get("oneOf", [])
    )
    assert api_client_for(centre_user).get("/api/v1/me/").json()["area"] is None
