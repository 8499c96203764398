"""Browser-test harness: Playwright driving Debian's Chromium against pytest-django's live server.

Use the `browser_page` fixture (a fresh page, desktop width) or `phone_page` (375 px), log in with
`browser_login(page, user, live_url)` (it types the TOTP code for roles that have one), and call
`assert_accessible(page)` on every page a test visits: it runs axe-core (WCAG 2.1 A/AA rules) and fails
on any console error (CSP violations included). `assert_fits_the_screen(page)` checks that the page does
not scroll sideways (use it at 375 or 320 px; `page.set_viewport_size(PHONE)` re-lays out the same page
without reloading it, which is cheaper than a second browser context).
A screenshot of the page is saved under test-artifacts/ when a browser test fails.
"""

import functools
import os
import re
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

from tremplin.core.testing.factories import TEST_PASSWORD
from tremplin.core.testing.pages import title_problem

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

__all__ = [
    "assert_accessible",
    "assert_fits_the_screen",
    "assert_list_columns_visible",
    "browser_login",
    "browser_page",
    "chromium_browser",
    "live_url",
    "phone_page",
    "pytest_runtest_makereport",
]


@pytest.fixture(scope="session")
def chromium_browser():
    # Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    # A page answered by the live server while the other test worker holds the second core can take more than
    # Playwright's 5 s: wait up to 15 s before an `expect` fails (what is checked is unchanged).
    expect.set_options(timeout=15_000)
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test` (it installs Debian's chromium) or apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
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


@pytest.fixture
def live_url(live_server):
    return live_server.url


def _new_page(browser, viewport, request):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    request.node._browser_page = page
    return context, page


@pytest.fixture
def browser_page(chromium_browser, live_server, request):
    context, page = _new_page(chromium_browser, DESKTOP, request)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium_browser, live_server, request):
    context, page = _new_page(chromium_browser, PHONE, request)
    yield page
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "_browser_page", None)
    if report.when == "call" and report.failed and page is not None:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as error:
            report.sections.append(("screenshot", f"could not save screenshot: {error}"))
        # What the page said when the test failed (CI keeps no screenshot): its address and main text.
        try:
            text = page.locator("main").first.inner_text(timeout=2000)
            report.sections.append(("page at failure", f"{page.url}\n{text[:3000]}"))
        except Exception as error:
            report.sections.append(("page at failure", f"{page.url} (no text: {error})"))


TOTP_PERIOD = 30


def current_totp_code(user, safety_seconds=3):
    """The user's TOTP code now; waits for the next period when this one is about to end.

    allauth accepts only the current period (no tolerance), so a code typed in the last second of
    its period would make the login fail at random.
    """
    remaining = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if remaining < safety_seconds:
        time.sleep(remaining + 0.2)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))


def browser_login(page, user, base_url, password=TEST_PASSWORD):
    """Sign in through the real login form (and the TOTP step when the user has a device)."""
    page.goto(f"{base_url}/comptes/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/2fa/authenticate" in page.url:
        page.locator("input[name=code]").fill(current_totp_code(user))
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
    assert "/comptes/login" not in page.url, "login failed"


@functools.cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def run_axe(page):
    """axe-core results for the current page (the script is injected once per loaded document)."""
    axe = _axe()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    from axe_playwright_python.base import AxeResults

    response = page.evaluate(f"axe.run({axe._format_script_args(context=None, options=AXE_OPTIONS)})")
    return AxeResults(response)


def assert_accessible(page):
    """No axe-core WCAG 2.1 A/AA violation and no console error on the current page."""
    results = run_axe(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert not page.console_errors, f"{page.url}: console errors {page.console_errors}"
    # A page title of its own, in plain text (no markup spilled into it).
    problem = title_problem(page.title())
    assert not problem, f"{page.url}: {problem}"


def assert_fits_the_screen(page):
    """The page itself never scrolls sideways (a wide table scrolls inside its .table-wrap)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url}: the page is {overflow}px wider than the {page.viewport_size['width']}px screen"


def assert_list_columns_visible(page, min_rows=1):
    """Every cell of the first rows of each list (a table in .table-wrap) lies inside the screen.

    At 375 px a wide table used to hide its key column (status, message, action button) off to the right,
    inside its scrolling wrapper; tremplin.js stacks such tables into cards on a phone.
    """
    width = page.viewport_size["width"]
    offscreen = page.evaluate(
        """(width) => {
            const out = [];
            document.querySelectorAll(".table-wrap table").forEach((table) => {
                const rows = Array.from(table.tBodies).flatMap((body) => Array.from(body.rows)).slice(0, 3);
                rows.forEach((row) => Array.from(row.cells).forEach((cell) => {
                    const box = cell.getBoundingClientRect();
                    if (cell.colSpan === 1 && (box.width === 0 || box.left < -1 || box.right > width + 1)) {
                        const name = table.caption ? table.caption.textContent.trim() : "table";
                        const where = `${Math.round(box.left)}-${Math.round(box.right)}px`;
                        out.push(`${name}: "${cell.textContent.trim().slice(0, 40)}" at ${where}`);
                    }
                }));
            });
            return out;
        }""",
        width,
    )
    rows = page.locator(".table-wrap table tbody tr").count()
    assert rows >= min_rows, f"{page.url}: expected a list with at least {min_rows} row(s)"
    assert offscreen == [], f"{page.url}: cells outside the {width}px screen: {offscreen}"
