"""Browser journey of the journal page: a site manager verifies the journal and prints a Z report (axe-clean)."""

import pytest

from tremplin.core.testing.browser import ARTIFACTS, PHONE, assert_accessible, assert_fits_the_screen, browser_login

from .journal_helpers import build_journal


@pytest.mark.browser
def test_a_site_manager_verifies_the_journal_and_opens_a_z_report(
    browser_page, live_url, make_user, site, django_capture_on_commit_callbacks
):
    page = browser_page
    manager = make_user("site_manager", full_name="Camille Martin")
    build_journal(site, manager, django_capture_on_commit_callbacks, days=((3,), (2,)))
    browser_login(page, manager, live_url)
    page.goto(f"{live_url}/caisse/journal/")
    assert_accessible(page)
    page.get_by_role("button", name="Lancer la vérification").click()
    page.wait_for_load_state()
    assert "Journal de caisse intègre : 5 tickets, 2 clôtures" in page.locator("main").inner_text()
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "till-journal-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    page.screenshot(path=str(ARTIFACTS / "till-journal-375.png"), full_page=True)

    page.get_by_role("link", name="LYT-C1 n°2").click()
    page.wait_for_load_state()
    assert "Rapport Z (clôture journalière)" in page.locator("h1").inner_text()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.screenshot(path=str(ARTIFACTS / "till-z-report-375.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "till-z-report-print.png"), full_page=True)
