"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API keeps an event loop in this thread; the ORM calls that tests make
# between page actions are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# Every document reports what its Content-Security-Policy blocked, through a binding that
# survives navigation; Chromium also logs each refusal to the console.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCspViolation(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.documentURI}`
    + (e.sample ? ` (${e.sample})` : "")
  );
}, true);
"""


def csp_guarded_context(browser: Browser, violations: list[str]) -> BrowserContext:
    """A browser context that records every Content-Security-Policy violation of its pages."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.expose_binding("reportCspViolation", lambda source, text: violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", on_console)
    return context


@pytest.fixture
def csp_violations() -> Iterator[list[str]]:
    """Fails the test when any page it opened broke the Content-Security-Policy."""
    violations: list[str] = []
    yield violations
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(browser: Browser, csp_violations: list[str]) -> Iterator[Page]:
    context = csp_guarded_context(browser, csp_violations)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def as_user(browser: Browser, live_server, csp_violations: list[str]) -> Iterator:
    """Open a fresh browser context logged in as a demo user (one context per call)."""
    contexts = []

    def open_as(username: str, password: str = "demo") -> Page:
        context = csp_guarded_context(browser, csp_violations)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, username, password)
        return page

    yield open_as
    for context in contexts:
        context.close()


def log_in(page: Page, live_server, username: str, password: str = "demo") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")


def serious_violations(page: Page) -> list[str]:
    """axe-core violations of serious or critical impact, as readable lines."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def screenshot(page, name: str) -> None:
    """A full-page shot in $SCREENSHOT_DIR, when set: to look at a screen as a user would."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)
