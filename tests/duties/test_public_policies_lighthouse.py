"""Point 4 of the plan's remaining duties, held by Lighthouse: the public policies page scores 100
for accessibility on a phone, as it is and with the self-check's results shown.

Lighthouse 12.2.3 is pinned in tools/lighthouse/ and installed there by ``make test`` (npm ci); it
drives the machine's Chromium, never a downloaded one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.conftest import CHROMIUM, ROOT
from tests.factories.consultations import TopicFactory

TIMEOUT = 180  # seconds; a run takes about 10
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"

pytestmark = [pytest.mark.browser]


def lighthouse_accessibility(url: str, out: Path) -> dict[str, Any]:
    """Lighthouse's accessibility category for ``url`` on its default phone emulation."""
    # make test and make test-lite install it; a missing tool fails the check, it never skips it.
    assert LIGHTHOUSE.exists(), "Lighthouse is not installed: run 'make test' (or npm ci --prefix tools/lighthouse)"
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=accessibility",
        "--form-factor=mobile",
        "--screenEmulation.mobile",
        # Timings are not audited here: the default simulated throttling waits least (1 s of
        # quiet, against 5 s with "provided"), and a full-page screenshot is only for the HTML report.
        "--disable-full-page-screenshot",
        f"--chrome-path={CHROMIUM}",
        # --no-sandbox: the suite runs as root in CI, where Chromium refuses to start sandboxed.
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1", "TMPDIR": str(out.parent)}
    # A session of its own, so that a run past the time limit is stopped with the Chromium it started.
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"lighthouse did not finish within {TIMEOUT} s for {url}")
    assert process.returncode == 0 and out.exists(), f"lighthouse failed ({process.returncode}):\n{stderr[-3000:]}"
    report = json.loads(out.read_text())
    assert not report.get("runtimeError"), f"lighthouse runtime error: {report['runtimeError']}"
    assert report["finalDisplayedUrl"] == url, f"lighthouse audited {report['finalDisplayedUrl']}, not {url}"
    return report


def failing_audits(report: dict[str, Any]) -> list[str]:
    refs = report["categories"]["accessibility"]["auditRefs"]
    failing = []
    for ref in refs:
        audit = report["audits"][ref["id"]]
        if audit["score"] is not None and audit["score"] < 1:
            items = (audit.get("details") or {}).get("items") or []
            where = [(item.get("node") or {}).get("selector", "") for item in items[:3]]
            failing.append(f"- {audit['id']}: {audit['title']} at {where}")
    return failing


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("", id="page"),
        # The self-check's results: the form is a GET form, so its answers make an address.
        pytest.param("?stage=startup_phase&needs=rents_space&needs=hires", id="results"),
    ],
)
def test_the_public_policies_page_scores_100_for_accessibility_on_a_phone(
    live_server: Any, transactional_db: None, tmp_path: Path, query: str
) -> None:
    # Bookable topics, so that the policies carry their booking links as on the real site.
    TopicFactory(code="social-security", name="社保补贴咨询")
    TopicFactory(code="policy", name="政策咨询")
    url = f"{live_server.url}/policies/{query}"
    shown = Client().get(f"/policies/{query}").content.decode()
    assert ("可能适合您的政策" in shown) == bool(query), "not the state meant to be audited"
    started = time.monotonic()
    report = lighthouse_accessibility(url, tmp_path / "report.json")
    elapsed = time.monotonic() - started
    score = report["categories"]["accessibility"]["score"]
    print(f"lighthouse accessibility {score} for {url} in {elapsed:.1f} s")
    assert score == 1, f"Lighthouse accessibility {score} on a phone for {url}; failing audits:\n" + "\n".join(
        failing_audits(report)
    )
