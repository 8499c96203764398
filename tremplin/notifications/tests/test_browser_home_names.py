"""The home page and the menu in Chromium, 1280 and 375 px: the messages to pass on by phone and the public's
call-back requests are two lines, each named for what it is and leading to its own list (axe on each)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin.core.testing.browser import ARTIFACTS, PHONE, assert_accessible, assert_fits_the_screen, browser_login
from tremplin.notifications.services import queue_message
from tremplin.referrals.choices import Need
from tremplin.referrals.services.callbacks import create_callback_request


@pytest.mark.browser
def test_the_home_page_tells_messages_from_call_back_requests(browser_page, live_url, make_user, make_person, site):
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    queue_message(
        make_person(preferred_channel="phone"),
        kind="reminder_same_day",
        subject="Rappel",
        body="Votre atelier a lieu ce matin à 10 h.",
        sms_body="Rappel : atelier ce matin 10h.",
        due_at=timezone.now() - timedelta(minutes=5),
        dedupe_key="browser:home",
        site=site,
    )
    site.accepts_self_referrals = True
    site.save(update_fields=["accepts_self_referrals"])
    create_callback_request(site, first_name="Nadia", phone="+33612345679", need=Need.PROCEDURE)
    browser_login(page, make_user("mediator"), live_url)
    page.goto(f"{live_url}/")
    expect(page.get_by_role("link", name="message à transmettre par téléphone")).to_be_visible()
    expect(page.get_by_role("link", name="Messages à transmettre", exact=True)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "home-messages-callbacks-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.screenshot(path=str(ARTIFACTS / "home-messages-callbacks-375.png"), full_page=True)

    page.get_by_role("link", name="demande de rappel à traiter").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Demandes de rappel")).to_be_in_viewport()
    expect(page.get_by_role("link", name="Nadia")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="message à transmettre par téléphone").click()
    expect(page.locator("h1")).to_have_text("Messages à transmettre par téléphone")
    expect(page.get_by_role("link", name="Awa Diallo")).to_be_visible()
