"""Helpers for browser tests: log in through the real form, check accessibility with axe-core,
and collect JavaScript errors and Content Security Policy violations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AXE_JS = (Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe-core" / "axe.min.js").read_text()
PASSWORD = "Test-password-2026"  # what UserFactory sets


@dataclass
class BrowserErrors:
    messages: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, page: Any) -> BrowserErrors:
        errors = cls()
        page.on("pageerror", lambda exc: errors.messages.append(f"pageerror: {exc}"))

        def on_console(message: Any) -> None:
            text = message.text
            if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
                errors.messages.append(f"csp: {text}")
            elif message.type == "error" and "Failed to load resource" not in text:
                errors.messages.append(f"console: {text}")

        page.on("console", on_console)
        return errors

    def assert_clean(self) -> None:
        assert not self.messages, "browser reported errors:\n" + "\n".join(self.messages)


def new_context(browser: Any, **options: Any) -> Any:
    """A browser context (Chinese locale unless told) whose JavaScript clock is the run's clock."""
    from tests import clock

    context = browser.new_context(**{"locale": "zh-CN", **options})
    moment = clock.moved_to()
    if moment is not None:
        context.clock.set_system_time(moment)
    return context


def login(page: Any, live_server: Any, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, "login failed"


def assert_accessible(page: Any, *, context: str | None = None) -> None:
    """Run axe-core on the page and fail on any serious or critical violation.

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so
    the page under test keeps its real policy.
    """
    page.evaluate(AXE_JS)
    result = page.evaluate(
        """async (ctx) => {
            const r = await axe.run(ctx || document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        context,
    )
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not bad, "accessibility violations:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} at {v['nodes']}" for v in bad
    )
