"""The staff agenda's empty week in Chromium, 1280 and 375 px: one line says the week is empty, in the body's size
(not a heading larger than the week's title), and the next week with sessions is linked once (axe on each)."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import ARTIFACTS, PHONE, assert_accessible, assert_fits_the_screen, browser_login

from .factories import SessionFactory


def font_size(locator):
    return float(locator.evaluate("element => getComputedStyle(element).fontSize").removesuffix("px"))


@pytest.mark.browser
def test_an_empty_week_reads_as_one_line_under_the_weeks_title(browser_page, live_url, make_user, site):
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    SessionFactory(site=site, starts_at=datetime(2027, 2, 2, 13, tzinfo=UTC))  # Tuesday 2 February 2027, 14:00
    browser_login(page, make_user("mediator"), live_url)
    page.goto(f"{live_url}/ateliers/?espace={site.pk}&semaine=2027-01-11")
    empty = page.locator("p.agenda-empty")
    expect(empty).to_have_text("Aucune séance cette semaine.")
    title = page.locator(".week-nav strong")
    assert font_size(empty) <= font_size(title)
    assert page.locator("main h2").count() == 0
    expect(page.locator('a[href*="semaine=2027-02-01"]')).to_have_count(1)
    expect(page.get_by_role("link", name="Séances suivantes : semaine du 1er février 2027")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "agenda-empty-week-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.screenshot(path=str(ARTIFACTS / "agenda-empty-week-375.png"), full_page=True)
